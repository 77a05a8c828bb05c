"""Public pages of the releases: the list, and each release's files for download."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView

from registry.models import Release
from registry.releases import ReleaseError, release_file

CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".geojson": "application/geo+json",
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
    ".cff": "text/plain; charset=utf-8",
}


def download_url(release: Release, name: str) -> str:
    return reverse("registry:release-file", kwargs={"version": release.version, "name": name})


class ReleaseListView(ListView):
    template_name = "registry/release_list.html"
    context_object_name = "releases"
    paginate_by = 50

    def get_queryset(self):
        return Release.objects.order_by("-created_at", "-version")


def release_file_view(request, version: str, name: str) -> FileResponse:
    """One file of a release. Only names the release lists are served: never a path."""
    release = get_object_or_404(Release, version=version)
    try:
        path = release_file(release, name)
    except ReleaseError:
        raise Http404(f"Release {version} has no file {name}.") from None
    if not path.is_file():
        raise Http404(f"Release {version} has no file {name}.")
    suffix = path.suffix if path.suffix else ".txt"
    response = FileResponse(path.open("rb"), as_attachment=suffix in {".csv", ".geojson", ".json"},
                            filename=f"stalin-monuments-{release.version}-{name}",
                            content_type=CONTENT_TYPES.get(suffix, "text/plain; charset=utf-8"))
    # A release's files never change: cache them for good.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
