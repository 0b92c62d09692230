"""Participants acting in their projects while signed in: their part, replies, proposals.

Everything here needs the login linked to a People record; a participant reaches only the
projects and meetings they take part in (through the projects' access helper) and only their
own invitation (someone else's is 404). Staff decide proposals from the project page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.organisations.access import OrgRequest, member_required
from coproduce.people.models import Person

from .access import get_meeting_for, get_project_for
from .forms import DecideProposalForm, ProposalForm, ReplyForm
from .invitations import may_reply_signed_in, record_reply
from .participation import to_do, your_meetings, your_projects, your_proposals
from .proposals import decide, propose


def linked_person(request: OrgRequest) -> Person:
    """The People record of the signed-in member; 403 when their login has none."""
    person = request.membership.person
    if person is None or person.organisation_id != request.organisation.pk:
        raise PermissionDenied
    return person


@member_required("take_part")
def your_part(request: OrgRequest) -> HttpResponse:
    person = request.membership.person
    if person is None:
        return render(request, "projects/your_part.html", {"unlinked": True})
    return render(request, "projects/your_part.html", {
        "projects": your_projects(person), "proposals": your_proposals(person),
        "meetings": list(your_meetings(person)),
        "to_do": to_do(request.membership, person)})


@member_required("take_part")
@require_http_methods(["GET", "POST"])
def your_reply(request: OrgRequest, project_id: int, meeting_id: int) -> HttpResponse:
    """A participant replies to their own invitation while signed in (and may change it)."""
    project = get_project_for(request, project_id)
    meeting = get_meeting_for(request, project, meeting_id)
    invitation = get_object_or_404(meeting.invitations.all(), person=linked_person(request))
    form = ReplyForm.for_link(request.POST or None)
    problem = may_reply_signed_in(invitation)
    if request.method == "POST" and not problem and form.is_valid():
        try:
            record_reply(invitation, form.cleaned_data["reply"], form.cleaned_data["support"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your reply to “%(title)s” is recorded.")
                             % {"title": meeting.title})
            return redirect("projects:your_part", org_slug=request.organisation.slug)
    return render(request, "projects/your_reply.html", {
        "project": project, "meeting": meeting, "invitation": invitation, "form": form,
        "problem": problem})


@member_required("take_part")
@require_http_methods(["GET", "POST"])
def proposal_add(request: OrgRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request, project_id)
    person = linked_person(request)
    form = ProposalForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            propose(project, person, request.user, data["kind"], data["text"], data["meeting"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your proposal is with the project. You "
                                        "will see here what is decided."))
            return redirect("projects:your_part", org_slug=request.organisation.slug)
    return render(request, "projects/proposal_form.html", {"project": project, "form": form})


@member_required("edit_projects")
@require_POST
def proposal_decide(request: OrgRequest, project_id: int,
                    project_proposal_id: int) -> HttpResponse:
    project = get_project_for(request, project_id, write=True)
    proposal = get_object_or_404(project.proposals.all(), pk=project_proposal_id)
    form = DecideProposalForm(request.POST, prefix=f"p{proposal.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            decide(proposal, data["agree"], request.user, data["answer"], data["method"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The proposal has been decided."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values()
                                         for e in errors))
    return redirect(project)
