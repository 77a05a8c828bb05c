"""Admin for the research features: published datasets and their entries, releases.

Kept apart from registry/admin.py (imported from there) so the two can change independently.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registry.models import Dataset, DatasetEntry, Release


class DatasetEntryInline(admin.TabularInline):
    model = DatasetEntry
    extra = 0
    fields = ["row_id", "monument", "note"]
    autocomplete_fields = ["monument"]


@admin.register(Dataset)
class DatasetAdmin(SimpleHistoryAdmin):
    list_display = ["title", "authors", "publisher", "published_on", "slug", "entry_count"]
    search_fields = ["title", "authors", "publisher", "slug"]
    date_hierarchy = "published_on"
    fields = ["title", "slug", ("authors", "publisher"), ("published_on", "url"), "citation",
              "description"]
    inlines = [DatasetEntryInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_entry_count=Count("entries"))

    @admin.display(description=_("entries"), ordering="_entry_count")
    def entry_count(self, dataset: Dataset) -> int:
        return dataset._entry_count


@admin.register(DatasetEntry)
class DatasetEntryAdmin(SimpleHistoryAdmin):
    """Entries one by one: the way to record, from a monument, that a study counts it."""

    list_display = ["dataset", "row_id", "monument", "note"]
    list_filter = ["dataset"]
    search_fields = ["row_id", "note", "monument__name_en", "monument__name_ru",
                     "=monument__public_id"]
    autocomplete_fields = ["dataset", "monument"]
    list_select_related = ["dataset", "monument"]


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    """Releases are made by `manage.py make_release` and never change: read-only here."""

    list_display = ["version", "created_at", "as_of", "monument_count", "manifest_sha256"]
    readonly_fields = ["version", "created_at", "as_of", "monument_count", "counts",
                       "manifest_sha256", "path", "files", "created_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

