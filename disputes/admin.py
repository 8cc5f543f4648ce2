"""The operator's back office: rule templates (steps, time limits and their sources), the roster, cases and
the fee-subsidy programmes."""

from django.contrib import admin

from disputes.models import (
    Appointment,
    Case,
    CaseParty,
    Challenge,
    Deadline,
    Decision,
    Fee,
    FeeSubsidy,
    FeeSubsidyProgramme,
    Neutral,
    NeutralConflict,
    Participant,
    RosterApplication,
    RuleTemplate,
)


@admin.register(RuleTemplate)
class RuleTemplateAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "institution_name",
        "institution",
        "expedited_threshold",
        "expedited_currency",
        "active",
    )
    list_filter = ("active", "handles_mediation")
    search_fields = ("name", "institution_name", "code")


@admin.register(RosterApplication)
class RosterApplicationAdmin(admin.ModelAdmin):
    """Read here; decided by the centre's members on the platform, so that the reasons and the listing
    follow the one service."""

    list_display = ("name", "centre", "status", "created_at", "decided_at")
    list_filter = ("status", "centre")
    search_fields = ("name", "applicant__email")
    readonly_fields = (
        "applicant",
        "centre",
        "status",
        "decision_reason",
        "decided_by",
        "decided_at",
        "neutral",
    )


@admin.register(Neutral)
class NeutralAdmin(admin.ModelAdmin):
    list_display = ("name", "arbitrator", "mediator", "hourly_rate", "currency", "active")
    list_filter = ("arbitrator", "mediator", "active")
    search_fields = ("name", "name_local", "expertise")
    raw_id_fields = ("user", "organisation")


@admin.register(NeutralConflict)
class NeutralConflictAdmin(admin.ModelAdmin):
    list_display = ("neutral", "organisation", "name", "declared_at")
    raw_id_fields = ("neutral", "organisation")


class PartyInline(admin.TabularInline):
    model = CaseParty
    extra = 0
    raw_id_fields = ("organisation",)
    filter_horizontal = ("affiliates",)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ("user", "party", "added_by")


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("reference", "kind", "rules", "status", "filed_at", "closed_at")
    list_filter = ("kind", "status", "rules")
    search_fields = ("reference", "title")
    inlines = [PartyInline, ParticipantInline]
    raw_id_fields = ("deal_room", "previous", "filed_by")


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("case", "neutral", "role", "method", "status")
    list_filter = ("role", "method", "status")
    raw_id_fields = ("case", "neutral", "appointed_by")


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ("case", "appointment", "side", "status", "raised_at")
    raw_id_fields = ("case", "appointment", "raised_by", "decided_by")


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ("case", "title", "due_on", "status", "reminded_on")
    list_filter = ("status",)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("case", "kind", "title", "issued_at", "applied_at")
    list_filter = ("kind",)
    raw_id_fields = ("case", "issued_by")


@admin.register(Fee)
class FeeAdmin(admin.ModelAdmin):
    list_display = ("case", "party", "kind", "amount", "currency", "paid_on")
    list_filter = ("kind", "currency")
    raw_id_fields = ("case", "party", "appointment")


@admin.register(FeeSubsidyProgramme)
class FeeSubsidyProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "share_of_fees", "cap_per_case", "budget", "currency", "active")


@admin.register(FeeSubsidy)
class FeeSubsidyAdmin(admin.ModelAdmin):
    list_display = ("programme", "case", "party", "amount", "currency", "granted_at")
    raw_id_fields = ("programme", "case", "party", "granted_by")
