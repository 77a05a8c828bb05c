"""The registry's URLs: public pages under /en/ and /ru/, the admin, and the API."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from registry import views

app_name = "registry"

public_patterns = [
    path("", views.HomeView.as_view(), name="home"),
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
