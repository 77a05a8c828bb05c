"""What the API shows and accepts.

Lists are the hot path (a page may hold 1,000 rows): their rows are built by plain functions
from what `for_list()` fetched (no query per row, no per-field machinery); the serializer
classes around them declare the same fields for the OpenAPI schema, and a test holds the two
together. Details use ordinary declarative serializers over what `for_detail()` fetched.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pycountry
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from registry.choices import (
    ActorCategory,
    ActorKind,
    Claim,
    CoordinatePrecision,
    DatePrecision,
    EventKind,
    Form,
    Origin,
    PhotoLicence,
    Role,
    Setting,
    SourceKind,
    State,
    Status,
)
from registry.models import Actor, ActorRole, Citation, Event, Monument, Region, Source
from registry.releases import release_as_dict
from registry.views_releases import download_url as release_download_path

# -- Links ------------------------------------------------------------------------------------

_PLACEHOLDER_ID, _PLACEHOLDER_SLUG = 987654321, "slug-placeholder"


class Links:
    """Absolute links for one request, without a `reverse()` per row."""

    def __init__(self, request: Request | None):
        def absolute(path: str) -> str:
            return request.build_absolute_uri(path) if request is not None else path

        self.monuments = absolute(reverse("api:monument-list"))
        self.actors = absolute(reverse("api:actor-list"))
        self.regions = absolute(reverse("api:region-list"))
        self.sources = absolute(reverse("api:source-list"))
        try:
            self._page = settings.SITE_URL + reverse(
                "registry:monument-detail",
                kwargs={"public_id": _PLACEHOLDER_ID, "slug": _PLACEHOLDER_SLUG},
            )
        except NoReverseMatch:  # the public pages are not mounted (an API-only deployment)
            self._page = None

    def monument(self, public_id: int) -> str:
        return f"{self.monuments}{public_id}/"

    def monument_page(self, monument: Monument) -> str | None:
        """The public page: what `Monument.get_absolute_url()` gives, on the public site."""
        if self._page is None or not monument.slug:
            return None
        return (self._page.replace(str(_PLACEHOLDER_ID), str(monument.public_id))
                .replace(_PLACEHOLDER_SLUG, monument.slug))

    def actor(self, slug: str) -> str:
        return f"{self.actors}{slug}/"

    def region(self, code: str) -> str:
        return f"{self.regions}{code}/"

    def source(self, pk: int) -> str:
        return f"{self.sources}{pk}/"


def page_url(obj: Any) -> str | None:
    """The public page of an actor, region or source, where the site has one."""
    try:
        return settings.SITE_URL + obj.get_absolute_url()
    except NoReverseMatch:
        return None


def links_of(context: dict[str, Any]) -> Links:
    if "links" not in context:
        context["links"] = Links(context.get("request"))
    return context["links"]


def _datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _float(value) -> float | None:
    return float(value) if value is not None else None


@extend_schema_field({"type": "string", "format": "uri"})
class _UrlField(serializers.Field):
    """A link computed from the object by a `Links` method, e.g. `_UrlField("actor", "slug")`."""

    def __init__(self, kind: str, key: str, **kwargs):
        self.kind, self.key = kind, key
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, obj) -> str:
        return getattr(links_of(self.context), self.kind)(getattr(obj, self.key))


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class _PageUrlField(serializers.Field):
    """The public page of the object, or null where the site does not have that page."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, obj) -> str | None:
        if isinstance(obj, Monument):
            return links_of(self.context).monument_page(obj)
        return page_url(obj)


def _choice(choices, **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices.choices, read_only=True, **kwargs)


# -- Small parts ------------------------------------------------------------------------------

class RegionRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True, help_text="ISO 3166-2 code.")
    country = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    name_ru = serializers.CharField(read_only=True)


def region_ref(region: Region | None) -> dict[str, Any] | None:
    if region is None:
        return None
    return {"code": region.code, "country": region.country, "name_en": region.name_en,
            "name_ru": region.name_ru}


class ActorRefSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True, help_text="Identifier; the `actor` filter.")
    name_en = serializers.CharField(read_only=True)
    name_ru = serializers.CharField(read_only=True)
    kind = _choice(ActorKind)
    category = _choice(ActorCategory)
    url = _UrlField("actor", "slug")


def actor_ref(actor: Actor, links: Links) -> dict[str, Any]:
    return {"slug": actor.slug, "name_en": actor.name_en, "name_ru": actor.name_ru,
            "kind": actor.kind, "category": actor.category, "url": links.actor(actor.slug)}


# -- Monuments: list rows ---------------------------------------------------------------------

class MonumentListSerializer(serializers.Serializer):
    """One row of a monument list (what `for_list()` fetches)."""

    public_id = serializers.IntegerField(read_only=True, help_text="Stable identifier.")
    slug = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    name_ru = serializers.CharField(read_only=True)
    form = _choice(Form)
    status = _choice(Status)
    setting = _choice(Setting)
    origin = _choice(Origin)
    country = serializers.CharField(read_only=True, help_text="ISO 3166-1 alpha-2.")
    controlled_by = serializers.CharField(
        read_only=True, help_text="ISO 3166-1 alpha-2 of the controlling authority, or empty.")
    region = RegionRefSerializer(read_only=True, allow_null=True)
    settlement_en = serializers.CharField(read_only=True)
    settlement_ru = serializers.CharField(read_only=True)
    latitude = serializers.FloatField(read_only=True, allow_null=True, help_text="WGS 84.")
    longitude = serializers.FloatField(read_only=True, allow_null=True, help_text="WGS 84.")
    coordinate_precision = _choice(CoordinatePrecision)
    installed_earliest = serializers.DateField(
        read_only=True, allow_null=True, help_text="First installation: earliest possible day.")
    installed_latest = serializers.DateField(
        read_only=True, allow_null=True, help_text="First installation: latest possible day.")
    installed_precision = _choice(DatePrecision)
    installed_year = serializers.IntegerField(
        read_only=True, allow_null=True,
        help_text="Year of first installation where known to the year (what counts use).")
    sponsor_category = _choice(ActorCategory, help_text="Category of the first sponsor.")
    sponsors = ActorRefSerializer(many=True, read_only=True)
    state = _choice(State, help_text="Always `published` unless you are a curator.")
    updated_at = serializers.DateTimeField(read_only=True)
    url = serializers.URLField(read_only=True, help_text="This record in the API.")
    page_url = serializers.URLField(read_only=True, allow_null=True,
                                    help_text="This record's public page.")

    def to_representation(self, monument: Monument) -> dict[str, Any]:
        return monument_row(monument, links_of(self.context))


def monument_row(monument: Monument, links: Links) -> dict[str, Any]:
    """A list row from a monument fetched with `for_list()` (no queries)."""
    m = monument
    return {
        "public_id": m.public_id,
        "slug": m.slug,
        "name_en": m.name_en,
        "name_ru": m.name_ru,
        "form": m.form,
        "status": m.status,
        "setting": m.setting,
        "origin": m.origin,
        "country": m.country,
        "controlled_by": m.controlled_by,
        "region": region_ref(m.region),
        "settlement_en": m.settlement_en,
        "settlement_ru": m.settlement_ru,
        "latitude": _float(m.latitude),
        "longitude": _float(m.longitude),
        "coordinate_precision": m.coordinate_precision,
        "installed_earliest": _date(m.installed_earliest),
        "installed_latest": _date(m.installed_latest),
        "installed_precision": m.installed_precision,
        "installed_year": m.installed_year,
        "sponsor_category": m.sponsor_category,
        "sponsors": [actor_ref(role.actor, links) for role in _sponsor_roles(m)],
        "state": m.state,
        "updated_at": _datetime(m.updated_at),
        "url": links.monument(m.public_id),
        "page_url": links.monument_page(m),
    }


def _sponsor_roles(monument: Monument) -> list[ActorRole]:
    if hasattr(monument, "sponsor_roles"):  # for_list()
        return monument.sponsor_roles
    return [role for role in monument.roles.all() if role.role == Role.SPONSOR]  # for_detail()


# -- Monuments: detail ------------------------------------------------------------------------

class SourceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = _choice(SourceKind)
    title = serializers.CharField(read_only=True)
    author = serializers.CharField(read_only=True)
    outlet = serializers.CharField(read_only=True)
    published_on = serializers.DateField(read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True, help_text="The original, or empty (a book).")
    archived_url = serializers.CharField(read_only=True, help_text="An archived copy, or empty.")
    language = serializers.CharField(read_only=True, help_text="ISO 639-1.")
    derivative = serializers.BooleanField(read_only=True,
                                          help_text="A mirror or aggregator of another report.")
    accessed_on = serializers.DateField(read_only=True, allow_null=True)
    api_url = _UrlField("source", "pk")


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = _choice(EventKind)
    date = serializers.CharField(read_only=True, help_text="EDTF: 2019, 2019-05, 2019~ …")
    date_earliest = serializers.DateField(read_only=True, allow_null=True)
    date_latest = serializers.DateField(read_only=True, allow_null=True)
    date_precision = _choice(DatePrecision)
    description_en = serializers.CharField(read_only=True)
    description_ru = serializers.CharField(read_only=True)
    actors = ActorRefSerializer(many=True, read_only=True)


class RoleSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    role = _choice(Role)
    position = serializers.IntegerField(read_only=True)
    note = serializers.CharField(read_only=True)
    actor = ActorRefSerializer(read_only=True)


class CitationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    claim = _choice(Claim)
    quote = serializers.CharField(read_only=True, help_text="In the source's language.")
    locator = serializers.CharField(read_only=True)
    accessed_on = serializers.DateField(read_only=True, allow_null=True)
    event = serializers.IntegerField(source="event_id", read_only=True, allow_null=True,
                                     help_text="The event (id) this citation supports.")
    role = serializers.IntegerField(source="role_id", read_only=True, allow_null=True,
                                    help_text="The actor role (id) this citation supports.")
    source = SourceRefSerializer(read_only=True)


class PhotoSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text="The image file.")
    caption_en = serializers.CharField(read_only=True)
    caption_ru = serializers.CharField(read_only=True)
    author = serializers.CharField(read_only=True)
    licence = _choice(PhotoLicence)
    source_url = serializers.CharField(read_only=True, help_text="Where the photo was published.")

    def get_url(self, photo) -> str:
        request = self.context.get("request")
        url = photo.image.url
        return request.build_absolute_uri(url) if request is not None else url


class ExternalIdsSerializer(serializers.Serializer):
    wikidata_id = serializers.CharField(read_only=True)
    osm_id = serializers.CharField(read_only=True)
    commons_category = serializers.CharField(read_only=True)
    wikipedia_en = serializers.CharField(read_only=True)
    wikipedia_ru = serializers.CharField(read_only=True)


class MonumentDetailSerializer(serializers.Serializer):
    """Everything public about one record (what `for_detail()` fetches)."""

    public_id = serializers.IntegerField(read_only=True)
    slug = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    name_ru = serializers.CharField(read_only=True)
    form = _choice(Form)
    status = _choice(Status)
    setting = _choice(Setting)
    origin = _choice(Origin)
    country = serializers.CharField(read_only=True)
    controlled_by = serializers.CharField(read_only=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)
    settlement_en = serializers.CharField(read_only=True)
    settlement_ru = serializers.CharField(read_only=True)
    address = serializers.CharField(read_only=True)
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
    coordinate_precision = _choice(CoordinatePrecision)
    installed_earliest = serializers.DateField(read_only=True, allow_null=True)
    installed_latest = serializers.DateField(read_only=True, allow_null=True)
    installed_precision = _choice(DatePrecision)
    installed_year = serializers.IntegerField(read_only=True, allow_null=True)
    sponsor_category = _choice(ActorCategory)
    sponsor_unknown = serializers.BooleanField(read_only=True)
    description_en = serializers.CharField(read_only=True)
    description_ru = serializers.CharField(read_only=True)
    inscription = serializers.CharField(read_only=True)
    height_m = serializers.FloatField(read_only=True, allow_null=True)
    material = serializers.CharField(read_only=True)
    external_ids = ExternalIdsSerializer(source="*", read_only=True)
    events = EventSerializer(many=True, read_only=True)
    roles = RoleSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    duplicate_of = serializers.IntegerField(
        source="duplicate_of.public_id", read_only=True, allow_null=True,
        help_text="The record this one was merged into.")
    state = _choice(State)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    url = _UrlField("monument", "public_id")
    page_url = _PageUrlField()
    curator_notes = serializers.CharField(
        read_only=True, required=False,
        help_text="Only for curators, reviewers and administrators; never public.")

    def to_representation(self, monument: Monument) -> dict[str, Any]:
        data = super().to_representation(monument)
        if not self.context.get("sees_unpublished"):
            data.pop("curator_notes", None)
        return data


# -- Monuments: writes ------------------------------------------------------------------------

class _StrictFields:
    """Unknown fields in a request body are errors, not silently dropped: a misspelt field
    would otherwise look like a successful write. Read-only ones (state, public_id…) say how
    they change instead."""

    read_only_hints = {
        "state": "The state changes through POST monuments/{public_id}/transition/.",
        "public_id": "Public identifiers are given by the registry and never change.",
    }

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = [key for key in data if key not in self.fields]
            if unknown:
                raise serializers.ValidationError({
                    key: [self.read_only_hints.get(key, "Unknown field.")] for key in unknown})
        return super().to_internal_value(data)


class _SlugField(serializers.SlugRelatedField):
    """SlugRelatedField that refuses text PostgreSQL cannot hold (NUL, lone surrogates) before
    looking it up, so such input is a 400, not a database error."""

    def to_internal_value(self, data):
        if isinstance(data, str) and ("\x00" in data or any(
                "\ud800" <= char <= "\udfff" for char in data)):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.encode(
                "unicode_escape").decode("ascii"))
        return super().to_internal_value(data)


class EventWriteSerializer(_StrictFields, serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, help_text="An existing event of this record "
                                                            "to change; leave out for a new one.")
    actors = _SlugField(slug_field="slug", queryset=Actor.objects.all(), many=True,
                        required=False)

    class Meta:
        model = Event
        fields = ["id", "kind", "date", "description_en", "description_ru", "actors"]


class RoleWriteSerializer(_StrictFields, serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, help_text="An existing role of this record to "
                                                            "change; leave out for a new one.")
    actor = _SlugField(slug_field="slug", queryset=Actor.objects.all())

    class Meta:
        model = ActorRole
        fields = ["id", "actor", "role", "position", "note"]
        validators: list = []  # uniqueness per monument is checked when the record is saved


class CitationWriteSerializer(_StrictFields, serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, help_text="An existing citation of this record "
                                                            "to change; leave out for a new one.")
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(),
                                                help_text="A source id (see sources/).")
    event = serializers.IntegerField(required=False, allow_null=True,
                                     help_text="The id of an existing event of this record.")
    role = serializers.IntegerField(required=False, allow_null=True,
                                    help_text="The id of an existing actor role of this record.")

    class Meta:
        model = Citation
        fields = ["id", "source", "claim", "quote", "locator", "accessed_on", "event", "role"]


class _CoordinateField(serializers.DecimalField):
    """Decimal degrees within ±limit, rounded to the 6 decimals stored (about 0.1 m): GPS
    readings often have more, which is not an error."""

    def __init__(self, limit: int, **kwargs):
        self.limit = limit
        super().__init__(max_digits=9, decimal_places=6, coerce_to_string=False,
                         allow_null=True, required=False, **kwargs)

    def validate_precision(self, value: Decimal) -> Decimal:
        if not value.is_finite() or abs(value) > self.limit:
            raise serializers.ValidationError(
                _("Must be between -%(limit)s and %(limit)s.") % {"limit": self.limit})
        return super().validate_precision(value.quantize(Decimal("0.000001"), ROUND_HALF_UP))


def _country_code(value: str) -> str:
    value = value.strip().upper()
    if value and pycountry.countries.get(alpha_2=value) is None:
        raise serializers.ValidationError(_("Not an ISO 3166-1 alpha-2 country code."))
    return value


class MonumentWriteSerializer(_StrictFields, serializers.ModelSerializer):
    """What a curator may set. Nested lists, when given, replace the record's events, roles
    or citations: items with an `id` change that part, items without one are added, and parts
    not listed are removed. Lists left out are not touched. Derived fields (first
    installation, sponsor category), the state and the public id are never written here."""

    region = _SlugField(slug_field="code", queryset=Region.objects.all(), allow_null=True,
                        required=False, help_text="ISO 3166-2 code, e.g. RU-VLG.")
    latitude = _CoordinateField(90)
    longitude = _CoordinateField(180)
    events = EventWriteSerializer(many=True, required=False)
    roles = RoleWriteSerializer(many=True, required=False)
    citations = CitationWriteSerializer(many=True, required=False)

    class Meta:
        model = Monument
        fields = [
            "slug", "name_en", "name_ru", "form", "status", "setting", "origin",
            "country", "controlled_by", "region", "settlement_en", "settlement_ru", "address",
            "latitude", "longitude", "coordinate_precision",
            "description_en", "description_ru", "inscription", "height_m", "material",
            "wikidata_id", "osm_id", "commons_category", "wikipedia_en", "wikipedia_ru",
            "sponsor_unknown", "curator_notes", "events", "roles", "citations",
        ]
        extra_kwargs = {"slug": {"required": False}}

    def validate_country(self, value: str) -> str:
        return _country_code(value)

    def validate_controlled_by(self, value: str) -> str:
        return _country_code(value)


class TransitionSerializer(_StrictFields, serializers.Serializer):
    transition = serializers.ChoiceField(
        choices=["submit", "publish", "send_back", "retire", "restore"],
        help_text="submit (curator), publish / send_back / retire / restore (reviewer).")


# -- Actors, regions, sources -----------------------------------------------------------------

class ActorSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    name_ru = serializers.CharField(read_only=True)
    kind = _choice(ActorKind)
    category = _choice(ActorCategory)
    parent = serializers.CharField(source="parent.slug", read_only=True, allow_null=True,
                                   help_text="The organisation this one belongs to (slug).")
    wikidata_id = serializers.CharField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    url = _UrlField("actor", "slug")
    monuments_url = serializers.SerializerMethodField(
        help_text="Its published monuments (`monuments/?actor=`; includes its branches).")

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_monuments_url(self, actor: Actor) -> str:
        return f"{links_of(self.context).monuments}?actor={actor.slug}"


class ActorDetailSerializer(ActorSerializer):
    description_en = serializers.CharField(read_only=True)
    description_ru = serializers.CharField(read_only=True)
    children = serializers.SerializerMethodField(help_text="Its branches (committees…), slugs.")
    monument_count = serializers.IntegerField(
        read_only=True, help_text="Published monuments at monuments_url.")
    page_url = _PageUrlField()

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_children(self, actor: Actor) -> list[str]:
        return [child.slug for child in actor.children.all()]


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    country = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    name_ru = serializers.CharField(read_only=True)
    monument_count = serializers.IntegerField(read_only=True,
                                              help_text="Published monuments at monuments_url.")
    url = _UrlField("region", "code")
    monuments_url = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_monuments_url(self, region: Region) -> str:
        return f"{links_of(self.context).monuments}?region={region.code}"


class RegionDetailSerializer(RegionSerializer):
    page_url = _PageUrlField()


class SourceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = _choice(SourceKind)
    title = serializers.CharField(read_only=True)
    author = serializers.CharField(read_only=True)
    outlet = serializers.CharField(read_only=True)
    published_on = serializers.DateField(read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True)
    archived_url = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True)
    derivative = serializers.BooleanField(read_only=True)
    accessed_on = serializers.DateField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True)
    api_url = _UrlField("source", "pk")


class SourceCitationSerializer(serializers.Serializer):
    """A monument citing the source, with the passage it relies on."""

    monument = serializers.IntegerField(source="monument.public_id", read_only=True)
    monument_name_en = serializers.CharField(source="monument.name_en", read_only=True)
    monument_url = serializers.SerializerMethodField()
    claim = _choice(Claim)
    quote = serializers.CharField(read_only=True)
    locator = serializers.CharField(read_only=True)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_monument_url(self, citation: Citation) -> str:
        return links_of(self.context).monument(citation.monument.public_id)


class SourceDetailSerializer(SourceSerializer):
    citations = SourceCitationSerializer(source="visible_citations", many=True, read_only=True,
                                         help_text="The published records citing it.")
    page_url = _PageUrlField()


# -- Stats and changes ------------------------------------------------------------------------

class StatsRowSerializer(serializers.Serializer):
    """One count. Its keys are the group_by dimensions, then `count` and `records`."""

    count = serializers.IntegerField()
    records = serializers.URLField(
        allow_null=True,
        help_text="monuments/ with the filters that give exactly these records, where the "
                  "dimensions can be expressed as filters (null otherwise).")


class StatsSerializer(serializers.Serializer):
    group_by = serializers.ListField(child=serializers.CharField())
    total = serializers.IntegerField(help_text="Records matching the filters.")
    results = serializers.ListField(
        child=serializers.DictField(),
        help_text="Rows such as {\"year\": 2019, \"sponsor_category\": \"kprf\", \"count\": 3, "
                  "\"records\": \"…\"}; a dimension is null where records do not say.")


class ChangeSerializer(serializers.Serializer):
    public_id = serializers.IntegerField()
    change = serializers.ChoiceField(
        choices=["created", "updated", "retired", "unpublished", "merged"],
        help_text="created: newly public; updated: changed while public; retired, unpublished "
                  "(sent back to draft) and merged: no longer public, remove it from a mirror.")
    updated_at = serializers.DateTimeField(help_text="When it changed; the feed's order.")
    duplicate_of = serializers.IntegerField(allow_null=True,
                                            help_text="For merged records: the record kept.")
    url = serializers.URLField(allow_null=True, help_text="The record in the API (public ones).")
    record = MonumentListSerializer(allow_null=True,
                                    help_text="The record as in monuments/ (public ones).")


class ReleaseFileSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True, help_text="Bytes.")
    sha256 = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True, help_text="Download; the file never changes.")


class ReleaseSerializer(serializers.Serializer):
    """A dated, immutable release of the published data (manage.py make_release)."""

    version = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    as_of = serializers.DateField(read_only=True)
    monument_count = serializers.IntegerField(read_only=True)
    counts = serializers.DictField(read_only=True,
                                   help_text="Totals by year and by sponsor category.")
    manifest_sha256 = serializers.CharField(read_only=True,
                                            help_text="SHA-256 of the release's SHA256SUMS.")
    files = ReleaseFileSerializer(many=True, read_only=True)

    def to_representation(self, release) -> dict[str, Any]:
        request = self.context.get("request")

        def download_url(release, name: str) -> str:
            path = release_download_path(release, name)
            return request.build_absolute_uri(path) if request is not None else path

        return release_as_dict(release, download_url=download_url)
