"""Publishing freezes a report; sharing lets a funder read one without an account."""

import datetime
import logging
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coproduce.audit.models import Action, record
from coproduce.commissioning.models import Fund
from coproduce.projects.models import Project

from .builder import build, still_agreed
from .figures import Report
from .models import Publication, PublicationStatus, PublishedReport, ShareLink, hash_token

LANGUAGES = ("en", "cy")
logger = logging.getLogger("coproduce.reports")
ABANDONED_AFTER = datetime.timedelta(minutes=15)  # far longer than the largest report takes


def changes_between(before: Report, after: Report) -> list[list[str]]:
    """Every figure that differs between two versions: [section, measure, was, now]."""
    was = {(s, m): v for s, m, v in before.rows()}
    now = {(s, m): v for s, m, v in after.rows()}
    return [[s, m, was.get((s, m), ""), now.get((s, m), "")]
            for s, m in list(now) + [key for key in was if key not in now]
            if was.get((s, m)) != now.get((s, m))]


def publish(organisation: Any, start: datetime.date, end: datetime.date,
            project: Project | None, by: Any, note: str = "",
            fund: Fund | None = None) -> PublishedReport:
    """Freeze the report as it stands, in both languages; a new version of the same period
    (and project) keeps a link to the one before and lists what changed. The building reads
    outside the transaction, which holds only the writes."""
    content = contents(organisation, start, end, project, fund)
    with transaction.atomic():
        return freeze(organisation, start, end, fund.project if fund is not None else project,
                      by, note, fund, content)


def contents(organisation: Any, start: datetime.date, end: datetime.date,
             project: Project | None, fund: Fund | None) -> dict[str, Any]:
    return {language: build(organisation, start, end, project, language, fund).as_json()
            for language in LANGUAGES}


def freeze(organisation: Any, start: datetime.date, end: datetime.date,
           project: Project | None, by: Any, note: str, fund: Fund | None,
           content: dict[str, Any]) -> PublishedReport:
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


def request_publication(organisation: Any, key: str, start: datetime.date,
                        end: datetime.date, project: Project | None, by: Any, note: str = "",
                        fund: Fund | None = None) -> Publication:
    """Record that `by` asked to publish this report, and queue the building for the worker.
    The same key (a second click on the same button), or a request for the same report still
    waiting, gives back the request already made instead of a second version."""
    from .tasks import publish_report  # the task module imports this one

    project = fund.project if fund is not None else project
    mine = Publication.objects.filter(organisation=organisation)
    if found := (mine.filter(key=key).first() or mine.filter(
            project=project, fund=fund, start=start, end=end,
            status__in=[PublicationStatus.WAITING, PublicationStatus.BUILDING]).first()):
        return found
    try:
        with transaction.atomic():
            made = Publication.objects.create(
                organisation=organisation, key=key, project=project, fund=fund, start=start,
                end=end, note=note.strip(), requested_by=by)
    except IntegrityError:  # the other click got there first
        return mine.get(key=key)
    transaction.on_commit(lambda: publish_report.enqueue(made.pk))
    return made


def unfinished(requests: "QuerySet[Publication]") -> list[Publication]:
    """The requests still being built, and those whose latest try (in the last day) failed:
    a failure tried again successfully is no longer shown."""
    recent = requests.filter(
        Q(status__in=[PublicationStatus.WAITING, PublicationStatus.BUILDING])
        | Q(requested_at__gte=timezone.now() - datetime.timedelta(days=1)))
    latest: dict[tuple[Any, ...], Publication] = {}
    for asked in recent.select_related("project").order_by("-requested_at", "-id")[:100]:
        latest.setdefault((asked.start, asked.end, asked.project_id, asked.fund_id), asked)
    return [asked for asked in latest.values()
            if asked.in_progress or asked.status == PublicationStatus.FAILED]


def carry_out(publication_id: int) -> PublishedReport | None:
    """Build and freeze a requested publication (the worker's task). Only one worker takes a
    request; one that fails is kept with the reason, in words, for the person to read."""
    now = timezone.now()
    # A request left "being built" by a worker that was killed is taken up again.
    taken = Publication.objects.filter(
        Q(status=PublicationStatus.WAITING)
        | Q(status=PublicationStatus.BUILDING, started_at__lt=now - ABANDONED_AFTER),
        pk=publication_id).update(status=PublicationStatus.BUILDING, started_at=now)
    if not taken:
        return None  # done already, or another worker has it
    asked = Publication.objects.select_related("organisation", "project", "fund",
                                               "requested_by").get(pk=publication_id)
    try:
        content = contents(asked.organisation, asked.start, asked.end, asked.project, asked.fund)
        with transaction.atomic():
            made = freeze(asked.organisation, asked.start, asked.end, asked.project,
                          asked.requested_by, asked.note, asked.fund, content)
            Publication.objects.filter(pk=publication_id).update(
                status=PublicationStatus.DONE, finished_at=timezone.now(), report=made)
    except Exception as error:
        logger.exception("Publishing report request %s failed", publication_id)
        Publication.objects.filter(pk=publication_id).update(
            status=PublicationStatus.FAILED, finished_at=timezone.now(),
            failure=(str(error) or type(error).__name__)[:500])
        return None
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
