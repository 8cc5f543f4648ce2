from django.contrib import admin

from assets.models import (
    Asset,
    AssetTranslation,
    BiomedicalProfile,
    Encumbrance,
    Family,
    ImportRun,
    Indication,
    LegalStatusEvent,
    PatentTermRule,
    TitleTransfer,
)


class TranslationInline(admin.TabularInline):
    model = AssetTranslation
    extra = 0


class LegalEventInline(admin.TabularInline):
    model = LegalStatusEvent
    extra = 0


class TransferInline(admin.TabularInline):
    model = TitleTransfer
    extra = 0


class EncumbranceInline(admin.TabularInline):
    model = Encumbrance
    extra = 0


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "title",
        "kind",
        "jurisdiction",
        "legal_status",
        "visibility",
        "owner",
        "expiry_date",
    ]
    list_filter = ["kind", "jurisdiction", "legal_status", "visibility", "source", "is_demo"]
    search_fields = ["number", "title", "holder_name"]
    raw_id_fields = ["family", "owner"]
    inlines = [TranslationInline, LegalEventInline, TransferInline, EncumbranceInline]


@admin.register(BiomedicalProfile)
class BiomedicalProfileAdmin(admin.ModelAdmin):
    list_display = ["asset", "drug_name", "modality", "phase"]
    list_filter = ["modality", "phase"]
    raw_id_fields = ["asset"]


@admin.register(Indication)
class IndicationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh_hant", "name_zh_hans", "is_cancer", "group"]


@admin.register(PatentTermRule)
class PatentTermRuleAdmin(admin.ModelAdmin):
    list_display = ["jurisdiction", "kind", "years", "counted_from", "applies_to_filings_from", "source"]


admin.site.register(Family)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Import runs are records of what happened: the operator reads them, nobody edits them."""

    list_display = [
        "started_at",
        "kind",
        "source_name",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "interrupted",
        "user",
    ]
    list_filter = ["kind", "interrupted"]
    search_fields = ["source_name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
