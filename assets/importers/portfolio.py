"""An organisation's own portfolio as a bilingual CSV: the template, and its import.

Each row is checked in full before anything is written and then written in its own savepoint, so a bad
row changes nothing and the good rows around it are kept. Portfolios are small; clarity wins over batching.
"""

import csv
import hashlib
import io
import json
import re
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, User
from accounts.permissions import can_edit_for, is_member
from accounts.services import require_approved
from assets.importers import normalise
from assets.importers import portfolio_columns as columns
from assets.importers.rows import derive
from assets.models import Asset, BiomedicalProfile, Classification, ImportRun, Indication
from assets.services import ASSETS_WRITTEN, log_assets
from assets.terms import load_rules
from core.errors import Forbidden, InvalidInput, NotFound
from core.importing.result import FirstSeen, ImportResult, RejectRecord
from core.importing.runs import finish_run, start_run
from core.importing.sources import csv_reason, decoded_lines, not_text, numbered_lines, source_name
from core.languages import detect_language, fold
from core.spreadsheets import SafeWriter

PORTFOLIO_SOURCE = "portfolio"
_PUBLICATION = re.compile(r"^([A-Z]{2})([A-Z]*?)0*(\d+)([A-Z]\d?)?$")


def portfolio_template_csv() -> str:
    """The header row of the template, bilingual, with a BOM so that spreadsheets open it as UTF-8."""
    buffer = io.StringIO()
    SafeWriter(buffer, lineterminator="\r\n").writerow([column.header for column in columns.COLUMNS])
    return "\ufeff" + buffer.getvalue()


def import_portfolio(
    fileobj: IO[bytes], *, organisation: Organisation, user: User | None = None
) -> ImportResult:
    """Import the rows of a filled template as assets owned by `organisation`."""
    if user is not None and not can_edit_for(user, organisation):
        if is_member(user, organisation):
            raise Forbidden(_("Only administrators and members may import the organisation's assets."))
        raise NotFound(_("No such organisation."))
    require_approved(organisation)
    _check_readable(fileobj, source_name(fileobj))
    run = start_run(
        ImportRun,
        kind=ImportRun.Kind.PORTFOLIO,
        source_name=source_name(fileobj),
        user=user,
        organisation=organisation,
    )
    result = ImportResult(run=run)
    _Importer(organisation, result, source_name(fileobj)).run(fileobj)
    return finish_run(run, result, user=user)


def _check_readable(fileobj: IO[bytes], name: str) -> None:
    """Read the whole file once as CSV before anything is written: a file that cannot be read to its end
    (a cell past the csv module's limit, a broken quote) is refused whole, with the line, and writes nothing.
    Portfolios are small, so reading twice costs little."""
    lines = decoded_lines(numbered_lines(fileobj), [])
    header = next(lines, "")
    reader = csv.reader(lines, delimiter=_delimiter(header))
    try:
        for _cells in reader:
            pass
    except csv.Error as error:
        line = reader.line_num + 1
        raise InvalidInput(
            _("%(name)s, line %(line)d: %(reason)s")
            % {"name": name, "line": line, "reason": csv_reason(error)},
            field="file",
        ) from None
    finally:
        fileobj.seek(0)


class _Importer:
    def __init__(self, organisation: Organisation, result: ImportResult, name: str):
        self.organisation = organisation
        self.result = result
        self.name = name
        self.rules = load_rules()
        self.today = timezone.localdate()
        self.indications = _indication_lookup()
        self.seen = FirstSeen()

    def run(self, fileobj: IO[bytes]) -> None:
        if what := not_text(fileobj):
            reason = _("%(name)s is not a CSV file: %(what)s") % {"name": self.name, "what": what}
            self.result.reject(self.name, reason)
            return
        bad_lines: list[tuple[int, str]] = []
        lines = decoded_lines(numbered_lines(fileobj), bad_lines)
        header_line = next(lines, "")
        if bad_lines:
            self.result.reject(f"{self.name}:1", bad_lines[0][1])
            return
        delimiter = _delimiter(header_line)
        keys = [columns.column_key(cell) for cell in next(csv.reader([header_line], delimiter=delimiter))]
        if "number" not in keys or "title" not in keys:
            self.result.reject(f"{self.name}:1", _("the header must name the number and title columns"))
            return
        reader = csv.reader(lines, delimiter=delimiter)
        reported = 0
        for cells in reader:
            line = reader.line_num + 1
            for number, reason in bad_lines[reported:]:
                self.result.reject(f"{self.name}:{number}", reason)
            reported = len(bad_lines)
            if any(cell.strip() for cell in cells):
                self._row(line, {k: v for k, v in zip(keys, cells, strict=False) if k})
        for number, reason in bad_lines[reported:]:
            self.result.reject(f"{self.name}:{number}", reason)

    def _row(self, line: int, row: dict[str, str]) -> None:
        label = f"{self.name}:{line} {row.get('number', '').strip()}".strip()
        try:
            fields, profile, visibility = self._read(row)
            label = f"{self.name}:{line} {fields['number']}"
            if duplicate := self.seen.duplicate(fields["number"], f"{self.name}:{line}"):
                raise duplicate
            with transaction.atomic():
                outcome = self._write(fields, profile, visibility)
                self.result.store_progress({outcome: 1})
        except RejectRecord as rejection:
            self.result.reject(label, rejection.reason)
            return
        self.result.count(outcome)

    def _read(self, row: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any] | None, str | None]:
        cell = row.get
        kind = columns.KINDS(cell("type", "")) or Asset.Kind.INVENTION
        number = _number(cell("number", ""))
        if not number:
            raise RejectRecord(_("missing number"))
        title = " ".join(cell("title", "").split())
        if not title:
            raise RejectRecord(_("missing title"))
        match = _PUBLICATION.match(number)
        jurisdiction = cell("jurisdiction", "").strip().upper() or (match.group(1) if match else "")
        if not re.fullmatch(r"[A-Z]{2}", jurisdiction):
            raise RejectRecord(_("missing jurisdiction (a two-letter office code)"))
        fields = {
            "kind": kind,
            "jurisdiction": jurisdiction,
            "number": number,
            "kind_code": cell("kind_code", "").strip().upper() or _kind_code(number),
            "application_number": normalise.application_number(cell("application_number", "")),
            "title": title,
            "abstract": cell("abstract", "").strip(),
            "original_language": columns.LANGUAGES(cell("original_language", "")) or detect_language(title),
            "applicants": [normalise.party(name) for name in columns.split_list(cell("applicants", ""))],
            "inventors": [normalise.party(name) for name in columns.split_list(cell("inventors", ""))],
            "cpc_codes": _codes(cell("cpc_codes", ""), "CPC"),
            "ipc_codes": _codes(cell("ipc_codes", ""), "IPC"),
            "source": PORTFOLIO_SOURCE,
        }
        fields.update(_dates(row))
        fields.update(_holder_and_status(row, fields))
        _check_lengths(fields)
        return fields, self._profile(row), columns.VISIBILITIES(cell("visibility", ""))

    def _profile(self, row: dict[str, str]) -> dict[str, Any] | None:
        if not any((row.get(key) or "").strip() for key in columns.PROFILE_KEYS):
            return None
        named = columns.split_list(row.get("indications", ""))
        return {
            "drug_name": row.get("drug_name", "").strip(),
            "inn": row.get("inn", "").strip(),
            "modality": columns.MODALITIES(row.get("modality", "")) or "",
            "targets": columns.split_list(row.get("targets", "")),
            "indications_text": "; ".join(named),
            "indications": sorted({code for name in named if (code := self.indications.get(fold(name)))}),
            "phase": columns.PHASES(row.get("phase", "")),
            "tcm_formula": columns.tcm_formula(row.get("tcm_formula", "")),
        }

    def _write(self, fields: dict, profile: dict | None, visibility: str | None) -> str:
        content_hash = _hash(fields, profile, visibility, self.organisation.pk)
        asset = Asset.objects.select_for_update().filter(number=fields["number"]).first()
        if asset is not None and asset.owner_id not in (None, self.organisation.pk):
            raise RejectRecord(_("this number belongs to another organisation's asset"))
        if asset is not None and asset.content_hash == content_hash:
            return "unchanged"
        outcome = "created" if asset is None else "updated"
        asset = asset or Asset(visibility=Asset.Visibility.CONFIDENTIAL)
        for name, value in fields.items():
            setattr(asset, name, value)
        asset.owner = self.organisation
        asset.visibility = visibility or asset.visibility
        asset.content_hash = content_hash
        derive(asset, self.rules, self.today).save()
        _replace_classifications(asset)
        if profile is not None:
            _save_profile(asset, profile)
        ASSETS_WRITTEN.announce([asset.pk])
        if outcome == "created":
            log_assets([asset], "asset.registered", organisation=self.organisation.name)
        return outcome


def _delimiter(header: str) -> str:
    # Spreadsheets in some locales save "CSV" with semicolons or tabs.
    return max((",", ";", "\t"), key=header.count)


def _number(cell: str) -> str:
    text = re.sub(r"[\s,]", "", cell or "").upper()
    if match := _PUBLICATION.match(text):
        return "".join(part or "" for part in match.groups())
    return text


def _kind_code(number: str) -> str:
    match = _PUBLICATION.match(number)
    return (match.group(4) or "") if match else ""


def _codes(cell: str, scheme: str) -> list[str]:
    codes = []
    for code in columns.split_list(cell):
        if not (normalised := normalise.classification_code(code)):
            raise RejectRecord(_("unreadable %(scheme)s code: %(code)s") % {"scheme": scheme, "code": code})
        codes.append(normalised)
    return list(dict.fromkeys(codes))


_DATES = {
    "application_date": gettext_lazy("application date"),
    "publication_date": gettext_lazy("publication date"),
    "grant_date": gettext_lazy("grant date"),
}


def _dates(row: dict[str, str]) -> dict[str, Any]:
    dates = {key: columns.read_date(row.get(key, ""), what) for key, what in _DATES.items()}
    filed = dates["application_date"]
    for later in ("publication_date", "grant_date"):
        day = dates[later]
        if filed and day and day < filed:
            raise RejectRecord(
                _("%(what)s %(date)s is before the application date %(filed)s")
                % {"what": _DATES[later], "date": day, "filed": filed}
            )
    return dates


def _holder_and_status(row: dict[str, str], fields: dict[str, Any]) -> dict[str, Any]:
    holder = " ".join(row.get("holder_name", "").split())
    country = row.get("holder_country", "").strip().upper()[:2]
    if not holder and fields["applicants"]:
        holder = fields["applicants"][0]["name"]
    granted = fields["grant_date"] is not None
    status = columns.STATUSES(row.get("legal_status", ""))
    if status is None:
        status = Asset.Status.GRANTED if granted else Asset.Status.PENDING
    return {
        "holder_name": holder,
        "holder_country": country,
        "legal_status": status,
        "publication_number": fields["number"] if fields["publication_date"] else "",
        "grant_number": fields["number"] if granted else "",
    }


def _check_lengths(fields: dict[str, Any]) -> None:
    for name, limit in {"number": 40, "application_number": 40, "title": 500, "holder_name": 300}.items():
        if len(fields[name]) > limit:
            raise RejectRecord(
                _("%(field)s is longer than %(limit)d characters") % {"field": name, "limit": limit}
            )


def _hash(fields: dict, profile: dict | None, visibility: str | None, owner: int) -> str:
    canonical = {"fields": fields, "profile": profile, "visibility": visibility, "owner": owner}
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _indication_lookup() -> dict[str, str]:
    """Folded code and names in the three languages → the vocabulary code."""
    lookup = {}
    for indication in Indication.objects.all():
        for name in (indication.code, indication.name_en, indication.name_zh_hant, indication.name_zh_hans):
            lookup[fold(name)] = indication.code
    return lookup


def _replace_classifications(asset: Asset) -> None:
    asset.classifications.all().delete()
    Classification.objects.bulk_create(
        Classification(asset=asset, scheme=scheme, code=code, section=code[:1])
        for scheme, codes in (("cpc", asset.cpc_codes), ("ipc", asset.ipc_codes))
        for code in codes
    )


def _save_profile(asset: Asset, profile: dict[str, Any]) -> None:
    values = {key: value for key, value in profile.items() if key != "indications"}
    biomedical, _created = BiomedicalProfile.objects.update_or_create(
        asset=asset, defaults={**values, "derived_from": ""}
    )
    biomedical.indications.set(Indication.objects.filter(code__in=profile["indications"]))
