"""The operator's back office: everything readable; signed records are never edited here."""

from django.contrib import admin

from certification.models import (
    Attestation,
    CertificationRequest,
    CertificationService,
    CertifierKey,
    CheckResult,
    ConflictDeclaration,
    Evidence,
    RequestedClaim,
)


@admin.register(CertificationService)
class CertificationServiceAdmin(admin.ModelAdmin):
    list_display = ("certifier", "claim", "fee_amount", "fee_currency", "validity_days", "active")
    list_filter = ("claim", "active")


class RequestedClaimInline(admin.TabularInline):
    model = RequestedClaim
    extra = 0
    readonly_fields = ("claim", "service", "fee_amount", "fee_currency", "decision", "reasons", "sources")
    can_delete = False


@admin.register(CertificationRequest)
class CertificationRequestAdmin(admin.ModelAdmin):
    list_display = ("pk", "asset", "requester", "certifier", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("asset", "requester", "certifier", "submitted_by", "renews")
    inlines = [RequestedClaimInline]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Attestation)
class AttestationAdmin(ReadOnly):
    list_display = ("public_id", "claim", "asset", "certifier", "valid_until", "revoked_at")
    list_filter = ("claim",)
    search_fields = ("public_id", "asset__number")


@admin.register(CertifierKey)
class CertifierKeyAdmin(ReadOnly):
    list_display = ("certifier", "key_id", "valid_from", "valid_until")


@admin.register(CheckResult)
class CheckResultAdmin(ReadOnly):
    list_display = ("request", "claim", "outcome", "checked_at")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnly):
    list_display = ("request", "kind", "file_name", "trial", "url", "added_at")


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ("certifier", "organisation", "asset", "declared_at")
    raw_id_fields = ("certifier", "organisation", "asset", "declared_by")
