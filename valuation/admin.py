from django.contrib import admin

from valuation.models import (
    ComparableDeal,
    Indicator,
    IndicatorSet,
    PhaseTransitionTable,
    ScenarioWeight,
    SubsidyApplication,
    SubsidyPayout,
    SubsidyProgramme,
    Valuation,
    ValuationRequest,
    ValuerService,
)


@admin.register(PhaseTransitionTable)
class PhaseTransitionTableAdmin(admin.ModelAdmin):
    list_display = (
        "indication_group",
        "dataset",
        "phase1_to_phase2",
        "phase2_to_phase3",
        "phase3_to_filing",
        "filing_to_approval",
        "published_likelihood_of_approval",
        "is_default",
    )
    list_filter = ("dataset", "is_default")
    search_fields = ("indication_group", "dataset", "source")


@admin.register(ComparableDeal)
class ComparableDealAdmin(admin.ModelAdmin):
    list_display = ("date", "title", "deal_type", "phase", "indication_group", "deal_value", "currency")
    list_filter = ("deal_type", "phase", "indication_group", "currency")
    search_fields = ("title", "licensor", "licensee", "notes")
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            from valuation.comparables import deal_recorded

            deal_recorded(obj, by=request.user)


class ScenarioWeightInline(admin.TabularInline):
    model = ScenarioWeight
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name_en",
        "name_zh_hans",
        "level",
        "input_kind",
        "registry_key",
        "unverified_name",
    )
    list_filter = ("indicator_set", "level", "input_kind", "unverified_name")
    search_fields = ("code", "name_en", "name_zh_hans", "name_zh_hant")
    inlines = [ScenarioWeightInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = (
        "code",
        "level",
        "parent",
        "name_en",
        "name_zh_hans",
        "name_zh_hant",
        "input_kind",
        "registry_key",
    )


@admin.register(IndicatorSet)
class IndicatorSetAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "is_default", "created_at")
    inlines = [IndicatorInline]


@admin.register(SubsidyProgramme)
class SubsidyProgrammeAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "share_of_fee",
        "max_subsidy_per_case",
        "currency",
        "max_cases_per_year",
        "active",
    )


@admin.register(SubsidyApplication)
class SubsidyApplicationAdmin(admin.ModelAdmin):
    list_display = ("organisation", "asset", "technology_field", "valuation_fee", "status", "approved_amount")
    list_filter = ("status", "programme", "quota_year")
    readonly_fields = ("eligibility", "decided_by", "decided_at", "created_by")


@admin.register(SubsidyPayout)
class SubsidyPayoutAdmin(admin.ModelAdmin):
    list_display = ("application", "amount", "currency", "paid_on", "reference")


@admin.register(Valuation)
class ValuationAdmin(admin.ModelAdmin):
    list_display = ("asset", "version", "purpose", "status", "currency", "conclusion_point", "valuation_date")
    list_filter = ("status", "purpose")
    readonly_fields = ("inputs", "outputs", "created_by", "last_run_at", "finalised_at")


@admin.register(ValuerService)
class ValuerServiceAdmin(admin.ModelAdmin):
    list_display = ("organisation", "title", "fee_amount", "fee_currency", "turnaround_days", "active")
    list_filter = ("active", "fee_currency")
    search_fields = ("organisation__name", "title")


@admin.register(ValuationRequest)
class ValuationRequestAdmin(admin.ModelAdmin):
    list_display = ("asset", "organisation", "valuer", "status", "fee_amount", "fee_currency", "created_at")
    list_filter = ("status",)
    readonly_fields = ("valuation", "requested_by", "created_at", "decided_at", "delivered_at")
