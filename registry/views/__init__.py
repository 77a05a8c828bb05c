"""Public pages for researchers, one module per group of pages."""

from registry.views.directory import (
    ActorDetailView,
    ActorListView,
    RegionDetailView,
    RegionListView,
    SourceDetailView,
    SourceListView,
)
from registry.views.monuments import (
    MapDataView,
    MapView,
    MonumentCSVView,
    MonumentDetailView,
    MonumentGeoJSONView,
    MonumentListView,
)
from registry.views.pages import AboutView
from registry.views.statistics import CountCitationView, HomeView, StatsView

__all__ = [
    "AboutView",
    "ActorDetailView",
    "ActorListView",
    "CountCitationView",
    "HomeView",
    "MapDataView",
    "MapView",
    "MonumentCSVView",
    "MonumentDetailView",
    "MonumentGeoJSONView",
    "MonumentListView",
    "RegionDetailView",
    "RegionListView",
    "SourceDetailView",
    "SourceListView",
    "StatsView",
]
