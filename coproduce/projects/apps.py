from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "coproduce.projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from .timeline import register_sections

        register_sections()
        from coproduce.organisations.models import on_member_changed
        from coproduce.people.rights import register

        from .models import CalendarFeed
        from .rights import erase_projects, export_projects, last_meeting

        register("projects", export_projects, erase_projects, last_meeting)
        on_member_changed(CalendarFeed.revoke_all)
        from .voice_link import register_voice_link

        register_voice_link()
