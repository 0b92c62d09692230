from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "coproduce.themes"
    verbose_name = _("Themes")

    def ready(self) -> None:
        from coproduce.voices.capture import on_named_themes, on_new_voices

        from .store import confirm_placements
        from .tasks import place_new_voices

        on_new_voices(place_new_voices)
        on_named_themes(confirm_placements)
        from coproduce.voices import bulk, corrections

        from . import voice_groups

        bulk.group_with(voice_groups.GROUPING)
        corrections.on_corrected(voice_groups.place_again)
        corrections.on_removed(voice_groups.forget)
