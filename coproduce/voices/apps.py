from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoicesConfig(AppConfig):
    name = "coproduce.voices"
    verbose_name = _("Voices")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from coproduce.imports.registry import register
        from coproduce.people.rights import register as register_rights

        from .capture import on_new_voices
        from .imports import importer
        from .receipts import acknowledge_new
        from .rights import erase_voices, export_voices, last_voice
        from .search import ensure_index
        from .timeline import register_sections

        register(importer())
        register_rights("voices", export_voices, erase_voices, last_voice)
        on_new_voices(acknowledge_new)
        register_sections()
        # Infrastructure, not a business rule: keep SQLite's search triggers in place.
        post_migrate.connect(ensure_index, sender=self)
