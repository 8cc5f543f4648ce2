"""The registry's importers as `ipharbour import patents|portfolio` runs them (registered in apps.ready())."""

from pathlib import Path

from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from assets.importers.patents import import_patents
from assets.importers.portfolio import import_portfolio
from core.errors import InvalidInput
from core.importing import Importer, ImportOptions, ImportResult


def patents(paths: list[Path], options: ImportOptions) -> ImportResult:
    return import_patents(paths, user=options.user, progress=options.progress, workers=options.workers)


def portfolio(paths: list[Path], options: ImportOptions) -> ImportResult:
    """Each file is one portfolio of the organisation; a file that cannot be read is one rejection, and the
    other files still count."""
    organisation = _organisation(options.organisation)
    total = ImportResult()
    for path in paths:
        _add(total, _portfolio_file(path, organisation, options.user))
    return total


def _organisation(slug: str) -> Organisation:
    if not slug:
        raise InvalidInput(_("A portfolio needs --organisation SLUG (the owner of the assets)."))
    try:
        return Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist:
        raise InvalidInput(_("No organisation with the slug '%(slug)s'.") % {"slug": slug}) from None


def _portfolio_file(path: Path, organisation: Organisation, user: User | None) -> ImportResult:
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


def register() -> None:
    from assets.importers.recovery import reindex_assets_written_since
    from core.importing import register_importer

    register_importer(
        "patents",
        Importer(patents, "USPTO XML or JSONL patent documents", resume=reindex_assets_written_since),
    )
    register_importer(
        "portfolio",
        Importer(portfolio, "an organisation's portfolio CSV", resume=reindex_assets_written_since),
    )
