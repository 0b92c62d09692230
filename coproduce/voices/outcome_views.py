"""Staff pages for answering voices: one outcome for many, preview, send, correct."""

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.notices import outbox
from coproduce.notices.letters import letters_html
from coproduce.notices.models import Method, Notice
from coproduce.organisations.access import OrgRequest, member_required, scoped

from . import answering
from .access import get_outcome_for
from .answer_forms import CorrectionForm, OutcomeForm
from .forms import VoiceFilterForm
from .models import Outcome, Voice
from .views import filtered_voices

FILTERS = ("q", "status", "channel", "kind", "group", "tag", "heard_from", "heard_to", "mine")


def chosen_voices(request: OrgRequest, follows: Outcome | None) -> list[Voice]:
    """The voices named by `voice=` ids, a `theme=`, the voice list's filters, or an outcome.

    Any id outside the organisation makes the whole request 404, so nothing is half-done.
    """
    if follows is not None:
        return list(follows.root.voices.select_related("person", "organisation"))
    source = request.POST if request.method == "POST" else request.GET
    voices = scoped(request, Voice).select_related("person", "organisation")
    ids = source.getlist("voice")
    if ids:
        if not all(i.isdigit() for i in ids):
            raise Http404
        found = list(voices.filter(pk__in={int(i) for i in ids}))
        if len(found) != len({int(i) for i in ids}):
            raise Http404
        return found
    if request.method == "POST":
        return []
    if request.GET.get("theme"):
        if not request.GET["theme"].isdigit():
            raise Http404
        voices = voices.filter(placement__theme_id=int(request.GET["theme"]))
        if not voices.exists():
            raise Http404
    elif not any(request.GET.get(name) for name in FILTERS):
        return []
    form = VoiceFilterForm(request.GET, organisation=request.organisation)
    return list(filtered_voices(request, form).filter(pk__in=voices.values("pk"))
                .select_related("person", "organisation")[:answering.MAX_VOICES + 1])


def followed(request: OrgRequest) -> Outcome | None:
    value = (request.POST if request.method == "POST" else request.GET).get("follows", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_outcome_for(request, int(value), write=True)


def suggested(request: OrgRequest, follows: Outcome | None) -> dict[str, Any]:
    """Start from the earlier outcome's words, or the theme's name."""
    if follows is not None:
        root = follows.root
        return {"title": root.title, "title_cy": root.title_cy, "asked": root.asked,
                "asked_cy": root.asked_cy, "publish": root.publish}
    theme = request.GET.get("theme", "")
    label = scoped(request, Voice).filter(placement__theme_id=theme).values_list(
        "placement__theme__label", flat=True).first() if theme.isdigit() else None
    return {"title": label or ""}


@member_required("edit_voices")
@require_http_methods(["GET", "POST"])
def answer(request: OrgRequest) -> HttpResponse:
    """One outcome for many voices, with everyone behind them listed once each."""
    follows = followed(request)
    voices = chosen_voices(request, follows)
    form = OutcomeForm(request.POST or None, initial=suggested(request, follows))
    if request.method == "POST" and form.is_valid() and voices_ok(form, voices):
        token = f"answer-once:{request.organisation.pk}:{form.cleaned_data.pop('form_token')}"
        if cache.get(token):  # the same form sent twice
            return redirect(get_outcome_for(request, cache.get(token)))
        outcome = answering.answer(voices, by=request.user, follows=follows, **form.cleaned_data)
        cache.set(token, outcome.pk, timeout=24 * 3600)
        messages.success(request, _("The outcome is recorded. Nothing has been sent: check "
                                    "what each person will receive, then send it."))
        return redirect(outcome)
    recipients = [(r, outbox.choose_method(r.person)) for r in answering.gather(voices)]
    return render(request, "voices/answer.html", {
        "form": form, "voices": voices, "recipients": recipients, "follows": follows,
        "reachable": sum(1 for _r, (method, _why) in recipients if method != Method.NONE)})


def voices_ok(form: OutcomeForm, voices: list[Voice]) -> bool:
    if not voices:
        form.add_error(None, _("Choose the voices to answer first: from a theme, the voice "
                               "list or the back burner."))
    elif len(voices) > answering.MAX_VOICES:
        form.add_error(None, _("That is more than %(n)s voices. Narrow the list first.")
                       % {"n": answering.MAX_VOICES})
    return not form.errors


@member_required("view_voices")
def outcome_list(request: OrgRequest) -> HttpResponse:
    outcomes = scoped(request, Outcome).select_related("recorded_by")[:200]
    return render(request, "voices/outcome_list.html", {"outcomes": outcomes})


@member_required("view_voices")
def outcome_detail(request: OrgRequest, outcome_id: int) -> HttpResponse:
    """Before sending: exactly what each person will receive. After: where each message is."""
    outcome = get_outcome_for(request, outcome_id)
    sent = list(Notice.objects.filter(organisation=request.organisation,
                                      reference=outcome.reference).select_related("person")
                .order_by("person__name", "id"))
    planned = answering.plan(outcome) if outcome.awaiting_send else []
    return render(request, "voices/outcome_detail.html", {
        "outcome": outcome, "planned": planned, "sent": sent,
        "counts": count_methods([d.method for _r, d in planned] or [n.method for n in sent]),
        "timeline": answering.timeline(outcome),
        "voices": outcome.voices.select_related("person", "organisation"),
        "corrections": outcome.corrections.all(),
        "may_send": request.membership.allows("send_notices"),
    })


def count_methods(methods: list[str]) -> dict[str, int]:
    return {method: methods.count(method) for method in Method.values}


@member_required("send_notices")
def outcome_send(request: OrgRequest, outcome_id: int) -> HttpResponse:
    outcome = get_outcome_for(request, outcome_id, write=True)  # 404 before 405 for outsiders
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    count = answering.send(outcome, request.user)
    if count is None:
        messages.success(request, _("This was already sent. Nothing was sent again."))
    else:
        messages.success(request, _("Sent to the outbox for %(count)s people: emails go out "
                                    "in the background; letters and calls are on their "
                                    "lists.") % {"count": count})
    return redirect(outcome)


@member_required("view_voices")
def outcome_letters(request: OrgRequest, outcome_id: int) -> HttpResponse:
    """The letters of this outcome as they print (before sending, as they will print)."""
    outcome = get_outcome_for(request, outcome_id)
    letters = list(Notice.objects.filter(organisation=request.organisation,
                                         reference=outcome.reference, method=Method.LETTER)
                   .select_related("person").order_by("person__name", "id"))
    if outcome.awaiting_send:
        letters = [Notice(organisation=outcome.organisation, person=d.person, body=d.body,
                          subject=d.subject, language=d.language, large_print=d.large_print)
                   for _r, d in answering.plan(outcome) if d.method == Method.LETTER]
    return HttpResponse(letters_html(request, letters))


@member_required("edit_voices")
@require_http_methods(["GET", "POST"])
def outcome_correct(request: OrgRequest, outcome_id: int) -> HttpResponse:
    outcome = get_outcome_for(request, outcome_id, write=True)
    if outcome.sent_at is None:
        messages.success(request, _("Nothing has been sent yet, so there is nothing to "
                                    "correct. Record a new outcome instead."))
        return redirect(outcome)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        correction = answering.correct(outcome, form.cleaned_data["text"], request.user,
                                       form.cleaned_data["text_cy"])
        messages.success(request, _("The correction is recorded. Check it, then send it."))
        return redirect(correction)
    return render(request, "voices/outcome_correct.html", {"form": form, "outcome": outcome})
