"""What a peer mentor or volunteer fills in to log what someone told them.

A peer finds the person by name only, and sees only names and groups: never an email address,
phone number, postcode or anything in the special-category record.
"""

import uuid
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from coproduce.lib.formchecks import PlainTextForm, date_input
from coproduce.people.models import Person

from .forms import not_in_future
from .models import MAX_TEXT, Channel, Kind

PEER_WHO = [("person", _("Someone I found by name")), ("new", _("Someone not found")),
            ("anonymous", _("They would rather not be named"))]
PEER_CHANNELS = [(c.value, c.label) for c in (Channel.CONVERSATION, Channel.PHONE,
                                              Channel.EVENT, Channel.PAPER)]
NAME_MATCHES = 10


def by_name(people: "QuerySet[Person]", text: str) -> list[Person]:
    """The people whose name holds every word typed (at least two letters), by name.

    Only the name is searched, so a peer cannot learn whose email or phone number is held.
    """
    words = [word for word in text.strip()[:100].split() if word][:5]
    if not words or len("".join(words)) < 2:
        return []
    matches = Q()
    for word in words:
        matches &= Q(name__icontains=word)
    return list(people.filter(matches).only("name", "organisation_id")
                .prefetch_related("groups").order_by(Lower("name"), "id")[:NAME_MATCHES])


class PeerVoiceForm(PlainTextForm):
    text = forms.CharField(label=_("What did they tell you?"), max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages={"required": _("Enter what they told you")})
    who = forms.ChoiceField(label=_("Who told you?"), choices=PEER_WHO,
                            widget=forms.RadioSelect, initial="person")
    person_query = forms.CharField(label=_("Their name"), required=False, max_length=100,
                                   widget=forms.TextInput(attrs={"autocomplete": "off"}))
    person = forms.ModelChoiceField(label=_("Choose the person"), required=False,
                                    queryset=Person.objects.none(),
                                    error_messages={"invalid_choice": _(
                                        "Choose someone from the list")})
    new_person_name = forms.CharField(
        label=_("Their name, as they gave it"), required=False, max_length=150,
        help_text=_("Staff will add them to People, or match them to someone already there."))
    on_behalf = forms.BooleanField(
        label=_("These are their own words, which I wrote down for them"), required=False,
        initial=True, help_text=_("Untick if you are passing on what you heard in your own "
                                  "words."))
    channel = forms.ChoiceField(label=_("Where did you hear it?"), choices=PEER_CHANNELS,
                                initial=Channel.CONVERSATION)
    heard_on = forms.DateField(label=_("When did they tell you?"), widget=date_input(),
                               error_messages={"required": _("Enter the date they told you"),
                                               "invalid": _("Enter a real date")})
    kind = forms.ChoiceField(label=_("What kind of thing is it?"), choices=Kind.choices,
                             widget=forms.RadioSelect, initial=Kind.IDEA)
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = Person.objects.filter(organisation=organisation).active()
        self.fields["person"].queryset = self.people  # type: ignore[attr-defined]
        self.initial.setdefault("form_token", uuid.uuid4().hex)
        query = str(self.data.get("person_query", "")) if self.is_bound else ""
        self.candidates = by_name(self.people, query)
        chosen = str(self.data.get("person", "")) if self.is_bound else ""
        if chosen.isdigit() and all(p.pk != int(chosen) for p in self.candidates):
            self.candidates[:0] = list(self.people.filter(pk=chosen).only("name"))

    @property
    def searching(self) -> bool:
        """The Find button shows the matching names again; it saves nothing."""
        return self.is_bound and "find" in self.data

    def clean_heard_on(self) -> Any:
        return not_in_future(self.cleaned_data["heard_on"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        who = cleaned.get("who")
        if who == "person" and not cleaned.get("person") and "person" not in self.errors:
            self.add_error("person_query", _("Find and choose the person, or choose “Someone "
                                             "not found”"))
        if who == "new" and not cleaned.get("new_person_name", "").strip():
            self.add_error("new_person_name", _("Enter their name"))
        return cleaned


class PeerCorrectionForm(PlainTextForm):
    text = PeerVoiceForm.base_fields["text"]
    channel = PeerVoiceForm.base_fields["channel"]
    heard_on = PeerVoiceForm.base_fields["heard_on"]
    kind = PeerVoiceForm.base_fields["kind"]
    version = forms.CharField(widget=forms.HiddenInput)

    def clean_heard_on(self) -> Any:
        return not_in_future(self.cleaned_data["heard_on"])
