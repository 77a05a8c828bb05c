"""The registry's URLs: public pages under /en/ and /ru/, the admin, and the API."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from registry import views, views_releases
from registry.http import public_cache

app_name = "registry"


def public(view_class) -> object:
    """A public page: the same for every anonymous reader until a record changes, so it
    answers conditional GETs and is served from the cache (registry/http.py)."""
    return public_cache()(view_class.as_view())


public_patterns = [
    path("", public(views.HomeView), name="home"),
    path("monuments/", public(views.MonumentListView), name="monument-list"),
    path("monuments/download.csv", public(views.MonumentCSVView), name="monument-csv"),
    path("monuments/download.geojson", public(views.MonumentGeoJSONView),
         name="monument-geojson"),
    path("monuments/<int:public_id>/", public(views.MonumentDetailView),
         name="monument-detail"),
    path("monuments/<int:public_id>/<str:slug>/", public(views.MonumentDetailView),
         name="monument-detail"),
    path("map/", public(views.MapView), name="map"),
    path("map/data.geojson", public(views.MapDataView), name="map-data"),
    path("stats/", public(views.StatsView), name="stats"),
    path("cite/", public(views.CountCitationView), name="cite"),
    path("actors/", public(views.ActorListView), name="actor-list"),
    path("actors/<str:slug>/", public(views.ActorDetailView), name="actor-detail"),
    path("regions/", public(views.RegionListView), name="region-list"),
    path("regions/<str:code>/", public(views.RegionDetailView), name="region-detail"),
    path("sources/", public(views.SourceListView), name="source-list"),
    path("sources/<int:pk>/", public(views.SourceDetailView), name="source-detail"),
    path("about/", public(views.AboutView), name="about"),
    # Releases are not records: making one does not move the records version.
    path("releases/", views_releases.ReleaseListView.as_view(), name="release-list"),
    path("releases/<str:version>/<str:name>", views_releases.release_file_view,
         name="release-file"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    *i18n_patterns(path("", include((public_patterns, "registry"))), prefix_default_language=True),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
