"""`ipharbour match "TEXT"`: the best matches for a need, with why; `--json` ends with a JSON list."""

import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from core.errors import DomainError
from matching.services import match_text


class Command(BaseCommand):
    help = "Rank public assets (or listings) for a need written in English, 繁體 or 简体 Chinese."

    def add_arguments(self, parser):
        parser.add_argument("text")
        parser.add_argument("--top", type=int, default=20)
        parser.add_argument("--over", choices=["assets", "listings"], default="assets")
        parser.add_argument("--json", action="store_true", help="print the hits as JSON on the last line")
        parser.add_argument("--modality", action="append", default=[], help="e.g. antibody (repeatable)")
        parser.add_argument("--indication", action="append", default=[], help="e.g. nsclc (repeatable)")
        parser.add_argument("--phase", action="append", type=int, default=[], help="0 discovery … 6 approved")
        parser.add_argument("--territory", action="append", default=[], help="e.g. CN (repeatable)")
        parser.add_argument("--strict", action="store_true", help="drop assets that miss a criterion")
        parser.add_argument("--buyer", help="slug of the buying organisation, for buyer-specific fit")

    def handle(self, *args, **options):
        buyer = None
        if options["buyer"]:
            buyer = Organisation.objects.filter(slug=options["buyer"]).first()
            if buyer is None:
                raise CommandError(f"No organisation with the short name {options['buyer']!r}.")
        filters = {
            "modalities": options["modality"],
            "indications": options["indication"],
            "phases": options["phase"],
            "territories": options["territory"],
            "strict": options["strict"],
        }
        try:
            hits = match_text(
                options["text"],
                filters=filters,
                buyer_organisation=buyer,
                top=options["top"],
                over=options["over"],
            )
        except DomainError as error:
            raise CommandError(error.detail) from error
        for place, hit in enumerate(hits, 1):
            self.stdout.write(f"{place:>3}. {hit.number or hit.id:<16} {hit.score:.4f}")
            for why in hit.why:
                self.stdout.write(f"       {why.signal:<10} {why.contribution:+.4f}  {why.detail}")
        if not hits:
            self.stdout.write("No matches.")
        self._backlog(options["over"])
        if options["json"]:
            self.stdout.write(json.dumps([hit.as_dict() for hit in hits], ensure_ascii=False))

    def _backlog(self, over: str) -> None:
        # One line before the JSON, which stays the last line so that `--json` remains parseable.
        from matching.freshness import asset_backlog

        if over == "assets" and (backlog := asset_backlog()).behind:
            self.stdout.write(backlog.message())
