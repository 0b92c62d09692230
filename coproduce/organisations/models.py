import hashlib
import secrets
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.models import Action, record
from coproduce.lib.bilingual import in_language


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_cy = models.CharField(_("Welsh name"), max_length=200, blank=True)
    slug = models.SlugField(_("short name for web addresses"), max_length=60, unique=True)
    participant_hourly_value = models.DecimalField(
        _("value of an hour of a participant's time (£)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("13.45"),
        help_text=_("Used to count the true cost of co-production. The default is the UK Real "
                    "Living Wage."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("reports:dashboard", kwargs={"org_slug": self.slug})

    @classmethod
    @transaction.atomic
    def found(cls, slug: str, name: str, name_cy: str = "") -> tuple["Organisation", bool]:
        """Create the organisation (if new) with the usual journey stages."""
        from coproduce.people.models import JourneyStage

        organisation, created = cls.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_cy": name_cy}
        )
        if created:
            JourneyStage.create_defaults(organisation)
        return organisation, created

    @transaction.atomic
    def add_member(self, email: str, role: str, by: Any = None) -> tuple["Membership", bool]:
        """Give the user with `email` (made if new, without a password) a role here.

        Return the membership and whether the user account is new.
        """
        email = email.strip().lower()
        user = User.objects.filter(email__iexact=email).first()
        new_user = user is None
        if user is None:
            user = User.objects.create_user(username=email[:150], email=email)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=self, defaults={"role": role,
                                                    "may_view_sensitive": role in STAFF_ROLES}
        )
        if created:
            record(Action.MEMBER_ADDED, user=by, organisation=self, target=email, role=role)
        return membership, new_user

    @property
    def display_name(self) -> str:
        """Return the name in the language of the page (Welsh where one is given)."""
        return in_language(self.name, self.name_cy)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator (staff)")
    PEER_MENTOR = "peer_mentor", _("Peer mentor or volunteer")
    PANEL_MEMBER = "panel_member", _("Panel member")
    VIEWER = "viewer", _("Viewer (trustee or funder)")


STAFF_ROLES: set[str] = {Role.ADMIN.value, Role.COORDINATOR.value}

# What each role may do: one table, read by Membership.allows().
PERMISSIONS: dict[str, set[str]] = {
    "view_dashboard": {r.value for r in Role},
    "view_people": STAFF_ROLES,
    "edit_people": STAFF_ROLES,
    "export_people": STAFF_ROLES,
    "import_people": STAFF_ROLES,
    "view_voices": STAFF_ROLES,
    "edit_voices": STAFF_ROLES,
    "view_equity": {Role.ADMIN.value, Role.COORDINATOR.value, Role.VIEWER.value},
    "manage_api_tokens": {Role.ADMIN.value},
    "view_sensitive": STAFF_ROLES,
    "manage_members": {Role.ADMIN.value},
    "manage_settings": {Role.ADMIN.value},
    "view_audit": {Role.ADMIN.value},
    "view_projects": {Role.ADMIN.value, Role.COORDINATOR.value, Role.PEER_MENTOR.value,
                      Role.PANEL_MEMBER.value},
    "edit_projects": STAFF_ROLES,
    "manage_assessments": STAFF_ROLES,
    # Results are aggregates only, so trustees and funders (viewers) may read them.
    "view_assessment_results": STAFF_ROLES | {Role.VIEWER.value},
    "answer_assessments": STAFF_ROLES | {Role.VIEWER.value},
    # Budget votes: the results are public aggregates, so every member may read them.
    "view_budgets": {r.value for r in Role},
    "run_budgets": STAFF_ROLES,
    "select_panels": STAFF_ROLES,
}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    may_view_sensitive = models.BooleanField(
        _("may see special-category information"),
        default=False,
        help_text=_("Only administrators and coordinators can be given this, and they still see "
                    "it only while the person's consent is held."),
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="logins",
        verbose_name=_("their record in People"),
        help_text=_("For peer mentors, volunteers and panel members: links their login to "
                    "their projects."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    def allows(self, permission: str) -> bool:
        """Return whether this member's role permits the named action."""
        allowed = self.role in PERMISSIONS[permission]
        if permission == "view_sensitive":
            return allowed and self.may_view_sensitive
        return allowed

    @transaction.atomic
    def change_role(self, role: str, may_view_sensitive: bool, by: Any = None) -> None:
        """Change the role; refuse to leave the organisation without an administrator."""
        if (
            self.role == Role.ADMIN
            and role != Role.ADMIN
            and not self.organisation.memberships.filter(role=Role.ADMIN)
            .exclude(pk=self.pk).exists()
        ):
            raise ValidationError(_("An organisation must keep at least one administrator."))
        may_view_sensitive = may_view_sensitive and role in STAFF_ROLES
        before = (self.role, self.may_view_sensitive)
        self.role, self.may_view_sensitive = role, may_view_sensitive
        self.save(update_fields=["role", "may_view_sensitive"])
        if before != (role, may_view_sensitive):
            record(Action.ROLE_CHANGED, user=by, organisation=self.organisation,
                   target=self.user.email, role=role, may_view_sensitive=may_view_sensitive,
                   was=before[0])

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES


class ApiToken(models.Model):
    """A secret that lets another system use the API for one organisation.

    Only a hash of the token is kept; the token itself is shown once, when it is made.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="api_tokens")
    name = models.CharField(_("what it is for"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, organisation: Organisation, name: str, by: Any = None
              ) -> tuple["ApiToken", str]:
        """Make a token; return it with the secret, which is not stored."""
        secret = "cp_" + secrets.token_urlsafe(32)
        token = cls.objects.create(organisation=organisation, name=name, created_by=by,
                                   token_hash=cls.digest(secret), prefix=secret[:8])
        return token, secret

    @classmethod
    def organisation_for(cls, secret: str) -> Organisation | None:
        """Return the organisation of a live token, noting its use; None for any other."""
        token = (cls.objects.select_related("organisation")
                 .filter(token_hash=cls.digest(secret), revoked_at__isnull=True).first())
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.organisation

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
