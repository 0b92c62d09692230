"""Peer mentors and volunteers log what people tell them, and look after their own entries.

A peer sees only the voices they logged themselves (another peer's is 404), finds people by
name only, and never sees contact details or special-category information. Their voices go in
through the one way voices come in, marked as heard by a peer, so the build-up and the equity
lens count them like any other; staff see the peer as the one who recorded them.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.organisations.access import OrgRequest, member_required

from .access import get_peer_voice_for, peer_voices
from .capture import Refused, VoiceIn, record_voice
from .corrections import correct_voice, version_of
from .peer_forms import PeerCorrectionForm, PeerVoiceForm


@member_required("log_voices_as_peer")
def peer_list(request: OrgRequest) -> HttpResponse:
    voices = peer_voices(request).select_related("person")[:200]
    return render(request, "voices/peer_list.html", {"voices": voices})


def peer_voice_in(form: PeerVoiceForm) -> VoiceIn:
    data = form.cleaned_data
    return VoiceIn(text=data["text"], channel=data["channel"], heard_on=data["heard_on"],
                   kind=data["kind"], on_behalf=data["on_behalf"], token=data["form_token"],
                   person=data["person"] if data["who"] == "person" else None,
                   contact_name=data["new_person_name"].strip() if data["who"] == "new"
                   else "", by_peer=True)


@member_required("log_voices_as_peer")
@require_http_methods(["GET", "POST"])
def peer_add(request: OrgRequest) -> HttpResponse:
    form = PeerVoiceForm(request.POST or None, organisation=request.organisation,
                         initial={"heard_on": timezone.localdate()})
    if request.method == "POST" and not form.searching and form.is_valid():
        try:
            voice, _new = record_voice(request.organisation, peer_voice_in(form), request.user,
                                       add_people=False)
        except Refused as refused:
            for _name, message in refused.problems:
                form.add_error(None, message)
        else:
            messages.success(request, _("Thank you: “%(text)s” is logged. Add the next one "
                                        "below.") % {"text": voice.text[:60]})
            return redirect("voices:peer_add", org_slug=request.organisation.slug)
    return render(request, "voices/peer_form.html", {"form": form})


@member_required()  # the helper answers 404 for a voice that is not theirs, then the role
@require_http_methods(["GET", "POST"])
def peer_correct(request: OrgRequest, voice_id: int) -> HttpResponse:
    """A peer puts right what they logged; the change is kept in the voice's history."""
    voice = get_peer_voice_for(request, voice_id)
    form = PeerCorrectionForm(request.POST or None, initial={
        "text": voice.text, "channel": voice.channel, "heard_on": voice.heard_on,
        "kind": voice.kind, "version": version_of(voice)})
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "person": voice.person, "group": voice.group}
        try:
            correct_voice(voice, data, list(voice.tags.values_list("name", flat=True)),
                          request.user, data["version"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your correction is saved."))
            return redirect("voices:peer_list", org_slug=request.organisation.slug)
    return render(request, "voices/peer_correct.html", {"form": form, "voice": voice})

