from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoicesConfig(AppConfig):
    name = "coproduce.voices"
    verbose_name = _("Voices")

    def ready(self) -> None:
        from coproduce.people.rights import register

        from .rights import erase_voices, export_voices, last_voice

        register("voices", export_voices, erase_voices, last_voice)
