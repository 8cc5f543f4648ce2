from django.contrib import admin

from trials.models import Trial, TrialLink


@admin.register(Trial)
class TrialAdmin(admin.ModelAdmin):
    list_display = ["registry_id", "title", "phase", "status", "sponsor"]
    list_filter = ["phase", "source"]
    search_fields = ["registry_id", "title", "sponsor"]


@admin.register(TrialLink)
class TrialLinkAdmin(admin.ModelAdmin):
    list_display = ["trial", "asset", "basis", "sets_phase"]
    raw_id_fields = ["trial", "asset"]
