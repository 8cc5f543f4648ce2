"""Reference tables the valuation methods draw on, and (below) valuation records."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import RestrictedQuerySet
from core.money import CURRENCY_CHOICES
from core.validators import plausible_date


def rate_field(label, **options) -> models.DecimalField:
    return models.DecimalField(label, max_digits=7, decimal_places=5, **options)


def money_field(label, **options) -> models.DecimalField:
    return models.DecimalField(label, max_digits=20, decimal_places=2, **options)


class PhaseTransitionTable(models.Model):
    """Clinical phase-transition probabilities for one indication group, with their published source.

    Seeded from figures.json; the operator may correct a table or add one (e.g. a newer study)."""

    dataset = models.SlugField(_("dataset"), max_length=80)
    indication_group = models.SlugField(_("indication group"), max_length=60)
    preclinical_to_phase1 = rate_field(_("preclinical → phase 1"), null=True, blank=True)
    phase1_to_phase2 = rate_field(_("phase 1 → phase 2"))
    phase2_to_phase3 = rate_field(_("phase 2 → phase 3"))
    phase3_to_filing = rate_field(_("phase 3 → filing"))
    filing_to_approval = rate_field(_("filing → approval"))
    published_likelihood_of_approval = rate_field(
        _("published likelihood of approval from phase 1"), null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=500)
    is_default = models.BooleanField(
        _("default for its group"),
        default=False,
        help_text=_("Used when a model names the indication group but no dataset."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    TRANSITIONS = (
        "preclinical_to_phase1",
        "phase1_to_phase2",
        "phase2_to_phase3",
        "phase3_to_filing",
        "filing_to_approval",
    )

    class Meta:
        verbose_name = _("phase-transition table")
        verbose_name_plural = _("phase-transition tables")
        ordering = ["dataset", "indication_group"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "indication_group"], name="one_table_per_group"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 0, f"{name}__lte": 1})
                    | models.Q(**{f"{name}__isnull": True}),
                    name=f"phase_table_{name}_is_probability",
                )
                for name in (
                    "preclinical_to_phase1",
                    "phase1_to_phase2",
                    "phase2_to_phase3",
                    "phase3_to_filing",
                    "filing_to_approval",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.indication_group} ({self.dataset})"

    def rates(self) -> dict[str, Decimal]:
        values = {name: getattr(self, name) for name in self.TRANSITIONS}
        return {name: Decimal(value) for name, value in values.items() if value is not None}

    @property
    def likelihood_of_approval(self) -> Decimal:
        """From phase 1: the product of the four clinical transitions."""
        return (
            Decimal(self.phase1_to_phase2)
            * Decimal(self.phase2_to_phase3)
            * Decimal(self.phase3_to_filing)
            * Decimal(self.filing_to_approval)
        )


class ComparableDeal(models.Model):
    """A licence or sale of a comparable asset, for the market approach; kept by the operator."""

    date = models.DateField(_("date"), validators=[plausible_date])
    title = models.CharField(_("title"), max_length=300)
    licensor = models.CharField(_("licensor / seller"), max_length=200, blank=True)
    licensee = models.CharField(_("licensee / buyer"), max_length=200, blank=True)
    deal_type = models.CharField(
        _("deal type"),
        max_length=20,
        choices=[
            ("licence", _("Licence")),
            ("assignment", _("Assignment")),
            ("acquisition", _("Acquisition")),
        ],
        default="licence",
    )
    modality = models.CharField(_("modality"), max_length=40, blank=True)
    phase = models.CharField(_("phase at signing"), max_length=20, blank=True)
    indication_group = models.CharField(_("indication group"), max_length=60, blank=True)
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    upfront = money_field(_("upfront"), null=True, blank=True)
    deal_value = money_field(_("deal value"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    source = models.CharField(_("source"), max_length=500)
    notes = models.TextField(_("notes and adjustments to consider"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comparable deal")
        verbose_name_plural = _("comparable deals")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"

    def as_comparable(self) -> dict:
        """The market method's input for this deal, before the valuer's adjustments."""
        return {
            "name": self.title,
            "date": self.date.isoformat(),
            "value": str(self.deal_value),
            "currency": self.currency,
            "adjustments": [],
        }


class Scenario(models.TextChoices):
    """The evaluation scenarios of GB/T 42748-2023; each weighs the indicators differently."""

    LICENSING = "licensing", _("Licensing and transfer")
    FINANCING = "financing", _("Financing")
    FINANCIAL_REPORTING = "financial_reporting", _("Financial reporting")
    INFRINGEMENT = "infringement", _("Infringement remedy")
    MANAGEMENT = "management", _("Management")


class IndicatorSet(models.Model):
    """A tree of evaluation indicators (GB/T 42748-2023 style) that the operator may configure."""

    name = models.CharField(_("name"), max_length=200)
    version = models.CharField(_("version"), max_length=40, default="1")
    source = models.CharField(_("source"), max_length=500)
    notes = models.TextField(_("notes"), blank=True)
    is_default = models.BooleanField(_("default set"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Indicator(models.Model):
    class InputKind(models.TextChoices):
        REGISTRY = "registry", _("Drawn from the registry")
        EXPERT = "expert", _("Entered by an expert")
        DERIVED = "derived", _("Rolled up from lower indicators")

    indicator_set = models.ForeignKey(
        IndicatorSet, verbose_name=_("indicator set"), on_delete=models.CASCADE, related_name="indicators"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=20)
    level = models.PositiveSmallIntegerField(_("level"))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200)
    guidance = models.TextField(_("scoring guidance"), blank=True)
    input_kind = models.CharField(_("input"), max_length=10, choices=InputKind.choices)
    registry_key = models.CharField(_("registry measure"), max_length=40, blank=True)
    unverified_name = models.BooleanField(
        _("name to check against the standard"),
        default=False,
        help_text=_("Set on defaults whose wording could not be checked against the published text."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["indicator_set", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["indicator_set", "code"], name="indicator_code_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"

    def localized_name(self, language: str) -> str:
        return {"zh-hans": self.name_zh_hans, "zh-hant": self.name_zh_hant}.get(language, self.name_en)


class ScenarioWeight(models.Model):
    """The weight of an indicator among its siblings in one scenario (0 leaves it out)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="weights"
    )
    scenario = models.CharField(_("scenario"), max_length=24, choices=Scenario.choices)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=4)

    class Meta:
        verbose_name = _("scenario weight")
        verbose_name_plural = _("scenario weights")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "scenario"], name="one_weight_per_scenario"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} [{self.scenario}] = {self.weight}"


class ValuationQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "ValuationQuerySet":
        """The asset owner's members, the valuer's members, the members of organisations it was shared with
        (and the operator)."""
        return self.filter(
            models.Q(asset__owner__memberships__user=user)
            | models.Q(valuer__memberships__user=user)
            | models.Q(shares__organisation__memberships__user=user)
        ).distinct()


class Valuation(models.Model):
    """One version of a valuation of one asset: inputs, each method's output, and the conclusion."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    class Method(models.TextChoices):
        RNPV = "rnpv", _("Risk-adjusted NPV (drug asset)")
        RNPV_SIMPLE = "rnpv_simple", _("Risk-adjusted NPV (cash flows)")
        RELIEF_FROM_ROYALTY = "relief_from_royalty", _("Relief from royalty")
        DCF_CONTRIBUTION = "dcf_contribution", _("DCF with technology contribution ratio")
        MARKET = "market", _("Market approach (comparable deals)")
        COST = "cost", _("Cost approach")
        DEAL = "deal", _("Deal economics (term sheet)")
        INDICATORS = "indicators", _("GB/T 42748-2023 indicator score")

    asset = models.ForeignKey(
        "assets.Asset", verbose_name=_("asset"), on_delete=models.PROTECT, related_name="valuations"
    )
    valuer = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("valuer organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="valuations_made",
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=Scenario.choices)
    methods = models.JSONField(_("methods"), default=list)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    outputs = models.JSONField(_("outputs"), default=dict, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    conclusion_low = money_field(_("conclusion (low)"), null=True, blank=True)
    conclusion_point = money_field(_("conclusion (point)"), null=True, blank=True)
    conclusion_high = money_field(_("conclusion (high)"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    valuation_date = models.DateField(_("valuation date"), validators=[plausible_date])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    last_run_at = models.DateTimeField(_("last run at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    alert_threshold = rate_field(
        _("alert threshold"),
        null=True,
        blank=True,
        help_text=_("Notify the owner when a revaluation moves the point value by more than this share."),
    )

    objects = ValuationQuerySet.as_manager()

    class Meta:
        verbose_name = _("valuation")
        verbose_name_plural = _("valuations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "version"], name="one_valuation_version_per_asset"),
            models.CheckConstraint(
                condition=models.Q(conclusion_low__isnull=True)
                | models.Q(conclusion_low__lte=models.F("conclusion_high")),
                name="valuation_low_not_above_high",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset} v{self.version} ({self.get_status_display()})"


class ValuationShare(models.Model):
    """An organisation the asset owner let see this valuation (a bank, a buyer, a certifier …)."""

    valuation = models.ForeignKey(
        Valuation, verbose_name=_("valuation"), on_delete=models.CASCADE, related_name="shares"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("shared by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("shared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("valuation share")
        verbose_name_plural = _("valuation shares")
        constraints = [models.UniqueConstraint(fields=["valuation", "organisation"], name="share_once")]

    def __str__(self) -> str:
        return f"{self.valuation_id} → {self.organisation}"


class ValuationRun(models.Model):
    """The conclusion of one run of a valuation's methods: the values-over-time series."""

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Run by a person")
        INPUTS_CHANGED = "inputs_changed", _("Inputs changed")
        REGISTRY_CHANGED = "registry_changed", _("Registry record changed")
        SCHEDULED = "scheduled", _("Scheduled revaluation")
        COMPARABLE_RECORDED = "comparable_recorded", _("Comparable deal recorded")

    valuation = models.ForeignKey(
        Valuation, verbose_name=_("valuation"), on_delete=models.CASCADE, related_name="runs"
    )
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    trigger = models.CharField(_("trigger"), max_length=20, choices=Trigger.choices)
    point = money_field(_("point value"))
    low = money_field(_("low value"))
    high = money_field(_("high value"))
    inputs_digest = models.CharField(_("inputs digest"), max_length=64)

    class Meta:
        verbose_name = _("valuation run")
        verbose_name_plural = _("valuation runs")
        ordering = ["ran_at", "id"]

    def __str__(self) -> str:
        return f"{self.valuation_id} @ {self.ran_at:%Y-%m-%d}: {self.point}"


# The subsidy programme's models live in their own module; importing them here registers them with the app.
from valuation.requests.models import ValuationRequest, ValuerService  # noqa: E402
from valuation.subsidy.models import SubsidyApplication, SubsidyPayout, SubsidyProgramme  # noqa: E402

__all__ = [
    "ComparableDeal",
    "Indicator",
    "IndicatorSet",
    "PhaseTransitionTable",
    "Scenario",
    "ScenarioWeight",
    "SubsidyApplication",
    "SubsidyPayout",
    "SubsidyProgramme",
    "Valuation",
    "ValuationRequest",
    "ValuationRun",
    "ValuationShare",
    "ValuerService",
]
