from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoicesConfig(AppConfig):
    name = "coproduce.voices"
    verbose_name = _("Voices")

    def ready(self) -> None:
        from .timeline import register_sections

        register_sections()
