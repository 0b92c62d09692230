from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST

from .access import OrgRequest, member_required, scoped
from .forms import (
    ApiTokenForm,
    LanguageForm,
    MemberAddForm,
    MemberRoleForm,
    OrganisationSettingsForm,
)
from .languages import choose, language_of, remember_language, supported, use_language
from .models import ApiToken, Membership
from .tasks import send_member_invitation


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("account_login")
    return render(request, "organisations/home.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language switch: Django's, and remembered for a signed-in login."""
    if supported(request.POST.get("language")) is None:
        raise BadRequest("No language the site offers was chosen.")
    response = i18n.set_language(request)
    choose(request, request.POST["language"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def your_language(request: HttpRequest) -> HttpResponse:
    """The login's own choice of language, for pages and for the emails sent to them."""
    current = language_of(request.user) or supported(translation.get_language()) or "en"
    form = LanguageForm(request.POST if request.method == "POST" else None,
                        initial={"language": current})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        remember_language(request.user, language)
        translation.activate(language)
        messages.success(request, _("Your language has been saved."))
        response = redirect("your_language")
        use_language(response, language)
        return response
    return render(request, "organisations/your_language.html", {"form": form})


@member_required("manage_members")
def member_list(request: OrgRequest) -> HttpResponse:
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership, new_user = request.organisation.add_member(
            form.cleaned_data["email"], form.cleaned_data["role"], by=request.user
        )
        if new_user:
            send_invitation(request, membership)
        messages.success(request,
                         _("%(email)s is now a member.") % {"email": membership.user.email})
        return redirect("organisations:members", org_slug=request.organisation.slug)
    members = scoped(request, Membership).select_related("user").order_by("user__email")
    return render(request, "organisations/member_list.html", {"form": form, "members": members})


def send_invitation(request: OrgRequest, membership: Membership) -> None:
    """Have the worker send the new member their invitation, once they are saved."""
    link = request.build_absolute_uri(reverse("account_reset_password"))
    language = translation.get_language() or "en"
    transaction.on_commit(lambda: send_member_invitation.enqueue(membership.pk, link, language))


@member_required("manage_members")
def member_edit(request: OrgRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(scoped(request, Membership).select_related("user"),
                                   pk=membership_id)
    form = MemberRoleForm(request.POST or None, organisation=request.organisation,
                          instance=Membership(role=membership.role, person=membership.person,
                                              may_view_sensitive=membership.may_view_sensitive))
    if request.method == "POST" and form.is_valid():
        try:
            membership.change_role(form.cleaned_data["role"],
                                   form.cleaned_data["may_view_sensitive"], by=request.user)
            membership.link_person(form.cleaned_data["person"])
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(request, _("The role has been changed."))
            return redirect("organisations:members", org_slug=request.organisation.slug)
    return render(request, "organisations/member_form.html",
                  {"form": form, "member": membership})


@member_required("manage_members")
def member_remove(request: OrgRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(scoped(request, Membership).select_related("user"),
                                   pk=membership_id)
    if request.method != "POST":  # after the lookup, so that others' members stay 404
        return HttpResponseNotAllowed(["POST"])
    try:
        membership.remove(by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("organisations:member_edit", org_slug=request.organisation.slug,
                        membership_id=membership.pk)
    messages.success(request, _("%(email)s is no longer a member.")
                     % {"email": membership.user.email})
    return redirect("organisations:members", org_slug=request.organisation.slug)


@member_required("manage_settings")
def organisation_settings(request: OrgRequest) -> HttpResponse:
    form = OrganisationSettingsForm(request.POST or None, instance=request.organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The settings have been saved."))
        return redirect("organisations:settings", org_slug=request.organisation.slug)
    return render(request, "organisations/settings.html", {"form": form})


@member_required("manage_api_tokens")
def api_tokens(request: OrgRequest) -> HttpResponse:
    """Tokens for other systems; a new token is shown once and never again."""
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = ApiToken.issue(request.organisation, form.cleaned_data["name"],
                                        by=request.user)
        form = ApiTokenForm()
    tokens = scoped(request, ApiToken).select_related("created_by")
    return render(request, "organisations/api_tokens.html",
                  {"form": form, "tokens": tokens, "secret": secret})


@member_required("manage_api_tokens")
def api_token_revoke(request: OrgRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(scoped(request, ApiToken), pk=token_id)
    if request.method == "POST" and token.revoked_at is None:
        token.revoke()
        messages.success(request, _("The token has been revoked."))
    return redirect("organisations:api_tokens", org_slug=request.organisation.slug)
