from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "coproduce.community"
    verbose_name = _("Community")

    def ready(self) -> None:
        from coproduce.imports.registry import register
        from coproduce.people import rights, timeline
        from coproduce.projects import checklist

        from .assets import importer
        from .requirements import lapsed_hosts
        from .rights import erase_community, export_community, last_active
        from .timeline import community_events

        register(importer())
        checklist.register("community_checks", lapsed_hosts)
        rights.register("community", export_community, erase_community, last_active)
        timeline.register("community", _("Roles, training and checks"), community_events)
