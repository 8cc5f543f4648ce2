from django.contrib import admin

from matching.models import IndexedDocument


@admin.register(IndexedDocument)
class IndexedDocumentAdmin(admin.ModelAdmin):
    """Read-only: rows are written by the indexing task and `ipharbour matching rebuild`."""

    list_display = ("namespace", "object_id", "number", "owner", "searchable", "model", "updated_at")
    list_filter = ("namespace", "searchable", "model")
    search_fields = ("number",)
    readonly_fields = [field.name for field in IndexedDocument._meta.fields]
    exclude = ("vector",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
