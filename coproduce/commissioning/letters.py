"""Award and decline letters, in the applicant's language, by e-mail or on paper."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .awards import money
from .models import Award, Bid


@dataclass
class Letter:
    subject: str
    greeting: str
    paragraphs: list[str]
    language: str


def letter_for(bid: Bid) -> Letter:
    """Write the letter in the language the applicant chose."""
    with translation.override(bid.language):
        round, fund = bid.round, bid.round.fund
        award = Award.objects.filter(bid=bid).first()
        names = {"fund": fund.display_title, "round": round.display_title,
                 "title": bid.title, "ref": bid.reference}
        if award is not None:
            subject = _("Your grant from %(fund)s") % names
            paragraphs = [_("We are pleased to tell you that the residents' panel has awarded "
                            "%(amount)s to “%(title)s” (%(ref)s) in %(round)s.")
                          % {**names, "amount": money(award.amount)}]
            if award.partial:
                paragraphs.append(_("This is less than you asked for (%(asked)s), so that "
                                    "more groups could be funded.")
                                  % {"asked": money(bid.amount)})
        else:
            subject = _("Your application to %(fund)s") % names
            paragraphs = [_("Thank you for applying for “%(title)s” (%(ref)s) in %(round)s. "
                            "We are sorry to tell you that this time the panel could not fund "
                            "it.") % names]
            if not bid.eligible:
                paragraphs.append(_("The application could not be considered because: "
                                    "%(reason)s") % {"reason": bid.ineligible_reason})
        if bid.feedback:
            paragraphs.append(_("What the panel said: %(feedback)s")
                              % {"feedback": bid.feedback})
        paragraphs.append(_("The results, with every score and the reasons for any change, "
                            "are published on our website."))
        return Letter(subject=subject, greeting=_("Dear %(name)s,") % {"name": bid.contact_name},
                      paragraphs=paragraphs, language=bid.language)


def send_letter(bid: Bid) -> bool:
    """E-mail the letter once; return whether it was sent."""
    if not bid.email or bid.letter_sent_at is not None:
        return False
    letter = letter_for(bid)
    body = "\n\n".join([letter.greeting, *letter.paragraphs, bid.organisation.display_name])
    EmailMessage(letter.subject, body, settings.DEFAULT_FROM_EMAIL, [bid.email]).send()
    Bid.objects.filter(pk=bid.pk).update(letter_sent_at=timezone.now())
    return True
