"""The community's asset register (always a list; a map where tiles are configured) and each
group's needs and capabilities."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.organisations.access import OrgRequest, member_required, scoped
from coproduce.organisations.middleware import CONTENT_SECURITY_POLICY
from coproduce.people.models import Group, Person

from .access import assets_of, get_asset_for, get_group_for
from .assets import build_map, export_csv, map_tiles, offered_skills, tile_origin
from .forms import AssetForm, ReviewForm
from .models import AccessFeature, Asset, AssetKind, GroupReview
from .needs import picture
from .views import form_page


def filtered(request: OrgRequest) -> "list[Asset]":
    assets = assets_of(request).prefetch_related("themes")
    kind, feature = request.GET.get("kind", ""), request.GET.get("access", "")
    if kind in AssetKind.values:
        assets = assets.filter(kind=kind)
    theme = request.GET.get("theme", "")
    if theme.isdigit():  # the assets that could answer one theme (scoped with the assets)
        assets = assets.filter(themes=int(theme))
    rows = list(assets)
    if feature in AccessFeature.values:  # a JSON list: filtered here, the same on any database
        rows = [asset for asset in rows if feature in asset.access]
    return rows


@member_required("view_assets")
def asset_list(request: OrgRequest) -> HttpResponse:
    return render(request, "community/asset_list.html", {
        "assets": filtered(request), "kinds": AssetKind.choices,
        "features": AccessFeature.choices, "kind": request.GET.get("kind", ""),
        "feature": request.GET.get("access", ""), "has_map": bool(map_tiles()),
        "skills": offered_skills(scoped(request, Person)),
        "full_counts": request.membership.allows("view_community")})


@member_required("view_assets")
def asset_map(request: OrgRequest) -> HttpResponse:
    assets = filtered(request)
    response = render(request, "community/asset_map.html", {
        "map": build_map(assets), "assets": assets, "has_map": bool(map_tiles())})
    if tile_origin():
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            "img-src 'self' data:", f"img-src 'self' data: {tile_origin()}")
    return response


@member_required("view_assets")
def asset_export(request: OrgRequest) -> HttpResponse:
    response = HttpResponse(export_csv(filtered(request)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="community-assets.csv"'
    return response


@member_required("view_assets")
def asset_detail(request: OrgRequest, asset_id: int) -> HttpResponse:
    asset = get_asset_for(request, asset_id)
    return render(request, "community/asset_detail.html", {
        "asset": asset, "groups": asset.groups.all(), "themes": asset.themes.all(),
        "voices": asset.voices.all() if request.membership.allows("view_voices") else None})


def save_asset(form: AssetForm) -> Asset:
    with transaction.atomic():
        asset = form.save()
        asset.voices.set(form.cleaned_data["voice_numbers"])
    return asset


@member_required("edit_assets")
@require_http_methods(["GET", "POST"])
def asset_add(request: OrgRequest) -> HttpResponse:
    theme = request.GET.get("theme", "")
    form = AssetForm(request.POST or None, organisation=request.organisation,
                     instance=Asset(organisation=request.organisation),
                     initial={"themes": [int(theme)]} if theme.isdigit() else None)
    if request.method == "POST" and form.is_valid():
        asset = save_asset(form)
        messages.success(request, _("The asset has been added to the register."))
        return redirect(asset)
    return form_page(request, form, _("Add to the asset register"), "community:assets")


@member_required("edit_assets")
@require_http_methods(["GET", "POST"])
def asset_edit(request: OrgRequest, asset_id: int) -> HttpResponse:
    asset = get_asset_for(request, asset_id, write=True)
    form = AssetForm(request.POST or None, organisation=request.organisation, instance=asset)
    if request.method == "POST" and form.is_valid():
        save_asset(form)
        messages.success(request, _("The asset has been changed."))
        return redirect(asset)
    return form_page(request, form, _("Change the asset"), "community:assets")


@member_required("view_assets")
def group_list(request: OrgRequest) -> HttpResponse:
    groups = scoped(request, Group).prefetch_related("reviews")
    return render(request, "community/group_list.html", {"groups": groups})


@member_required("view_assets")
def group_detail(request: OrgRequest, group_id: int) -> HttpResponse:
    group = get_group_for(request, group_id)
    return render(request, "community/group_detail.html", {
        "picture": picture(group), "full_counts": request.membership.allows("view_community"),
        "form": ReviewForm(initial={"reviewed_on": timezone.localdate()})})


@member_required("edit_community")
@require_POST
def group_review(request: OrgRequest, group_id: int) -> HttpResponse:
    group = get_group_for(request, group_id, write=True)
    form = ReviewForm(request.POST, instance=GroupReview(group=group, reviewed_by=request.user))
    if not form.is_valid():
        return form_page(request, form, _("Record a review"), "")
    form.save()
    messages.success(request, _("The review has been recorded."))
    return redirect("community:group", org_slug=request.organisation.slug, group_id=group.pk)
