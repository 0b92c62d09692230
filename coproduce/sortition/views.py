from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.audit.models import Action, record
from coproduce.organisations.access import OrgRequest, member_required, scoped
from coproduce.people.models import Person

from .drawing import draw_panel, replace_member, unsealed
from .forms import PeoplePoolForm, ReplaceForm, SelectionForm
from .models import Selection
from .pools import read_pool, read_quotas
from .selection import QuotaError
from .sources import draw_from_people, special_of


def get_selection_for(request: OrgRequest, selection_id: int) -> Selection:
    return get_object_or_404(scoped(request, Selection), pk=selection_id)


@member_required("select_panels")
def selection_list(request: OrgRequest) -> HttpResponse:
    return render(request, "sortition/selection_list.html",
                  {"selections": scoped(request, Selection)})


@member_required("select_panels")
@require_http_methods(["GET", "POST"])
def selection_add(request: OrgRequest) -> HttpResponse:
    form = SelectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            quotas = read_quotas(data["quotas"].read().decode("utf-8-sig"))
            features = sorted({q.feature for q in quotas})
            pool = read_pool(data["pool"].read().decode("utf-8-sig"), features,
                             data["id_column"],
                             [c.strip() for c in data["household"].split(",") if c.strip()])
            listed = {c.strip() for c in data["special"].split(",") if c.strip()}
            selection = draw_panel(request.organisation, data["title"], pool, quotas,
                                   data["size"], data["seed"], data["algorithm"], request.user,
                                   special=sorted(set(special_of(features)) | (
                                       listed & set(features))),
                                   source=data["pool"].name)
        except (QuotaError, UnicodeDecodeError) as error:
            form.add_error(None, str(error))
        else:
            return redirect(selection)
    return render(request, "sortition/selection_form.html", {"form": form})


@member_required("select_panels")
@require_http_methods(["GET", "POST"])
def selection_from_people(request: OrgRequest) -> HttpResponse:
    form = PeoplePoolForm(request.POST or None, request.FILES or None,
                          organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            selection, left_out = draw_from_people(request, form.cleaned_data)
        except (QuotaError, UnicodeDecodeError) as error:
            form.add_error(None, str(error))
        else:
            if left_out:
                messages.info(request, _("%(n)s people were left out of the pool: their latest "
                                         "consent does not allow contact.") % {"n": left_out})
            return redirect(selection)
    return render(request, "sortition/people_form.html", {"form": form})


@member_required("select_panels")
def selection_pool(request: OrgRequest, selection_id: int) -> HttpResponse:
    """Everyone in the pool with their features: special-category ones for those who may see
    them, and each viewing audited."""
    selection = get_selection_for(request, selection_id)
    if selection.special and not request.membership.allows("view_sensitive"):
        raise PermissionDenied
    data = unsealed(selection)
    names = dict(Person.objects.filter(organisation=request.organisation, pk__in=data.get(
        "people", {}).values()).values_list("pk", "name"))
    features = sorted({q["feature"] for q in selection.quotas})
    if selection.special:
        record(Action.SENSITIVE_VIEWED, request=request,
               target=f"panel selection {selection.pk}", through="pool", features=selection.special)
    return render(request, "sortition/pool.html", {
        "selection": selection, "features": features, "rows": [
            (pid, names.get(data.get("people", {}).get(pid), ""),
             [data["features"][pid].get(f, "") for f in features],
             pid in selection.panel, pid in selection.reserves) for pid in data["ids"]]})


@member_required("select_panels")
def selection_detail(request: OrgRequest, selection_id: int) -> HttpResponse:
    selection = get_selection_for(request, selection_id)
    people = unsealed(selection).get("people", {})
    names = dict(Person.objects.filter(organisation=request.organisation, pk__in=[
        people[pid] for pid in selection.panel if pid in people]).values_list("pk", "name"))
    return render(request, "sortition/selection_detail.html", {
        "members": [(pid, names.get(people.get(pid, 0), "")) for pid in selection.panel],
        "selection": selection, "form": ReplaceForm(),
        "chances": sorted(selection.probabilities.items(), key=lambda kv: kv[1]),
        "lowest": min(selection.probabilities.values(), default=0),
        "total": sum(selection.probabilities.values())})


@member_required("select_panels")
def selection_replace(request: OrgRequest, selection_id: int) -> HttpResponse:
    selection = get_selection_for(request, selection_id)
    if request.method != "POST":  # checked after the object, so outsiders still get 404
        return HttpResponseNotAllowed(["POST"])
    form = ReplaceForm(request.POST)
    if form.is_valid():
        try:
            chosen = replace_member(selection, form.cleaned_data["leaving"].strip())
        except QuotaError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(id)s has joined the panel from the reserve list.")
                             % {"id": chosen})
    return redirect(selection)
