"""Mail about logins, sent by the worker: a failing mail server never reaches a page."""

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from coproduce.lib.text import one_line

from .models import Membership


@task()
def send_member_invitation(membership_id: int, link: str, language: str) -> None:
    """Tell a newly added member how to choose their password."""
    membership = (Membership.objects.filter(pk=membership_id)
                  .select_related("organisation", "user").first())
    if membership is None or not membership.user.email:
        return
    with translation.override(language):
        send_mail(
            one_line(_("You have been invited to %(org)s on Coproduce")
                     % {"org": membership.organisation}),
            _("You have been given access to %(org)s on Coproduce as %(role)s.\n\n"
              "To choose your password, go to %(link)s and enter this email address.")
            % {"org": membership.organisation, "role": membership.get_role_display(),
               "link": link},
            None,
            [membership.user.email],
        )
