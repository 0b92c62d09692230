import hashlib
import secrets
from collections.abc import Callable
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
from coproduce.lib.formchecks import refuse_line_breaks
from coproduce.lib.text import one_line


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=[refuse_line_breaks])
    name_cy = models.CharField(_("Welsh name"), max_length=200, blank=True,
                               validators=[refuse_line_breaks])
    slug = models.SlugField(_("short name for web addresses"), max_length=60, unique=True)
    participant_hourly_value = models.DecimalField(
        _("value of an hour of a participant's time (£)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("13.45"),
        help_text=_("Used to count the true cost of co-production. The default is the UK Real "
                    "Living Wage."),
    )
    postal_address = models.TextField(
        _("postal address"), max_length=500, blank=True,
        help_text=_("Printed at the top of every letter, with the postcode on the last line."))
    contact_phone = models.CharField(_("phone number for letters and emails"), max_length=40,
                                     blank=True)
    contact_email = models.EmailField(
        _("email address for replies"), blank=True,
        help_text=_("Replies to emails sent from Coproduce go here."))
    sign_off = models.CharField(
        _("name to sign letters with"), max_length=150, blank=True,
        help_text=_("For example: Jo Evans, Coordinator. Leave empty to sign with the "
                    "organisation's name."))
    sign_off_cy = models.CharField(_("name to sign Welsh letters with"), max_length=150,
                                   blank=True)
    retention_years = models.PositiveSmallIntegerField(
        _("erase people inactive for this many years"), null=True, blank=True,
        help_text=_("Leave empty to keep records until someone erases them. When set, the "
                    "retention command erases people with nothing recorded for this long and "
                    "keeps their voices without their name."),
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
            slug=slug, defaults={"name": one_line(name), "name_cy": one_line(name_cy)}
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
    # Erasure cannot be undone, so only administrators may do it.
    "erase_people": {Role.ADMIN.value},
    "import_people": STAFF_ROLES,
    "view_voices": STAFF_ROLES,
    "edit_voices": STAFF_ROLES,
    # Peers log what people tell them and see (and correct) only their own entries.
    "log_voices_as_peer": {Role.PEER_MENTOR.value},
    # Deleting a voice for good cannot be undone, so only administrators may.
    "purge_voices": {Role.ADMIN.value},
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
    # Participants answer only the rounds and surveys their People record was invited to.
    "answer_when_invited": {Role.PEER_MENTOR.value, Role.PANEL_MEMBER.value},
    # Replying to meetings and proposing in a project also need a linked People record.
    "take_part": {r.value for r in Role},
    # The outbox holds people's names and addresses, so only staff see or send it.
    "view_notices": STAFF_ROLES,
    "send_notices": STAFF_ROLES,
    "view_reciprocity": STAFF_ROLES,
    "edit_reciprocity": STAFF_ROLES,
    # Approving also needs a different user from the one who entered the claim.
    "approve_claims": STAFF_ROLES,
    # Totals only (people's names are not shown), so trustees and funders may read them.
    "view_true_cost": STAFF_ROLES | {Role.VIEWER.value},
    # Anyone whose login is linked to their People record sees (and may dispute) their own.
    "view_own_reciprocity": {r.value for r in Role},
    # Grant panels: trustees and funders (viewers) may follow a fund and read its results.
    "view_funds": STAFF_ROLES | {Role.PANEL_MEMBER.value, Role.VIEWER.value},
    "manage_funds": STAFF_ROLES,
    "propose_criteria": STAFF_ROLES | {Role.PANEL_MEMBER.value},
    # Scoring also needs a place on the round's panel (a person linked to the login).
    "score_bids": STAFF_ROLES | {Role.PANEL_MEMBER.value},
    "award_grants": STAFF_ROLES,
    # Budget votes: the results are public aggregates, so every member may read them.
    "view_budgets": {r.value for r in Role},
    "run_budgets": STAFF_ROLES,
    "select_panels": STAFF_ROLES,
    # People's training, checks, offers and supervision are personal: staff only.
    "view_community": STAFF_ROLES,
    "edit_community": STAFF_ROLES,
    # The asset register names places and groups, never people without consent.
    "view_assets": {r.value for r in Role},
    "edit_assets": STAFF_ROLES,
    # Reports hold aggregates and consented quotes only, so trustees and funders read them.
    "view_reports": STAFF_ROLES | {Role.VIEWER.value},
    "build_reports": STAFF_ROLES,
    "publish_reports": STAFF_ROLES,
}


MemberChanged = Callable[["Membership"], object]
_member_changed: list[MemberChanged] = []


def on_member_changed(listener: MemberChanged) -> None:
    """Call `listener` whenever a member's role or People record changes (higher apps use it
    to end what the old role was given, such as calendar feeds)."""
    if listener not in _member_changed:
        _member_changed.append(listener)


def announce_member_changed(membership: "Membership") -> None:
    for listener in _member_changed:
        listener(membership)


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
            announce_member_changed(self)
            record(Action.ROLE_CHANGED, user=by, organisation=self.organisation,
                   target=self.user.email, role=role, may_view_sensitive=may_view_sensitive,
                   was=before[0])

    def link_person(self, person: Any) -> None:
        """Link the login to a People record (or none)."""
        if person != self.person:
            self.person = person
            self.save(update_fields=["person"])
            announce_member_changed(self)

    @transaction.atomic
    def remove(self, by: Any = None) -> None:
        """End this membership (their calendar feeds go with it); keep one administrator."""
        if self.role == Role.ADMIN and not self.organisation.memberships.filter(
                role=Role.ADMIN).exclude(pk=self.pk).exists():
            raise ValidationError(_("An organisation must keep at least one administrator."))
        record(Action.MEMBER_REMOVED, user=by, organisation=self.organisation,
               target=self.user.email, role=self.role)
        self.delete()

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class LoginPreference(models.Model):
    """What one login prefers wherever they work: the language of its pages and of the
    emails Coproduce sends it.

    Kept on the login, not on each membership: the language switch works signed out and on
    pages that belong to no organisation, and one person reads one language everywhere.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="preference")
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"


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
