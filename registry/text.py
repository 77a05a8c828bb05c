"""Readable slugs for records whose names may be Russian."""

from django.db import connection
from django.utils.text import slugify


def transliterate(text: str) -> str:
    """Latin spelling of Russian text, by the same SQL function search uses."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT registry_transliterate(%s)", [text or ""])
        return cursor.fetchone()[0]


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    """A slug for `text` that no other row of `model` uses yet."""
    base = slugify(transliterate(text))[:150].strip("-") or "record"
    others = model._default_manager.exclude(pk=exclude_pk) if exclude_pk else model._default_manager
    slug, number = base, 2
    while others.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug
