from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.lib.encryption import EncryptedTextField


class Algorithm(models.TextChoices):
    MAXIMIN = "maximin", _("Maximin: the fairest chances the quotas allow")
    LEGACY = "legacy", _("Legacy: the older quick draw")


class Selection(models.Model):
    """One panel drawn from a pool by stratified random selection, with its published seed."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="panel_selections")
    title = models.CharField(_("what the panel is for"), max_length=150)
    size = models.PositiveIntegerField(_("panel size"))
    algorithm = models.CharField(_("method"), max_length=10, choices=Algorithm.choices,
                                 default=Algorithm.MAXIMIN)
    seed = models.CharField(_("seed"), max_length=64)
    # The pool (ids, features, households, and the people they stand for) as JSON, encrypted at
    # rest: features may be special-category information such as ethnicity or disability.
    sealed_pool = EncryptedTextField(blank=True, editable=False)
    special = models.JSONField(default=list, blank=True, editable=False,
                               help_text="Features holding special-category information.")
    source = models.CharField(max_length=200, blank=True, editable=False)
    quotas = models.JSONField(default=list, editable=False)
    panel = models.JSONField(default=list, editable=False)
    reserves = models.JSONField(default=list, editable=False)
    probabilities = models.JSONField(default=dict, editable=False)
    portfolio = models.JSONField(default=list, editable=False)
    replaced = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sortition:detail", kwargs={"org_slug": self.organisation.slug,
                                                   "selection_id": self.pk})
