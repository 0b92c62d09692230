from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "coproduce.budgets"
    verbose_name = _("Participatory budgeting")

    def ready(self) -> None:
        from .offers import register_offers
        from .phases import register_rows

        register_offers()
        register_rows()
