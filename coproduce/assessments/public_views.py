"""The page people without a login answer on, reached through a single-use link."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.organisations.languages import in_language_asked

from .answering import LinkRefused, save_link_answers
from .forms import AnswerForm
from .models import Invitation, Response
from .views import answer_context, initial_answers, refused, wants_easy_read


@in_language_asked
def answer_link(request: HttpRequest, org_slug: str, token: str) -> HttpResponse:
    """Answer through a link: 404 unless it is this organisation's; 410 once used or expired."""
    invitation = Invitation.find(org_slug, token)
    if invitation is None:
        raise Http404
    subject = invitation.subject
    if reason := invitation.refusal():
        return refused(request, subject, reason)
    draft = Response.objects.filter(invitation=invitation).first()
    form = AnswerForm(request.POST or None, questions=subject.questions,
                      easy_read=wants_easy_read(request, default=invitation.easy_read),
                      initial=initial_answers(draft))
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") != "save"
        if not submit or form.require_every_answer():
            try:
                save_link_answers(invitation, form, submit)
            except LinkRefused as refusal:
                return refused(request, subject, refusal.reason)
            if submit:
                return render(request, "assessments/thanks.html",
                              {"subject": subject, "organisation": subject.organisation})
            messages.success(request, _("Your answers are saved. Use the same link to finish "
                                        "them later."))
            return redirect(request.get_full_path())
    return render(request, "assessments/answer.html", answer_context(
        subject, form, organisation=subject.organisation, role=invitation.get_role_display()))
