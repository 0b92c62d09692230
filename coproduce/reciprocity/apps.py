from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReciprocityConfig(AppConfig):
    name = "coproduce.reciprocity"
    verbose_name = _("Reciprocity and true cost")

    def ready(self) -> None:
        from .timeline import register_section

        register_section()
