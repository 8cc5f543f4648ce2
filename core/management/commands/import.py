"""`ipharbour import KIND PATH...`: import files with the importer an app registered for KIND (patents,
trials, portfolio: see core.importing), with a progress bar and a summary.

With --json the last line printed on stdout is exactly one JSON object:
{"created": N, "updated": N, "unchanged": N, "rejected": N, "errors": [{"record": "...", "reason": "..."}]}
"""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from core.errors import DomainError
from core.importing import IMPORTED, IMPORTERS, ImportOptions, ImportResult

SHOWN_ERRORS = 20


class Command(BaseCommand):
    help = "Import patents (USPTO XML, JSONL), trials (ClinicalTrials.gov JSON/CSV, HINT) or a portfolio CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = ", ".join(f"{kind}: {importer.description}" for kind, importer in IMPORTERS.items())
        parser.add_argument("what", choices=list(IMPORTERS), help=kinds)
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        # The options every importer is given; each uses those it understands (core.importing.ImportOptions).
        parser.add_argument("--organisation", help="Slug of the organisation that owns a portfolio.")
        parser.add_argument("--user", help="E-mail of the person the import is recorded for.")
        parser.add_argument("--no-link", action="store_true", help="Do not link trials to assets.")
        parser.add_argument("--json", action="store_true", help="End with the result as one JSON line.")
        parser.add_argument(
            "--workers",
            type=int,
            help="Worker processes that read USPTO XML while this one writes; 1: this one reads it "
            "(default: 2 for plain XML files of 16 MB or more, 1 for smaller ones).",
        )

    def handle(self, *args, what: str, paths: list[Path], **options) -> None:
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers must be 1 or more.")
        user = self._user(options.get("user"))
        with tqdm(desc=what, unit=" records", file=sys.stderr, disable=None) as bar:
            told = ImportOptions(
                user=user,
                progress=bar.update,
                link=not options["no_link"],
                workers=options["workers"],
                organisation=options.get("organisation") or "",
            )
            try:
                result = IMPORTERS[what].run(paths, told)
                IMPORTED.announce(what, told)
            except DomainError as error:
                raise CommandError(error.detail) from error
        self._summary(what, result)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))

    def _user(self, email: str | None):
        if not email:
            return None
        try:
            return get_user_model().objects.get(email__iexact=email)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user with the e-mail address {email!r}.") from None

    def _summary(self, what: str, result: ImportResult) -> None:
        self.stdout.write(
            f"{what}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.rejected} rejected"
        )
        for error in result.errors[:SHOWN_ERRORS]:
            self.stdout.write(f"  rejected {error['record']}: {error['reason']}")
        if len(result.errors) > SHOWN_ERRORS:
            self.stdout.write(f"  … and {len(result.errors) - SHOWN_ERRORS} more (see the import run)")
