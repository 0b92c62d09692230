import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.organisations.models import Organisation
from coproduce.themes.engine import ThemeIndex
from coproduce.themes.models import Theme
from coproduce.themes.store import (
    backend,
    regroup,
    store_vectors,
    theme_states,
    vector_cache,
    voice_texts,
)
from coproduce.voices.models import Voice


def external_ids(organisation: Any) -> dict[Any, str]:
    return {pk: external or f"voice-{pk}" for pk, external in
            Voice.objects.filter(organisation=organisation).values_list("pk", "external_id")}


class Command(BaseCommand):
    help = "Re-group an organisation's voices into themes, or suggest confirmed themes."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, metavar="SLUG")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--regroup", action="store_true")
        action.add_argument("--suggest", action="store_true")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        ids = external_ids(organisation)
        output = self.regroup(organisation, ids) if options["regroup"] else self.suggest(
            organisation, ids)
        if options["json"]:
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        elif options["regroup"]:
            self.stdout.write(f"{len(output['themes'])} themes, {len(output['ungrouped'])} "
                              f"voices not yet grouped ({output['backend']}).")
            for theme in output["themes"]:
                self.stdout.write(f"  {theme['label']}: {len(theme['external_ids'])} voices")
        else:
            for row in output["suggestions"]:
                best = ", ".join(f"{t['label']} ({t['score']:.2f})" for t in row["themes"])
                self.stdout.write(f"{row['external_id']}: {best or '-'}")

    def regroup(self, organisation: Any, ids: dict[Any, str]) -> dict[str, Any]:
        result = regroup(organisation)
        stored = {t.key: t for t in Theme.objects.filter(organisation=organisation)}
        themes = []
        for found in result.themes:
            theme = stored[str(found.id)]
            themes.append({"id": theme.pk, "label": theme.label, "confirmed": theme.confirmed,
                           "external_ids": sorted(ids[v] for v in found.member_ids if v in ids)})
        return {"backend": result.backend, "themes": themes,
                "ungrouped": sorted(ids[v] for v in result.ungrouped_ids if v in ids)}

    def suggest(self, organisation: Any, ids: dict[Any, str]) -> dict[str, Any]:
        voices = voice_texts(organisation)
        confirmed = [state for state in theme_states(organisation) if state.confirmed]
        index = ThemeIndex.build(voices, confirmed, vector_cache(organisation),
                                 backend=backend())
        store_vectors(index.new_vectors)
        in_confirmed = set().union(*(s.member_ids | s.pinned_ids for s in confirmed))
        rows = []
        for position, voice in enumerate(voices):
            if voice.id in in_confirmed:
                continue
            scores = index.theme_scores(index.vectors[position], limit=3)
            rows.append({"external_id": ids[voice.id],
                         "themes": [{"label": s.label, "score": round(s.score, 4)}
                                    for s in scores]})
        return {"backend": index.backend, "suggestions": rows}
