"""The institutions' rules as templates the operator keeps: each gives the steps and time limits of a case."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.money import CURRENCY_CHOICES


class Kind(models.TextChoices):
    ARBITRATION = "arbitration", _("Arbitration")
    MEDIATION = "mediation", _("Mediation")


# The steps a template may time; the day counts live in each template's data, not here.
STEP_LABELS = {
    "answer": _("Answer to the notice of arbitration"),
    "constitution": _("Constitution of the tribunal"),
    "expedited_award": _("Award under the expedited procedure"),
    "emergency_appointment": _("Appointment of the emergency arbitrator"),
    "emergency_decision": _("Emergency arbitrator's decision"),
    "mediator_appointment": _("Appointment of the mediator"),
    "mediation_end": _("End of the mediation"),
}
# What a step's time runs from: the filing, the constitution of the tribunal or an application for
# emergency relief.
STEP_STARTS = ("filing", "constitution", "emergency")


class RuleTemplate(models.Model):
    """One institution's rules (or ad hoc rules): the steps and time limits that drive a case's deadlines.

    `steps` is a list of {"code", "days", "after", "kind"}: `code` one of STEP_LABELS, `days` calendar
    days, `after` one of STEP_STARTS, `kind` arbitration or mediation. The operator edits them in the
    back office; `source` says where each figure comes from."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    institution_name = models.CharField(_("institution"), max_length=200)
    institution = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("institution on the platform"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dispute_rules",
        help_text=_("Its members are the case officers of cases under these rules."),
    )
    handles_arbitration = models.BooleanField(_("arbitration"), default=True)
    handles_mediation = models.BooleanField(_("mediation"), default=False)
    steps = models.JSONField(_("steps and time limits"), default=list, blank=True)
    expedited_threshold = models.DecimalField(
        _("expedited procedure up to"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    expedited_currency = models.CharField(
        _("currency of the threshold"), max_length=3, choices=CURRENCY_CHOICES, blank=True
    )
    registration_fee = models.DecimalField(_("registration fee"), max_digits=14, decimal_places=2, default=0)
    fee_currency = models.CharField(_("fee currency"), max_length=3, choices=CURRENCY_CHOICES, default="HKD")
    source = models.TextField(_("source of the figures"))
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("institution rules")
        verbose_name_plural = _("institution rules")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        for step in self.steps or []:
            if (
                not isinstance(step, dict)
                or step.get("code") not in STEP_LABELS
                or step.get("after") not in STEP_STARTS
                or step.get("kind") not in Kind.values
                or not isinstance(step.get("days"), int)
                or step["days"] < 0
            ):
                raise ValidationError(
                    _("Each step needs a known code, whole days, a start (%(starts)s) and a kind.")
                    % {"starts": ", ".join(STEP_STARTS)}
                )

    def handles(self, kind: str) -> bool:
        return self.handles_mediation if kind == Kind.MEDIATION else self.handles_arbitration

    def steps_for(self, kind: str, after: str) -> list[dict]:
        return [s for s in self.steps if s.get("kind") == kind and s.get("after") == after]
