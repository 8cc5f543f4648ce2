"""The operator's back office for deal rooms: NDA templates are edited here; signed records are read-only."""

from django.contrib import admin

from deals.models import (
    AccessLog,
    Agreement,
    AgreementSignature,
    ChecklistItem,
    DealRoom,
    Document,
    Nda,
    NdaSignature,
    NdaTemplate,
    Obligation,
    Payment,
    Question,
    RoomMember,
    RoyaltyReport,
    TermSheet,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MemberInline(admin.TabularInline):
    model = RoomMember
    extra = 0
    raw_id_fields = ("user", "organisation", "added_by")


class TermSheetInline(ReadOnlyInline):
    model = TermSheet
    fields = ("number", "side", "status", "accepted_at")


@admin.register(DealRoom)
class DealRoomAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "seller",
        "buyer",
        "deal_type",
        "status",
        "nda_signed_at",
        "signed_at",
        "is_demo",
    )
    list_filter = ("status", "deal_type", "is_demo")
    search_fields = ("title", "seller__name", "buyer__name")
    raw_id_fields = ("seller", "buyer", "listing", "interest", "created_by")
    inlines = [MemberInline, TermSheetInline]


@admin.register(NdaTemplate)
class NdaTemplateAdmin(admin.ModelAdmin):
    """Templates are versioned: change the text by saving a new version and retiring the old one."""

    list_display = ("name", "version", "second_language", "is_active", "created_at")
    list_filter = ("is_active", "second_language")
    save_as = True

    def get_readonly_fields(self, request, obj=None):
        # A version rooms have used keeps its text; only whether it is offered may change.
        if obj is not None and Nda.objects.filter(template=obj).exists():
            return ("name", "version", "second_language", "body_en", "body_zh")
        return ()


class NdaSignatureInline(ReadOnlyInline):
    model = NdaSignature
    fields = ("side", "signer_name", "organisation", "signed_at", "text_sha256")


@admin.register(Nda)
class NdaAdmin(admin.ModelAdmin):
    list_display = ("room", "template", "governing_law", "term_months", "created_at")
    readonly_fields = ("room", "template", "governing_law", "term_months", "text", "text_sha256")
    inlines = [NdaSignatureInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "room", "side", "tier", "content_type", "size", "revoked_at", "expires_at")
    list_filter = ("tier", "content_type")
    readonly_fields = ("sha256", "size", "content_type", "filename", "file")
    raw_id_fields = ("room", "uploaded_by")


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("at", "document", "user", "organisation_name", "action")
    readonly_fields = ("document", "user", "organisation_name", "action", "at")


class AgreementSignatureInline(ReadOnlyInline):
    model = AgreementSignature
    fields = ("side", "signer_name", "organisation", "signed_at", "document_sha256")


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("room", "version", "status", "sealed_at")
    list_filter = ("status",)
    exclude = ("pdf",)
    readonly_fields = (
        "room",
        "version",
        "term_sheet",
        "second_language",
        "sha256",
        "status",
        "seal",
        "sealed_at",
        "ledger_indexes",
    )
    inlines = [AgreementSignatureInline]


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ("title", "room", "kind", "due_on", "status")
    list_filter = ("kind", "status")
    raw_id_fields = ("room",)


@admin.register(RoyaltyReport)
class RoyaltyReportAdmin(admin.ModelAdmin):
    list_display = ("room", "period_start", "period_end", "net_sales", "royalty", "currency")
    readonly_fields = ("computation",)
    raw_id_fields = ("room", "obligation", "submitted_by")


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ("room", "paid_on", "amount", "currency", "reference")
    raw_id_fields = ("room", "report", "obligation", "recorded_by")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("room", "category", "side", "due_on", "answered_at")
    raw_id_fields = ("room", "asked_by", "assignee", "answered_by", "answer_document")


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ("room", "title", "state")
    list_filter = ("state",)
