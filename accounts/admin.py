from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import services, tokens
from accounts.models import ApiToken, Invitation, Membership, Organisation, User
from core.errors import DomainError


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "jurisdiction", "status", "verified", "registration_number", "created_at"]
    list_filter = ["status", "kind", "jurisdiction", "is_demo"]
    search_fields = ["name", "name_local", "registration_number", "slug"]
    readonly_fields = ["status", "verified", "verified_at", "rejection_reason", "created_at", "document_link"]
    exclude = ["registration_document"]

    @admin.display(description=_("registration document"))
    def document_link(self, organisation):
        if not organisation.registration_document:
            return "—"
        url = reverse("accounts:document", args=[organisation.slug])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    inlines = [MembershipInline]
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve the selected organisations"))
    def approve(self, request, queryset):
        for organisation in queryset:
            try:
                services.approve_organisation(organisation=organisation, by=request.user)
            except DomainError as error:
                self.message_user(request, f"{organisation}: {error.detail}", messages.ERROR)
            else:
                self.message_user(request, _("%(org)s approved.") % {"org": organisation}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected organisations (registration incomplete)"))
    def reject(self, request, queryset):
        reason = str(
            _("The registration number or document could not be verified. Please upload them again.")
        )
        for organisation in queryset:
            services.reject_organisation(organisation=organisation, by=request.user, reason=reason)
        self.message_user(request, _("Rejected; the organisations see the reason on their profile."))


@admin.register(User)
class PersonAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    exclude = ["token"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "name",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", "end_reason"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "digest",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "end_reason",
    ]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            tokens.revoke_api_token(token=token, by=request.user)
