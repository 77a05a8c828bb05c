"""The project's URLs for the API tests, with placeholder public pages where this branch has
none yet (the public pages are built on another branch).

The API links each record to its public page (`Monument.get_absolute_url()`, URL name
`registry:monument-detail`), and the CSV export has a `url` column; both need the page's URL
name to exist. A placeholder is added only for a name `registry/urls.py` does not define, so
once the real pages are merged this module changes nothing (and can be deleted).
"""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.urls.resolvers import LocalePrefixPattern

from registry import urls as project_urls


def _placeholder(request: HttpRequest, **kwargs) -> HttpResponse:
    return HttpResponse("placeholder for a public page", content_type="text/plain")


_PAGES = [
    ("monuments/<int:public_id>/<slug:slug>/", "monument-detail"),
    ("actors/<slug:slug>/", "actor-detail"),
    ("regions/<str:code>/", "region-detail"),
    ("sources/<int:pk>/", "source-detail"),
]
_defined = {getattr(pattern, "name", None) for pattern in project_urls.public_patterns}
public_patterns = [
    *project_urls.public_patterns,
    *[path(route, _placeholder, name=name) for route, name in _PAGES if name not in _defined],
]

urlpatterns = [
    *[pattern for pattern in project_urls.urlpatterns
      if not isinstance(getattr(pattern, "pattern", None), LocalePrefixPattern)],
    *i18n_patterns(path("", include((public_patterns, "registry"))),
                   prefix_default_language=True),
]
