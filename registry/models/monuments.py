"""The monument record: the thing researchers count."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import (
    ActorCategory,
    CoordinatePrecision,
    DatePrecision,
    Form,
    Origin,
    Setting,
    State,
    Status,
)
from registry.text import unique_slug

PUBLIC_ID_SEQUENCE = "registry_monument_public_id_seq"


class NextPublicId(models.Func):
    """The next value of the public identifier sequence: numbers are never handed out twice,
    even when a record is deleted or an insert is rolled back."""

    template = f"nextval('{PUBLIC_ID_SEQUENCE}')"
    output_field = models.PositiveIntegerField()

    def __init__(self) -> None:
        super().__init__()


def sync_public_id_sequence() -> None:
    """Move the sequence past every public identifier in use (after loading explicit ones)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval('{PUBLIC_ID_SEQUENCE}', GREATEST("
            f"(SELECT COALESCE(MAX(public_id), 0) FROM registry_monument), "
            f"(SELECT last_value FROM {PUBLIC_ID_SEQUENCE}), 1))"
        )


class MonumentQuerySet(models.QuerySet):
    def published(self) -> "MonumentQuerySet":
        return self.filter(state=State.PUBLISHED)

    def for_list(self) -> "MonumentQuerySet":
        """What a list row shows: names, place, date, form, status and sponsors."""
        from registry.choices import Role
        from registry.models.actors import ActorRole

        return self.select_related("region").prefetch_related(
            Prefetch(
                "roles",
                queryset=ActorRole.objects.filter(role=Role.SPONSOR).select_related("actor"),
                to_attr="sponsor_roles",
            )
        )

    def for_detail(self) -> "MonumentQuerySet":
        """Everything a monument page or API detail shows, in a fixed number of queries."""
        from registry.models.actors import ActorRole
        from registry.models.events import Event
        from registry.models.sources import Citation

        return self.select_related("region", "duplicate_of").prefetch_related(
            Prefetch("events", queryset=Event.objects.prefetch_related("actors")),
            Prefetch("roles", queryset=ActorRole.objects.select_related("actor__parent")),
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source", "event", "role__actor"),
            ),
            "photos",
        )


class Monument(models.Model):
    public_id = models.PositiveIntegerField(
        _("public identifier"),
        unique=True,
        db_default=NextPublicId(),
        editable=False,
        help_text=_("Stable: in every URL and citation, never changed or reused."),
    )
    slug = models.SlugField(_("slug"), max_length=160, unique=True, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_ru = models.CharField(
        _("name (Russian)"), max_length=300, blank=True,
        help_text=_("The name as the sources give it."),
    )
    form = models.CharField(_("form"), max_length=20, choices=Form.choices, default=Form.UNKNOWN)
    status = models.CharField(
        _("current status"), max_length=20, choices=Status.choices, default=Status.UNKNOWN
    )
    setting = models.CharField(
        _("setting"), max_length=20, choices=Setting.choices, default=Setting.UNKNOWN
    )
    origin = models.CharField(
        _("origin"),
        max_length=20,
        choices=Origin.choices,
        default=Origin.NEW,
        help_text=_("Whether the work is new; restorations of Soviet-era works are not counted "
                    "as new by default."),
    )

    # Location
    country = models.CharField(
        _("country"), max_length=2, default="RU",
        help_text=_("ISO 3166-1 alpha-2 code of the internationally recognised state."),
    )
    controlled_by = models.CharField(
        _("controlled by"), max_length=2, blank=True,
        help_text=_("ISO 3166-1 alpha-2 code of the authority that controls the place, where it "
                    "differs from the country (occupied or contested territory)."),
    )
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, null=True, blank=True,
        related_name="monuments", verbose_name=_("region"),
    )
    settlement_en = models.CharField(_("settlement (English)"), max_length=200, blank=True)
    settlement_ru = models.CharField(_("settlement (Russian)"), max_length=200, blank=True)
    address = models.CharField(_("address or site"), max_length=500, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)
    coordinate_precision = models.CharField(
        _("coordinate precision"), max_length=12, choices=CoordinatePrecision.choices,
        default=CoordinatePrecision.UNKNOWN,
    )

    # First installation, derived from the events (registry/derived.py); never typed.
    installed_earliest = models.DateField(_("first installed (earliest)"), null=True, blank=True,
                                          editable=False)
    installed_latest = models.DateField(_("first installed (latest)"), null=True, blank=True,
                                        editable=False)
    installed_precision = models.CharField(
        _("first installation precision"), max_length=12, choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN, editable=False,
    )
    installed_year = models.PositiveSmallIntegerField(
        _("year first installed"), null=True, blank=True, editable=False,
        help_text=_("Set when the first installation is known to the year; what counts use."),
    )
    sponsor_category = models.CharField(
        _("sponsor category"), max_length=30, choices=ActorCategory.choices,
        default=ActorCategory.UNKNOWN, editable=False,
        help_text=_("The category of the first sponsor; what counts by sponsor use."),
    )

    # Description
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    inscription = models.TextField(_("inscription"), blank=True)
    height_m = models.DecimalField(_("height (m)"), max_digits=5, decimal_places=2, null=True,
                                   blank=True)
    material = models.CharField(_("material"), max_length=200, blank=True)

    # Other databases
    wikidata_id = models.CharField(_("Wikidata item"), max_length=20, blank=True,
                                   help_text=_("The item of the monument itself, e.g. Q4115189."))
    osm_id = models.CharField(_("OpenStreetMap element"), max_length=40, blank=True,
                              help_text=_("node/123, way/456 or relation/789."))
    commons_category = models.CharField(_("Commons category"), max_length=300, blank=True)
    wikipedia_en = models.URLField(_("Wikipedia article (English)"), max_length=500, blank=True)
    wikipedia_ru = models.URLField(_("Wikipedia article (Russian)"), max_length=500, blank=True)

    # Curation
    state = models.CharField(
        _("publication state"), max_length=12, choices=State.choices, default=State.DRAFT,
        db_index=True,
    )
    sponsor_unknown = models.BooleanField(
        _("sponsor unknown"), default=False,
        help_text=_("No source read names who put it up."),
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    curator_notes = models.TextField(_("curator notes"), blank=True,
                                     help_text=_("Never shown publicly."))
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, editable=False,
        help_text=_("Generated for benchmarks; never registry content."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"), editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("updated by"), editable=False,
    )

    # Search, maintained by registry/search.py.
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector", "search_text"])
    objects = MonumentQuerySet.as_manager()

    class Meta:
        ordering = ["-installed_earliest", "public_id"]
        verbose_name = _("monument")
        verbose_name_plural = _("monuments")
        permissions = [
            ("publish_monument", _("Can publish, and send back, monuments")),
            ("retire_monument", _("Can retire and restore monuments")),
            ("merge_monument", _("Can merge duplicate monuments")),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="monument_search_vector"),
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"],
                     name="monument_search_trigram"),
            models.Index(fields=["state", "installed_year"], name="monument_state_year"),
            models.Index(fields=["state", "sponsor_category"], name="monument_state_sponsor"),
            # The browse default order: a page of the newest is read off the index, no sort.
            models.Index(models.F("state"), models.F("installed_earliest").desc(nulls_last=True),
                         models.F("public_id"), name="monument_browse_order"),
            # bbox filter (and the map): a latitude band, longitudes checked in the index.
            models.Index(fields=["latitude", "longitude"], name="monument_coordinates"),
            # Duplicate checks on save look up the same settlement (and nearby points, through
            # monument_coordinates).
            models.Index(Lower("settlement_en"), name="monument_settlement_en_lower"),
            models.Index(Lower("settlement_ru"), name="monument_settlement_ru_lower"),
            # The home page's latest additions: read off the index, no sort of every record.
            models.Index(models.F("state"), models.F("created_at").desc(),
                         models.F("id").desc(), name="monument_latest_added"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="monument_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="monument_longitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="monument_coordinates_in_pairs",
            ),
            models.CheckConstraint(
                condition=models.Q(installed_year__isnull=True)
                | models.Q(installed_year__gte=1900, installed_year__lte=2100),
                name="monument_installed_year_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(height_m__isnull=True)
                | models.Q(height_m__gt=0, height_m__lte=100),
                name="monument_height_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(country__regex=r"^[A-Z]{2}$"),
                name="monument_country_is_iso_3166_1",
            ),
            models.CheckConstraint(
                condition=models.Q(controlled_by="") | models.Q(controlled_by__regex=r"^[A-Z]{2}$"),
                name="monument_controlled_by_is_iso_3166_1",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=State.PUBLISHED) | models.Q(region__isnull=False),
                name="monument_published_has_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(duplicate_of=models.F("pk")),
                name="monument_not_duplicate_of_itself",
            ),
            models.CheckConstraint(
                condition=models.Q(wikidata_id="") | models.Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="monument_wikidata_id_format",
            ),
            models.CheckConstraint(
                condition=models.Q(osm_id="")
                | models.Q(osm_id__regex=r"^(node|way|relation)/[1-9][0-9]*$"),
                name="monument_osm_id_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} [{self.public_id}]"

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Monument, self.name_en or self.name_ru, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "registry:monument-detail", kwargs={"public_id": self.public_id, "slug": self.slug}
        )

    @property
    def name(self) -> str:
        """The name in the active language, where a translation exists."""
        if get_language() == "ru":
            return self.name_ru or self.name_en
        return self.name_en or self.name_ru

    @property
    def settlement(self) -> str:
        if get_language() == "ru":
            return self.settlement_ru or self.settlement_en
        return self.settlement_en or self.settlement_ru

    @property
    def description(self) -> str:
        if get_language() == "ru":
            return self.description_ru or self.description_en
        return self.description_en or self.description_ru

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_public(self) -> bool:
        return self.state == State.PUBLISHED
