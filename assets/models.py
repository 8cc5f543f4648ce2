"""The IP asset registry: patents, trademarks, copyright and know-how, with their legal life."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation
from core.access import CHANGE, VIEW, RestrictedQuerySet
from core.importing.runs import ImportRunBase
from core.languages import ORIGINAL_LANGUAGE_CHOICES
from core.validators import long_text, plausible_date


class AssetQuerySet(RestrictedQuerySet):
    """Public assets for everyone, the owning organisation's members see and (with a writing role) change its
    own."""

    def for_anonymous(self, action: str) -> "AssetQuerySet":
        return self.filter(visibility=Asset.Visibility.PUBLIC) if action == VIEW else self.none()

    def for_member(self, user, action: str) -> "AssetQuerySet":
        if action == CHANGE:
            return self.filter(owner__in=Organisation.objects.restrict(user, CHANGE).values("pk"))
        own = Q(owner__in=Organisation.objects.of_member(user).values("pk"))
        return self.filter(own | Q(visibility=Asset.Visibility.PUBLIC))


class Family(models.Model):
    """Publications that share priority: one invention across jurisdictions."""

    key = models.CharField(_("family key"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("patent family")
        verbose_name_plural = _("patent families")

    def __str__(self) -> str:
        return self.key


class Asset(models.Model):
    """One IP right. Public fields are listed in PUBLIC_FIELDS; everything else is confidential."""

    class Kind(models.TextChoices):
        INVENTION = "invention", _("Invention patent")
        UTILITY_MODEL = "utility_model", _("Utility model")
        DESIGN = "design", _("Design")
        HK_STANDARD_O = "hk_standard_o", _("Hong Kong standard patent (O)")
        HK_STANDARD_R = "hk_standard_r", _("Hong Kong standard patent (R)")
        HK_SHORT_TERM = "hk_short_term", _("Hong Kong short-term patent")
        TRADEMARK = "trademark", _("Trademark")
        COPYRIGHT = "copyright", _("Copyright")
        TRADE_SECRET = "trade_secret", _("Trade secret / know-how package")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        CONFIDENTIAL = "confidential", _("Confidential (own organisation only)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted / registered")
        LAPSED = "lapsed", _("Lapsed")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked / invalidated")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Fields anyone may read when the asset is public. The rest (notes, documents, know-how
    # description) stays with the owning organisation even then.
    PUBLIC_FIELDS = (
        "kind",
        "jurisdiction",
        "number",
        "kind_code",
        "application_number",
        "application_date",
        "publication_number",
        "publication_date",
        "grant_number",
        "grant_date",
        "priority_claims",
        "title",
        "abstract",
        "original_language",
        "claims",
        "cpc_codes",
        "ipc_codes",
        "applicants",
        "assignees",
        "inventors",
        "holder_name",
        "holder_country",
        "legal_status",
        "expiry_date",
    )
    CONFIDENTIAL_FIELDS = ("confidential_notes", "know_how_description")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.INVENTION)
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=4, help_text=_("Office code, e.g. CN, HK, US, EP, WO.")
    )
    number = models.CharField(
        _("number"),
        max_length=40,
        blank=True,
        help_text=_("Publication number with kind code, e.g. US12376587B2."),
    )
    kind_code = models.CharField(_("kind code"), max_length=4, blank=True)
    application_number = models.CharField(_("application number"), max_length=40, blank=True)
    application_date = models.DateField(
        _("application date"), null=True, blank=True, validators=[plausible_date]
    )
    publication_number = models.CharField(_("publication number"), max_length=40, blank=True)
    publication_date = models.DateField(
        _("publication date"), null=True, blank=True, validators=[plausible_date]
    )
    grant_number = models.CharField(_("grant number"), max_length=40, blank=True)
    grant_date = models.DateField(_("grant date"), null=True, blank=True, validators=[plausible_date])
    priority_claims = models.JSONField(_("priority claims"), default=list, blank=True)
    family = models.ForeignKey(
        Family,
        verbose_name=_("family"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assets",
    )
    title = models.CharField(_("title"), max_length=500)
    abstract = models.TextField(_("abstract"), blank=True, validators=[long_text])
    original_language = models.CharField(
        _("original language"), max_length=8, choices=ORIGINAL_LANGUAGE_CHOICES, default="en"
    )
    claims = models.JSONField(_("claims"), default=list, blank=True)
    cpc_codes = models.JSONField(_("CPC codes"), default=list, blank=True)
    ipc_codes = models.JSONField(_("IPC codes"), default=list, blank=True)
    cpc_section = models.CharField(_("CPC section"), max_length=1, blank=True, db_index=True)
    applicants = models.JSONField(_("applicants"), default=list, blank=True)
    assignees = models.JSONField(_("assignees"), default=list, blank=True)
    inventors = models.JSONField(_("inventors"), default=list, blank=True)
    holder_name = models.CharField(_("holder of record"), max_length=300, blank=True)
    holder_country = models.CharField(_("holder country"), max_length=2, blank=True, db_index=True)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owning organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
        help_text=_("The member organisation that manages this asset on the exchange."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    legal_status = models.CharField(
        _("legal status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True, db_index=True)
    term_extension_days = models.PositiveIntegerField(_("recorded term extension (days)"), default=0)
    confidential_notes = models.TextField(_("confidential notes"), blank=True, validators=[long_text])
    know_how_description = models.TextField(_("know-how description"), blank=True, validators=[long_text])
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    source = models.CharField(
        _("source"), max_length=40, blank=True, help_text=_("Where the record came from.")
    )
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    index_pending = models.BooleanField(
        _("waits for the search index"),
        default=True,
        editable=False,
        help_text=_("Set by every save; cleared by the search indexer once it has read the asset."),
    )

    objects = AssetQuerySet.as_manager()

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["-publication_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="asset_number_unique"),
        ]
        indexes = [
            models.Index(fields=["jurisdiction", "kind"]),
            models.Index(fields=["-publication_date", "-id"], name="asset_newest_first"),
            # Small partial indexes: what waits for the search index, and the confidential assets (whose
            # owners search them outside the ranked index), found without reading the whole registry.
            models.Index(fields=["id"], condition=Q(index_pending=True), name="asset_index_pending"),
            models.Index(
                fields=["owner"], condition=~Q(visibility="public"), name="asset_confidential_owner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.pk} {self.title[:60]}"

    def save(self, *args, **kwargs) -> None:
        """Every saved change waits for the search index (its counter is this flag, matching.freshness)."""
        self.index_pending = True
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "index_pending"}
        super().save(*args, **kwargs)

    @property
    def is_patent(self) -> bool:
        return self.kind not in {self.Kind.TRADEMARK, self.Kind.COPYRIGHT, self.Kind.TRADE_SECRET}


class AssetTranslation(models.Model):
    """Title and abstract in another language than the original."""

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="translations"
    )
    language_code = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=500)
    abstract = models.TextField(_("abstract"), blank=True, validators=[long_text])
    machine_translated = models.BooleanField(_("machine translated"), default=False)

    class Meta:
        verbose_name = _("asset translation")
        verbose_name_plural = _("asset translations")
        constraints = [
            models.UniqueConstraint(fields=["asset", "language_code"], name="one_translation_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.asset_id} [{self.language_code}]"


class Classification(models.Model):
    """One CPC or IPC code of an asset, kept as rows so that search can facet on them."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="classifications")
    scheme = models.CharField(_("scheme"), max_length=3, choices=[("cpc", "CPC"), ("ipc", "IPC")])
    code = models.CharField(_("code"), max_length=40, db_index=True)
    section = models.CharField(_("section"), max_length=1, db_index=True)

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        constraints = [
            models.UniqueConstraint(fields=["asset", "scheme", "code"], name="classification_once")
        ]

    def __str__(self) -> str:
        return self.code


class LegalStatusEvent(models.Model):
    class Effect(models.TextChoices):
        FILED = "filed", _("Filed")
        PUBLISHED = "published", _("Published")
        GRANTED = "granted", _("Granted")
        FEE_PAID = "fee_paid", _("Renewal fee paid")
        LAPSED = "lapsed", _("Lapsed for non-payment")
        RESTORED = "restored", _("Restored")
        EXTENDED = "extended", _("Term extended")
        REVOKED = "revoked", _("Revoked / invalidated")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")
        OTHER = "other", _("Other")

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="legal_events"
    )
    date = models.DateField(_("date"), validators=[plausible_date])
    effect = models.CharField(_("effect"), max_length=12, choices=Effect.choices)
    code = models.CharField(_("office code"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    extension_days = models.PositiveIntegerField(_("extension (days)"), default=0)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("legal-status event")
        verbose_name_plural = _("legal-status events")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.effect}"


class TitleTransfer(models.Model):
    """One link in the chain of title: who held the right before and after, and the recorded document."""

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="transfers"
    )
    date = models.DateField(_("date"), validators=[plausible_date])
    from_name = models.CharField(_("from"), max_length=300)
    to_name = models.CharField(_("to"), max_length=300)
    to_organisation = models.ForeignKey(
        Organisation, verbose_name=_("to organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        default="assignment",
        choices=[
            ("assignment", _("Assignment")),
            ("merger", _("Merger")),
            ("court_order", _("Court order")),
            ("inheritance", _("Succession")),
        ],
    )
    reference = models.CharField(_("recordal reference"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("title transfer")
        verbose_name_plural = _("title transfers")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.from_name} → {self.to_name}"


class EncumbranceQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> "EncumbranceQuerySet":
        """Encumbrances in effect on the day: not released by then and not ended before it. Every rule that
        an encumbrance blocks (listing, licensing, transfer, consent) reads this, or `state_on`."""
        released = Q(released_at__isnull=False, released_at__lte=day)
        ended = Q(end_date__isnull=False, end_date__lt=day)
        return self.exclude(released | ended)


class Encumbrance(models.Model):
    """A licence or pledge that burdens the asset, shown to anyone who can see the asset.

    Its effective state on a day (active, expired, released) follows from its dates alone: see `state_on`.
    """

    class State(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("encumbrance state", "active")
        EXPIRED = "expired", pgettext_lazy("encumbrance state", "expired")
        RELEASED = "released", pgettext_lazy("encumbrance state", "released")

    class Kind(models.TextChoices):
        EXCLUSIVE_LICENCE = "exclusive_licence", _("Exclusive licence")
        SOLE_LICENCE = "sole_licence", _("Sole licence")
        NON_EXCLUSIVE_LICENCE = "non_exclusive_licence", _("Non-exclusive licence")
        PLEDGE = "pledge", _("Pledge")

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="encumbrances"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    holder_name = models.CharField(_("in favour of"), max_length=300)
    holder_organisation = models.ForeignKey(
        Organisation, verbose_name=_("holder organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    territories = models.JSONField(_("territories"), default=list, blank=True)
    field_of_use = models.CharField(_("field of use"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"), validators=[plausible_date])
    end_date = models.DateField(_("end date"), null=True, blank=True, validators=[plausible_date])
    released_at = models.DateField(_("released on"), null=True, blank=True)
    reference = models.CharField(_("recordal reference"), max_length=120, blank=True)

    objects = EncumbranceQuerySet.as_manager()

    class Meta:
        verbose_name = _("encumbrance")
        verbose_name_plural = _("encumbrances")
        ordering = ["start_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.holder_name}"

    def state_on(self, day: datetime.date) -> str:
        """Released once its release date has come, expired after its end date, active otherwise (the same
        rule as EncumbranceQuerySet.active_on)."""
        if self.released_at is not None and self.released_at <= day:
            return self.State.RELEASED
        if self.end_date is not None and self.end_date < day:
            return self.State.EXPIRED
        return self.State.ACTIVE

    @property
    def state(self) -> str:
        """The state today."""
        return self.state_on(timezone.localdate())

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)


class Indication(models.Model):
    """A controlled vocabulary of indications, cancer types first."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=120)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=120)
    is_cancer = models.BooleanField(_("cancer"), default=True)
    group = models.CharField(
        _("indication group"),
        max_length=40,
        blank=True,
        help_text=_("Group used for phase-transition probabilities, e.g. oncology_solid."),
    )

    class Meta:
        verbose_name = _("indication")
        verbose_name_plural = _("indications")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en

    def localized_name(self, language: str) -> str:
        return {"zh-hant": self.name_zh_hant, "zh-hans": self.name_zh_hans}.get(language, self.name_en)


class BiomedicalProfile(models.Model):
    """What a drug asset is, for whom, and how far it has come."""

    class Modality(models.TextChoices):
        SMALL_MOLECULE = "small_molecule", _("Small molecule")
        ANTIBODY = "antibody", _("Antibody")
        ADC = "adc", _("Antibody-drug conjugate")
        BISPECIFIC = "bispecific", _("Bispecific antibody")
        PROTEIN = "protein", _("Recombinant protein")
        PEPTIDE = "peptide", _("Peptide")
        PROTEIN_DEGRADER = "protein_degrader", _("Protein degrader (PROTAC)")
        RADIOPHARMACEUTICAL = "radiopharmaceutical", _("Radiopharmaceutical")
        CELL_THERAPY = "cell_therapy", _("Cell therapy")
        GENE_THERAPY = "gene_therapy", _("Gene therapy")
        RNA = "rna", _("RNA")
        VACCINE = "vaccine", _("Vaccine")
        TCM_FORMULA = "tcm_formula", _("TCM formula")
        DEVICE = "device", _("Device")
        OTHER = "other", _("Other")

    class Phase(models.IntegerChoices):
        DISCOVERY = 0, _("Discovery")
        PRECLINICAL = 1, _("Preclinical")
        PHASE_1 = 2, _("Phase 1")
        PHASE_2 = 3, _("Phase 2")
        PHASE_3 = 4, _("Phase 3")
        FILED = 5, _("Filed")
        APPROVED = 6, _("Approved")

    asset = models.OneToOneField(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="biomedical"
    )
    drug_name = models.CharField(_("drug name"), max_length=200, blank=True)
    inn = models.CharField(_("INN"), max_length=200, blank=True)
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices, blank=True)
    targets = models.JSONField(_("targets"), default=list, blank=True)
    indications_text = models.TextField(_("indications"), blank=True)
    indications = models.ManyToManyField(Indication, verbose_name=_("indication vocabulary"), blank=True)
    phase = models.PositiveSmallIntegerField(
        _("development phase"), choices=Phase.choices, null=True, blank=True
    )
    first_in_class_claim = models.BooleanField(_("claims first-in-class"), default=False)
    best_in_class_claim = models.BooleanField(_("claims best-in-class"), default=False)
    class_claim_rationale = models.TextField(_("reasoning for the class claim"), blank=True)
    tcm_formula = models.JSONField(
        _("TCM formula"),
        default=list,
        blank=True,
        help_text=_('Herbs and doses: [{"herb": "…", "dose": "…"}]'),
    )
    derived_from = models.CharField(
        _("derived from"),
        max_length=200,
        blank=True,
        help_text=_("How fields were filled when not by the owner."),
    )

    class Meta:
        verbose_name = _("biomedical profile")
        verbose_name_plural = _("biomedical profiles")

    def __str__(self) -> str:
        return self.drug_name or self.inn or f"profile {self.asset_id}"


class PatentTermRule(models.Model):
    """Statutory term per office and asset type, editable by the operator, each with its legal source."""

    jurisdiction = models.CharField(_("jurisdiction"), max_length=4)
    kind = models.CharField(_("type"), max_length=20, choices=Asset.Kind.choices)
    years = models.PositiveSmallIntegerField(_("term (years)"))
    counted_from = models.CharField(
        _("counted from"),
        max_length=12,
        choices=[("application", _("Application date")), ("grant", _("Grant date"))],
    )
    applies_to_filings_from = models.DateField(_("applies to filings from"), null=True, blank=True)
    source = models.CharField(_("legal source"), max_length=300)

    class Meta:
        verbose_name = _("patent term rule")
        verbose_name_plural = _("patent term rules")
        ordering = ["jurisdiction", "kind", "-applies_to_filings_from"]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.kind}: {self.years}y from {self.counted_from}"


class ImportRunQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "ImportRunQuerySet":
        """A person sees their own runs and their organisations' runs (the operator sees every run)."""
        return self.filter(
            Q(user=user) | Q(organisation__in=Organisation.objects.of_member(user).values("pk"))
        )


class ImportRun(ImportRunBase):
    """One run of an importer over some files (core.importing.runs): the registry keeps them, since a
    portfolio's run belongs to an organisation."""

    class Kind(models.TextChoices):
        PATENTS = "patents", _("Patent documents")
        TRIALS = "trials", _("Clinical trials")
        PORTFOLIO = "portfolio", _("Organisation portfolio")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_runs",
    )

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_name} ({self.started_at:%Y-%m-%d %H:%M})"
