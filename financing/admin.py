"""Back office: the operator sets up programmes here; loans are read here and changed only through the
services (pages and API), so that every step is decided by its party and recorded."""

from django.contrib import admin

from financing.models import (
    Bid,
    CovenantAlert,
    Decision,
    Disposal,
    Instalment,
    LicenceBack,
    Loan,
    LoanAsset,
    LossAllocation,
    Payment,
    Programme,
    SubsidyClaim,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "currency",
        "insurer_share",
        "guarantor_share",
        "bank_share",
        "max_loan",
        "max_ltv",
        "active",
    )
    list_filter = ("active", "currency")
    search_fields = ("name", "description")
    filter_horizontal = (
        "officers",
        "banks",
        "insurers",
        "guarantors",
        "recommenders",
        "valuers",
        "recovery_funds",
    )


class ReadOnly(admin.ModelAdmin):
    """Loans and their records change only through the services; the back office reads them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class LoanAssetInline(admin.TabularInline):
    model = LoanAsset
    extra = 0
    can_delete = False
    readonly_fields = ("asset", "valuation", "value", "current_value", "registration_number", "encumbrance")


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    can_delete = False
    readonly_fields = ("step", "outcome", "organisation", "reasons", "terms", "decided_by", "decided_at")


@admin.register(Loan)
class LoanAdmin(ReadOnly):
    list_display = (
        "pk",
        "borrower",
        "programme",
        "stage",
        "currency",
        "requested_amount",
        "principal",
        "ltv",
        "current_ltv",
    )
    list_filter = ("stage", "programme", "covenant_breached")
    search_fields = ("borrower__name", "bank__name")
    inlines = [LoanAssetInline, DecisionInline]


@admin.register(Instalment)
class InstalmentAdmin(ReadOnly):
    list_display = (
        "loan",
        "number",
        "due_date",
        "principal",
        "interest",
        "paid_principal",
        "paid_interest",
        "paid_on",
    )


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ("loan", "paid_on", "amount", "currency", "to_fees", "to_interest", "to_principal")


@admin.register(SubsidyClaim)
class SubsidyClaimAdmin(ReadOnly):
    list_display = ("loan", "kind", "amount", "status", "claimed_at", "paid_on")
    list_filter = ("kind", "status")


@admin.register(CovenantAlert)
class CovenantAlertAdmin(ReadOnly):
    list_display = ("loan", "ltv", "threshold", "created_at")


@admin.register(Disposal)
class DisposalAdmin(ReadOnly):
    list_display = ("loan", "method", "status", "reserve_price", "price", "buyer", "ends_at")
    list_filter = ("method", "status")


@admin.register(Bid)
class BidAdmin(ReadOnly):
    list_display = ("disposal", "bidder", "amount", "placed_at")


@admin.register(LossAllocation)
class LossAllocationAdmin(ReadOnly):
    list_display = (
        "loan",
        "debt",
        "proceeds",
        "loss",
        "government_compensation",
        "insurer",
        "guarantor",
        "bank",
    )


@admin.register(LicenceBack)
class LicenceBackAdmin(ReadOnly):
    list_display = ("asset", "seller", "investor", "price", "buyback_price", "buyback_deadline", "status")
    list_filter = ("status",)
