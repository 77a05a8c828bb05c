"""The registry's URLs: public pages under /en/ and /ru/, the admin, and the API."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from registry import views, views_releases

app_name = "registry"

public_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("monuments/", views.MonumentListView.as_view(), name="monument-list"),
    path("monuments/download.csv", views.MonumentCSVView.as_view(), name="monument-csv"),
    path("monuments/download.geojson", views.MonumentGeoJSONView.as_view(),
         name="monument-geojson"),
    path("monuments/<int:public_id>/", views.MonumentDetailView.as_view(),
         name="monument-detail"),
    path("monuments/<int:public_id>/<str:slug>/", views.MonumentDetailView.as_view(),
         name="monument-detail"),
    path("map/", views.MapView.as_view(), name="map"),
    path("map/data.geojson", views.MapDataView.as_view(), name="map-data"),
    path("stats/", views.StatsView.as_view(), name="stats"),
    path("cite/", views.CountCitationView.as_view(), name="cite"),
    path("actors/", views.ActorListView.as_view(), name="actor-list"),
    path("actors/<str:slug>/", views.ActorDetailView.as_view(), name="actor-detail"),
    path("regions/", views.RegionListView.as_view(), name="region-list"),
    path("regions/<str:code>/", views.RegionDetailView.as_view(), name="region-detail"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/<int:pk>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("about/", views.AboutView.as_view(), name="about"),
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
