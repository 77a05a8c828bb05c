"""ETag and Last-Modified on reads, If-None-Match → 304, If-Match on writes → 412.

A monument's ETag is its version: its public id and the last time it, or an actor or source
it shows, changed. A list's ETag covers the query (parameters, format, language) and the
filtered set (how many records, the latest change), so a mirror polling with If-None-Match
gets a cheap 304 until something it would see changes.
"""

import hashlib
from datetime import datetime

from django.db import connections
from django.db.models import Count, Max, QuerySet
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag
from django.utils.translation import get_language
from rest_framework.request import Request

from api.errors import PreconditionFailed
from registry.models import Actor, Monument, Source


def _digest(*parts: object) -> str:
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=12).hexdigest()


def monument_last_modified(monument: Monument) -> datetime:
    """When the record, or an actor or source shown with it, last changed (from what
    `for_detail()` already fetched: no query)."""
    stamps = [monument.updated_at]
    for role in monument.roles.all():
        stamps.append(role.actor.updated_at)
    for citation in monument.citations.all():
        stamps.append(citation.source.updated_at)
    return max(stamps)


def monument_etag(monument: Monument) -> str:
    """A strong ETag: the same for every format and language of the same version of the record
    (responses say `Vary: Accept, Accept-Language` for caches)."""
    version = _digest(monument_last_modified(monument).isoformat(), monument.state)
    return quote_etag(f"m{monument.public_id}-{version}")


def _shown_latest(using: str) -> datetime | None:
    """The latest change to an actor or a source, which list rows and exports show."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT GREATEST((SELECT MAX(updated_at) FROM {Actor._meta.db_table}), "
                       f"(SELECT MAX(updated_at) FROM {Source._meta.db_table}))")
        return cursor.fetchone()[0]


def list_version(queryset: QuerySet, request: Request) -> tuple[str, datetime | None, int]:
    """(ETag, Last-Modified, count) of a filtered list, in two small aggregate queries.

    A record's own changes, including its events, roles and citations (registry/signals.py
    touches its updated_at), change the summary of the filtered set; so does a record leaving
    or entering it. Actors and sources change separately, so their latest change counts too.
    """
    summary = queryset.aggregate(count=Count("pk"), latest=Max("updated_at"))
    stamps = [stamp for stamp in (summary["latest"], _shown_latest(queryset.db))
              if stamp is not None]
    latest = max(stamps) if stamps else None
    query = sorted(request.query_params.lists())
    etag = quote_etag("l-" + _digest(request.path, query, request.accepted_renderer.format,
                                     get_language(), summary["count"],
                                     latest.isoformat() if latest else ""))
    return etag, latest, summary["count"]


def content_etag(content: bytes) -> str:
    return quote_etag("c-" + hashlib.blake2b(content, digest_size=12).hexdigest())


def is_not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    """Whether a GET can be answered 304 (RFC 9110: If-None-Match wins over If-Modified-Since)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        wanted = parse_etags(if_none_match)
        # Weak comparison: W/"x" matches "x".
        return "*" in wanted or _bare(etag) in {_bare(tag) for tag in wanted}
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if since is not None and last_modified is not None:
        return int(last_modified.timestamp()) <= since
    return False


def check_if_match(request: Request, etag: str) -> None:
    """Refuse a write when the client read an older version (strong comparison)."""
    header = request.headers.get("If-Match")
    if not header:
        return
    wanted = parse_etags(header)
    if "*" in wanted:
        return
    if etag not in wanted:
        raise PreconditionFailed()


def set_validators(response, etag: str, last_modified: datetime | None) -> None:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())


def set_cache_headers(response, request: Request) -> None:
    """Caches keep a copy but ask again (If-None-Match) before using it."""
    authenticated = bool(request.user and request.user.is_authenticated)
    response["Cache-Control"] = "private, no-cache" if authenticated else "public, no-cache"
    patch_vary_headers(response, ("Accept", "Accept-Language", "Authorization", "Cookie"))


def _bare(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag
