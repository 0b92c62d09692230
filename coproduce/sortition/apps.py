from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SortitionConfig(AppConfig):
    name = "coproduce.sortition"
    verbose_name = _("Fair selection of panels")
