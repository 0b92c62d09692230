"""Publishing freezes a report; sharing lets a funder read one without an account."""

import datetime
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coproduce.audit.models import Action, record
from coproduce.commissioning.models import Fund
from coproduce.projects.models import Project

from .builder import build, still_agreed
from .figures import Report
from .models import PublishedReport, ShareLink, hash_token

LANGUAGES = ("en", "cy")


def changes_between(before: Report, after: Report) -> list[list[str]]:
    """Every figure that differs between two versions: [section, measure, was, now]."""
    was = {(s, m): v for s, m, v in before.rows()}
    now = {(s, m): v for s, m, v in after.rows()}
    return [[s, m, was.get((s, m), ""), now.get((s, m), "")]
            for s, m in list(now) + [key for key in was if key not in now]
            if was.get((s, m)) != now.get((s, m))]


@transaction.atomic
def publish(organisation: Any, start: datetime.date, end: datetime.date,
            project: Project | None, by: Any, note: str = "",
            fund: Fund | None = None) -> PublishedReport:
    """Freeze the report as it stands, in both languages; a new version of the same period
    (and project) keeps a link to the one before and lists what changed."""
    content = {language: build(organisation, start, end, project, language, fund).as_json()
               for language in LANGUAGES}
    project = fund.project if fund is not None else project
    previous = (PublishedReport.objects.select_for_update(of=("self",))
                .filter(organisation=organisation, project=project, fund=fund, start=start,
                        end=end, next_version__isnull=True).order_by("-version").first())
    changes = changes_between(Report.from_json(previous.content["en"]),
                              Report.from_json(content["en"])) if previous else []
    made = PublishedReport.objects.create(
        organisation=organisation, project=project, fund=fund,
        project_title=content["en"]["project"], start=start, end=end,
        version=previous.version + 1 if previous else 1, previous=previous, content=content,
        changes=changes, note=note.strip(), published_by=by)
    record(Action.EXPORT, user=by, organisation=organisation,
           target=f"report {made.pk}", what="published", version=made.version)
    return made


def frozen(report: PublishedReport, language: str) -> Report:
    """The report as published, less any quote whose speaker has since withdrawn consent."""
    found = Report.from_json(report.content["cy" if language.startswith("cy") else "en"])
    quotes = found.section("quotes")
    if quotes and quotes.quotes:
        agreed = still_agreed([q["person"] for q in quotes.quotes if q.get("person")])
        kept = [q for q in quotes.quotes if q.get("person") in agreed]
        if len(kept) < len(quotes.quotes):
            with translation.override(found.language):
                quotes.notes.append(_("Quotes from people who have since withdrawn their "
                                      "consent are no longer shown."))
        quotes.quotes = kept
    return found


def share(report: PublishedReport, shared_with: str, expires_on: datetime.date,
          by: Any) -> tuple[ShareLink, str]:
    """Make a share link; the token is returned once and only its hash is kept."""
    token = secrets.token_urlsafe(24)
    link = ShareLink.objects.create(report=report, token_hash=hash_token(token),
                                    shared_with=shared_with.strip(), expires_on=expires_on,
                                    created_by=by)
    record(Action.EXPORT, user=by, organisation=report.organisation,
           target=f"report {report.pk}", what="share link", shared_with=link.shared_with,
           expires_on=expires_on.isoformat())
    return link, token


def revoke(link: ShareLink, by: Any) -> None:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        record(Action.EXPORT, user=by, organisation=link.report.organisation,
               target=f"report {link.report_id}", what="share link revoked",
               shared_with=link.shared_with)


def find_share(org_slug: str, token: str) -> ShareLink | None:
    return (ShareLink.objects.select_related("report__organisation")
            .filter(report__organisation__slug=org_slug, token_hash=hash_token(token)).first())
