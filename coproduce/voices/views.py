import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.models import Action, record
from coproduce.lib import onward, smallnumbers
from coproduce.lib.charts import bar_chart
from coproduce.lib.csvsafe import safe_cell
from coproduce.organisations.access import OrgRequest, member_required, scoped
from coproduce.people.access import people_of
from coproduce.people.models import ConsentPurpose, Person, RecordedHow
from coproduce.people.picker import find_people

from .access import get_voice_for
from .backburner import contacts, idea_of, ideas
from .buildup import build_up
from .bulk import narrow
from .capture import Refused, VoiceIn, record_voice
from .corrections import merge_voices
from .equity import lens
from .exports import csv_lines, json_lines
from .forms import (
    AssignForm,
    BulkForm,
    EquityForm,
    InterestForm,
    StatusForm,
    VoiceFilterForm,
    VoiceForm,
)
from .links import links
from .models import Interest, Status, Voice
from .outcomes import record_outcome
from .receipts import offer_receipt, send_receipt
from .search import search
from .summaries import cached_summary, people_version


def filtered_voices(request: OrgRequest, form: VoiceFilterForm) -> Any:
    voices = scoped(request, Voice)
    data = form.cleaned_data if form.is_valid() else {}
    for name in ("status", "channel", "kind", "group"):
        if data.get(name):
            voices = voices.filter(**{name: data[name]})
    if data.get("tag"):
        voices = voices.filter(tags=data["tag"])
    if data.get("heard_from"):
        voices = voices.filter(heard_on__gte=data["heard_from"])
    if data.get("heard_to"):
        voices = voices.filter(heard_on__lte=data["heard_to"])
    if data.get("mine"):
        voices = voices.filter(assigned_to=request.user)
    voices = narrow(voices, data)
    return search(voices, data.get("q", ""))


@member_required("view_voices")
def voice_list(request: OrgRequest) -> HttpResponse:
    form = VoiceFilterForm(request.GET or None, organisation=request.organisation)
    voices = filtered_voices(request, form).select_related("person", "group")
    page = Paginator(voices.prefetch_related("tags"), 50).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "voices/voice_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "bulk_form": BulkForm(),
        "can_purge": request.membership.allows("purge_voices")})


CONSENT_HOW = {"phone": RecordedHow.PHONE, "paper": RecordedHow.PAPER,
               "web": RecordedHow.WEB, "easy_read": RecordedHow.WEB}


def new_person(request: OrgRequest, data: dict[str, Any]) -> Person:
    """The person quick entry adds, with their details and (when they gave it) their dated
    consent to be contacted, recorded the way the voice came in."""
    email, phone = data["new_person_email"], data["new_person_phone"].strip()
    person = Person.objects.create(
        organisation=request.organisation, name=data["new_person_name"], email=email,
        phone=phone, contact_ways=(["email"] if email else []) + (["phone"] if phone else []),
        created_by=request.user)
    if data["new_person_contact"]:
        person.record_consent(ConsentPurpose.CONTACT, True,
                              CONSENT_HOW.get(data["channel"], RecordedHow.IN_PERSON),
                              data["heard_on"], by=request.user)
    return person


def save_voice(request: OrgRequest, form: VoiceForm) -> Voice:
    """Record the voice the form describes, through the one way voices come in."""
    data = form.cleaned_data
    person = data["person"] if data["who"] == "person" else None
    if data["who"] == "new":
        person = new_person(request, data)
    voice, _new = record_voice(request.organisation, VoiceIn(
        text=data["text"], channel=data["channel"], heard_on=data["heard_on"], person=person,
        on_behalf=data["on_behalf"], group=data["group"].name if data["group"] else "",
        kind=data["kind"], tags=data["tags"], token=data["form_token"]), request.user)
    for link in links():
        if data.get(link.name) is not None:
            link.attach(voice, data[link.name])
    if data["send_receipt"]:
        messages.info(request, offer_receipt(voice, by=request.user))
    return voice


@member_required("edit_voices")
def voice_add(request: OrgRequest) -> HttpResponse:
    defaults = request.session.get("voice_defaults", {})
    initial = {"channel": defaults.get("channel", "conversation"),
               "heard_on": defaults.get("heard_on", timezone.localdate().isoformat()),
               "on_behalf": defaults.get("on_behalf", False)}
    data = request.POST or None
    candidates: list[Person] = []
    if data and data.get("person_query"):
        candidates = find_people(people_of(request).active(), data["person_query"])
    chosen = scoped(request, Person).filter(pk=str(data.get("person"))).first() if (
        data and str(data.get("person", "")).isdigit()) else None
    if chosen is not None and chosen not in candidates:
        candidates.insert(0, chosen)
    form = VoiceForm(data, organisation=request.organisation, initial=initial,
                     candidates=candidates)
    if data and "find" not in data and form.is_valid():
        existing = scoped(request, Voice).filter(
            import_key="form:" + form.cleaned_data["form_token"]).first()
        if existing is not None:  # the same form sent twice
            return redirect(existing)
        try:
            with transaction.atomic():
                voice = save_voice(request, form)
        except Refused as refused:
            for name, message in refused.problems:
                form.add_error(None, f"{name}: {message}")
            return render(request, "voices/voice_form.html", {"form": form})
        request.session["voice_defaults"] = {"channel": voice.channel,
                                             "heard_on": voice.heard_on.isoformat(),
                                             "on_behalf": voice.on_behalf}
        say_saved(request, voice, data.get("same_as", ""))
        return redirect("voices:add", org_slug=request.organisation.slug)
    return render(request, "voices/voice_form.html", {
        "form": form, "saved": scoped(request, Voice).filter(
            pk=request.session.pop("voice_saved", 0)).select_related("person").first()})


def say_saved(request: OrgRequest, voice: Voice, same_as: str) -> None:
    """Name what was saved (the form keeps focus on the text box); fold in a duplicate."""
    earlier = scoped(request, Voice).filter(pk=same_as).first() if same_as.isdigit() else None
    who = voice.person.name if voice.person else _("anonymous")
    if earlier is not None:
        merge_voices([voice], earlier, request.user)
        voice = earlier
        text = _("Kept with the earlier voice “%(text)s”: %(who)s is now someone who raised "
                 "it.") % {"text": earlier.text[:60], "who": who}
    else:
        text = _("Saved: “%(text)s” (%(who)s). Add the next one below.") % {
            "text": voice.text[:60], "who": who}
    request.session["voice_saved"] = voice.pk
    messages.success(request, text, extra_tags="keep-focus")


@member_required("view_voices")
def person_search(request: OrgRequest) -> HttpResponse:
    """The people matching what has been typed so far (for search-as-you-type)."""
    text = request.GET.get("person_query", "")[:100]
    people = find_people(people_of(request).active(), text)
    return render(request, "voices/_person_choices.html", {"candidates": people, "query": text})


@member_required("view_voices")
def voice_detail(request: OrgRequest, voice_id: int) -> HttpResponse:
    voice = get_voice_for(request, voice_id)
    return render(request, "voices/voice_detail.html", {
        "voice": voice,
        "history": voice.history.select_related("by"),
        "changes": voice.changes.select_related("by"),
        "interests": [(i, i.person.has_consent(ConsentPurpose.CONTACT)) for i in
                      voice.interests.select_related("person__organisation")
                      .prefetch_related("person__consents")],
        "outcomes": voice.outcomes.order_by("happened_on", "id"),
        "status_form": StatusForm(initial={"status": voice.status, "outcome": voice.outcome,
                                           "outcome_public": voice.outcome_public,
                                           "public_summary": voice.public_summary}),
        "assign_form": AssignForm(organisation=request.organisation,
                                  initial={"assigned_to": voice.assigned_to_id}),
        "interest_form": InterestForm(organisation=request.organisation),
        "onward": onward.offers("voice", request, voice),
    })


@member_required("edit_voices")
def voice_status(request: OrgRequest, voice_id: int) -> HttpResponse:
    voice = get_voice_for(request, voice_id, write=True)
    form = StatusForm(request.POST or None, initial={
        "status": voice.status, "waiting_reason": voice.waiting_reason,
        "review_on": voice.review_on})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["status"] in {Status.DONE, Status.NOT_POSSIBLE}:
                outcome = record_outcome(voice, data["status"], data["outcome"], request.user,
                                         data["outcome_public"], data["public_summary"])
                messages.success(request, _("The outcome is recorded. Nothing has been sent: "
                                            "check what each person will receive, then send "
                                            "it."))
                return redirect(outcome)
            voice.change_status(data["status"], request.user, note=data["note"])
            if data["status"] == Status.BACK_BURNER:
                voice.waiting_reason, voice.review_on = data["waiting_reason"], data["review_on"]
                voice.save(update_fields=["waiting_reason", "review_on", "updated_at"])
            if data["send_receipt"]:
                send_receipt(voice, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The status has been changed."))
            return redirect(voice)
    return render(request, "voices/status_form.html", {"form": form, "voice": voice})


@member_required("edit_voices")
def voice_assign(request: OrgRequest, voice_id: int) -> HttpResponse:
    voice = get_voice_for(request, voice_id, write=True)
    form = AssignForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        voice.assigned_to = form.cleaned_data["assigned_to"]
        voice.save(update_fields=["assigned_to", "updated_at"])
        messages.success(request, _("The voice has been assigned."))
    return redirect(voice)


@member_required("edit_voices")
def interest_add(request: OrgRequest, voice_id: int) -> HttpResponse:
    """Add someone who wants this; their answer about contact goes to their consent record."""
    voice = get_voice_for(request, voice_id, write=True)
    form = InterestForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        person, answer = form.cleaned_data["person"], form.consent_to_record()
        with transaction.atomic():
            if answer is not None:
                person.record_consent(ConsentPurpose.CONTACT, answer, form.cleaned_data["how"],
                                      timezone.localdate(), by=request.user)
                record(Action.CONSENT_CHANGED, request=request, target=f"person {person.pk}",
                       purpose=ConsentPurpose.CONTACT, given=answer)
            Interest.objects.update_or_create(voice=voice, person=person, defaults={
                "may_recontact": Person.objects.get(pk=person.pk).has_consent(
                    ConsentPurpose.CONTACT)})
        messages.success(request, _("They have been added to the people who want this."))
        return redirect(voice)
    return render(request, "voices/interest_form.html", {"form": form, "voice": voice})


@member_required("view_voices")
def outcome_notices(request: OrgRequest, voice_id: int) -> HttpResponse:
    """Who was told about this voice: its latest outcome, where each message is."""
    voice = get_voice_for(request, voice_id)
    latest = voice.outcomes.order_by("-created_at", "-id").first()
    return redirect(latest if latest is not None else voice)


@member_required("view_voices")
def back_burner(request: OrgRequest) -> HttpResponse:
    """Ideas kept for later: one row per theme or lone voice, with everyone behind it."""
    return render(request, "voices/back_burner.html", {"ideas": ideas(scoped(request, Voice)),
                                                       "today": timezone.localdate()})


@member_required("view_voices")
def back_burner_contacts(request: OrgRequest, voice_id: int) -> HttpResponse:
    """CSV of everyone behind this idea whose consent record lets us contact them."""
    voice = get_voice_for(request, voice_id)
    people = contacts(idea_of(voice, scoped(request, Voice)))
    if not people:
        messages.success(request, _("Nobody behind this idea has agreed to be contacted, so "
                                    "there is nothing to export."))
        return redirect("voices:back_burner", org_slug=request.organisation.slug)
    record(Action.EXPORT, request=request, target=f"contacts for voice {voice.pk}")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="voice-{voice.pk}-contacts.csv"'
    response.write("\ufeffname,email,phone,preferred ways\r\n")
    for person in people:
        cells = [person.name, person.email, person.phone, "; ".join(person.contact_ways)]
        response.write(",".join('"' + safe_cell(c).replace('"', '""') + '"'
                                for c in cells) + "\r\n")
    return response


@member_required("view_voices")
def buildup_view(request: OrgRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = cached_summary(request.organisation, "buildup",
                          lambda: build_up(request.organisation, today), today)
    return render(request, "voices/buildup.html", {"rows": rows})


@member_required("view_equity")
def equity_view(request: OrgRequest) -> HttpResponse:
    today = timezone.localdate()
    initial = {"start": today - datetime.timedelta(days=365), "end": today, "months": 6}
    form = EquityForm(request.GET or None, initial=initial)
    period: dict[str, Any] = form.cleaned_data if request.GET and form.is_valid() else initial
    result = cached_summary(
        request.organisation, "equity",
        lambda: lens(request.organisation, period["start"], period["end"], period["months"]),
        period["start"], period["end"], period["months"], people_version(request.organisation))
    may_see_people = request.membership.allows("view_people")
    return render(request, "voices/equity.html", {
        "form": form, "lens": result, "top_tenth_percent": round(result.top_tenth_share * 100),
        "channel_chart": bar_chart([(label, float(n)) for label, n in result.by_channel
                                    if may_see_people or not smallnumbers.is_small(n)],
                                   max((n for _l, n in result.by_channel),
                                                          default=1), _("Voices by channel")),
        "group_chart": bar_chart(
            [(str(row.group), round(row.ratio or 0, 2)) for row in result.by_group
             if may_see_people or not row.is_small],
            max([2.0] + [row.ratio or 0 for row in result.by_group]),
            _("Ratio of voices to membership, by group")),
        "may_see_people": may_see_people, "hide_small": not may_see_people,
    })


@member_required("edit_voices")
def voices_import(request: OrgRequest) -> HttpResponse:
    return redirect("imports:upload", org_slug=request.organisation.slug, kind="voices")


@member_required("view_voices")
def voices_export(request: OrgRequest) -> StreamingHttpResponse:
    as_json = request.GET.get("format") == "json"
    record(Action.EXPORT, request=request, target="voices." + ("json" if as_json else "csv"))
    voices = scoped(request, Voice)
    lines = json_lines(voices) if as_json else csv_lines(voices)
    kind = "application/json" if as_json else "text/csv; charset=utf-8"
    response = StreamingHttpResponse(lines, content_type=kind)
    name = f"{request.organisation.slug}-voices-{timezone.localdate():%Y-%m-%d}"
    extension = "json" if as_json else "csv"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response
