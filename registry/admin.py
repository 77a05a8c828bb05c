"""The curators' admin: every model, monuments with their events, roles and citations inline."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registry.models import Actor, ActorRole, Citation, Event, Monument, Region, Source

admin.site.site_header = _("Stalin Monument Registry — curators")
admin.site.site_title = _("Registry admin")
admin.site.index_title = _("Records")


class EventInline(admin.StackedInline):
    model = Event
    extra = 0
    fields = [("kind", "date"), ("description_en", "description_ru"), "actors"]
    autocomplete_fields = ["actors"]


class ActorRoleInline(admin.TabularInline):
    model = ActorRole
    extra = 0
    fields = ["position", "actor", "role", "note"]
    autocomplete_fields = ["actor"]


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0
    fields = [("source", "claim"), "quote", ("event", "role"), ("locator", "accessed_on")]
    autocomplete_fields = ["source"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the events and roles of the monument being edited make sense here.
        if db_field.name in {"event", "role"}:
            monument_id = request.resolver_match.kwargs.get("object_id")
            model = Event if db_field.name == "event" else ActorRole
            kwargs["queryset"] = model.objects.filter(monument_id=monument_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Monument)
class MonumentAdmin(SimpleHistoryAdmin):
    list_display = ["public_id", "name_en", "region", "settlement_en", "installed_year",
                    "sponsor_category", "form", "status", "state", "updated_at"]
    list_display_links = ["public_id", "name_en"]
    list_filter = ["state", "sponsor_category", "form", "status", "origin", "setting", "country",
                   "controlled_by", ("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name_en", "name_ru", "settlement_en", "settlement_ru", "=public_id",
                     "region__name_en", "region__name_ru"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "duplicate_of"]
    readonly_fields = ["public_id", "installed_earliest", "installed_latest",
                       "installed_precision", "installed_year", "sponsor_category", "created_at",
                       "created_by", "updated_at", "updated_by"]
    inlines = [EventInline, ActorRoleInline, CitationInline]
    fieldsets = [
        (None, {"fields": ["public_id", ("name_en", "name_ru"), "slug", "state"]}),
        (_("The monument"), {"fields": [("form", "status"), ("setting", "origin"),
                                        ("height_m", "material"), "inscription",
                                        "description_en", "description_ru"]}),
        (_("Location"), {"fields": [("country", "controlled_by"), "region",
                                    ("settlement_en", "settlement_ru"), "address",
                                    ("latitude", "longitude", "coordinate_precision")]}),
        (_("Derived from events and roles"), {"fields": [
            ("installed_earliest", "installed_latest", "installed_precision", "installed_year"),
            ("sponsor_category", "sponsor_unknown")]}),
        (_("Other databases"), {"fields": [("wikidata_id", "osm_id"), "commons_category",
                                           ("wikipedia_en", "wikipedia_ru")]}),
        (_("Curation"), {"fields": ["duplicate_of", "curator_notes",
                                    ("created_at", "created_by"), ("updated_at", "updated_by")]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ru", "country"]
    list_filter = ["country"]
    search_fields = ["code", "name_en", "name_ru"]


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "name_ru", "kind", "category", "parent"]
    list_filter = ["kind", "category"]
    search_fields = ["name_en", "name_ru", "slug"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "outlet", "published_on", "kind", "language", "derivative"]
    list_filter = ["kind", "language", "derivative"]
    search_fields = ["title", "outlet", "url", "author"]
    date_hierarchy = "published_on"


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["monument", "kind", "date", "date_precision"]
    list_filter = ["kind", "date_precision"]
    search_fields = ["monument__name_en", "monument__name_ru", "description_en"]
    autocomplete_fields = ["monument", "actors"]
    list_select_related = ["monument"]


@admin.register(ActorRole)
class ActorRoleAdmin(SimpleHistoryAdmin):
    list_display = ["monument", "actor", "role", "position"]
    list_filter = ["role"]
    search_fields = ["monument__name_en", "actor__name_en", "actor__name_ru"]
    autocomplete_fields = ["monument", "actor"]
    list_select_related = ["monument", "actor"]


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ["monument", "source", "claim"]
    list_filter = ["claim"]
    search_fields = ["monument__name_en", "source__title", "quote"]
    autocomplete_fields = ["monument", "source"]
    list_select_related = ["monument", "source"]

from registry import admin_datasets  # noqa: E402, F401  (datasets and releases, registered there)
