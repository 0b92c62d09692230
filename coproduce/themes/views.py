from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.lib import onward
from coproduce.organisations.access import OrgRequest, member_required, require, scoped
from coproduce.organisations.models import Organisation
from coproduce.voices.access import get_voice_for
from coproduce.voices.buildup import support
from coproduce.voices.models import OUTCOME_STATUSES, Voice

from . import store
from .embeddings import MODEL_CARD, WELSH_CARD
from .engine import NOT_ENOUGH_MESSAGE, Suggestion
from .forms import EmergingForm, MergeForm, MoveForm, RenameForm, SplitForm
from .grouping import TUNING
from .models import Placement, Regrouping, Theme
from .tasks import regroup_organisation
from .welsh import problem as welsh_problem

PUBLIC_SUGGEST_LIMIT = 300  # look-ups per address per hour: one every few keystrokes


def get_theme_for(request: OrgRequest, theme_id: int, write: bool = False) -> Theme:
    require(request, "edit_voices" if write else "view_voices")
    return get_object_or_404(scoped(request, Theme).select_related("organisation"), pk=theme_id)


@member_required("view_voices")
def theme_list(request: OrgRequest) -> HttpResponse:
    """The build-up by theme: how many people, channels and groups stand behind each."""
    themes = {t.pk: t for t in scoped(request, Theme)}
    today = timezone.localdate()
    rows = support(Placement.objects.filter(theme__organisation=request.organisation),
                   "theme_id", themes, today)
    voices = scoped(request, Voice).count()
    placed = Placement.objects.filter(theme__organisation=request.organisation).count()
    return render(request, "themes/theme_list.html", {
        "rows": rows, "ungrouped": voices - placed, "voices": voices,
        "run": Regrouping.objects.filter(organisation=request.organisation).first(),
        "not_enough": NOT_ENOUGH_MESSAGE if voices < 3 else "",
        "emerging": store.emerging(request.organisation, today),
        "model": MODEL_CARD, "welsh": WELSH_CARD, "welsh_problem": welsh_problem(),
        "may_edit": request.membership.allows("edit_voices"),
    })


@member_required("edit_voices")
@require_POST
def theme_regroup(request: OrgRequest) -> HttpResponse:
    store.end_stale_runs(request.organisation)
    if store.active_run(request.organisation) is not None:
        messages.info(request, _("The voices are already being grouped again."))
    else:
        run = Regrouping.objects.create(organisation=request.organisation)
        regroup_organisation.enqueue(request.organisation.pk, run.pk)
        messages.success(request, _("Re-grouping has started. Names and moves made by staff "
                                    "are kept."))
    return redirect("themes:list", org_slug=request.organisation.slug)


@member_required("edit_voices")
@require_POST
def emerging_confirm(request: OrgRequest) -> HttpResponse:
    """One click on the Themes page: an emerging theme becomes a confirmed, named theme."""
    form = EmergingForm(request.POST, organisation=request.organisation)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
        return redirect("themes:list", org_slug=request.organisation.slug)
    theme = store.found_theme(request.organisation, form.cleaned_data["voices"],
                              form.cleaned_data["label"])
    messages.success(request, _("The new theme has been made."))
    return redirect(theme)


@member_required("view_voices")
def theme_detail(request: OrgRequest, theme_id: int) -> HttpResponse:
    theme = get_theme_for(request, theme_id)
    placements = theme.placements.select_related("voice", "voice__person").order_by(
        "-voice__heard_on")
    return render(request, "themes/theme_detail.html", {
        "theme": theme, "placements": placements,
        "rename_form": RenameForm(initial={"label": theme.label, "confirm": theme.confirmed}),
        "merge_form": MergeForm(theme=theme), "split_form": SplitForm(theme=theme),
        "onward": onward.offers("theme", request, theme),
    })


@member_required("edit_voices")
def theme_change(request: OrgRequest, theme_id: int, action: str) -> HttpResponse:
    """Rename or confirm, merge, or split a theme: each survives every re-grouping."""
    theme = get_theme_for(request, theme_id, write=True)
    forms = {"rename": RenameForm(request.POST or None),
             "merge": MergeForm(request.POST or None, theme=theme),
             "split": SplitForm(request.POST or None, theme=theme)}
    form = forms[action]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if action == "rename" and data["confirm"]:
            store.confirm(theme, data["label"])
        elif action == "rename":
            store.rename(theme, data["label"])
        elif action == "merge":
            store.merge(theme, data["into"])
            messages.success(request, _("The themes have been merged."))
            return redirect(data["into"])
        else:
            new = store.split(theme, [int(v) for v in data["voices"]], data["label"])
            messages.success(request, _("The new theme has been made."))
            return redirect(new)
        messages.success(request, _("The theme has been saved."))
        return redirect(theme)
    return render(request, "themes/theme_form.html",
                  {"form": form, "theme": theme, "action": action})


@member_required("edit_voices")
def voice_move(request: OrgRequest, voice_id: int) -> HttpResponse:
    voice = get_voice_for(request, voice_id, write=True)
    form = MoveForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        store.put(voice, form.cleaned_data["theme"])
        messages.success(request, _("The voice is now in “%(theme)s”.")
                         % {"theme": form.cleaned_data["theme"]})
        return redirect(voice)
    suggestion = store.suggest_for(request.organisation, voice.text)
    themes = {t.key: t for t in scoped(request, Theme)}
    suggested = [themes[str(s.id)] for s in suggestion.themes if str(s.id) in themes]
    return render(request, "themes/move_form.html",
                  {"form": form, "voice": voice, "suggested": suggested})


@member_required("view_voices")
def suggest(request: OrgRequest) -> HttpResponse:
    """While staff type: the theme it fits (alternatives apart) and similar earlier voices."""
    text = request.GET.get("text", "")[:10_000]
    suggestion = store.suggest_for(request.organisation, text) if text.strip() else None
    themes: dict[Any, Theme] = {t.key: t for t in scoped(request, Theme)}
    similar = []
    best, alternatives = None, []
    if suggestion is not None:
        found = scoped(request, Voice).in_bulk([s.id for s in suggestion.similar])
        similar = [found[s.id] for s in suggestion.similar if s.id in found]
        near = [themes[str(s.id)] for s in suggestion.themes if str(s.id) in themes]
        best, alternatives = (near[0], near[1:]) if fits(suggestion) and near else (None, near[:2])
    return render(request, "themes/_suggestions.html", {
        "suggestion": suggestion, "similar": similar[:5], "best": best,
        "alternatives": alternatives})


def fits(suggestion: Suggestion) -> bool:
    """Whether the nearest theme fits the way the worker will place the voice."""
    tuning, scores = TUNING[suggestion.backend], suggestion.themes
    return bool(scores) and scores[0].score >= tuning.place_similarity and (
        len(scores) < 2 or scores[0].score - scores[1].score >= tuning.place_margin)


def over_limit(request: HttpRequest, organisation: Organisation) -> bool:
    """Like the public form's limit: so many look-ups per address per hour."""
    key = f"say-suggest:{organisation.pk}:{request.META.get('REMOTE_ADDR', '')}"
    if cache.add(key, 1, timeout=3600):
        return False
    try:
        return cache.incr(key) > PUBLIC_SUGGEST_LIMIT
    except ValueError:
        return False


def public_suggest(request: HttpRequest, org_slug: str) -> HttpResponse:
    """On the public form: only theme names and their published outcomes, never anyone's words."""
    organisation = get_object_or_404(Organisation, slug=org_slug)
    text = request.GET.get("text", "")[:2000]
    if len(text.split()) < 3:
        return render(request, "themes/_public_suggestions.html", {"rows": []})
    if over_limit(request, organisation):
        return render(request, "themes/_public_suggestions.html", {"rows": []}, status=429)
    rows = []
    suggestion = store.suggest_for(organisation, text, limit=2)
    themes = {t.key: t for t in Theme.objects.filter(organisation=organisation,
                                                     confirmed=True)}
    for score in suggestion.themes:
        theme = themes.get(str(score.id))
        if theme is None or score.score < TUNING[suggestion.backend].place_similarity:
            continue
        outcome = Voice.objects.filter(placement__theme=theme, outcome_public=True,
                                       status__in=OUTCOME_STATUSES).order_by(
            "-updated_at").values_list("outcome", flat=True).first()
        rows.append({"theme": theme, "outcome": outcome})
    return render(request, "themes/_public_suggestions.html", {"rows": rows})
