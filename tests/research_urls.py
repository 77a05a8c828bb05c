"""The registry's URLs, plus a stand-in monument page where the public pages are not merged yet.

Exports and releases link every record to its page (`registry:monument-detail`); the tests of
releases and backups use this URLconf so they run with or without the public pages.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from registry import urls

public_patterns = list(urls.public_patterns)
if "monument-detail" not in {pattern.name for pattern in public_patterns}:
    public_patterns.append(path("monuments/<int:public_id>-<slug:slug>/",
                                lambda request, **kwargs: HttpResponse(),
                                name="monument-detail"))

urlpatterns = [
    path("admin/", admin.site.urls),
    *i18n_patterns(path("", include((public_patterns, "registry"))),
                   prefix_default_language=True),
]
