"""Pages anyone can use without signing in: say something, see what was done."""

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from coproduce.lib.addresses import client_address
from coproduce.organisations.models import Organisation
from coproduce.people.models import ConsentPurpose

from .capture import Refused, VoiceIn, record_voice
from .contacts import ask_to_confirm, confirmed_voice, link_confirmed_contact
from .forms import PublicVoiceForm
from .models import OUTCOME_STATUSES, Channel, Voice
from .paper import paper_form_pdf

RATE_LIMIT = 20  # voices per address per hour: generous for a shared library computer


def over_limit(request: HttpRequest, organisation: Organisation) -> bool:
    key = f"say:{organisation.pk}:{client_address(request)}"
    added = cache.add(key, 1, timeout=3600)
    if added:
        return False
    try:
        return cache.incr(key) > RATE_LIMIT
    except ValueError:
        return False


def public_voice(organisation: Organisation, data: dict[str, Any], easy_read: bool
                 ) -> VoiceIn:
    """The voice a public form describes. Contact details stay with the voice: typing an
    e-mail never attaches the words to someone in People or changes their consent."""
    keep = data.get("consent") == "yes"
    return VoiceIn(text=data["text"], channel=Channel.EASY_READ if easy_read else Channel.WEB,
                   heard_on=timezone.localdate(), token=data["form_token"],
                   contact_name=data.get("name", "") if keep else "",
                   contact=data.get("contact", "") if keep else "")


def say(request: HttpRequest, org_slug: str, easy_read: bool = False) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=org_slug)
    form = PublicVoiceForm(request.POST or None)
    limited = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        thanks = redirect("voices:say_thanks", org_slug=organisation.slug)
        if data["website"]:  # only robots fill the hidden field
            return thanks
        if Voice.objects.filter(organisation=organisation,
                                import_key="form:" + data["form_token"]).exists():
            return thanks  # the same form sent twice
        limited = over_limit(request, organisation)
        if not limited:
            try:
                voice, new = record_voice(organisation, public_voice(organisation, data,
                                                                     easy_read))
            except Refused as refused:
                for _name, message in refused.problems:
                    form.add_error("text", message)
            else:
                if new and "@" in voice.contact:
                    ask_to_confirm(request, voice)
                return thanks
    template = "voices/say_easy_read.html" if easy_read else "voices/say.html"
    return render(request, template, {"form": form, "organisation": organisation,
                                      "limited": limited}, status=429 if limited else 200)


def confirm_contact(request: HttpRequest, org_slug: str, token: str) -> HttpResponse:
    """The person who gave an e-mail on the public form confirms it is theirs."""
    organisation = get_object_or_404(Organisation, slug=org_slug)
    voice = confirmed_voice(organisation, token)
    if voice is None:
        return render(request, "voices/confirm_contact.html",
                      {"organisation": organisation, "failed": True}, status=404)
    if request.method == "POST":
        link_confirmed_contact(voice)
        return render(request, "voices/confirm_contact.html",
                      {"organisation": organisation, "done": True})
    return render(request, "voices/confirm_contact.html",
                  {"organisation": organisation, "voice": voice})


def say_thanks(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=org_slug)
    return render(request, "voices/say_thanks.html", {"organisation": organisation})


def you_said_we_did(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Outcomes the organisation chose to publish, with only consented or anonymised words."""
    organisation = get_object_or_404(Organisation, slug=org_slug)
    voices = (Voice.objects.filter(organisation=organisation, outcome_public=True,
                                   status__in=OUTCOME_STATUSES)
              .select_related("person").prefetch_related("person__consents")
              .order_by("-updated_at")[:100])
    items = []
    for voice in voices:
        if voice.public_summary:
            said = voice.public_summary
        elif voice.person is not None and voice.person.has_consent(ConsentPurpose.QUOTE):
            said = voice.text
        else:
            said = ""
        items.append({"said": said, "voice": voice})
    return render(request, "voices/you_said_we_did.html",
                  {"organisation": organisation, "items": items})


def paper_form(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=org_slug)
    large = request.GET.get("size") == "large"
    response = HttpResponse(paper_form_pdf(request, organisation, large),
                            content_type="application/pdf")
    name = "large-print" if large else "standard"
    response["Content-Disposition"] = f'inline; filename="{organisation.slug}-{name}.pdf"'
    return response
