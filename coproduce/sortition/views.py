from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.organisations.access import OrgRequest, member_required, scoped

from .drawing import draw_panel, replace_member
from .forms import ReplaceForm, SelectionForm
from .models import Selection
from .pools import read_pool, read_quotas
from .selection import QuotaError


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
            pool = read_pool(data["pool"].read().decode("utf-8-sig"),
                             sorted({q.feature for q in quotas}), data["id_column"],
                             [c.strip() for c in data["household"].split(",") if c.strip()])
            selection = draw_panel(request.organisation, data["title"], pool, quotas,
                                   data["size"], data["seed"], data["algorithm"], request.user)
        except (QuotaError, UnicodeDecodeError) as error:
            form.add_error(None, str(error))
        else:
            return redirect(selection)
    return render(request, "sortition/selection_form.html", {"form": form})


@member_required("select_panels")
def selection_detail(request: OrgRequest, selection_id: int) -> HttpResponse:
    selection = get_selection_for(request, selection_id)
    return render(request, "sortition/selection_detail.html", {
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
