from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "coproduce.notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from coproduce.people.rights import register

        from .rights import erase_notices, export_notices

        register("notices", export_notices, erase_notices)
