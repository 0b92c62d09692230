from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "coproduce.assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from .timeline import register_section

        register_section()
        from coproduce.projects.participation import on_your_part

        from .participation import invited

        on_your_part(invited)
