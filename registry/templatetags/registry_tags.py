"""Template helpers of the public pages: uncertain dates, the language switch, country names."""

import datetime as dt
import gettext as gettext_module
from functools import cache
from urllib.parse import urlsplit

import pycountry
from django import template
from django.urls import reverse, translate_url
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from registry.choices import DatePrecision

register = template.Library()


@register.simple_tag
def date_span(earliest: dt.date | None, latest: dt.date | None, precision: str) -> str:
    """A date as precisely as it is known: “9 May 2019”, “May 2019”, “2019”, “about 2019”."""
    if earliest is None:
        return _("date unknown")
    if precision == DatePrecision.DAY:
        return date_format(earliest, "j E Y" if get_language() == "ru" else "j F Y")
    if precision == DatePrecision.MONTH:
        return date_format(earliest, "F Y")
    if precision == DatePrecision.YEAR:
        return str(earliest.year)
    if precision == DatePrecision.DECADE:
        return _("the %(decade)ss") % {"decade": earliest.year}
    if latest is not None and latest.year != earliest.year:
        return _("between %(first)s and %(last)s") % {"first": earliest.year, "last": latest.year}
    return _("about %(year)s") % {"year": earliest.year}


@register.simple_tag(takes_context=True)
def language_url(context, language: str) -> str:
    """This page (with its query string) in another language."""
    request = context.get("request")
    if request is None:
        return f"/{language}/"
    path = request.get_full_path()
    translated = translate_url(path, language)
    if translated == path:  # a path that does not resolve (a 404): swap the prefix
        current = get_language()
        if path.startswith(f"/{current}/"):
            return f"/{language}/" + path[len(current) + 2:]
        return f"/{language}/"
    return translated


@cache
def _country_translation(language: str):
    return gettext_module.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language],
                                      fallback=True)


@register.simple_tag
def country_name(code: str) -> str:
    """The country's name in the page's language (ISO 3166-1 alpha-2 code in, name out)."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    language = get_language() or "en"
    if language != "en":
        name = _country_translation(language).gettext(country.name)
    return name


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def cite_url(browse_url: str) -> str:
    """The "cite this number" page for the count a browse link shows (same filters)."""
    query = urlsplit(browse_url).query
    return reverse("registry:cite") + ("?" + query if query else "")


@register.simple_tag
def cite_link(browse_url: str) -> str:
    """The ¶ link beside a count to its "cite this number" page. A tag, not an include: a
    statistics table has hundreds of counts, and an include costs a template render each."""
    return format_html(
        ' <a class="cite-link" href="{}" title="{}"><span aria-hidden="true">¶</span>'
        '<span class="visually-hidden">{}</span></a>',
        cite_url(browse_url), _("Cite this number"), _("cite"))
