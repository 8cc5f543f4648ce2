"""The log in the back office: read-only, because an append-only log is changed only by appending."""

from django.contrib import admin

from ledger.models import Cosignature, Entry, SigningKey, TreeHead, Witness


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["index", "kind", "subject", "recorded_at", "leaf_hash"]
    list_filter = ["kind"]
    search_fields = ["subject", "leaf_hash"]
    exclude = ["nodes", "salt"]


@admin.register(TreeHead)
class TreeHeadAdmin(ReadOnlyAdmin):
    list_display = ["size", "root_hash", "signed_at", "key"]


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ["key_id", "valid_from", "valid_until"]


@admin.register(Witness)
class WitnessAdmin(admin.ModelAdmin):
    # Registration goes through the API (it is verified and logged); here the operator may only pause one.
    list_display = ["name", "key_id", "active", "registered_at"]
    fields = ["name", "key_id", "public_key", "active"]
    readonly_fields = ["name", "key_id", "public_key"]

    def has_add_permission(self, request):
        return False


@admin.register(Cosignature)
class CosignatureAdmin(ReadOnlyAdmin):
    list_display = ["witness", "head", "timestamp", "received_at"]
