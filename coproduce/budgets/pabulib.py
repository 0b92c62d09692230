"""Pabulib files (arXiv 2305.11035) in and out: read with pabutools after checking each line,
so that a bad file is refused with the line named."""

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from pabutools.election import Instance, Profile
from pabutools.election.pabulib import parse_pabulib_from_string

VOTE_TYPES = ("approval", "ordinal", "cumulative", "scoring")


class PabulibError(ValueError):
    """The file is not a Pabulib file we can read; the message names the line."""


@dataclass
class Election:
    text: str
    meta: dict[str, str]
    projects: list[dict[str, str]]
    votes: list[dict[str, str]]
    instance: Instance
    profile: Profile


def decode(raw: bytes | str) -> str:
    """Accept UTF-8 with or without a byte-order mark, and CRLF or LF line ends."""
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read(raw: bytes | str) -> Election:
    """Check and read a Pabulib file; raise PabulibError naming the first bad line."""
    text = decode(raw)
    sections: dict[str, list[tuple[int, list[str]]]] = {"META": [], "PROJECTS": [], "VOTES": []}
    current = None
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=";"), start=1):
        if not row or not "".join(row).strip():
            continue
        head = row[0].strip()
        if head in sections and len(row) == 1:
            current = head
            continue
        if current is None:
            raise PabulibError(_("Line %(line)s: the file must start with META.")
                               % {"line": number})
        sections[current].append((number, [cell.strip() for cell in row]))
    for name in sections:
        if not sections[name]:
            raise PabulibError(_("The file has no %(name)s section.") % {"name": name})
    meta = {row[0]: row[1] if len(row) > 1 else "" for _n, row in sections["META"][1:]}
    projects = table(sections["PROJECTS"], ("project_id", "cost"))
    votes = table(sections["VOTES"], ("voter_id", "vote"))
    vote_type = meta.get("vote_type", "approval")
    if vote_type not in VOTE_TYPES:
        raise PabulibError(_("Unknown vote_type '%(type)s': use %(types)s.")
                           % {"type": vote_type, "types": ", ".join(VOTE_TYPES)})
    if "budget" not in meta:
        raise PabulibError(_("META has no budget."))
    known = set()
    for number, project in projects:
        if not project.get("cost"):
            raise PabulibError(_("Line %(line)s: project %(project)s has no cost.")
                               % {"line": number, "project": project["project_id"]})
        known.add(project["project_id"])
    for number, vote in votes:
        for choice in filter(None, vote["vote"].split(",")):
            if choice.strip() not in known:
                raise PabulibError(_("Line %(line)s: a vote for unknown project '%(project)s'.")
                                   % {"line": number, "project": choice})
        if vote_type in ("cumulative", "scoring") and len(
                vote.get("points", "").split(",")) != len(vote["vote"].split(",")):
            raise PabulibError(_("Line %(line)s: the points do not match the projects voted "
                                 "for.") % {"line": number})
    try:
        instance, profile = parse_pabulib_from_string(text)
    except Exception as error:  # pabutools raises bare errors; name them for the user
        raise PabulibError(_("The file could not be read: %(error)s") % {"error": error}
                           ) from error
    return Election(text, meta, [p for _n, p in projects], [v for _n, v in votes], instance,
                    profile)


def table(rows: list[tuple[int, list[str]]], needed: tuple[str, ...]
          ) -> list[tuple[int, dict[str, str]]]:
    number, header = rows[0]
    missing = [column for column in needed if column not in header]
    if missing:
        raise PabulibError(_("Line %(line)s: the header has no %(names)s column.")
                           % {"line": number, "names": ", ".join(missing)})
    return [(n, dict(zip(header, row, strict=False))) for n, row in rows[1:]]


def write(meta: dict[str, Any], projects: list[dict[str, Any]], votes: list[dict[str, Any]]
          ) -> str:
    """Write a Pabulib file: META, PROJECTS and VOTES, semicolon-separated."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])
    for name, rows in (("PROJECTS", projects), ("VOTES", votes)):
        writer.writerow([name])
        columns = list(rows[0]) if rows else (["project_id", "cost"] if name == "PROJECTS"
                                              else ["voter_id", "vote"])
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()
