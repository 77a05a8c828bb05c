"""The registry's URLs: public pages under /en/ and /ru/, the admin, and the API."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from registry import views, views_releases

app_name = "registry"

public_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("releases/", views_releases.ReleaseListView.as_view(), name="release-list"),
    path("releases/<str:version>/<str:name>", views_releases.release_file_view,
         name="release-file"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    *i18n_patterns(path("", include((public_patterns, "registry"))), prefix_default_language=True),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
