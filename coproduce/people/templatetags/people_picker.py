"""The picker's line that tells namesakes apart, for templates that list people found."""

from django import template

from coproduce.people.models import Person
from coproduce.people.picker import tell_apart as line_for

register = template.Library()


@register.filter
def tell_apart(person: Person) -> str:
    return line_for(person)
