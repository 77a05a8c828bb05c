"""/api/v1/: the paths are part of the contract (design section 6); never rename them."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = True
router.register("monuments", views.MonumentViewSet, basename="monument")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("regions", views.RegionViewSet, basename="region")
router.register("sources", views.SourceViewSet, basename="source")
router.register("releases", views.ReleaseViewSet, basename="release")

urlpatterns = [
    path("", include(router.urls)),
    path("stats/", views.StatsView.as_view(), name="stats"),
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI and ReDoc with their assets served by the app (no CDN, no inline script).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", views.RedocView.as_view(url_name="api:schema"), name="redoc"),
    # Last: other paths answer a JSON 404 (paths without the final slash are still
    # redirected to it first, by CommonMiddleware).
    re_path(r"^[\s\S]*/$", views.NotFoundView.as_view()),
]
