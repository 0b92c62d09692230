"""Assessment rounds, their results and action plans; and what rounds and surveys share."""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coproduce.notices.models import Notice
from coproduce.organisations.access import OrgRequest, member_required, scoped

from .access import get_action_for, get_round_for
from .answering import enter_paper, links_left, member_response, save_member_answers
from .forms import DONT_KNOW, ActionForm, AnswerForm, LinksForm, PaperEntryForm, RoundForm
from .frameworks import framework_data, frameworks
from .models import (
    ROLE_FOR_MEMBER,
    Invitation,
    PlannedAction,
    PlannedActionQuerySet,
    Questionnaire,
    Response,
    ResponseStatus,
    Round,
    Status,
    Survey,
)
from .results import round_results
from .sending import link_url, send_link, sent_notices

REFUSALS = {
    "used": (gettext_lazy("This link has already been used"),
             gettext_lazy("Each link can be used once, and answers have already been sent "
                          "with this one. If you think this is wrong, ask the person who gave "
                          "you the link for a new one.")),
    "expired": (gettext_lazy("This link has expired"),
                gettext_lazy("Ask the person who gave you the link for a new one.")),
    "closed": (gettext_lazy("This has closed"),
               gettext_lazy("Answers are no longer being collected. Thank you for your "
                            "interest.")),
    "answered": (gettext_lazy("You have already answered"),
                 gettext_lazy("Thank you. Your answers have been sent, and they are counted "
                              "once.")),
}


# --- Shared by rounds and surveys ---------------------------------------------------------

def wants_easy_read(request: HttpRequest, default: bool = False) -> bool:
    choice = request.GET.get("easy")
    return default if choice is None else choice == "1"


def refused(request: HttpRequest, subject: Questionnaire, reason: str) -> HttpResponse:
    heading, explanation = REFUSALS[reason]
    return render(request, "assessments/refused.html",
                  {"heading": heading, "explanation": explanation, "subject": subject,
                   "organisation": subject.organisation},
                  status=200 if reason == "answered" else 410)


def initial_answers(response: Response | None) -> dict[str, Any]:
    if response is None:
        return {}
    initial: dict[str, Any] = {"role": response.role, "comment": response.comment}
    for key, value in response.answer_values().items():
        initial[f"item_{key}"] = DONT_KNOW if value is None else str(value)
    return initial


def answer_context(subject: Questionnaire, form: AnswerForm, **extra: Any) -> dict[str, Any]:
    return {"subject": subject, "questions": subject.questions, "form": form,
            "easy_read": form.easy_read, **extra}


def member_answer(request: OrgRequest, subject: Questionnaire) -> HttpResponse:
    """A signed-in member answers; they may save a draft and come back."""
    draft = member_response(subject, request.user)
    person = None if request.membership.allows("answer_assessments") else (
        request.membership.person)
    if (draft is not None and draft.is_submitted) or (
            draft is None and person is not None and not links_left(subject, person)):
        return refused(request, subject, "answered")
    if not subject.is_open:
        return refused(request, subject, "closed")
    roles = subject.allowed_roles
    mine = ROLE_FOR_MEMBER.get(request.membership.role)
    initial = initial_answers(draft) or {"role": mine if mine in roles else None}
    form = AnswerForm(request.POST or None, questions=subject.questions,
                      easy_read=wants_easy_read(request), roles=roles, initial=initial)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") != "save"
        if not submit or form.require_every_answer():
            save_member_answers(subject, request.user, form, submit, person)
            if not submit:
                messages.success(request, _("Your answers are saved. Come back to this page "
                                            "to finish them."))
                return redirect(request.get_full_path())
            messages.success(request, _("Thank you. Your answers have been sent."))
            return redirect("projects:your_part" if person else "assessments:index",
                            org_slug=request.organisation.slug)
    return render(request, "assessments/answer.html",
                  answer_context(subject, form, signed_in=True))


def site_of(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def issue_links(request: OrgRequest, subject: Questionnaire) -> HttpResponse:
    """Make single-use links; their addresses are shown once, on this response only. A link
    for one person can be sent to them at once, through the outbox."""
    form = LinksForm(request.POST or None, roles=subject.allowed_roles,
                     organisation=request.organisation)
    links: list[str] = []
    if request.method == "POST" and form.is_valid() and subject.is_open:
        data = form.cleaned_data
        for _number in range(data["count"]):
            invitation, token = Invitation.issue(subject, data["role"], data["days"],
                                                 data["easy_read"], by=request.user,
                                                 person=data.get("person"))
            links.append(link_url(invitation, token, site_of(request)))
            if data["send"]:
                say(request, *send_link(invitation, site_of(request), token, by=request.user,
                                        key=f"assessment-send:{data['once']}"
                                        if data["once"] else ""))
        form = LinksForm(roles=subject.allowed_roles, organisation=request.organisation)
    return render(request, "assessments/links.html", {
        "subject": subject, "form": form, "links": links, **links_made(subject)})


def links_made(subject: Questionnaire) -> dict[str, Any]:
    """How many links were made and used, and the links made for people with their sending."""
    made = Invitation.objects.filter(**{subject.subject_field: subject})
    counts = made.aggregate(made=Count("id"), used=Count("id", filter=Q(used_at__isnull=False)))
    personal = list(made.filter(person__isnull=False).select_related(
        "person", "organisation", "round", "survey", "survey__occasion"))
    notices = sent_notices(personal)
    send = f"assessments:{subject.url_prefix}_link_send"
    return {"counts": counts, "personal": [
        (link, notices.get(link.pk), reverse(send, kwargs={
            "org_slug": subject.organisation.slug, f"{subject.url_prefix}_id": subject.pk,
            "link_id": link.pk})) for link in personal]}


def send_link_later(request: OrgRequest, subject: Questionnaire, link_id: int) -> HttpResponse:
    """Send a link made earlier for one person (it gets a new address); once only."""
    invitation = get_object_or_404(Invitation.objects.filter(
        **{subject.subject_field: subject}, person__isnull=False).select_related(
        "person", "organisation"), pk=link_id)
    say(request, *send_link(invitation, site_of(request), by=request.user))
    return redirect(subject.url("links"))


def say(request: HttpRequest, notice: Notice | None, said: str) -> None:
    """Tell staff what happened to the link: a refusal stands out from a success."""
    (messages.info if notice is not None else messages.error)(request, said)


def paper_form(request: OrgRequest, subject: Questionnaire) -> HttpResponse:
    easy_read = wants_easy_read(request)
    form = AnswerForm(questions=subject.questions, easy_read=easy_read,
                      roles=subject.allowed_roles)
    return render(request, "assessments/paper.html",
                  {"subject": subject, "questions": subject.questions, "form": form,
                   "easy_read": easy_read})


def paper_entry(request: OrgRequest, subject: Questionnaire) -> HttpResponse:
    """Staff type in a paper form; the response records who entered it."""
    if not subject.is_open:
        return refused(request, subject, "closed")
    form = PaperEntryForm(request.POST or None, questions=subject.questions,
                          roles=subject.allowed_roles)
    if request.method == "POST" and form.is_valid():
        try:
            enter_paper(subject, request.user, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The paper form has been entered. You can enter the "
                                        "next one."))
            return redirect(request.get_full_path())
    return render(request, "assessments/paper_entry.html", answer_context(subject, form))


def set_status(request: OrgRequest, subject: Questionnaire) -> HttpResponse:
    if request.method == "POST":
        closing = subject.is_open
        subject.set_status(Status.CLOSED if closing else Status.OPEN)
        messages.success(request, _("It is now closed: no more answers are taken.") if closing
                         else _("It is open again for answers."))
    return redirect(subject)


def response_counts(subject: Questionnaire) -> dict[str, Any]:
    rows = subject.responses().values_list("status", "role").annotate(n=Count("id"))
    by_role: dict[str, int] = {}
    totals = {ResponseStatus.SUBMITTED: 0, ResponseStatus.DRAFT: 0}
    for status, role, count in rows:
        totals[status] += count
        if status == ResponseStatus.SUBMITTED:
            by_role[role] = by_role.get(role, 0) + count
    return {"submitted": totals[ResponseStatus.SUBMITTED],
            "drafts": totals[ResponseStatus.DRAFT], "by_role": by_role}


# --- Pages --------------------------------------------------------------------------------

@member_required("view_assessment_results")
def index(request: OrgRequest) -> HttpResponse:
    names = {framework.key: framework.name for framework in frameworks()}
    submitted = Q(round_responses__status=ResponseStatus.SUBMITTED)
    rounds = (scoped(request, Round).defer("framework_data")
              .annotate(answered=Count("round_responses", filter=submitted)))
    surveys = (scoped(request, Survey).defer("framework_data").select_related("occasion")
               .annotate(answered=Count("survey_responses", filter=Q(
                   survey_responses__status=ResponseStatus.SUBMITTED))))
    open_actions = cast(PlannedActionQuerySet, scoped(request, PlannedAction)).still_open().count()
    return render(request, "assessments/index.html", {
        "rounds": [(round_, names.get(round_.framework_key, round_.framework_key))
                   for round_ in rounds],
        "surveys": surveys, "open_actions": open_actions,
        "may_manage": request.membership.allows("manage_assessments"),
        "may_answer": request.membership.allows("answer_assessments"),
    })


@member_required("view_assessment_results")
def framework_list(request: OrgRequest) -> HttpResponse:
    return render(request, "assessments/framework_list.html", {"frameworks": frameworks()})


@member_required("manage_assessments")
def round_create(request: OrgRequest) -> HttpResponse:
    form = RoundForm(request.POST or None, initial={"anonymous": True})
    if request.method == "POST" and form.is_valid():
        round_ = form.save(commit=False)
        round_.organisation, round_.created_by = request.organisation, request.user
        key = form.cleaned_data["framework"]
        round_.use_framework(key, framework_data(key))
        round_.save()
        messages.success(request, _("The round has started. Now invite people to answer."))
        return redirect(round_)
    return render(request, "assessments/round_form.html", {"form": form})


@member_required("manage_assessments")
def round_detail(request: OrgRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for(request, round_id, write=True)
    counts = response_counts(round_)
    answered_by = [] if round_.anonymous else list(
        round_.submitted().filter(user__isnull=False).values_list("user__email", flat=True))
    return render(request, "assessments/round_detail.html", {
        "round": round_, "counts": counts, "answered_by": answered_by,
        "role_counts": [(label, counts["by_role"].get(role, 0)) for role, label in zip(
            round_.allowed_roles, round_.role_labels(), strict=True)],
    })


@member_required()  # the helper checks the role, and a participant's invitation
def round_answer(request: OrgRequest, round_id: int) -> HttpResponse:
    return member_answer(request, get_round_for(request, round_id, answer=True))


@member_required("manage_assessments")
def round_links(request: OrgRequest, round_id: int) -> HttpResponse:
    return issue_links(request, get_round_for(request, round_id, write=True))


@require_POST
@member_required("manage_assessments")
def round_link_send(request: OrgRequest, round_id: int, link_id: int) -> HttpResponse:
    return send_link_later(request, get_round_for(request, round_id, write=True), link_id)


@member_required("manage_assessments")
def round_paper(request: OrgRequest, round_id: int) -> HttpResponse:
    return paper_form(request, get_round_for(request, round_id, write=True))


@member_required("manage_assessments")
def round_paper_entry(request: OrgRequest, round_id: int) -> HttpResponse:
    return paper_entry(request, get_round_for(request, round_id, write=True))


@member_required("manage_assessments")
def round_status(request: OrgRequest, round_id: int) -> HttpResponse:
    return set_status(request, get_round_for(request, round_id, write=True))


@member_required("view_assessment_results")
def round_results_page(request: OrgRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for(request, round_id)
    actions = round_.actions.all()
    return render(request, "assessments/results.html", {
        "round": round_, "questions": round_.questions, "results": round_results(round_),
        "actions": actions, "may_manage": request.membership.allows("manage_assessments"),
        "hide_small": not request.membership.allows("manage_assessments"),
    })


@member_required("view_assessment_results")
def action_list(request: OrgRequest) -> HttpResponse:
    actions = scoped(request, PlannedAction).select_related("round", "organisation")
    return render(request, "assessments/action_list.html", {
        "open": [action for action in actions if action.status != "done"],
        "done": [action for action in actions if action.status == "done"],
        "may_manage": request.membership.allows("manage_assessments"),
    })


@member_required("manage_assessments")
def action_add(request: OrgRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for(request, round_id, write=True)
    form = ActionForm(request.POST or None, questions=round_.questions,
                      initial={"area_key": request.GET.get("area")})
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.organisation, action.round, action.created_by = (
            request.organisation, round_, request.user)
        action.save()
        messages.success(request, _("The action has been added to the plan."))
        return redirect("assessments:round_results", org_slug=request.organisation.slug,
                        round_id=round_.pk)
    return render(request, "assessments/action_form.html", {"form": form, "round": round_})


@member_required("manage_assessments")
def action_edit(request: OrgRequest, action_id: int) -> HttpResponse:
    action = get_action_for(request, action_id, write=True)
    form = ActionForm(request.POST or None, instance=action, questions=action.round.questions)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The action has been updated."))
        return redirect("assessments:actions", org_slug=request.organisation.slug)
    return render(request, "assessments/action_form.html",
                  {"form": form, "round": action.round, "action": action})


@member_required("manage_assessments")
def action_delete(request: OrgRequest, action_id: int) -> HttpResponse:
    action = get_action_for(request, action_id, write=True)
    if request.method == "POST":
        action.delete()
        messages.success(request, _("The action has been removed from the plan."))
        return redirect("assessments:actions", org_slug=request.organisation.slug)
    return render(request, "assessments/action_delete.html", {"action": action})
