"""Pages that change voices after they came in: bulk actions, corrections, duplicates, removal."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.organisations.access import OrgRequest, member_required, require, scoped

from .access import get_voice_for
from .bulk import BulkAction, apply_bulk
from .corrections import (
    correct_voice,
    merge_voices,
    purge_voice,
    remove_voice,
    restore_voice,
    version_of,
)
from .forms import (
    BulkDetailsForm,
    BulkForm,
    CorrectionForm,
    RemoveForm,
    SameAsForm,
    VoiceFilterForm,
)
from .models import Voice
from .search import search
from .views import filtered_voices

NEEDS_DETAILS = {BulkAction.ASSIGN, BulkAction.TAG, BulkAction.THEME, BulkAction.BACK_BURNER}


def chosen_voices(request: OrgRequest, form: BulkForm) -> "QuerySet[Voice]":
    """The ticked voices, or all matching the filter; 404 if any is not the organisation's."""
    data = form.cleaned_data
    if data["all_matching"]:
        query = QueryDict(data["filter"])
        return filtered_voices(request, VoiceFilterForm(query, organisation=request.organisation))
    ids = set(data["voice"])
    voices = scoped(request, Voice).filter(pk__in=ids)
    if voices.count() != len(ids):
        raise Http404
    return voices


def answer_url(request: OrgRequest, ids: list[int]) -> str | None:
    """The page that records one outcome for many voices, where this installation has it."""
    try:
        url = reverse("voices:answer", kwargs={"org_slug": request.organisation.slug})
    except NoReverseMatch:
        return None
    return url + "?" + "&".join(f"voice={pk}" for pk in ids)


def list_url(request: OrgRequest, filter_query: str) -> str:
    url = reverse("voices:list", kwargs={"org_slug": request.organisation.slug})
    return f"{url}?{filter_query}" if filter_query else url


@member_required("edit_voices")
@require_POST
def voice_bulk(request: OrgRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("__all__", [])) or
                       _("Choose what to do"))
        return redirect(list_url(request, request.POST.get("filter", "")))
    action, voices = form.cleaned_data["action"], chosen_voices(request, form)
    if action == BulkAction.OUTCOME:
        url = answer_url(request, list(voices.values_list("pk", flat=True)[:500]))
        if url is None:
            messages.error(request, _("Record the outcome on each voice's page."))
            return redirect(list_url(request, form.cleaned_data["filter"]))
        return redirect(url)
    if action == BulkAction.MERGE:
        return merge_chosen(request, voices, form.cleaned_data["filter"])
    details = BulkDetailsForm(request.POST if "confirm" in request.POST else None,
                              organisation=request.organisation, action=action)
    if action in NEEDS_DETAILS and not details.is_valid():
        return render(request, "voices/bulk.html", {
            "form": form, "details": details, "count": voices.count(),
            "action": BulkAction(action).label, "ids": form.cleaned_data["voice"]})
    return apply_and_say(request, voices, action, details, form.cleaned_data["filter"])


def apply_and_say(request: OrgRequest, voices: "QuerySet[Voice]", action: str,
                  details: BulkDetailsForm, filter_query: str) -> HttpResponse:
    extra: dict[str, Any] = details.cleaned_data if details.is_bound else {}
    try:
        count = apply_bulk(request.organisation, voices, action, request.user, **extra)
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("%(action)s: %(count)s voices changed.")
                         % {"action": BulkAction(action).label, "count": count})
    return redirect(list_url(request, filter_query))


def merge_chosen(request: OrgRequest, voices: "QuerySet[Voice]", filter_query: str
                 ) -> HttpResponse:
    """Fold the ticked voices into the earliest of them."""
    chosen = list(voices.select_related("person").order_by("heard_on", "id")[:200])
    if len(chosen) < 2:
        messages.error(request, _("Tick at least two voices to merge."))
        return redirect(list_url(request, filter_query))
    merge_voices(chosen[1:], chosen[0], request.user)
    messages.success(request, _("%(count)s voices were merged into this one; everyone who "
                                "said it is kept.") % {"count": len(chosen) - 1})
    return redirect(chosen[0])


@member_required("edit_voices")
@require_http_methods(["GET", "POST"])
def voice_correct(request: OrgRequest, voice_id: int) -> HttpResponse:
    voice = get_voice_for(request, voice_id, write=True)
    initial = {"text": voice.text, "person": voice.person_id, "channel": voice.channel,
               "heard_on": voice.heard_on, "kind": voice.kind, "group": voice.group_id,
               "tags": ", ".join(voice.tags.values_list("name", flat=True)),
               "version": version_of(voice)}
    form = CorrectionForm(request.POST or None, organisation=request.organisation,
                          initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            change = correct_voice(voice, data, data.pop("tags"), request.user, data["version"])
        except ValidationError as error:
            voice = get_voice_for(request, voice_id, write=True)
            fresh = request.POST.copy()
            fresh["version"] = version_of(voice)
            form = CorrectionForm(fresh, organisation=request.organisation)
            form.is_valid()
            form.add_error(None, error)
            return render(request, "voices/correct.html",
                          {"form": form, "voice": voice, "raced": True})
        else:
            messages.success(request, _("The voice has been corrected; the change is kept in "
                                        "its history.") if change else _("Nothing was changed."))
            return redirect(voice)
    return render(request, "voices/correct.html", {"form": form, "voice": voice})


@member_required("edit_voices")
@require_http_methods(["GET", "POST"])
def voice_remove(request: OrgRequest, voice_id: int) -> HttpResponse:
    voice = get_voice_for(request, voice_id, write=True)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        remove_voice(voice, form.cleaned_data["reason"], request.user)
        messages.success(request, _("The voice has been removed. Administrators can put it "
                                    "back or delete it for good."))
        return redirect("voices:list", org_slug=request.organisation.slug)
    return render(request, "voices/remove.html", {"form": form, "voice": voice})


def earlier_like(request: OrgRequest, voice: Voice, text: str) -> list[Voice]:
    """Earlier voices with the words searched for, or sharing this voice's longest words."""
    others = scoped(request, Voice).exclude(pk=voice.pk).filter(heard_on__lte=voice.heard_on)
    if text.strip():
        found = search(others, text)
    else:
        words = sorted({w for w in voice.text.split() if len(w) > 3}, key=len, reverse=True)
        ids: set[int] = set()
        for word in words[:3]:
            ids |= set(search(others, word).values_list("pk", flat=True)[:20])
        found = others.filter(pk__in=ids)
    return list(found.select_related("person")[:10])


@member_required("edit_voices")
@require_http_methods(["GET", "POST"])
def voice_same_as(request: OrgRequest, voice_id: int) -> HttpResponse:
    """This voice says the same as an earlier one: fold it in, keeping who said it."""
    voice = get_voice_for(request, voice_id, write=True)
    text = request.GET.get("q", "")[:200]
    candidates = earlier_like(request, voice, text)
    chosen = request.POST.get("earlier", "")
    if chosen.isdigit() and int(chosen) not in {c.pk for c in candidates}:
        candidates.append(get_object_or_404(scoped(request, Voice), pk=int(chosen)))
    form = SameAsForm(request.POST or None, voices=candidates)
    if request.method == "POST" and form.is_valid():
        earlier = next(c for c in candidates if c.pk == form.cleaned_data["earlier"])
        try:
            merge_voices([voice], earlier, request.user)
        except ValidationError as error:
            form.add_error("earlier", error)
        else:
            messages.success(request, _("%(name)s is now kept with this voice as someone who "
                                        "raised it.") % {"name": voice.person or _("Anonymous")})
            return redirect(earlier)
    return render(request, "voices/same_as.html", {"form": form, "voice": voice, "q": text})


@member_required("purge_voices")
def removed_list(request: OrgRequest) -> HttpResponse:
    voices = scoped(request, Voice.everything.filter(removed_at__isnull=False)).select_related(
        "removal__by", "person").order_by("-removed_at")[:200]
    return render(request, "voices/removed_list.html", {"voices": voices})


def get_removed_for(request: OrgRequest, voice_id: int) -> Voice:
    require(request, "purge_voices")
    return get_object_or_404(scoped(request, Voice.everything.filter(removed_at__isnull=False)),
                             pk=voice_id)


@member_required("purge_voices")
def voice_purge(request: OrgRequest, voice_id: int) -> HttpResponse:
    voice = get_removed_for(request, voice_id)  # first, so another organisation gets 404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("action") == "restore":
        restore_voice(voice, request.user)
        messages.success(request, _("The voice has been put back."))
        return redirect(voice)
    purge_voice(voice, request.user)
    messages.success(request, _("The voice has been deleted for good."))
    return redirect("voices:removed", org_slug=request.organisation.slug)
