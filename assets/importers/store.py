"""Writing checked patent records in batches: one transaction per batch, bulk inserts and updates.

A record whose content hash matches the stored one is counted unchanged and costs no write. If a batch
fails in the database, it is rolled back and written again record by record, each in its own savepoint,
so that the one record at fault is rejected and the others are kept.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.importers.records import SOLID_TUMOURS, CheckedPatent
from assets.importers.result import ImportResult, Progress
from assets.indexing import cpc_section_of, search_text_of
from assets.models import Asset, BiomedicalProfile, Classification, Family, Indication, PatentTermRule
from assets.services import log_assets, schedule_index
from assets.terms import compute_expiry, load_rules

DERIVED_FROM_CPC = "CPC A61P35"


@dataclass
class Pending:
    label: str
    patent: CheckedPatent


def derive(asset: Asset, rules: list[PatentTermRule], today: date) -> Asset:
    """The fields kept on the row for search, faceting and the term: section, search text, expiry."""
    asset.cpc_section = cpc_section_of(asset.cpc_codes or asset.ipc_codes)
    asset.search_text = search_text_of(asset)
    asset.expiry_date, _explanation = compute_expiry(asset, rules)
    if asset.kind_code[:1] in {"E", "C"} and asset.jurisdiction == "US":
        asset.expiry_date = None  # a reissue or re-examination ends with the original patent
    live = {Asset.Status.GRANTED, Asset.Status.PENDING}
    if asset.expiry_date and asset.expiry_date < today and asset.legal_status in live:
        asset.legal_status = Asset.Status.EXPIRED
    return asset


IMPORT_SOURCE = "public patent data"


class PatentWriter:
    """Collects checked records and writes them a batch at a time; call `close()` at the end."""

    def __init__(self, result: ImportResult, *, progress: Progress | None = None, batch_size: int = 500):
        self.result = result
        self.progress = progress
        self.batch_size = batch_size
        self.batch: dict[str, Pending] = {}
        self.rules = load_rules()
        self.today = timezone.localdate()
        self.solid_tumours = (
            Indication.objects.filter(code=SOLID_TUMOURS).values_list("id", flat=True).first()
        )

    def add(self, label: str, patent: CheckedPatent) -> None:
        if patent.number in self.batch:
            self.flush()  # the same document twice: the second is compared with what the first wrote
        self.batch[patent.number] = Pending(label, patent)
        if len(self.batch) >= self.batch_size:
            self.flush()

    def close(self) -> None:
        self.flush()

    def flush(self) -> None:
        pending, self.batch = list(self.batch.values()), {}
        if not pending:
            return
        try:
            with transaction.atomic():
                outcomes = self._write(pending)
        except DatabaseError:
            outcomes = self._write_one_by_one(pending)
        for outcome, n in outcomes.items():
            self.result.count(outcome, n)
        if self.progress:
            self.progress(len(pending))

    def _write_one_by_one(self, pending: list[Pending]) -> Counter:
        outcomes: Counter = Counter()
        for item in pending:
            try:
                with transaction.atomic():
                    outcomes += self._write([item])
            except DatabaseError as error:
                self.result.reject(item.label, _("could not be stored: %(error)s") % {"error": error})
        return outcomes

    def _write(self, pending: list[Pending]) -> Counter:
        numbers = [p.patent.number for p in pending]
        stored = {
            number: (pk, content_hash)
            for number, pk, content_hash in Asset.objects.filter(number__in=numbers).values_list(
                "number", "id", "content_hash"
            )
        }
        outcomes: Counter = Counter()
        creates, updates = [], []
        for item in pending:
            known = stored.get(item.patent.number)
            if known is None:
                creates.append(item.patent)
            elif known[1] == item.patent.content_hash:
                outcomes["unchanged"] += 1
            else:
                updates.append((known[0], item.patent))
        families = self._families([*creates, *(p for _pk, p in updates)])
        created = self._create(creates, families)
        updated = self._update(updates, families)
        self._classify(created, updated)
        self._derive_profiles(created + updated)
        schedule_index([asset.pk for asset, _new in created + updated])
        log_assets([asset for asset, _new in created], "asset.registered", source=IMPORT_SOURCE)
        outcomes["created"] += len(created)
        outcomes["updated"] += len(updated)
        return outcomes

    def _families(self, patents: list[CheckedPatent]) -> dict[str, int]:
        keys = {p.family_key for p in patents if p.family_key}
        if not keys:
            return {}
        Family.objects.bulk_create([Family(key=key) for key in keys], ignore_conflicts=True)
        return dict(Family.objects.filter(key__in=keys).values_list("key", "id"))

    def _asset(self, patent: CheckedPatent, families: dict[str, int], pk: int | None = None) -> Asset:
        asset = Asset(
            pk=pk,
            family_id=families.get(patent.family_key),
            content_hash=patent.content_hash,
            **patent.fields,
        )
        return derive(asset, self.rules, self.today)

    def _create(self, patents: list[CheckedPatent], families: dict[str, int]) -> list[tuple[Asset, bool]]:
        assets = [self._asset(p, families) for p in patents]
        insert_assets(assets)
        return [(asset, patent.antineoplastic) for asset, patent in zip(assets, patents, strict=True)]

    def _update(self, updates, families: dict[str, int]) -> list[tuple[Asset, bool]]:
        # Formats without claims (JSONL) leave stored claims alone: group the rows by the columns they set.
        groups: dict[tuple[str, ...], list[Asset]] = {}
        now = timezone.now()
        done = []
        for pk, patent in updates:
            asset = self._asset(patent, families, pk)
            asset.updated_at = now
            columns = (*patent.fields, "family", "content_hash", "updated_at", *_DERIVED)
            groups.setdefault(tuple(dict.fromkeys(columns)), []).append(asset)
            done.append((asset, patent.antineoplastic))
        for columns, assets in groups.items():
            Asset.objects.bulk_update(assets, list(columns), batch_size=100)
        return done

    def _classify(self, created, updated) -> None:
        if updated:
            Classification.objects.filter(asset_id__in=[a.pk for a, _n in updated]).delete()
        rows = [
            (asset.pk, scheme, code, code[:1])
            for asset, _antineoplastic in (*created, *updated)
            for scheme, codes in (("cpc", asset.cpc_codes), ("ipc", asset.ipc_codes))
            for code in codes
        ]
        # Tens of rows per asset: a plain executemany is several times faster than building model objects.
        table = connection.ops.quote_name(Classification._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (asset_id, scheme, code, section) VALUES (%s, %s, %s, %s)",  # noqa: S608
                rows,
            )

    def _derive_profiles(self, assets: list[tuple[Asset, bool]]) -> None:
        """Antineoplastic CPC/IPC (A61P35) → a profile for solid tumours; nothing else is guessed."""
        wanted = [asset.pk for asset, antineoplastic in assets if antineoplastic]
        if not wanted or self.solid_tumours is None:
            return
        have = set(BiomedicalProfile.objects.filter(asset_id__in=wanted).values_list("asset_id", flat=True))
        profiles = [
            BiomedicalProfile(asset_id=pk, derived_from=DERIVED_FROM_CPC) for pk in wanted if pk not in have
        ]
        BiomedicalProfile.objects.bulk_create(profiles)
        through = BiomedicalProfile.indications.through
        through.objects.bulk_create(
            [through(biomedicalprofile_id=p.pk, indication_id=self.solid_tumours) for p in profiles],
            ignore_conflicts=True,
        )


def insert_assets(assets: list[Asset]) -> None:
    """INSERT the assets with one prepared statement run for every row, then read their ids back by number.

    Django's bulk_create compiles a fresh statement for every 20-odd rows on SQLite (999 parameters at most)
    and was most of the import's time; the values are still prepared by each field, defaults included.
    """
    if not assets:
        return
    fields = [field for field in Asset._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    statement = f"INSERT INTO {quote(Asset._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    rows = [
        [field.get_db_prep_save(field.pre_save(asset, True), connection) for field in fields]
        for asset in assets
    ]
    with connection.cursor() as cursor:
        cursor.executemany(statement, rows)
    ids = dict(Asset.objects.filter(number__in=[a.number for a in assets]).values_list("number", "id"))
    for asset in assets:
        asset.pk = ids[asset.number]
        asset._state.adding = False
        asset._state.db = connection.alias


_DERIVED = ("cpc_section", "search_text", "expiry_date", "legal_status")
