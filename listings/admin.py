from django.contrib import admin

from listings.models import (
    Interest,
    Listing,
    ListingAsset,
    ListingTranslation,
    Need,
    Notification,
    OpenLicenceGrant,
    PledgeeConsent,
    Subscription,
)


class ListingAssetInline(admin.TabularInline):
    model = ListingAsset
    extra = 0
    raw_id_fields = ["asset"]


class ListingTranslationInline(admin.TabularInline):
    model = ListingTranslation
    extra = 0


class InterestInline(admin.TabularInline):
    model = Interest
    extra = 0
    fields = ["organisation", "status", "created_at", "decided_at"]
    readonly_fields = ["created_at", "decided_at"]


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    # State changes go through the marketplace pages (screening, events, log); the admin reads and searches.
    list_display = ["title", "organisation", "deal_type", "status", "published_at", "is_demo"]
    list_filter = ["status", "deal_type", "corridor", "is_demo"]
    search_fields = ["title", "summary", "organisation__name"]
    readonly_fields = [
        "status",
        "outcome",
        "screening",
        "screened_at",
        "published_at",
        "closed_at",
        "reviewed_by",
    ]
    inlines = [ListingAssetInline, ListingTranslationInline, InterestInline]
    raw_id_fields = ["organisation", "created_by", "main_asset"]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "visibility", "status", "created_at"]
    list_filter = ["visibility", "status"]
    search_fields = ["title", "text", "organisation__name"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "frequency", "active", "last_sent_at"]
    list_filter = ["kind", "frequency", "active"]
    exclude = ["token"]


admin.site.register(Notification)
admin.site.register(OpenLicenceGrant)
admin.site.register(PledgeeConsent)
