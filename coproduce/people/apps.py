from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "coproduce.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from coproduce.imports.registry import register
        from coproduce.organisations.forms import choose_people_with

        from .imports import importer
        from .picker import person_field
        from .timeline import register_own

        register(importer())
        choose_people_with(person_field)
        register_own()
        from . import checks  # noqa: F401 - registers the encryption key check
