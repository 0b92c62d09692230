"""Time credits, rate cards and staff costs, settings, and the true cost."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.lib.csvsafe import write_rows
from coproduce.organisations.access import OrgRequest, member_required, scoped
from coproduce.people.access import get_person_for
from coproduce.projects.access import get_project_for

from . import credits
from .access import accounts_for, cards_for, get_own_card_for, get_published_for, get_transfer_for
from .costing import TrueCost, participant_card, true_cost
from .forms import (
    CardForm,
    CostingForm,
    FundingForm,
    LimitForm,
    PeriodForm,
    RateForm,
    SettingsForm,
    StaffCostForm,
    TransferForm,
)
from .models import Costing, CreditAccount, Published, Rate, Settings, StaffCost, Transfer
from .published import ADVICE, GUIDE_LIMITS


@member_required("view_reciprocity")
def credit_list(request: OrgRequest) -> HttpResponse:
    accounts = accounts_for(request).annotate(balance=Sum("entries__minutes"))
    return render(request, "reciprocity/credits.html", {
        "accounts": accounts, "transfers": scoped(request, Transfer).prefetch_related(
            "entries__account__person")[:50]})


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def credit_transfer(request: OrgRequest) -> HttpResponse:
    form = TransferForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = credits.transfer(credits.account_for(request.organisation, data["source"]),
                                    credits.account_for(request.organisation, data["target"]),
                                    data["minutes"], data["kind"], timezone.localdate(),
                                    request.user, data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if made.flagged:
                messages.warning(request, made.flagged)
            messages.success(request, _("The credits have been moved."))
            return redirect("reciprocity:credits", org_slug=request.organisation.slug)
    return render(request, "reciprocity/form.html", {
        "form": form, "heading": _("Move time credits"),
        "back": ("reciprocity:credits", _("Back to time credits"))})


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def credit_limit(request: OrgRequest, person_id: int) -> HttpResponse:
    """How far a person's balance may go below zero before it is flagged (never blocked)."""
    person = get_person_for(request, person_id)
    account = CreditAccount.objects.filter(person=person).first() or CreditAccount(
        organisation=request.organisation, person=person)
    form = LimitForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The limit has been saved."))
        return redirect("reciprocity:person", org_slug=request.organisation.slug,
                        person_id=person.pk)
    return render(request, "reciprocity/form.html", {
        "form": form, "heading": _("Time credit limit"), "caption": person.name,
        "back": ("reciprocity:credits", _("Back to time credits"))})


@member_required("edit_reciprocity")
@require_POST
def credit_reverse(request: OrgRequest, transfer_id: int) -> HttpResponse:
    found = get_transfer_for(request, transfer_id)
    try:
        credits.reverse(found, request.user)
        messages.success(request, _("The transfer is reversed by a new entry."))
    except ValidationError as error:
        messages.warning(request, error.messages[0])
    return redirect("reciprocity:credits", org_slug=request.organisation.slug)


@member_required("view_reciprocity")
def rates(request: OrgRequest) -> HttpResponse:
    return render(request, "reciprocity/rates.html", {
        "cards": cards_for(request), "chosen": participant_card(request.organisation),
        "staff_costs": scoped(request, StaffCost).select_related("user")})


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def card_add(request: OrgRequest) -> HttpResponse:
    form = CardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            card = form.save(commit=False)
            card.organisation = request.organisation
            card.save()
            Rate.objects.create(card=card, amount_pence=form.cleaned_data["amount"],
                                effective_from=form.cleaned_data["effective_from"],
                                effective_to=form.cleaned_data["effective_to"])
        messages.success(request, _("The rate card has been added."))
        return redirect("reciprocity:rates", org_slug=request.organisation.slug)
    return render(request, "reciprocity/form.html", {
        "form": form, "heading": _("Add a rate card"),
        "back": ("reciprocity:rates", _("Back to rates"))})


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def rate_add(request: OrgRequest, card_id: int) -> HttpResponse:
    card = get_own_card_for(request, card_id)
    form = RateForm(request.POST or None, instance=Rate(card=card))
    if request.method == "POST" and form.is_valid():
        rate = form.save(commit=False)
        rate.amount_pence = form.cleaned_data["amount"]
        rate.save()
        messages.success(request, _("The new rate has been added to the card."))
        return redirect("reciprocity:rates", org_slug=request.organisation.slug)
    return render(request, "reciprocity/form.html", {
        "form": form, "heading": _("Add a rate from a date"), "caption": str(card),
        "back": ("reciprocity:rates", _("Back to rates"))})


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def staff_cost_add(request: OrgRequest) -> HttpResponse:
    form = StaffCostForm(request.POST or None, organisation=request.organisation,
                         instance=StaffCost(organisation=request.organisation))
    if request.method == "POST" and form.is_valid():
        cost = form.save(commit=False)
        cost.hourly_pence = form.cleaned_data["hourly"]
        cost.save()
        messages.success(request, _("The staff cost has been recorded."))
        return redirect("reciprocity:rates", org_slug=request.organisation.slug)
    return render(request, "reciprocity/form.html", {
        "form": form, "heading": _("Record a staff member's hourly cost"),
        "back": ("reciprocity:rates", _("Back to rates"))})


@member_required("manage_settings")
@require_http_methods(["GET", "POST"])
def settings_edit(request: OrgRequest) -> HttpResponse:
    found = Settings.of(request.organisation)
    form = SettingsForm(request.POST or None, instance=found, cards=cards_for(request),
                        initial={"weekly": pence_text(found.benefits_weekly_limit_pence),
                                 "monthly": pence_text(found.benefits_monthly_limit_pence)})
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.benefits_weekly_limit_pence = form.cleaned_data["weekly"]
        saved.benefits_monthly_limit_pence = form.cleaned_data["monthly"]
        saved.save()
        messages.success(request, _("The settings have been saved."))
        return redirect("reciprocity:index", org_slug=request.organisation.slug)
    return render(request, "reciprocity/form.html", {
        "form": form, "heading": _("Reciprocity settings"), "guide": GUIDE_LIMITS,
        "advice": ADVICE, "back": ("reciprocity:index", _("Back to reciprocity"))})


def pence_text(pence: int | None) -> str:
    return "" if pence is None else f"{pence / 100:.2f}"


def period_figures(request: OrgRequest) -> tuple[PeriodForm, TrueCost, str]:
    form = PeriodForm(request.GET or None, organisation=request.organisation)
    data = form.cleaned_data if form.is_valid() else {}
    project = data.get("project")
    if project is not None:
        project = get_project_for(request, project.pk)
    figures = true_cost(request.organisation, project, data.get("start"), data.get("end"))
    title = project.title if project else _("All projects")
    if data.get("start") or data.get("end"):
        title += f" ({data.get('start') or '…'} – {data.get('end') or '…'})"
    return form, figures, title


@member_required("view_true_cost")
def cost_view(request: OrgRequest) -> HttpResponse:
    form, figures, title = period_figures(request)
    template = "reciprocity/true_cost_print.html" if request.GET.get("print") else \
        "reciprocity/true_cost.html"
    return render(request, template, {
        "form": form, "figures": figures.as_json(), "title": title,
        "query": request.GET.urlencode(), "published": scoped(request, Published)[:20],
        "computed_on": timezone.localdate()})


@member_required("view_true_cost")
def cost_csv(request: OrgRequest) -> HttpResponse:
    _form, figures, title = period_figures(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="true-cost.csv"'
    data = figures.as_json()
    rows = [[key, data[key]] for key in ["staff_cost", "participant_minutes",
                                         "participant_value", "expenses", "recognition",
                                         "overheads", "true_cost", "funded", "gap",
                                         "in_kind_share"]]
    rows += [["rate", f"{r['name']} {r['amount']} from {r['effective_from']} ({r['source']})"]
             for r in data["rates"]]
    rows += [["excluded: " + key, value] for key, value in data["excluded"].items()]
    write_rows(response, [_("figure"), title], rows)
    return response


@member_required("edit_reciprocity")
@require_POST
def cost_publish(request: OrgRequest) -> HttpResponse:
    """Keep the figures as they stand now, with the rates used, whatever changes later."""
    form, figures, title = period_figures(request)
    project = form.cleaned_data.get("project") if form.is_valid() else None
    made = Published.objects.create(organisation=request.organisation, project=project,
                                    title=title, figures=figures.as_json(), by=request.user)
    messages.success(request, _("The figures have been published as they stand today."))
    return redirect("reciprocity:published", org_slug=request.organisation.slug,
                    published_id=made.pk)


@member_required("view_true_cost")
def published(request: OrgRequest, published_id: int) -> HttpResponse:
    found = get_published_for(request, published_id)
    return render(request, "reciprocity/true_cost_print.html", {
        "figures": found.figures, "title": found.title, "published_at": found.at,
        "raw": json.dumps(found.figures, indent=2)})


@member_required("edit_reciprocity")
@require_http_methods(["GET", "POST"])
def project_costing(request: OrgRequest, project_id: int) -> HttpResponse:
    """A project's overheads and funding."""
    project = get_project_for(request, project_id, write=True)
    costing = Costing.objects.filter(project=project).first() or Costing(project=project)
    form = CostingForm(request.POST or None, instance=costing)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The overheads have been saved."))
        return redirect(project)
    return render(request, "reciprocity/costing.html", {
        "form": form, "project": project, "funding": project.funding.all(),
        "funding_form": FundingForm()})


@member_required("edit_reciprocity")
@require_POST
def funding_add(request: OrgRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request, project_id, write=True)
    form = FundingForm(request.POST)
    if form.is_valid():
        grant = form.save(commit=False)
        grant.project, grant.amount_pence = project, form.cleaned_data["amount"]
        grant.save()
        messages.success(request, _("The funding has been recorded."))
        return redirect("reciprocity:costing", org_slug=request.organisation.slug,
                        project_id=project.pk)
    costing = Costing.objects.filter(project=project).first() or Costing(project=project)
    return render(request, "reciprocity/costing.html", {
        "form": CostingForm(instance=costing), "project": project,
        "funding": project.funding.all(), "funding_form": form})

