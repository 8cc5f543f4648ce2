"""`ipharbour import patents|trials|portfolio PATH...`: import files, with a progress bar and a summary.

With --json the last line printed on stdout is exactly one JSON object:
{"created": N, "updated": N, "unchanged": N, "rejected": N, "errors": [{"record": "...", "reason": "..."}]}
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from accounts.models import Organisation, User
from assets.importers import ImportResult, import_patents, import_portfolio
from core.errors import DomainError, InvalidInput
from trials.importers import import_trials
from trials.services import link_trials

SHOWN_ERRORS = 20


class Command(BaseCommand):
    help = "Import patents (USPTO XML, JSONL), trials (ClinicalTrials.gov JSON/CSV, HINT) or a portfolio CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["patents", "trials", "portfolio"])
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
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
        options["user"] = self._user(options.get("user"))
        with tqdm(desc=what, unit=" records", file=sys.stderr, disable=None) as bar:
            result = self._import(what, paths, progress=bar.update, **options)
        self._summary(what, result)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))

    def _import(
        self, what: str, paths: list[Path], *, user: User | None, progress, **options
    ) -> ImportResult:
        if what == "patents":
            return import_patents(paths, user=user, progress=progress, workers=options["workers"])
        if what == "trials":
            return import_trials(paths, user=user, progress=progress, link=not options["no_link"])
        organisation = self._organisation(options.get("organisation"))
        total = ImportResult()
        try:
            for path in paths:
                _add(total, _portfolio_file(path, organisation, user))
        except DomainError as error:
            raise CommandError(error.detail) from error
        if not options["no_link"]:
            link_trials()  # the portfolio may name drugs that registered trials study
        return total

    def _organisation(self, slug: str | None) -> Organisation:
        if not slug:
            raise CommandError("A portfolio needs --organisation SLUG (the owner of the assets).")
        try:
            return Organisation.objects.get(slug=slug)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation with the slug {slug!r}.") from None

    def _user(self, email: str | None) -> User | None:
        if not email:
            return None
        try:
            return User.objects.get(email__iexact=email)
        except User.DoesNotExist:
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


def _portfolio_file(path: Path, organisation: Organisation, user: User | None) -> ImportResult:
    """One file's result; a file that cannot be read is one rejection, and the other files still count."""
    try:
        with path.open("rb") as upload:
            return import_portfolio(upload, organisation=organisation, user=user)
    except InvalidInput as error:
        result = ImportResult()
        result.reject(path.name, error.detail)
        return result


def _add(total: ImportResult, result: ImportResult) -> None:
    for outcome in ("created", "updated", "unchanged", "rejected"):
        total.count(outcome, getattr(result, outcome))
    total.errors += result.errors
