"""HTTP caching for public pages and API reads: `Cache-Control` and conditional GET.

`public_cache` wraps a view (function, or `method_decorator` on a class-based view's
`dispatch`) so that anonymous GET/HEAD responses carry an ETag derived from the records
version (registry/cache.py), the language, the URL and the release, and a repeated request
with `If-None-Match` gets a 304 without rendering anything. Clients must revalidate
(`max-age=0` by default), so no one ever sees a page older than the last publish. Logged-in
users (curators) get `Cache-Control: private, no-cache` and no ETag.

The rendered page itself is kept in Django's cache under the same ETag (setting
`REGISTRY_PAGE_CACHE`, on unless turned off), so every other anonymous reader gets it without
a render until a record changes: a page of 50 rows or a chart of 30 years costs tens of
milliseconds of template work, a cached page one cache read. Only small, complete, cookie-free
200 responses are kept.

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
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition

from registry.cache import DEFAULT_TIMEOUT, records_version

#: Larger responses (the map's data of every record, say) are rendered each time.
PAGE_CACHE_MAX_BYTES = 512 * 1024


def records_etag(request: HttpRequest, *args, **kwargs) -> str | None:
    """The ETag of a public response: the same URL over the same records gives the same one
    (on the same day: pages show today's date as the access date of a citation)."""
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return None
    if not hasattr(request, "_records_etag"):
        parts = (records_version(), get_language(), request.get_full_path(),
                 request.headers.get("Accept", ""), settings.REGISTRY_RELEASE,
                 timezone.localdate().isoformat())
        request._records_etag = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    return request._records_etag


def _served_from_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        etag = records_etag(request) if settings.REGISTRY_PAGE_CACHE else None
        if etag is None:
            return view(request, *args, **kwargs)
        key = f"registry:page:{etag}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if _keepable(request, response):
                cache.set(key, response, DEFAULT_TIMEOUT)
        return response

    return wrapped


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED"):  # a form with a token for this visitor
        return False
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return len(response.content) <= PAGE_CACHE_MAX_BYTES


def public_cache(max_age: int = 0) -> Callable:
    """Decorator: ETag + conditional GET for anonymous readers; private for logged-in users."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        conditional = condition(etag_func=records_etag)(_served_from_cache(view))

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
