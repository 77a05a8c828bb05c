"""The registry's fixed vocabularies: one place for every set of choices.

Values are stored in the database and appear in URLs, API parameters and exports, so they are
part of the public contract: add new values, never rename existing ones.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Form(models.TextChoices):
    STATUE = "statue", _("Full statue")
    SEATED_STATUE = "seated_statue", _("Seated statue")
    BUST = "bust", _("Bust")
    BAS_RELIEF = "bas_relief", _("Bas-relief")
    PLAQUE_PORTRAIT = "plaque_portrait", _("Plaque with portrait")
    PLAQUE_TEXT = "plaque_text", _("Text-only plaque")
    STELE = "stele", _("Stele or stone with portrait")
    MURAL = "mural", _("Mosaic or mural")
    GROUP = "group", _("Sculptural group")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    STANDING = "standing", _("Standing")
    DAMAGED = "damaged", _("Standing but damaged")
    COVERED = "covered", _("Covered")
    REMOVED = "removed", _("Removed")
    RELOCATED = "relocated", _("Relocated")
    DESTROYED = "destroyed", _("Destroyed")
    UNKNOWN = "unknown", _("Unknown")


class Setting(models.TextChoices):
    PUBLIC_SPACE = "public_space", _("Public square or park")
    PARTY_OFFICE = "party_office", _("Party office")
    ENTERPRISE = "enterprise", _("Enterprise grounds")
    PRIVATE_PLOT = "private_plot", _("Private plot")
    CAFE_SHOP = "cafe_shop", _("Café or shop")
    MUSEUM = "museum", _("Museum or indoors")
    INSTITUTION = "institution", _("School or public institution")
    STATION = "station", _("Metro or station")
    CEMETERY = "cemetery", _("Cemetery")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Origin(models.TextChoices):
    """Whether the work itself is new: decides what "new since 1995" counts."""

    NEW = "new", _("New work")
    SOVIET_RESTORATION = "soviet_restoration", _("Restoration of a Soviet-era work")
    SOVIET_REPLICA = "soviet_replica", _("Replica of a Soviet-era work")
    SOVIET_ORIGINAL = "soviet_original", _("Surviving Soviet-era original")


#: What "new monuments" counts unless a researcher asks otherwise (design section 3).
COUNTED_AS_NEW = (Origin.NEW, Origin.SOVIET_REPLICA)


class CoordinatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact")
    PHOTO = "photo", _("From a photo")
    GEOCODED = "geocoded", _("Geocoded address")
    SETTLEMENT = "settlement", _("Settlement centre")
    UNKNOWN = "unknown", _("Unknown")


class State(models.TextChoices):
    """Publication state: only published records are public."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class EventKind(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    INSTALLED = "installed", _("Installed")
    UNVEILED = "unveiled", _("Unveiled")
    VANDALISED = "vandalised", _("Vandalised")
    COVERED = "covered", _("Covered")
    LEGAL_ACTION = "legal_action", _("Court or prosecutor action")
    ORDERED_REMOVED = "ordered_removed", _("Ordered removed")
    REMOVED = "removed", _("Removed")
    RELOCATED = "relocated", _("Relocated")
    RESTORED = "restored", _("Restored")
    REINSTALLED = "reinstalled", _("Re-installed")
    DESTROYED = "destroyed", _("Destroyed")


#: The events that can be a monument's first installation. A relocation, restoration or
#: re-installation never makes a monument new again.
FIRST_INSTALLATION_EVENTS = (EventKind.INSTALLED, EventKind.UNVEILED)


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    DECADE = "decade", _("Decade")
    APPROXIMATE = "approximate", _("Approximate")
    UNKNOWN = "unknown", _("Unknown")


class ActorKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    GROUP = "group", _("Informal group of people")


class ActorCategory(models.TextChoices):
    """Who put a monument up, for counting (design section 2)."""

    KPRF = "kprf", _("KPRF")
    LEFT_PARTY = "left_party", _("Other communist or left party")
    OTHER_PARTY = "other_party", _("Other party")
    PUBLIC_ASSOCIATION = "public_association", _("Veterans' or public association")
    COSSACK = "cossack", _("Cossack society")
    FEDERAL_AUTHORITY = "federal_authority", _("Federal authority")
    REGIONAL_AUTHORITY = "regional_authority", _("Regional authority")
    MUNICIPAL_AUTHORITY = "municipal_authority", _("Municipal authority")
    MILITARY = "military", _("Military")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    BUSINESS = "business", _("Private business")
    INDIVIDUAL = "individual", _("Private individual(s)")
    RELIGIOUS = "religious", _("Religious organisation")
    CULTURAL_INSTITUTION = "cultural_institution", _("Museum or cultural institution")
    UNKNOWN = "unknown", _("Unknown")


class Role(models.TextChoices):
    SPONSOR = "sponsor", _("Sponsor")
    INITIATOR = "initiator", _("Initiator")
    FUNDER = "funder", _("Funder")
    HOST = "host", _("Landowner or host")
    SCULPTOR = "sculptor", _("Sculptor")
    ARCHITECT = "architect", _("Architect")
    FOUNDRY = "foundry", _("Foundry")
    UNVEILED_BY = "unveiled_by", _("Unveiled by")
    REMOVED_BY = "removed_by", _("Removed by")


class SourceKind(models.TextChoices):
    NEWS = "news", _("News article")
    OFFICIAL = "official", _("Official document")
    COURT = "court", _("Court decision")
    PARTY = "party", _("Party website")
    SOCIAL = "social", _("Social media post")
    ACADEMIC = "academic", _("Academic publication")
    BOOK = "book", _("Book")
    REFERENCE = "reference", _("Reference work or database")
    PHOTO = "photo", _("Photograph")
    FIELD_VISIT = "field_visit", _("Field visit")


class Claim(models.TextChoices):
    """Which claim of a record a citation supports."""

    EXISTENCE = "existence", _("That the monument exists or existed")
    DATE = "date", _("Date")
    LOCATION = "location", _("Location")
    SPONSOR = "sponsor", _("Who put it up")
    FORM = "form", _("Form, size or material")
    STATUS = "status", _("Current status")
    EVENT = "event", _("An event")
    OTHER = "other", _("Other")


class PhotoLicence(models.TextChoices):
    """Licences under which the registry hosts a photo (sculpture in Russia often cannot go
    on Wikimedia Commons: no freedom of panorama)."""

    CC0 = "cc0", _("CC0 (public domain dedication)")
    CC_BY = "cc_by_4", _("CC BY 4.0")
    CC_BY_SA = "cc_by_sa_4", _("CC BY-SA 4.0")
    PUBLIC_DOMAIN = "public_domain", _("Public domain")
    PERMISSION = "permission", _("Used with the author's permission")
