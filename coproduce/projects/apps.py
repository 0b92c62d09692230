from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "coproduce.projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from .timeline import register_sections

        register_sections()
