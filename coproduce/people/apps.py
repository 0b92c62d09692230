from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "coproduce.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the encryption key check
