"""`/healthz`: is this app server able to serve? (For load balancers and orchestrators.)

Answered by a middleware placed first, before host validation, the HTTPS redirect and
sessions: a load balancer probes by IP over plain HTTP, and the answer must not depend on
anything but the process and its databases. 200 when every configured database answers
`SELECT 1`, 503 (naming the one that failed) when one does not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def database_problems() -> dict[str, str]:
    """Each database alias that cannot answer, with the reason."""
    problems = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            problems[alias] = str(error).strip().splitlines()[0] if str(error) else repr(error)
            # A broken connection must not be reused by the next request of this worker.
            connections[alias].close_if_unusable_or_obsolete()
    return problems


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.rstrip("/") != HEALTH_PATH:
            return self.get_response(request)
        problems = database_problems()
        if problems:
            logger.error("health check failed: %s", problems)
            response = JsonResponse({"status": "unavailable", "databases": problems}, status=503)
        else:
            response = JsonResponse({"status": "ok"})
        response["Cache-Control"] = "no-store"
        return response
