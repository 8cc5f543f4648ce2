"""Every state change of a need: what an organisation seeks, in free text plus structure."""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.permissions import can_edit_for
from accounts.services import require_approved
from assets.models import BiomedicalProfile, Indication
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from core.languages import detect_language
from core.money import check_currency, to_decimal
from core.validators import check_fields
from listings import territories
from listings.choices import DealType
from listings.models import Need
from listings.translations import save_need_translations

FIELDS = (
    "title",
    "text",
    "modalities",
    "indications",
    "phase_min",
    "phase_max",
    "territories",
    "deal_types",
    "budget_currency",
    "budget_min",
    "budget_max",
    "visibility",
)
MAX_TEXT = 10_000


def _subset(values: Any, allowed: list[str], field: str) -> list[str]:
    items = values.split(",") if isinstance(values, str) else list(values or [])
    items = list(dict.fromkeys(str(v).strip() for v in items if str(v).strip()))
    unknown = [v for v in items if v not in allowed]
    if unknown:
        raise InvalidInput(
            _("%(field)s: unknown values %(values)s.") % {"field": field, "values": ", ".join(unknown)[:200]},
            field=field,
        )
    return items


def _phase(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    if not str(value).isdigit() or int(value) not in BiomedicalProfile.Phase.values:
        raise InvalidInput(_("Unknown phase: %(value)s") % {"value": str(value)[:20]}, field=field)
    return int(value)


def _budget(value: Any, field: str):
    if value in (None, ""):
        return None
    try:
        number = to_decimal(value, field=field)
    except InvalidInput as error:
        raise InvalidInput(error.detail, field=field) from None
    if number < 0:
        raise InvalidInput(_("%(field)s is out of range.") % {"field": field}, field=field)
    return number


def clean_need(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    cleaned = dict(fields)
    checks: dict[str, Callable[[Any], Any]] = {
        "modalities": lambda v: _subset(v, BiomedicalProfile.Modality.values, "modalities"),
        "indications": lambda v: _subset(
            v, list(Indication.objects.values_list("code", flat=True)), "indications"
        ),
        "deal_types": lambda v: _subset(v, DealType.values, "deal_types"),
        "territories": territories.clean,
        "phase_min": lambda v: _phase(v, "phase_min"),
        "phase_max": lambda v: _phase(v, "phase_max"),
        "budget_min": lambda v: _budget(v, "budget_min"),
        "budget_max": lambda v: _budget(v, "budget_max"),
        "budget_currency": check_currency,
        "title": lambda v: str(v or "").strip(),  # too long is refused by the model's limit, not cut
        "text": lambda v: str(v or "").strip(),
    }
    for name, check in checks.items():
        if name in cleaned:
            cleaned[name] = check(cleaned[name])
    if "visibility" in cleaned and cleaned["visibility"] not in Need.Visibility.values:
        raise InvalidInput(_("Unknown visibility."), field="visibility")
    return cleaned


def _check(need: Need) -> None:
    if not need.title:
        raise InvalidInput(_("A need needs a title."), field="title")
    if not need.text:
        raise InvalidInput(_("Say what you are looking for."), field="text")
    if len(need.text) > MAX_TEXT:
        raise InvalidInput(_("The description is too long."), field="text")
    if need.phase_min is not None and need.phase_max is not None and need.phase_min > need.phase_max:
        raise InvalidInput(_("The earliest phase is after the latest."), field="phase_min")
    if need.budget_min is not None and need.budget_max is not None and need.budget_min > need.budget_max:
        raise InvalidInput(_("The lower end of a range is above its upper end."), field="budget_min")


@transaction.atomic
def create_need(
    *, organisation: Organisation, by: User, translations: list[dict[str, str]] | None = None, **fields: Any
) -> Need:
    """Record what an organisation seeks; private unless it chooses to show it to sellers. `translations`:
    its own title and description in other languages."""
    if not can_edit_for(by, organisation):
        raise Forbidden(_("Only members of %(org)s can post its needs.") % {"org": organisation.name})
    require_approved(organisation)
    cleaned = clean_need(fields)
    need = Need(organisation=organisation, created_by=by, **cleaned)
    need.original_language = detect_language(f"{need.title} {need.text}")
    check_fields(need, cleaned)
    _check(need)
    need.save()
    record_event(need, "need.created", actor=by, organisation=organisation.pk, visibility=need.visibility)
    save_need_translations(need=need, by=by, translations=translations or [])
    return need


@transaction.atomic
def update_need(
    *, need: Need, by: User, translations: list[dict[str, str]] | None = None, **fields: Any
) -> Need:
    if not can_edit_for(by, need.organisation):
        raise Forbidden(_("Only members of %(org)s can change its needs.") % {"org": need.organisation.name})
    if need.status == Need.Status.CLOSED:
        raise Conflict(_("This need is closed."))
    changed = {k: v for k, v in clean_need(fields).items() if getattr(need, k) != v}
    for name, value in changed.items():
        setattr(need, name, value)
    need.original_language = detect_language(f"{need.title} {need.text}")
    check_fields(need, changed)
    _check(need)
    need.save()
    record_event(need, "need.updated", actor=by, fields=sorted(changed))
    save_need_translations(need=need, by=by, translations=translations or [])
    return need


@transaction.atomic
def close_need(*, need: Need, by: User) -> Need:
    if not can_edit_for(by, need.organisation):
        raise Forbidden(_("Only members of %(org)s can change its needs.") % {"org": need.organisation.name})
    if need.status == Need.Status.CLOSED:
        raise Conflict(_("This need is closed."))
    need.status = Need.Status.CLOSED
    need.save(update_fields=["status", "updated_at"])
    need.subscriptions.update(active=False)
    record_event(need, "need.closed", actor=by)
    return need
