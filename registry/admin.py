"""The curators' admin: every model, monuments with their events, roles and citations inline.

What curators get here beyond Django's admin (design section 5):

- the publication workflow (registry/workflow.py) as admin actions and as buttons on the change
  form; the state itself is never edited by hand, and who may edit a record depends on its
  state (curators: drafts and records in review; reviewers: all);
- no hard deletes of monuments: a record is retired instead, keeping its history;
- the change history with field-level diffs, for the monument and for its parts, and a revert
  that brings back the parts too (registry/history.py);
- bulk import with a preview (registry/imports.py), a downloadable template;
- duplicate warnings on save, a duplicates report and a merge (registry/duplicates.py,
  registry/merge.py);
- work queues on the admin index (registry/queues.py, templates/admin/index.html).
"""

import secrets

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from registry import duplicates, history, imports, queues
from registry.merge import MergeError, merge_problems, monument_merge
from registry.models import (
    Actor,
    ActorRole,
    Citation,
    DatasetEntry,
    Event,
    Monument,
    Photo,
    Region,
    Source,
)
from registry.workflow import (
    TRANSITIONS,
    TransitionError,
    allowed_transitions,
    can_edit,
    monument_transition,
    publication_problems,
)

admin.site.site_header = _("Stalin Monument Registry — curators")
admin.site.site_title = _("Registry admin")
admin.site.index_title = _("Records")

IMPORT_SESSION_KEY = "registry_import"


def _current_monument(request: HttpRequest, obj: Monument | None) -> Monument | None:
    """The record as it is now. On a history page `obj` is an old version, whose state must
    not decide what the user may do to the record today."""
    current = getattr(request, "_registry_current_monument", None)
    if obj is not None and current is not None and current.pk == obj.pk:
        return current
    return obj


# --- Inlines: editable exactly when their monument is -----------------------------------------


class MonumentPartInline:
    """Events, roles and citations follow their monument: read-only when it is."""

    def _editable(self, request, obj) -> bool:
        return obj is None or can_edit(request.user, _current_monument(request, obj))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


class EventInline(MonumentPartInline, admin.StackedInline):
    model = Event
    extra = 0
    fields = [("kind", "date"), ("description_en", "description_ru"), "actors"]
    autocomplete_fields = ["actors"]


class ActorRoleInline(MonumentPartInline, admin.TabularInline):
    model = ActorRole
    extra = 0
    fields = ["position", "actor", "role", "note"]
    autocomplete_fields = ["actor"]


class CitationInline(MonumentPartInline, admin.StackedInline):
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


class DatasetEntryInline(MonumentPartInline, admin.TabularInline):
    """The published studies that count this monument, with their own row ids."""

    model = DatasetEntry
    fk_name = "monument"
    extra = 0
    fields = ["dataset", "row_id", "note"]
    autocomplete_fields = ["dataset"]
    verbose_name = _("count in a published study")
    verbose_name_plural = _("counted in published studies")


class PhotoInline(MonumentPartInline, admin.TabularInline):
    model = Photo
    extra = 0
    fields = ["preview", "image", "caption_en", "caption_ru", "author", "licence", "source_url",
              "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo or not photo.image:
            return "—"
        return format_html('<img src="{}" alt="{}" style="max-height: 80px; max-width: 120px">',
                           photo.image.url, photo.caption)


# --- Work queues ----------------------------------------------------------------------------


class WorkQueueFilter(admin.SimpleListFilter):
    title = _("work queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [(queue.name, queue.label) for queue in queues.QUEUES]

    def queryset(self, request, queryset):
        queue = queues.QUEUES_BY_NAME.get(self.value() or "")
        return queue.narrow(queryset) if queue else queryset


# --- Monuments ------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"),
                           help_text=_("In the layout of the template below."))


def _transition_action(name: str):
    transition = TRANSITIONS[name]
    permission = "publish" if transition.permission == "registry.publish_monument" else (
        "retire" if transition.permission == "registry.retire_monument" else "change")

    @admin.action(description=transition.label, permissions=[permission])
    def action(modeladmin, request, queryset):
        modeladmin.run_transition(request, queryset, name)

    action.__name__ = f"transition_{name}"
    return action


@admin.register(Monument)
class MonumentAdmin(SimpleHistoryAdmin):
    list_display = ["public_id", "name_en", "region", "settlement_en", "installed_year",
                    "sponsor_category", "form", "status", "state", "updated_at"]
    list_display_links = ["public_id", "name_en"]
    list_filter = [WorkQueueFilter, "state", "sponsor_category", "form", "status", "origin",
                   "setting", "country", "controlled_by",
                   ("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name_en", "name_ru", "settlement_en", "settlement_ru", "=public_id",
                     "region__name_en", "region__name_ru"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    readonly_fields = ["public_id", "state", "duplicate_of", "possible_duplicates",
                       "installed_earliest", "installed_latest", "installed_precision",
                       "installed_year", "sponsor_category", "created_at", "created_by",
                       "updated_at", "updated_by"]
    inlines = [EventInline, ActorRoleInline, CitationInline, PhotoInline, DatasetEntryInline]
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
        (_("Curation"), {"fields": ["duplicate_of", "possible_duplicates", "curator_notes",
                                    ("created_at", "created_by"), ("updated_at", "updated_by")]}),
    ]
    actions = [_transition_action(name) for name in TRANSITIONS] + ["merge_selected"]
    change_form_template = "admin/registry/monument/change_form.html"
    change_list_template = "admin/registry/monument/change_list.html"
    object_history_template = "admin/registry/monument/object_history.html"
    object_history_form_template = "admin/registry/monument/object_history_form.html"

    # Permissions

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit(request.user, _current_monument(request, obj))

    def has_delete_permission(self, request, obj=None):
        # Records are retired, never deleted: their history and public URL must survive.
        return False

    def has_publish_permission(self, request):
        return request.user.has_perm("registry.publish_monument")

    def has_retire_permission(self, request):
        return request.user.has_perm("registry.retire_monument")

    def has_merge_permission(self, request):
        return request.user.has_perm("registry.merge_monument")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk is None:
            # A new record has no public identifier until it is saved (a database default).
            first_name, first = fieldsets[0]
            fields = [name for name in first["fields"] if name != "public_id"]
            fieldsets = [(first_name, {**first, "fields": fields}), *fieldsets[1:]]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if self._on_history_form(request):
            # A version is reverted as a whole (registry/history.py), never edited.
            return [f.name for f in Monument._meta.fields] + ["possible_duplicates"]
        return super().get_readonly_fields(request, obj)

    @staticmethod
    def _on_history_form(request) -> bool:
        match = getattr(request, "resolver_match", None)
        return bool(match and match.url_name == "registry_monument_simple_history")

    # The change form

    @admin.display(description=_("possible duplicates"))
    def possible_duplicates(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        candidates = duplicates.candidates_for(obj)
        if not candidates:
            return gettext("None found.")
        return format_html_join(
            mark_safe("<br>"), '<a href="{}">{}</a> — {}',
            ((reverse("admin:registry_monument_change", args=[c.monument.pk]), c.monument,
              c.reason) for c in candidates),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        monument = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if monument is not None:
            extra_context["transitions"] = allowed_transitions(request.user, monument)
            if monument.state in ("draft", "in_review"):
                extra_context["publication_problems"] = publication_problems(monument)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Photo:
            for photo_form in formset.forms:
                photo = photo_form.instance
                if photo_form.has_changed() and photo.pk is None:
                    photo.uploaded_by = request.user
        super().save_formset(request, form, formset, change)

    def response_add(self, request, obj, post_url_continue=None):
        self._warn_about_duplicates(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._warn_about_duplicates(request, obj)
        return super().response_change(request, obj)

    def _warn_about_duplicates(self, request, obj: Monument) -> None:
        candidates = duplicates.candidates_for(obj)
        if candidates:
            links = format_html_join(
                ", ", '<a href="{}">{}</a> ({})',
                ((reverse("admin:registry_monument_change", args=[c.monument.pk]), c.monument,
                  c.reason) for c in candidates),
            )
            self.message_user(request, format_html(
                "{} {}", gettext("This may be a duplicate of:"), links), messages.WARNING)

    # Workflow

    def run_transition(self, request, queryset, name: str) -> None:
        done, label = 0, TRANSITIONS[name].label
        for monument in queryset:
            try:
                monument_transition(monument=monument, name=name, user=request.user)
                done += 1
            except TransitionError as error:
                self.message_user(request, f"{monument}: {' '.join(error.reasons)}",
                                  messages.ERROR)
        if done:
            self.message_user(request, gettext("%(step)s: %(n)d record(s) done.")
                              % {"step": label, "n": done}, messages.SUCCESS)

    def transition_view(self, request, object_id, name):
        monument = self.get_object(request, unquote(object_id))
        if monument is None:
            raise Http404
        if not self.has_view_or_change_permission(request, monument):
            raise PermissionDenied
        try:
            monument_transition(monument=monument, name=name, user=request.user)
        except TransitionError as error:
            for reason in error.reasons:
                self.message_user(request, reason, messages.ERROR)
        else:
            self.message_user(request, gettext("“%(record)s” is now %(state)s.") % {
                "record": monument, "state": monument.get_state_display().lower()},
                messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:registry_monument_change", args=[monument.pk]))

    # History and revert

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}),
                         "part_changes": self._part_changes(unquote(object_id))}
        return super().history_view(request, object_id, extra_context)

    @staticmethod
    def _part_changes(object_id) -> list[dict]:
        """The history of the monument's events, roles and citations, newest first, each
        change with its field-level differences from the part's previous version."""
        changes = []
        for model in (Event, ActorRole, Citation, Photo):
            ids = model.history.filter(monument_id=object_id).values_list("id", flat=True)
            rows = list(model.history.filter(id__in=ids.distinct())
                        .select_related("history_user").order_by("id", "history_date"))
            previous = None
            for row in rows:
                delta = []
                if previous is not None and previous.id == row.id and row.history_type == "~":
                    delta = [
                        {"field": model._meta.get_field(c.field).verbose_name, "old": c.old,
                         "new": c.new}
                        for c in row.diff_against(previous).changes
                    ]
                changes.append({"kind": model._meta.verbose_name, "record": row, "delta": delta})
                previous = row
        changes.sort(key=lambda change: change["record"].history_date, reverse=True)
        return changes

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or not can_edit(
            request.user, _current_monument(request, obj))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        monument = self.get_object(request, unquote(object_id))
        if monument is None:
            raise Http404
        request._registry_current_monument = monument
        version = get_object_or_404(Monument.history, id=monument.pk, history_id=version_id)
        if request.method == "POST":
            if not self.has_view_or_change_permission(request, monument) or not can_edit(
                request.user, monument
            ):
                raise PermissionDenied
            try:
                history.monument_revert(monument=monument, version=version, user=request.user)
            except history.RevertError as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(
                    reverse("admin:registry_monument_history", args=[monument.pk]))
            self.message_user(request, gettext("“%(record)s” was reverted to the version of "
                                               "%(date)s, with its events, roles and citations.")
                              % {"record": monument, "date": version.history_date},
                              messages.SUCCESS)
            return HttpResponseRedirect(
                reverse("admin:registry_monument_change", args=[monument.pk]))
        moment = history.version_end(version)
        extra_context = {
            **(extra_context or {}),
            "version_parts": [
                (model._meta.verbose_name_plural,
                 [row.instance for row in history.parts_as_of(model, monument.pk, moment)])
                for model in (Event, ActorRole, Citation, Photo)
            ],
            "current_state": monument.get_state_display(),
        }
        return super().history_form_view(request, object_id, version_id, extra_context)

    # Extra pages

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/transition/<str:name>/",
                 view(require_POST(self.transition_view)),
                 name="registry_monument_transition"),
            path("import/", view(self.import_view), name="registry_monument_import"),
            path("import/template.csv", view(self.template_csv_view),
                 name="registry_monument_import_template_csv"),
            path("import/template.xlsx", view(self.template_xlsx_view),
                 name="registry_monument_import_template_xlsx"),
            path("duplicates/", view(self.duplicates_view), name="registry_monument_duplicates"),
            path("merge/", view(self.merge_view), name="registry_monument_merge"),
            *super().get_urls(),
        ]

    def _context(self, request, title: str, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta,
                "title": title, **extra}

    # Import

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = self._context(request, gettext("Import monuments"),
                                columns=imports.COLUMNS, max_rows=imports.MAX_ADMIN_ROWS)
        if request.method == "POST" and "confirm" in request.POST:
            return self._import_confirm(request, context)
        form = ImportForm(request.POST or None, request.FILES or None)
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = imports.read_rows(upload, upload.name)
            except imports.ImportFileError as error:
                context["errors"] = error.errors
                return TemplateResponse(request, "admin/registry/monument/import.html", context)
            if len(rows) > imports.MAX_ADMIN_ROWS:
                form.add_error("file", gettext(
                    "This file has %(n)d rows; the admin previews at most %(max)d. Use "
                    "“manage.py import_monuments” for large files.")
                    % {"n": len(rows), "max": imports.MAX_ADMIN_ROWS})
                return TemplateResponse(request, "admin/registry/monument/import.html", context)
            result = imports.monument_import(rows=rows, user=request.user, dry_run=True,
                                             filename=upload.name)
            context.update(result=result, filename=upload.name)
            if result.ok:
                # The session lives in the database, so any app server can take the confirm.
                token = secrets.token_urlsafe(16)
                request.session[IMPORT_SESSION_KEY] = {"token": token, "filename": upload.name,
                                                       "rows": rows}
                context["token"] = token
        return TemplateResponse(request, "admin/registry/monument/import.html", context)

    def _import_confirm(self, request, context):
        pending = request.session.get(IMPORT_SESSION_KEY)
        if not pending or pending["token"] != request.POST.get("token"):
            self.message_user(request, gettext("That preview has expired; upload the file "
                                               "again."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:registry_monument_import"))
        rows = [(number, values) for number, values in pending["rows"]]
        result = imports.monument_import(rows=rows, user=request.user,
                                         filename=pending["filename"])
        if not result.ok:
            # Records changed between preview and confirm: show what is wrong now.
            context.update(result=result, filename=pending["filename"], form=ImportForm())
            return TemplateResponse(request, "admin/registry/monument/import.html", context)
        del request.session[IMPORT_SESSION_KEY]
        self.message_user(request, gettext("Imported %(file)s: %(summary)s.") % {
            "file": pending["filename"], "summary": result.summary()}, messages.SUCCESS)
        ids = sorted({outcome.monument_pk for outcome in result.rows})
        url = reverse("admin:registry_monument_changelist")
        if ids and len(ids) <= 200:
            url += "?id__in=" + ",".join(map(str, ids))
        return HttpResponseRedirect(url)

    def template_csv_view(self, request):
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="monuments-template.csv"'
        return response

    def template_xlsx_view(self, request):
        response = HttpResponse(
            imports.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="monuments-template.xlsx"'
        return response

    # Duplicates and merge

    def duplicates_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = self._context(request, gettext("Possible duplicates"),
                                pairs=duplicates.candidate_pairs(),
                                can_merge=self.has_merge_permission(request),
                                similarity=duplicates.DUPLICATE_NAME_SIMILARITY,
                                distance=duplicates.DUPLICATE_DISTANCE_M)
        return TemplateResponse(request, "admin/registry/monument/duplicates.html", context)

    @admin.action(description=_("Merge the two selected records…"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True)[:3])
        if len(ids) != 2:
            self.message_user(request, gettext("Select exactly two records to merge."),
                              messages.ERROR)
            return None
        return HttpResponseRedirect(reverse("admin:registry_monument_merge")
                                    + f"?ids={ids[0]},{ids[1]}")

    def merge_view(self, request):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        try:
            ids = [int(pk) for pk in request.GET.get("ids", "").split(",")]
        except ValueError:
            ids = []
        records = list(Monument.objects.filter(pk__in=ids).select_related("region").annotate(
            event_count=Count("events", distinct=True), role_count=Count("roles", distinct=True),
            citation_count=Count("citations", distinct=True)).order_by("public_id"))
        if len(ids) != 2 or len(records) != 2:
            self.message_user(request, gettext("Choose two existing records to merge."),
                              messages.ERROR)
            return HttpResponseRedirect(reverse("admin:registry_monument_changelist"))
        problems = []
        if request.method == "POST":
            keep_id = request.POST.get("keep", "")
            keep = next((m for m in records if str(m.pk) == keep_id), None)
            if keep is None:
                problems = [gettext("Choose the record to keep.")]
            else:
                drop = next(m for m in records if m.pk != keep.pk)
                try:
                    monument_merge(keep=keep, drop=drop, user=request.user)
                except MergeError as error:
                    problems = error.reasons
                else:
                    self.message_user(request, gettext(
                        "#%(drop)s was merged into #%(keep)s; its public URL now redirects "
                        "there.") % {"drop": drop.public_id, "keep": keep.public_id},
                        messages.SUCCESS)
                    return HttpResponseRedirect(
                        reverse("admin:registry_monument_change", args=[keep.pk]))
        first, second = records
        context = self._context(
            request, gettext("Merge two records"), records=records, problems=problems,
            warnings={m.pk: merge_problems(keep=m, drop=(second if m is first else first),
                                           user=request.user) for m in records})
        return TemplateResponse(request, "admin/registry/monument/merge.html", context)


# --- The other models -----------------------------------------------------------------------


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


class MonumentPartAdmin(SimpleHistoryAdmin):
    """Events, roles and citations edited on their own follow their monument's rules too."""

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj.monument))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj.monument))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        user = request.user

        class PartForm(form):
            def clean_monument(self):
                monument = self.cleaned_data["monument"]
                if monument is not None and not can_edit(user, monument):
                    raise forms.ValidationError(gettext(
                        "%(record)s is %(state)s; only a reviewer may change it.")
                        % {"record": monument, "state": monument.get_state_display().lower()})
                return monument

        return PartForm


@admin.register(Event)
class EventAdmin(MonumentPartAdmin):
    list_display = ["monument", "kind", "date", "date_precision"]
    list_filter = ["kind", "date_precision"]
    search_fields = ["monument__name_en", "monument__name_ru", "description_en"]
    autocomplete_fields = ["monument", "actors"]
    list_select_related = ["monument"]


@admin.register(ActorRole)
class ActorRoleAdmin(MonumentPartAdmin):
    list_display = ["monument", "actor", "role", "position"]
    list_filter = ["role"]
    search_fields = ["monument__name_en", "actor__name_en", "actor__name_ru"]
    autocomplete_fields = ["monument", "actor"]
    list_select_related = ["monument", "actor"]


@admin.register(Photo)
class PhotoAdmin(MonumentPartAdmin):
    list_display = ["monument", "caption_en", "author", "licence", "uploaded_by", "created_at"]
    list_filter = ["licence"]
    search_fields = ["monument__name_en", "caption_en", "caption_ru", "author"]
    autocomplete_fields = ["monument"]
    list_select_related = ["monument", "uploaded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Citation)
class CitationAdmin(MonumentPartAdmin):
    list_display = ["monument", "source", "claim"]
    list_filter = ["claim"]
    search_fields = ["monument__name_en", "source__title", "quote"]
    autocomplete_fields = ["monument", "source"]
    list_select_related = ["monument", "source"]

from registry import admin_datasets  # noqa: E402, F401  (datasets and releases, registered there)
