from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoicesConfig(AppConfig):
    name = "coproduce.voices"
    verbose_name = _("Voices")

    def ready(self) -> None:
        from .capture import on_new_voices
        from .receipts import acknowledge_new

        on_new_voices(acknowledge_new)
