"""The one way a form chooses people: search by name, postcode, email or phone.

A form never lists every person. `PersonField` (one person) and `PeopleField` (several) render
`PersonPicker`: a search box, a "Search" button that works without JavaScript (the form is
posted back with `PICKER_FIND` and shown again with the matches, saving nothing), and the
matches as radios or checkboxes, each with a line that tells namesakes apart. With JavaScript
the search box becomes an ARIA combobox fed by `search_view`. Forms that use a picker mix in
`PickerForm` so that a search post is never mistaken for a submission.
"""

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.lib.formchecks import SEARCH_PRESSED, SearchInPlaceForm
from coproduce.organisations.access import OrgRequest, member_required

from .models import Group, Person

PICKER_FIND = SEARCH_PRESSED
MAX_QUERY = 100
MAX_TERMS = 5
RESULTS = 10
SUGGESTED = 30


def terms_of(text: str) -> list[str]:
    return [term for term in re.split(r"\s+", text.strip()[:MAX_QUERY]) if term][:MAX_TERMS]


def term_matches(term: str) -> Q:
    """Where one word may match: an email address, a phone number, or anything."""
    if "@" in term:
        return Q(email__icontains=term)
    if len(term) >= 3 and term.lstrip("+").isdigit():
        return Q(phone__contains=term)
    return (Q(name__icontains=term) | Q(email__icontains=term) | Q(phone__icontains=term)
            | Q(postcode__icontains=term))


def find_people(people: "QuerySet[Person]", text: str, limit: int = RESULTS) -> list[Person]:
    """The people matching every word of `text` (name, postcode, email or phone), by name."""
    terms = terms_of(text)
    if not terms:
        return []
    compact = "".join(terms)
    matches = Q()
    for term in terms:
        matches &= term_matches(term)
    if 5 <= len(compact) <= 8 and compact[-3:-2].isdigit():  # a postcode typed without a space
        matches |= Q(postcode__iexact=f"{compact[:-3]} {compact[-3:]}") | Q(
            postcode__iexact=compact)
    # Sorting on lower(name) makes SQLite scan the table once rather than walk the name
    # index row by row, which is far slower when few people match.
    found = people.filter(matches).only("name", "email", "phone", "postcode", "date_joined",
                                        "organisation_id")
    return with_groups(found.order_by(Lower("name"), "id")[:limit])


def with_groups(people: Any) -> list[Person]:
    return list(people.prefetch_related(Prefetch("groups", queryset=Group.objects.order_by(
        "name"))))


def tell_apart(person: Person) -> str:
    """One line that tells this person from others of the same name."""
    parts = [person.postcode.upper()] if person.postcode else []
    parts += [str(group) for group in list(person.groups.all())[:2]]
    if person.email:
        local, _sep, domain = person.email.partition("@")
        parts.append(f"{local[:1]}…@{domain}")
    elif person.phone:
        parts.append(_("phone ending %(digits)s") % {"digits": person.phone[-3:]})
    parts.append(_("joined %(date)s") % {"date": date_format(person.date_joined, "M Y")})
    return " · ".join(parts)


def too_long(text: str) -> bool:
    return len(text) > MAX_QUERY


class PersonPicker(forms.Widget):
    """A search box with its matches; the chosen people stay chosen between searches."""

    template_name = "people/widgets/picker.html"
    multiple = False

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.queryset: QuerySet[Person] = Person.objects.none()
        self.suggested: QuerySet[Person] | None = None
        self.form_data: Any = {}
        self.search_url = ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple and hasattr(data, "getlist"):
            return data.getlist(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False if self.multiple else name not in data

    def chosen_ids(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value]
        return [int(v) for v in values if str(v or "").isdigit()]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        query = str(self.form_data.get(f"{name}_query", "") or "")
        chosen = with_groups(self.queryset.filter(pk__in=self.chosen_ids(value)))
        found = [] if too_long(query) else find_people(self.queryset, query)
        offered = [] if query or self.suggested is None else with_groups(
            self.suggested.filter(pk__in=self.queryset.values("pk"))[:SUGGESTED])
        chosen_ids = {p.pk for p in chosen}
        results = [p for p in found + offered if p.pk not in chosen_ids]
        context["widget"].update({
            "multiple": self.multiple, "query": query[:MAX_QUERY], "too_long": too_long(query),
            "searched": bool(query.strip()), "find": PICKER_FIND,
            "chosen": [(p, tell_apart(p)) for p in chosen],
            "results": [(p, tell_apart(p)) for p in results],
            "offered": bool(offered) and not query, "search_url": self.search_url,
        })
        return context


class PeoplePicker(PersonPicker):
    multiple = True


class PickerMixin:
    widget: Any

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]
        self.widget.queryset = self.queryset  # type: ignore[attr-defined]

    queryset = property(forms.ModelChoiceField._get_queryset,  # type: ignore[attr-defined]
                        _set_queryset)

    def offer_first(self, people: "QuerySet[Person]") -> None:
        """Show these people (for example a project's participants) before any search."""
        self.widget.suggested = people


class PersonField(PickerMixin, forms.ModelChoiceField):
    widget = PersonPicker

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Person.objects.none())
        super().__init__(**kwargs)


class PeopleField(PickerMixin, forms.ModelMultipleChoiceField):
    widget = PeoplePicker

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Person.objects.none())
        super().__init__(**kwargs)


def for_organisation(field: Any, organisation: Any) -> None:
    """Let the picker find only this organisation's current people."""
    field.queryset = Person.objects.filter(organisation=organisation).active()
    field.widget.search_url = reverse("people:picker", kwargs={"org_slug": organisation.slug})


def person_field(organisation: Any, **kwargs: Any) -> PersonField:
    """A one-person picker over an organisation's current people."""
    field = PersonField(**kwargs)
    for_organisation(field, organisation)
    return field


PickerForm = SearchInPlaceForm


def limit_people(fields: Iterable[forms.Field], organisation: Any) -> None:
    """Point every picker among `fields` at the organisation's current people."""
    for field in fields:
        if isinstance(field, PickerMixin):
            for_organisation(field, organisation)


SEARCH_HINT = gettext_lazy("Type part of a name, postcode, email address or phone number.")


@member_required("view_people")
def search_view(request: OrgRequest) -> HttpResponse:
    """The people matching what has been typed, for the picker's combobox (JSON)."""
    text = request.GET.get("q", "")
    if too_long(text):
        return JsonResponse({"error": _("Search with %(n)s characters or fewer.")
                             % {"n": MAX_QUERY}, "results": []}, status=400)
    people = Person.objects.filter(organisation=request.organisation).active()
    found = find_people(people, text)
    return JsonResponse({"results": [{"id": p.pk, "name": p.name, "line": tell_apart(p)}
                                     for p in found]})
