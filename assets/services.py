"""Every state change of the registry: assets, their legal life, chain of title and encumbrances."""

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.permissions import can_edit_for
from accounts.services import require_approved
from assets.indexing import cpc_section_of, search_text_of
from assets.models import (
    Asset,
    AssetTranslation,
    BiomedicalProfile,
    Classification,
    Encumbrance,
    LegalStatusEvent,
    TitleTransfer,
)
from assets.terms import compute_expiry
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from core.hooks import Hook
from core.validators import check_fields

# What the registry announces (core.hooks); the apps above it subscribe in their AppConfig.ready(), so
# that the registry imports none of them. Subscribers run inside the transaction of the change.
#: Assets were registered, edited or imported: apps that index their text refresh it (matching's indexes).
ASSETS_WRITTEN: Hook[[list[int]]] = Hook("assets written")
#: A fact a valuation rests on changed (legal status, holder, text): valuation queues the asset's
#: revaluation.
VALUE_FACTS_CHANGED: Hook[[int]] = Hook("value facts changed")
#: A licence or pledge is about to be recorded on (asset, kind): a subscriber refuses it by raising a
#: DomainError (the marketplace: no exclusive or sole licence while an open-licence declaration stands).
ENCUMBRANCE_RECORDING: Hook[[Asset, str]] = Hook("encumbrance recording")


EDITABLE_FIELDS = (
    "kind",
    "jurisdiction",
    "number",
    "application_number",
    "application_date",
    "publication_number",
    "publication_date",
    "grant_number",
    "grant_date",
    "title",
    "abstract",
    "original_language",
    "cpc_codes",
    "ipc_codes",
    "visibility",
    "legal_status",
    "confidential_notes",
    "know_how_description",
    "holder_name",
    "holder_country",
)


def refresh_derived(asset: Asset) -> None:
    """Recompute the fields derived from the record: expiry, search text, CPC section."""
    asset.expiry_date, _explanation = compute_expiry(asset)
    translations = [(t.title, t.abstract) for t in asset.translations.all()] if asset.pk else []
    asset.search_text = search_text_of(asset, translations)
    asset.cpc_section = cpc_section_of(asset.cpc_codes or asset.ipc_codes)


def _sync_classifications(asset: Asset) -> None:
    asset.classifications.all().delete()
    rows = [
        Classification(asset=asset, scheme=scheme, code=code, section=code[:1].upper())
        for scheme, codes in (("cpc", asset.cpc_codes), ("ipc", asset.ipc_codes))
        for code in dict.fromkeys(codes)
        if code
    ]
    Classification.objects.bulk_create(rows)


def _check_dates(asset: Asset) -> None:
    if asset.grant_date and asset.application_date and asset.grant_date < asset.application_date:
        raise InvalidInput(_("The grant date is before the application date."), field="grant_date")
    if asset.publication_date and asset.application_date and asset.publication_date < asset.application_date:
        raise InvalidInput(
            _("The publication date is before the application date."), field="publication_date"
        )


def _check_publishable(asset: Asset, organisation: Organisation | None) -> None:
    if (
        asset.visibility == Asset.Visibility.PUBLIC
        and organisation is not None
        and not organisation.can_publish
    ):
        raise Forbidden(
            _("%(org)s is awaiting the operator's approval; until then its assets stay confidential.")
            % {"org": organisation.name}
        )


def _log(asset: Asset, kind: str, actor: User | None, **public: Any) -> None:
    log_assets([asset], kind, actor, **public)


SUBJECT = "assets.asset"  # how the log names a public asset ("assets.asset:42")


class LoggedAsset(Protocol):
    """What the log needs of an asset: an Asset, or a bulk importer's record of one it has just written."""

    @property
    def pk(self) -> Any: ...

    @property
    def number(self) -> str: ...

    @property
    def visibility(self) -> str: ...


def log_assets(assets: Iterable[LoggedAsset], kind: str, actor: User | None = None, **public: Any) -> None:
    """Record the event in the transparency log. A confidential asset's facts go in only as a salted
    hash, under a sealed subject that names neither the asset nor its place in the registry."""
    from ledger.services import LogItem, record_many
    from ledger.subjects import subjects

    assets = list(assets)
    sealed = [asset.pk for asset in assets if asset.visibility != Asset.Visibility.PUBLIC]
    hidden = subjects(SUBJECT, sealed, confidential=True) if sealed else {}
    items = []
    for asset in assets:
        facts = {"number": asset.number, **public}
        if asset.visibility == Asset.Visibility.PUBLIC:
            items.append(LogItem(kind, f"{SUBJECT}:{asset.pk}", facts, None, actor))
        else:
            items.append(LogItem(kind, hidden[str(asset.pk)], {}, facts, actor))
    if items:
        record_many(items)


@transaction.atomic
def create_asset(
    *,
    organisation: Organisation,
    by: User,
    profile: dict | None = None,
    translation: dict | None = None,
    **fields: Any,
) -> Asset:
    """Register an asset for an organisation; only its admins and members may."""
    if not can_edit_for(by, organisation):
        raise Forbidden(_("Only members of %(org)s can register its assets.") % {"org": organisation.name})
    require_approved(organisation)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if not str(fields.get("title", "")).strip():
        raise InvalidInput(_("An asset needs a title."), field="title")
    number = str(fields.get("number", "")).strip().upper().replace(" ", "")
    if number and Asset.objects.filter(number=number).exists():
        raise Conflict(
            _("An asset numbered %(number)s is already registered.") % {"number": number}, field="number"
        )
    fields["number"] = number
    fields.setdefault("holder_name", organisation.name)
    fields.setdefault("holder_country", organisation.country or organisation.jurisdiction)
    asset = Asset(owner=organisation, source="member", **fields)
    check_fields(asset, [*fields, "title"])
    _check_dates(asset)
    _check_publishable(asset, organisation)
    refresh_derived(asset)
    asset.save()
    _sync_classifications(asset)
    if profile:
        save_profile(asset=asset, by=by, **profile)
    if translation:
        save_translation(asset=asset, by=by, **translation)
    record_event(asset, "asset.registered", actor=by, number=asset.number, organisation=organisation.pk)
    _log(asset, "asset.registered", by, title=asset.title, owner=organisation.name)
    ASSETS_WRITTEN.announce([asset.pk])
    return asset


@transaction.atomic
def update_asset(
    *, asset: Asset, by: User, profile: dict | None = None, translation: dict | None = None, **fields: Any
) -> Asset:
    """Change an asset's own fields (its biomedical profile and the owner's translation, when given) in one
    transaction."""
    if asset.owner is None or not can_edit_for(by, asset.owner):
        raise Forbidden(_("Only members of the owning organisation can edit this asset."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    changed = {name: value for name, value in fields.items() if getattr(asset, name) != value}
    for name, value in changed.items():
        setattr(asset, name, value)
    check_fields(asset, changed)
    _check_dates(asset)
    _check_publishable(asset, asset.owner)
    refresh_derived(asset)
    asset.save()
    if {"cpc_codes", "ipc_codes"} & set(changed):
        _sync_classifications(asset)
    if profile:
        save_profile(asset=asset, by=by, **profile)
    if translation:
        save_translation(asset=asset, by=by, **translation)
    record_event(asset, "asset.updated", actor=by, fields=sorted(changed))
    ASSETS_WRITTEN.announce([asset.pk])
    VALUE_FACTS_CHANGED.announce(asset.pk)
    return asset


TRANSLATION_LANGUAGES = ("en", "zh-hant", "zh-hans")


@transaction.atomic
def save_translation(
    *, asset: Asset, by: User, language_code: str, title: str, abstract: str = ""
) -> AssetTranslation:
    """The owner's own title and abstract in another language than the record's original, so that readers
    of English and of Chinese both find and read it; searched like the original."""
    if asset.owner is None or not can_edit_for(by, asset.owner):
        raise Forbidden(_("Only members of the owning organisation can edit this asset."))
    if language_code not in TRANSLATION_LANGUAGES:
        raise InvalidInput(
            _("Choose English, Traditional or Simplified Chinese."), field="translation_language"
        )
    if language_code == asset.original_language:
        raise InvalidInput(_("This is the record's original language."), field="translation_language")
    title = (title or "").strip()
    if not title or len(title) > 500:
        raise InvalidInput(_("Give a title of at most 500 characters."), field="translation_title")
    translation, _created = AssetTranslation.objects.update_or_create(
        asset=asset,
        language_code=language_code,
        defaults={"title": title, "abstract": (abstract or "").strip(), "machine_translated": False},
    )
    refresh_derived(asset)
    asset.save(update_fields=["expiry_date", "search_text", "cpc_section"])
    record_event(asset, "asset.translated", actor=by, language=language_code)
    ASSETS_WRITTEN.announce([asset.pk])
    return translation


@transaction.atomic
def save_profile(
    *, asset: Asset, by: User, indications: list | None = None, **fields: Any
) -> BiomedicalProfile:
    """Create or update the biomedical profile of an asset."""
    if by is not None and not by.is_staff and (asset.owner is None or not can_edit_for(by, asset.owner)):
        raise Forbidden(_("Only members of the owning organisation can edit this asset."))
    profile, _created = BiomedicalProfile.objects.get_or_create(asset=asset)
    for name, value in fields.items():
        setattr(profile, name, value)
    check_fields(profile, fields)  # a bad field is the caller's mistake (422), not a server error
    profile.full_clean(exclude=["asset"])
    profile.save()
    if indications is not None:
        profile.indications.set(indications)
    record_event(asset, "asset.profile_saved", actor=by, fields=sorted(fields))
    return profile


@transaction.atomic
def add_legal_event(
    *, asset: Asset, by: User, day: date, effect: str, description: str = "", extension_days: int = 0
) -> LegalStatusEvent:
    """Record a legal-status event; the status and expiry follow from it."""
    if not by.is_staff and (asset.owner is None or not can_edit_for(by, asset.owner)):
        raise Forbidden(_("Only members of the owning organisation can edit this asset."))
    if effect not in LegalStatusEvent.Effect.values:
        raise InvalidInput(_("Unknown legal-status effect: %(effect)s") % {"effect": effect}, field="effect")
    if extension_days < 0:
        raise InvalidInput(_("An extension cannot be negative."), field="extension_days")
    event = LegalStatusEvent.objects.create(
        asset=asset, date=day, effect=effect, description=description, extension_days=extension_days
    )
    status_after = {
        "granted": Asset.Status.GRANTED,
        "restored": Asset.Status.GRANTED,
        "lapsed": Asset.Status.LAPSED,
        "revoked": Asset.Status.REVOKED,
        "withdrawn": Asset.Status.WITHDRAWN,
        "expired": Asset.Status.EXPIRED,
    }
    if effect in status_after:
        asset.legal_status = status_after[effect]
    if effect == "granted" and asset.grant_date is None:
        asset.grant_date = day
    asset.term_extension_days += extension_days
    refresh_derived(asset)
    asset.save()
    record_event(asset, "asset.legal_event", actor=by, effect=effect, date=day.isoformat())
    VALUE_FACTS_CHANGED.announce(asset.pk)
    return event


def current_holder(asset: Asset) -> str:
    last = asset.transfers.order_by("-date", "-id").first()
    return last.to_name if last else asset.holder_name


@transaction.atomic
def record_transfer(
    *,
    asset: Asset,
    by: User,
    day: date,
    to_name: str,
    to_organisation: Organisation | None = None,
    kind: str = "assignment",
    reference: str = "",
) -> TitleTransfer:
    """Add a link to the chain of title; a transfer to a member organisation moves the asset to it."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if not by.is_staff and (asset.owner is None or not can_edit_for(by, asset.owner)):
        raise Forbidden(_("Only the current owner can record a transfer."))
    if not to_name.strip():
        raise InvalidInput(_("Name the new holder."), field="to_name")
    if asset.encumbrances.active_on(day).filter(kind=Encumbrance.Kind.PLEDGE).exists():
        raise Conflict(_("The asset is pledged; the pledge must be released before it can be transferred."))
    last = asset.transfers.order_by("-date", "-id").first()
    if last and day < last.date:
        raise InvalidInput(
            _("A transfer cannot be dated before the previous one (%(date)s).") % {"date": last.date}
        )
    transfer = TitleTransfer.objects.create(
        asset=asset,
        date=day,
        from_name=current_holder(asset),
        to_name=to_name.strip(),
        to_organisation=to_organisation,
        kind=kind,
        reference=reference,
    )
    asset.holder_name = to_name.strip()
    if to_organisation is not None:
        asset.owner = to_organisation
        asset.holder_country = to_organisation.country or to_organisation.jurisdiction
    refresh_derived(asset)
    asset.save()
    record_event(asset, "asset.transferred", actor=by, to=to_name, date=day.isoformat())
    _log(asset, "asset.transferred", by, to=to_name.strip(), date=day.isoformat())
    VALUE_FACTS_CHANGED.announce(asset.pk)
    return transfer


@transaction.atomic
def add_encumbrance(
    *, asset: Asset, by: User, kind: str, holder_name: str, start_date: date, **fields: Any
) -> Encumbrance:
    if not by.is_staff and (asset.owner is None or not can_edit_for(by, asset.owner)):
        raise Forbidden(_("Only the owner can record a licence or pledge."))
    if kind not in Encumbrance.Kind.values:
        raise InvalidInput(_("Unknown encumbrance: %(kind)s") % {"kind": kind}, field="kind")
    ENCUMBRANCE_RECORDING.announce(asset, kind)
    encumbrance = Encumbrance.objects.create(
        asset=asset, kind=kind, holder_name=holder_name, start_date=start_date, **fields
    )
    record_event(asset, "asset.encumbered", actor=by, kind=kind, holder=holder_name)
    return encumbrance


@transaction.atomic
def release_encumbrance(
    *, encumbrance: Encumbrance, by: User | None, day: date, reference: str = ""
) -> Encumbrance:
    """End a licence or pledge on `day` (a pledge whose loan is repaid, a licence terminated, an award that
    ends it); releasing twice changes nothing.

    The caller has established its right to release: the pledgee's own service, the owner, or the operator
    applying an award."""
    encumbrance = Encumbrance.objects.select_for_update().select_related("asset").get(pk=encumbrance.pk)
    if encumbrance.released_at is not None:
        return encumbrance
    if day < encumbrance.start_date:
        raise InvalidInput(
            _("A release cannot be dated before the start (%(date)s).") % {"date": encumbrance.start_date}
        )
    encumbrance.released_at = day
    if reference:
        encumbrance.reference = f"{encumbrance.reference} · {reference}".strip(" ·")[:120]
    encumbrance.save(update_fields=["released_at", "reference"])
    asset = encumbrance.asset
    record_event(asset, "asset.encumbrance_released", actor=by, kind=encumbrance.kind, date=day.isoformat())
    _log(asset, "asset.encumbrance_released", by, encumbrance=encumbrance.kind, date=day.isoformat())
    return encumbrance


def content_hash(record: dict) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()
