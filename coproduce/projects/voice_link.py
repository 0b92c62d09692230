"""'Project it relates to' on the quick-entry form for voices (see voices/links.py)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.voices import links

from .models import Project, ProjectStatus


def project_field(organisation: Any) -> forms.Field:
    return forms.ModelChoiceField(
        label=_("Project it relates to"), required=False, empty_label=_("None"),
        queryset=Project.objects.filter(organisation=organisation)
        .exclude(status=ProjectStatus.FINISHED))


def attach(voice: Any, project: Project) -> None:
    project.voices.add(voice)


def register_voice_link() -> None:
    links.register(links.Link("project", project_field, attach))
