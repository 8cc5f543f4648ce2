"""Writing prepared patent records in batches: one transaction per batch, plain INSERTs and UPDATEs.

A record whose content hash matches the stored one is counted unchanged and costs no write. If a batch
fails in the database, it is rolled back and written again record by record, each in its own savepoint,
so that the one record at fault is rejected and the others are kept.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.importers.records import SOLID_TUMOURS
from assets.importers.rows import AssetRows, PreparedPatent
from assets.models import Asset, BiomedicalProfile, Classification, Family, Indication
from assets.services import ASSETS_WRITTEN, log_assets
from assets.terms import load_rules
from core.importing.result import ImportResult, Progress

DERIVED_FROM_CPC = "CPC A61P35"
IMPORT_SOURCE = "public patent data"


@dataclass
class Pending:
    label: str
    patent: PreparedPatent


class PatentWriter:
    """Collects prepared records and writes them a batch at a time; call `close()` at the end.

    `rows` prepares the records (`rows.prepare(checked)`), here or in worker processes."""

    def __init__(self, result: ImportResult, *, progress: Progress | None = None, batch_size: int = 500):
        self.result = result
        self.progress = progress
        self.batch_size = batch_size
        self.batch: dict[str, Pending] = {}
        self.rows = AssetRows(connection=connection, rules=load_rules(), today=timezone.localdate())
        self.solid_tumours = (
            Indication.objects.filter(code=SOLID_TUMOURS).values_list("id", flat=True).first()
        )
        self.lz4 = _lz4_available()

    def add(self, label: str, patent: PreparedPatent) -> None:
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
                self._fast_compression()
                outcomes = self._write(pending)
                self.result.store_progress(outcomes)
        except DatabaseError:
            outcomes = self._write_one_by_one(pending)
        for outcome, n in outcomes.items():
            self.result.count(outcome, n)
        if self.progress:
            self.progress(len(pending))

    def _fast_compression(self) -> None:
        """PostgreSQL compresses each row's long values (claims, abstract, search text); with lz4 instead of
        its default (pglz) copying the rows in takes about a third less time. For this transaction only;
        values compressed either way read the same."""
        if self.lz4:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL default_toast_compression = 'lz4'")

    def _write_one_by_one(self, pending: list[Pending]) -> Counter:
        outcomes: Counter = Counter()
        for item in pending:
            try:
                with transaction.atomic():
                    self._fast_compression()
                    written = self._write([item])
                    self.result.store_progress(outcomes + written)
                outcomes += written
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
                item.patent.pk = known[0]
                updates.append(item.patent)
        families = self._families([*creates, *updates])
        self._insert(creates, families)
        self._update(updates, families)
        created = [(patent, patent.antineoplastic) for patent in creates]
        updated = [(patent, patent.antineoplastic) for patent in updates]
        self._classify(created, updated)
        self._derive_profiles(created + updated)
        ASSETS_WRITTEN.announce([patent.pk for patent in (*creates, *updates) if patent.pk is not None])
        log_assets(creates, "asset.registered", source=IMPORT_SOURCE)
        outcomes["created"] += len(created)
        outcomes["updated"] += len(updated)
        return outcomes

    def _families(self, patents: list[PreparedPatent]) -> dict[str, int]:
        keys = {p.family_key for p in patents if p.family_key}
        if not keys:
            return {}
        known = dict(Family.objects.filter(key__in=keys).values_list("key", "id"))
        if missing := sorted(keys - known.keys()):
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            rows = [(key, now) for key in missing]
            insert_rows(Family._meta.db_table, ["key", "created_at"], rows, ignore_conflicts=True)
            known.update(Family.objects.filter(key__in=missing).values_list("key", "id"))
        return known

    def _row(self, patent: PreparedPatent, families: dict[str, int], stamp: object) -> list:
        row, index = list(patent.row), self.rows.index
        row[index["family_id"]] = families.get(patent.family_key)
        row[index["created_at"]] = row[index["updated_at"]] = stamp
        return row

    def _insert(self, patents: list[PreparedPatent], families: dict[str, int]) -> None:
        """Insert the rows (see `insert_rows`), then read their ids back by number."""
        if not patents:
            return
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        rows = [self._row(p, families, now) for p in patents]
        insert_rows(Asset._meta.db_table, self.rows.columns, rows)
        ids = dict(Asset.objects.filter(number__in=[p.number for p in patents]).values_list("number", "id"))
        for patent in patents:
            patent.pk = ids[patent.number]

    def _update(self, patents: list[PreparedPatent], families: dict[str, int]) -> None:
        # Formats without claims (JSONL) leave stored claims alone: group the rows by the columns they set.
        groups: dict[tuple[str, ...], list[PreparedPatent]] = {}
        for patent in patents:
            groups.setdefault(patent.sets, []).append(patent)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        quote = connection.ops.quote_name
        for sets, group in groups.items():
            names = (*sets, "family_id", "updated_at")
            assignments = ", ".join(f"{quote(self.rows.columns[self.rows.index[n]])} = %s" for n in names)
            statement = f"UPDATE {quote(Asset._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
            rows = []
            for patent in group:
                row = self._row(patent, families, now)
                rows.append([row[self.rows.index[name]] for name in names] + [patent.pk])
            with connection.cursor() as cursor:
                cursor.executemany(statement, rows)

    def _classify(self, created, updated) -> None:
        if updated:
            Classification.objects.filter(asset_id__in=[p.pk for p, _n in updated]).delete()
        rows = [
            (patent.pk, scheme, code, code[:1])
            for patent, _antineoplastic in (*created, *updated)
            for scheme, code in patent.codes
        ]
        insert_rows(Classification._meta.db_table, ["asset_id", "scheme", "code", "section"], rows)

    def _derive_profiles(self, patents: list[tuple[PreparedPatent, bool]]) -> None:
        """Antineoplastic CPC/IPC (A61P35) → a profile for solid tumours; nothing else is guessed."""
        wanted = [patent.pk for patent, antineoplastic in patents if antineoplastic and patent.pk]
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


def _lz4_available() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
    return row is not None and "lz4" in (row[0] or [])


def insert_rows(
    table: str, columns: list[str], rows: list[list] | list[tuple], *, ignore_conflicts: bool = False
) -> None:
    """Many rows into one table, as the database takes them fastest: COPY on PostgreSQL (INSERTs, even
    run together, are each parsed by the server, several times the time), and elsewhere one prepared
    INSERT run for every row (SQLite runs in this process: no round trips to save). With
    `ignore_conflicts`, rows that would break a unique constraint are skipped (no COPY then).

    Django's bulk_create builds model objects and compiles a fresh statement for every few rows, which was
    most of the import's time."""
    if not rows:
        return
    ops = connection.ops
    names = ", ".join(ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not ignore_conflicts:
            with cursor.cursor.copy(f"COPY {ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        on_conflict = OnConflict.IGNORE if ignore_conflicts else None
        statement = " ".join(
            part
            for part in (
                f"{ops.insert_statement(on_conflict=on_conflict)} {ops.quote_name(table)} ({names})",
                f"VALUES ({', '.join(['%s'] * len(columns))})",
                ops.on_conflict_suffix_sql(columns, on_conflict, None, None),
            )
            if part
        )
        cursor.executemany(statement, rows)
