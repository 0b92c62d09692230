"""The four Co's as data: each kind of phase, its family, and what it lets participants do."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Family(models.TextChoices):
    COMMISSIONING = "commissioning", _("Co-commissioning")
    DESIGN = "design", _("Co-design")
    DELIVERY = "delivery", _("Co-delivery")
    ASSESSMENT = "assessment", _("Co-assessment")


class PhaseKind(models.TextChoices):
    CO_PLANNING = "co_planning", _("Co-planning")
    CO_PRIORITISING = "co_prioritising", _("Co-prioritising")
    CO_FINANCING = "co_financing", _("Co-financing")
    CO_DESIGN = "co_design", _("Co-design")
    CO_MANAGING = "co_managing", _("Co-managing")
    CO_PERFORMING = "co_performing", _("Co-performing")
    PEER_SUPPORT = "peer_support", _("Peer support")
    CO_ASSESSMENT = "co_assessment", _("Co-assessment")


FAMILY = {
    PhaseKind.CO_PLANNING: Family.COMMISSIONING,
    PhaseKind.CO_PRIORITISING: Family.COMMISSIONING,
    PhaseKind.CO_FINANCING: Family.COMMISSIONING,
    PhaseKind.CO_DESIGN: Family.DESIGN,
    PhaseKind.CO_MANAGING: Family.DELIVERY,
    PhaseKind.CO_PERFORMING: Family.DELIVERY,
    PhaseKind.PEER_SUPPORT: Family.DELIVERY,
    PhaseKind.CO_ASSESSMENT: Family.ASSESSMENT,
}

# Planning means deciding what the service is; delivery means doing it (Bovaird's two axes).
PLANNING = {Family.COMMISSIONING, Family.DESIGN, Family.ASSESSMENT}
DELIVERY = {Family.DELIVERY}

# What each kind of phase lets participants do: one table, shown on the project page.
ALLOWS = {
    PhaseKind.CO_PLANNING: _("Say what is needed and agree the plan"),
    PhaseKind.CO_PRIORITISING: _("Choose what comes first, within the stated limits"),
    PhaseKind.CO_FINANCING: _("Decide or advise how the money is spent, and bring resources"),
    PhaseKind.CO_DESIGN: _("Shape how the service will work, with staff, as equals"),
    PhaseKind.CO_MANAGING: _("Run the service or parts of it with staff"),
    PhaseKind.CO_PERFORMING: _("Deliver the service alongside staff"),
    PhaseKind.PEER_SUPPORT: _("Support others who use the service, from their own experience"),
    PhaseKind.CO_ASSESSMENT: _("Judge how well it worked and what should change"),
}
