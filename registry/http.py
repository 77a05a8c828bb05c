"""HTTP caching for public pages and API reads: `Cache-Control` and conditional GET.

`public_cache` wraps a view (function, or `method_decorator` on a class-based view's
`dispatch`) so that anonymous GET/HEAD responses carry an ETag derived from the records
version (registry/cache.py), the language, the URL and the release, and a repeated request
with `If-None-Match` gets a 304 without rendering anything. Clients must revalidate
(`max-age=0` by default), so no one ever sees a page older than the last publish. Logged-in
users (curators) get `Cache-Control: private, no-cache` and no ETag.

    from django.utils.decorators import method_decorator
    from registry.http import public_cache

    @method_decorator(public_cache(), name="dispatch")
    class MonumentListView(FilterView): ...
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition

from registry.cache import records_version


def records_etag(request: HttpRequest, *args, **kwargs) -> str | None:
    """The ETag of a public response: the same URL over the same records gives the same one."""
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return None
    parts = (records_version(), get_language(), request.get_full_path(),
             request.headers.get("Accept", ""), settings.REGISTRY_RELEASE)
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def public_cache(max_age: int = 0) -> Callable:
    """Decorator: ETag + conditional GET for anonymous readers; private for logged-in users."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        conditional = condition(etag_func=records_etag)(view)

        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = conditional(request, *args, **kwargs)
            if request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, public=True, max_age=max_age,
                                    must_revalidate=True)
            patch_vary_headers(response, ["Cookie", "Accept", "Accept-Language"])
            return response

        return wrapped

    return decorator
