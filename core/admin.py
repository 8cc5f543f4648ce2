from django.contrib import admin

from core.models import Event, FigureSetting


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject_type", "subject_id", "kind", "actor"]
    list_filter = ["subject_type", "kind"]
    search_fields = ["subject_id", "kind"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FigureSetting)
class FigureSettingAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "source", "updated_at"]
    search_fields = ["key"]
