import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.lib.formchecks import refuse_line_breaks

from .phases import FAMILY, PhaseKind


class ProjectStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    ACTIVE = "active", _("Under way")
    PAUSED = "paused", _("Paused")
    FINISHED = "finished", _("Finished")


class Project(models.Model):
    """One piece of co-production: a scheme, a calendar, grant criteria, a training course."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="projects")
    title = models.CharField(_("title"), max_length=150, validators=[refuse_line_breaks])
    purpose = models.TextField(_("purpose, in plain language"), max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices,
                              default=ProjectStatus.PLANNING)
    everything_open = models.BooleanField(
        _("everything is open to change"), default=False,
        help_text=_("Tick only if there are no limits at all; otherwise state the boundaries."))
    voices = models.ManyToManyField("voices.Voice", blank=True, related_name="projects",
                                    verbose_name=_("voices it responds to"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail",
                       kwargs={"org_slug": self.organisation.slug, "project_id": self.pk})

    @transaction.atomic
    def take_part(self, kind: str, side: str, involvement: str, description: str = "",
                  person: Any = None) -> "Role":
        """Record who takes part in a phase of this project, adding the phase if it is new."""
        phase, _created = Phase.objects.get_or_create(project=self, kind=kind)
        role, _created = Role.objects.get_or_create(phase=phase, side=side,
                                                    involvement=involvement, person=person,
                                                    description=description)
        return role

    def record_decision(self, text: str, proposed_by: str, method: str, by: Any = None,
                        meeting: "Meeting | None" = None,
                        votes: tuple[int | None, int | None, int | None] = (None, None, None),
                        decided_on: datetime.date | None = None) -> "Decision":
        """Add a decision to the project's log: what, who proposed it and how it was made."""
        votes_for, votes_against, abstentions = votes
        return Decision.objects.create(
            project=self, meeting=meeting, text=text[:2000], proposed_by=proposed_by,
            method=method, votes_for=votes_for, votes_against=votes_against,
            abstentions=abstentions, recorded_by=by,
            decided_on=decided_on or timezone.localdate())

    def may_enter(self, kind: str) -> bool:
        """Co-design needs at least one stated boundary, or everything said to be open."""
        if FAMILY[PhaseKind(kind)] != "design":
            return True
        return self.everything_open or self.boundaries.exists()


class Phase(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("kind of phase"), max_length=20, choices=PhaseKind.choices)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "kind"],
                                               name="one_phase_of_each_kind")]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end must be on or after the start.")})

    @property
    def family(self) -> str:
        return FAMILY[PhaseKind(self.kind)]


class Side(models.TextChoices):
    STAFF = "staff", _("Staff")
    PARTICIPANT = "participant", _("Participant")
    COMMUNITY = "community", _("Wider community")


class Involvement(models.TextChoices):
    DECIDES = "decides", _("Plans and decides")
    DELIVERS = "delivers", _("Delivers")
    ADVISES = "advises", _("Advises")
    INFORMED = "informed", _("Is kept informed")


class Role(models.Model):
    """Who takes part in a phase, and how."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="roles")
    side = models.CharField(_("who"), max_length=20, choices=Side.choices)
    involvement = models.CharField(_("how"), max_length=20, choices=Involvement.choices)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="project_roles", verbose_name=_("participant"))
    description = models.CharField(_("description"), max_length=200, blank=True,
                                   help_text=_("For example: coordinator, residents' panel, "
                                               "local mosque."))

    class Meta:
        ordering = ["side", "id"]

    def __str__(self) -> str:
        who = self.person.name if self.person else self.description or self.get_side_display()
        return f"{who}: {self.get_involvement_display()}"


class BoundaryStatus(models.TextChoices):
    OPEN = "open", _("Open")
    LIMITED = "limited", _("Open within limits")
    FIXED = "fixed", _("Fixed")


class Boundary(models.Model):
    """What is open for co-production and what is not, and why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="boundaries")
    topic = models.CharField(_("what"), max_length=200)
    status = models.CharField(_("is it open?"), max_length=10, choices=BoundaryStatus.choices)
    limits = models.CharField(_("the limits"), max_length=500, blank=True)
    reason = models.CharField(_("why"), max_length=500, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.topic

    @transaction.atomic
    def record(self, by: Any) -> None:
        """Save the boundary and keep a dated copy of it in its history."""
        self.set_by = by
        self.save()
        BoundaryChange.objects.create(boundary=self, status=self.status, limits=self.limits,
                                      reason=self.reason, by=by)


class BoundaryChange(models.Model):
    boundary = models.ForeignKey(Boundary, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=10, choices=BoundaryStatus.choices)
    limits = models.CharField(max_length=500, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.boundary} → {self.status}"


class Support(models.TextChoices):
    IT = "it", _("IT equipment or help")
    INTERPRETER = "interpreter", _("Interpreter")
    CHILDCARE = "childcare", _("Childcare")
    TRAVEL = "travel", _("Travel")
    PAYMENT = "payment", _("Payment")
    VOUCHERS = "vouchers", _("Vouchers")


class JourneyMapEntry(models.Model):
    """What the project asks of one role, and what it gives back."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="journey_map")
    role = models.CharField(_("role"), max_length=100)
    time_asked = models.CharField(_("time asked of them"), max_length=200)
    support = models.JSONField(_("support offered"), default=list, blank=True)
    gains = models.CharField(_("what they will get out of it"), max_length=500)
    expected_outcome = models.CharField(_("expected outcome"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.role


class MeetingStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class PaperFormat(models.TextChoices):
    STANDARD = "standard", _("Standard")
    LARGE_PRINT = "large_print", _("Large print")
    EASY_READ = "easy_read", _("Easy read")


class Meeting(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=150, validators=[refuse_line_breaks])
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.UPCOMING)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    public_transport = models.CharField(_("nearest public transport"), max_length=200,
                                        blank=True)
    papers_sent_on = models.DateField(_("papers sent on"), null=True, blank=True)
    paper_formats = models.JSONField(_("formats the papers were sent in"), default=list,
                                     blank=True)
    bsl_booked = models.BooleanField(_("BSL interpreter booked"), default=False)
    interpreter_booked = models.BooleanField(_("other interpreter booked"), default=False)
    childcare_offered = models.BooleanField(_("childcare offered"), default=False)
    travel_offered = models.BooleanField(_("travel support offered"), default=False)
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True)
    notes = models.TextField(_("notes"), max_length=20000, blank=True)
    attendees = models.ManyToManyField("people.Person", blank=True, related_name="meetings",
                                       verbose_name=_("participants invited"))
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                   verbose_name=_("staff invited"))
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    contact_name = models.CharField(
        _("who to contact about the meeting"), max_length=150, blank=True,
        help_text=_("A named person, with a phone number or email, for questions and replies."))
    staff_attended = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                            related_name="+", verbose_name=_("staff who came"))

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
        if (self.status == MeetingStatus.UPCOMING and self.starts_at
                and self.starts_at < timezone.now() - datetime.timedelta(hours=1)):
            raise ValidationError({"status": _("A meeting in the past cannot be upcoming: "
                                               "mark it held or cancelled.")})


class Reply(models.TextChoices):
    NONE = "none", _("Not replied yet")
    COMING = "coming", _("Coming")
    NOT_COMING = "not_coming", _("Not coming")
    NEEDS_SUPPORT = "needs_support", _("Coming, and needs support")


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("Not recorded")
    CAME = "came", _("Came")
    APOLOGIES = "apologies", _("Sent apologies")
    ABSENT = "absent", _("Did not come")


class Invitation(models.Model):
    """One participant invited to one meeting: how they were reached, their reply, whether
    they came. The message itself is a notice in the outbox."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="meeting_invitations")
    notice = models.ForeignKey("notices.Notice", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    token = models.CharField(max_length=64, unique=True, editable=False)
    reply = models.CharField(_("reply"), max_length=15, choices=Reply.choices,
                             default=Reply.NONE)
    support = models.CharField(_("support they need"), max_length=500, blank=True)
    support_arranged = models.BooleanField(_("support arranged"), default=False)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by_link = models.BooleanField(default=False)
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices,
                                  default=Attendance.UNKNOWN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person__name", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"],
                                               name="one_invitation_per_person")]

    def __str__(self) -> str:
        return f"{self.person} to {self.meeting}"


class Method(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus")
    VOTE = "vote", _("Vote")
    STAFF = "staff", _("Staff decision after consultation")


class Decision(models.Model):
    """What was decided, who proposed it, how, and which voices it answers."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="decisions", verbose_name=_("meeting"))
    text = models.TextField(_("what was decided"), max_length=2000)
    decided_on = models.DateField(_("date"))
    proposed_by = models.CharField(_("proposed by"), max_length=20, choices=Side.choices)
    proposer = models.ForeignKey("people.Person", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="decisions_proposed",
                                 verbose_name=_("who proposed it"))
    method = models.CharField(_("how it was decided"), max_length=20, choices=Method.choices)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    voices = models.ManyToManyField("voices.Voice", blank=True, related_name="decisions",
                                    verbose_name=_("voices it answers"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    # The outcome the decision gave the voices it closed: waiting until staff press Send.
    outcome = models.ForeignKey("voices.Outcome", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class Contact(models.Model):
    """Someone to get back in touch with, carried over from a back-burner idea."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    routes = models.JSONField(default=list)
    contacted_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "person"],
                                               name="one_contact_per_person")]

    def __str__(self) -> str:
        return str(self.person)


class CalendarFeed(models.Model):
    """The secret address of one member's meetings, for calendar apps that cannot sign in.

    It shows what the member may see when it was made; it stops working when it is revoked,
    when the member's role or People record changes, or when they stop being a member.
    """

    membership = models.ForeignKey("organisations.Membership", on_delete=models.CASCADE,
                                   related_name="calendar_feeds")
    nonce = models.CharField(max_length=43, editable=False)
    role = models.CharField(max_length=20, editable=False)
    person_id_at_issue = models.BigIntegerField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"calendar feed of {self.membership_id}"

    @property
    def is_live(self) -> bool:
        """Live while not revoked and while the member is still who it was made for."""
        return (self.revoked_at is None and self.role == self.membership.role
                and self.person_id_at_issue == self.membership.person_id)

    @classmethod
    def live_for(cls, membership: Any) -> "CalendarFeed | None":
        for feed in cls.objects.filter(membership=membership, revoked_at__isnull=True):
            feed.membership = membership
            if feed.is_live:
                return feed
        return None

    @classmethod
    @transaction.atomic
    def issue(cls, membership: Any) -> "CalendarFeed":
        """Make a new address for the member; every earlier one stops working."""
        cls.revoke_all(membership)
        return cls.objects.create(membership=membership, nonce=secrets.token_urlsafe(32),
                                  role=membership.role,
                                  person_id_at_issue=membership.person_id)

    @classmethod
    def revoke_all(cls, membership: Any) -> int:
        return cls.objects.filter(membership=membership, revoked_at__isnull=True).update(
            revoked_at=timezone.now())


class ProposalKind(models.TextChoices):
    AGENDA_ITEM = "agenda_item", _("Something to talk about at a meeting")
    DECISION = "decision", _("A decision for the project to make")


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Waiting to be decided")
    ACCEPTED = "accepted", _("Agreed")
    DECLINED = "declined", _("Not agreed")


class Proposal(models.Model):
    """An agenda item or a decision a participant puts forward; staff, or the panel at a
    meeting, then decide it. An agreed decision goes into the decision log as proposed by a
    participant; an agreed agenda item goes on the meeting's agenda."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="proposals")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="proposals", verbose_name=_("meeting"))
    kind = models.CharField(_("what it is"), max_length=20, choices=ProposalKind.choices)
    text = models.TextField(_("what you propose"), max_length=2000)
    person = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL,
                               related_name="proposals", verbose_name=_("proposed by"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=ProposalState.choices,
                             default=ProposalState.PROPOSED)
    answer = models.CharField(_("why, in a few words"), max_length=500, blank=True)
    decision = models.OneToOneField(Decision, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="proposal")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]
