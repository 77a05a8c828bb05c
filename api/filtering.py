"""The filter backend of monuments/: django-filter's, with `MonumentFilterSet`."""

from django_filters.rest_framework import DjangoFilterBackend


class MonumentFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend; its own class only so the schema documents the filters from
    api/schema.py. A filter error is a ValidationError → 400 naming the parameter."""
