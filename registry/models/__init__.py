"""The registry's data model (design section 2), one module per concept."""

from registry.models.actors import Actor, ActorRole
from registry.models.datasets import Dataset, DatasetEntry
from registry.models.events import Event
from registry.models.monuments import Monument, MonumentQuerySet
from registry.models.photos import Photo
from registry.models.regions import Region
from registry.models.releases import Release
from registry.models.sources import Citation, Source

__all__ = [
    "Actor",
    "ActorRole",
    "Citation",
    "Dataset",
    "DatasetEntry",
    "Event",
    "Monument",
    "MonumentQuerySet",
    "Photo",
    "Region",
    "Release",
    "Source",
]
