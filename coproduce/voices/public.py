"""Pages anyone can use without signing in: say something, see what was done."""

from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.organisations.models import Organisation
from coproduce.people.models import ConsentPurpose, Person, RecordedHow

from .forms import PublicVoiceForm
from .models import OUTCOME_STATUSES, Channel, Voice
from .paper import paper_form_pdf

RATE_LIMIT = 20  # voices per address per hour: generous for a shared library computer


def over_limit(request: HttpRequest, organisation: Organisation) -> bool:
    key = f"say:{organisation.pk}:{request.META.get('REMOTE_ADDR', '')}"
    added = cache.add(key, 1, timeout=3600)
    if added:
        return False
    try:
        return cache.incr(key) > RATE_LIMIT
    except ValueError:
        return False


def person_for(organisation: Organisation, data: dict[str, Any]) -> Person | None:
    """The person to thank later, only if they gave details and agreed we keep them."""
    if data.get("consent") != "yes" or not (data.get("name") or data.get("contact")):
        return None
    contact = data.get("contact", "")
    email = contact.lower() if "@" in contact else ""
    person = (Person.objects.filter(organisation=organisation, email=email).first()
              if email else None)
    if person is None:
        person = Person.objects.create(
            organisation=organisation, name=data.get("name") or _("Not given"), email=email,
            phone="" if email else contact)
    person.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.WEB, timezone.localdate())
    return person


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
                with transaction.atomic():
                    Voice.objects.create(
                        organisation=organisation, text=data["text"],
                        channel=Channel.EASY_READ if easy_read else Channel.WEB,
                        heard_on=timezone.localdate(), person=person_for(organisation, data),
                        import_key="form:" + data["form_token"])
            except IntegrityError:
                pass
            return thanks
    template = "voices/say_easy_read.html" if easy_read else "voices/say.html"
    return render(request, template, {"form": form, "organisation": organisation,
                                      "limited": limited}, status=429 if limited else 200)


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
        elif voice.person is None or voice.person.has_consent(ConsentPurpose.QUOTE):
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
