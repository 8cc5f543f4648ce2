"""Every state change of valuations: create, change inputs, run, finalise, share."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.permissions import can_edit_for
from accounts.services import require_approved
from assets.models import Asset
from core.access import is_staff
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.events import record_event
from core.money import check_currency, to_decimal
from core.validators import check_fields
from valuation import runner
from valuation.models import Scenario, Valuation, ValuationRun, ValuationShare
from valuation.permissions import can_edit, owner_decides
from valuation.signals import revalued


def _check_methods(methods: list[str], inputs: dict) -> None:
    if not methods:
        raise InvalidInput(_("Choose at least one method."), field="methods")
    unknown = [method for method in methods if method not in Valuation.Method.values]
    if unknown:
        raise InvalidInput(_("Unknown methods: %(m)s") % {"m": ", ".join(unknown)}, field="methods")
    if not isinstance(inputs, dict):
        raise InvalidInput(_("inputs must be an object keyed by method."), field="inputs")


def _threshold(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    threshold = to_decimal(value, field="alert_threshold")
    if not Decimal(0) < threshold <= Decimal(1):
        raise InvalidInput(
            _("alert_threshold must be a share above 0 and at most 1."), field="alert_threshold"
        )
    return threshold


@transaction.atomic
def create_valuation(
    *,
    asset: Asset,
    by: User,
    purpose: str,
    methods: list[str],
    inputs: dict,
    currency: str,
    valuer: Organisation | None = None,
    valuation_date: datetime.date | None = None,
    alert_threshold: object = None,
) -> Valuation:
    """A new draft version of a valuation of `asset`, by the owner's people or a valuer's."""
    if not Asset.objects.visible_to(by).filter(pk=asset.pk).exists():
        raise NotFound(_("There is no such asset."))
    owner_side = asset.owner is not None and can_edit_for(by, asset.owner)
    valuer_side = valuer is not None and can_edit_for(by, valuer)
    if not (owner_side or valuer_side or by.is_staff):
        raise Forbidden(
            _("Only the asset owner or a valuer organisation you belong to can value this asset.")
        )
    if not by.is_staff:
        require_approved(asset.owner if owner_side else valuer)  # type: ignore[arg-type]
    if purpose not in Scenario.values:
        raise InvalidInput(_("Unknown purpose: %(p)s") % {"p": purpose}, field="purpose")
    _check_methods(methods, inputs)
    if valuation_date is not None:
        check_fields(Valuation(valuation_date=valuation_date), ["valuation_date"])
    version = (Valuation.objects.filter(asset=asset).aggregate(top=Max("version"))["top"] or 0) + 1
    valuation = Valuation.objects.create(
        asset=asset,
        valuer=valuer,
        purpose=purpose,
        methods=list(methods),
        inputs=inputs,
        currency=check_currency(currency),
        version=version,
        valuation_date=valuation_date or timezone.localdate(),
        created_by=by,
        alert_threshold=_threshold(alert_threshold),
    )
    record_event(valuation, "valuation.created", actor=by, asset=asset.pk, version=version, methods=methods)
    return valuation


def _editable(valuation: Valuation, by: User) -> None:
    if not Valuation.objects.visible_to(by).filter(pk=valuation.pk).exists():
        raise NotFound(_("There is no such valuation."))
    if not can_edit(by, valuation):
        raise Forbidden(_("You may read this valuation but not change it."))
    if valuation.status == Valuation.Status.FINAL:
        raise Conflict(_("This valuation is final; create a new version to change it."))


@transaction.atomic
def update_inputs(
    *, valuation: Valuation, by: User, inputs: dict, methods: list[str] | None = None
) -> Valuation:
    """Change a draft's inputs; a revaluation is queued once the change is committed."""
    _editable(valuation, by)
    _check_methods(methods or valuation.methods, inputs)
    valuation.inputs = inputs
    valuation.methods = list(methods or valuation.methods)
    valuation.save(update_fields=["inputs", "methods", "updated_at"])
    record_event(valuation, "valuation.inputs_changed", actor=by, digest=runner.inputs_digest(inputs))
    from valuation.tasks import queue_revaluation

    queue_revaluation(valuation, trigger=ValuationRun.Trigger.INPUTS_CHANGED)
    return valuation


def _store(valuation: Valuation, trigger: str) -> ValuationRun | None:
    outputs, conclusion = runner.run_methods(valuation)
    valuation.outputs = outputs
    valuation.last_run_at = timezone.now()
    if conclusion is not None:
        valuation.conclusion_low = conclusion.low
        valuation.conclusion_point = conclusion.value
        valuation.conclusion_high = conclusion.high
    valuation.save(
        update_fields=[
            "outputs",
            "last_run_at",
            "conclusion_low",
            "conclusion_point",
            "conclusion_high",
            "updated_at",
        ]
    )
    if conclusion is None:
        return None
    return ValuationRun.objects.create(
        valuation=valuation,
        trigger=trigger,
        point=conclusion.value,
        low=conclusion.low,
        high=conclusion.high,
        inputs_digest=runner.inputs_digest(valuation.inputs),
    )


@transaction.atomic
def run_valuation(*, valuation: Valuation, by: User) -> Valuation:
    """Run every method of a draft and store the outputs and the reconciled conclusion."""
    _editable(valuation, by)
    run = _store(valuation, ValuationRun.Trigger.MANUAL)
    record_event(valuation, "valuation.run", actor=by, point=str(run.point) if run else None)
    if run is not None:
        revalued.send(sender=Valuation, valuation=valuation, run=run)
    return valuation


@transaction.atomic
def revalue(*, valuation_id: int, trigger: str) -> ValuationRun | None:
    """Re-run a draft's methods (from a task); returns the run, or None when nothing needed doing."""
    valuation = Valuation.objects.select_for_update().filter(pk=valuation_id).first()
    if valuation is None or valuation.status == Valuation.Status.FINAL:
        return None
    latest = valuation.runs.order_by("-ran_at", "-id").first()
    digest = runner.inputs_digest(valuation.inputs)
    if trigger == ValuationRun.Trigger.INPUTS_CHANGED and latest and latest.inputs_digest == digest:
        return None  # already valued on these inputs: a repeated task changes nothing
    run = _store(valuation, trigger)
    record_event(valuation, "valuation.revalued", trigger=trigger, point=str(run.point) if run else None)
    if run is not None and latest is not None:
        from valuation.alerts import alert_if_moved

        alert_if_moved(valuation, previous=latest, current=run)
    if run is not None:
        revalued.send(sender=Valuation, valuation=valuation, run=run)
    return run


@transaction.atomic
def finalise_valuation(*, valuation: Valuation, by: User) -> Valuation:
    _editable(valuation, by)
    if valuation.conclusion_point is None:
        raise Conflict(_("Run the valuation before finalising it."))
    if pending := (valuation.outputs or {}).get("pending"):
        # A final report must not silently leave out a method the valuer chose.
        names = ", ".join(str(Valuation.Method(m).label) for m in pending if m in Valuation.Method.values)
        raise Conflict(
            _("Before finalising, give the inputs of these methods or remove them: %(m)s.") % {"m": names}
        )
    valuation.status = Valuation.Status.FINAL
    valuation.finalised_at = timezone.now()
    valuation.save(update_fields=["status", "finalised_at", "updated_at"])
    record_event(valuation, "valuation.finalised", actor=by, point=str(valuation.conclusion_point))
    return valuation


@transaction.atomic
def share_valuation(*, valuation: Valuation, organisation: Organisation, by: User) -> ValuationShare:
    """Let another organisation's members see the valuation (e.g. the bank asked to lend against it)."""
    if not Valuation.objects.visible_to(by).filter(pk=valuation.pk).exists():
        raise NotFound(_("There is no such valuation."))
    if not owner_decides(by, valuation):
        if is_staff(by):
            raise Forbidden(_("The operator's staff do not share a valuation for its owner."))
        raise Forbidden(_("Only the asset owner can share its valuation."))
    if valuation.asset.owner is not None:
        require_approved(valuation.asset.owner)
    share, created = ValuationShare.objects.get_or_create(
        valuation=valuation, organisation=organisation, defaults={"shared_by": by}
    )
    if created:
        record_event(valuation, "valuation.shared", actor=by, organisation=organisation.slug)
    return share


@transaction.atomic
def unshare_valuation(*, valuation: Valuation, organisation: Organisation, by: User) -> None:
    """The owner stops sharing its valuation with an organisation; the operator's staff do not (403)."""
    if not Valuation.objects.visible_to(by).filter(pk=valuation.pk).exists():
        raise NotFound(_("There is no such valuation."))
    if not owner_decides(by, valuation):
        if is_staff(by):
            raise Forbidden(_("The operator's staff do not stop sharing a valuation for its owner."))
        raise Forbidden(_("Only the asset owner can share its valuation."))
    deleted, _rows = ValuationShare.objects.filter(valuation=valuation, organisation=organisation).delete()
    if deleted:
        record_event(valuation, "valuation.unshared", actor=by, organisation=organisation.slug)
