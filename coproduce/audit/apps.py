from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "coproduce.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Sign-ins are only observable through Django's auth signals; this records, decides nothing.
        from . import signins  # noqa: F401
