"""Checked patents turned into the registry's rows, with all the work that needs no database done: the
derived fields (CPC section, search text, expiry, status) and each column's parameter as the database
takes it.

This is the part of storing that can run in a worker process (see `assets.importers.parallel`): nothing
here reads or writes the database. The writer (`assets.importers.store`) only fills in what does need it
(family, timestamps), inserts the rows and reads their ids back.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.base import ModelState

from assets.importers.records import CheckedPatent
from assets.indexing import cpc_section_of, search_text_of
from assets.models import Asset, PatentTermRule
from assets.terms import compute_expiry

# Filled in by the writer, which needs the database (family) or the time of writing (timestamps).
FILLED_ON_WRITE = ("family_id", "created_at", "updated_at")
DERIVED = ("cpc_section", "search_text", "expiry_date", "legal_status")


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


@dataclass
class PreparedPatent:
    """One document ready to be written: its key, its hash and its row's parameters."""

    number: str
    content_hash: str
    family_key: str
    row: list[Any]  # one parameter per column of AssetRows.columns
    sets: tuple[str, ...]  # the columns an update writes: formats without claims leave stored claims alone
    codes: list[tuple[str, str]]  # (scheme, code): the Classification rows
    antineoplastic: bool
    visibility: str
    pk: int | None = field(default=None, compare=False)  # known once written


class AssetRows:
    """Prepares an asset's parameters the way each field would (`get_db_prep_save`), with each field's
    preparation chosen once instead of for every value: that was most of the time spent in storing."""

    def __init__(self, *, connection: BaseDatabaseWrapper, rules: list[PatentTermRule], today: date):
        self.fields = [f for f in Asset._meta.concrete_fields if not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self._attnames = {f.name: f.attname for f in self.fields}
        self.rules = rules
        self.today = today
        self._adapters = [_adapter(f, connection) for f in self.fields]
        self._defaults = {f.attname: f.get_default() for f in self.fields}  # never changed: shared
        self._sets: dict[tuple[str, ...], tuple[str, ...]] = {}

    def prepare(self, patent: CheckedPatent) -> PreparedPatent:
        asset = derive(self._asset(patent), self.rules, self.today)
        values = [getattr(asset, f.attname) for f in self.fields]
        row = [adapt(value) for adapt, value in zip(self._adapters, values, strict=True)]
        sets = self._columns_set(tuple(patent.fields))
        codes = [("cpc", code) for code in asset.cpc_codes] + [("ipc", code) for code in asset.ipc_codes]
        return PreparedPatent(
            number=patent.number,
            content_hash=patent.content_hash,
            family_key=patent.family_key,
            row=row,
            sets=sets,
            codes=codes,
            antineoplastic=patent.antineoplastic,
            visibility=asset.visibility,
        )

    def _asset(self, patent: CheckedPatent) -> Asset:
        """An unsaved Asset with the record's values and the other fields' defaults. Made as Django makes
        the instances it reads (`Model.from_db`), without `__init__`, which works out every default
        again for each row: a quarter of the time spent here."""
        asset = Asset.__new__(Asset)
        asset.__dict__.update(self._defaults, **patent.fields, content_hash=patent.content_hash)
        asset._state = ModelState()
        return asset

    def _columns_set(self, names: tuple[str, ...]) -> tuple[str, ...]:
        if names not in self._sets:
            attnames = (self._attnames[name] for name in names)
            self._sets[names] = tuple(dict.fromkeys((*attnames, *DERIVED, "content_hash")))
        return self._sets[names]


def _adapter(field: models.Field, connection: BaseDatabaseWrapper) -> Callable[[Any], Any]:
    if isinstance(field, models.JSONField):
        # The JSON text itself: SQLite stores it as Django would, PostgreSQL casts it to jsonb.
        encoder = field.encoder
        return lambda value: None if value is None else json.dumps(value, cls=encoder)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.CharField | models.TextField | models.IntegerField | models.BooleanField):
        return _as_is  # Python values of the field's own type already (str, int, bool)
    if isinstance(field, models.ForeignKey):
        return _as_is  # an id or None
    return lambda value: field.get_db_prep_save(value, connection)


def _as_is(value: Any) -> Any:
    return value
