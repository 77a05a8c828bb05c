"""“Cite this record”: a monument record as plain text, BibTeX and CSL-JSON.

Each form names the record's stable number and URL, the version (when the record last
changed) and the date the reader accessed it, so a cited fact can be checked against the
record's change history later.
"""

import datetime as dt
import json
import re

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Monument

_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")
_BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(
        lambda match: _BIBTEX_REPLACEMENTS.get(match.group(1), "\\" + match.group(1)), text
    )


def _date_parts(day: dt.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def record_url(monument: Monument) -> str:
    return settings.SITE_URL + monument.get_absolute_url()


def citation_formats(monument: Monument, *, accessed: dt.date | None = None) -> dict[str, str]:
    """The record's citation as {"text", "bibtex", "csl_json"}, in the active language."""
    accessed = accessed or timezone.localdate()
    changed = timezone.localtime(monument.updated_at, dt.UTC)
    version = changed.strftime("%Y-%m-%dT%H:%M:%SZ")
    publisher = _("Stalin Monument Registry")
    url = record_url(monument)
    key = f"stalin-monument-registry-{monument.public_id}"
    text = _(
        "%(publisher)s. “%(name)s” (record %(number)s). Version of %(version)s. %(url)s "
        "(accessed %(accessed)s)."
    ) % {"publisher": publisher, "name": monument.name, "number": monument.public_id,
         "version": version, "url": url, "accessed": accessed.isoformat()}
    note = _("Record %(number)s, version of %(version)s") % {"number": monument.public_id,
                                                             "version": version}
    bibtex = "\n".join([
        f"@misc{{{key},",
        f"  author       = {{{{{bibtex_escape(publisher)}}}}},",
        f"  title        = {{{{{bibtex_escape(monument.name)}}}}},",
        f"  year         = {{{changed.year}}},",
        f"  howpublished = {{\\url{{{url}}}}},",
        f"  url          = {{{url}}},",
        f"  note         = {{{bibtex_escape(note)}}},",
        f"  urldate      = {{{accessed.isoformat()}}},",
        "}",
    ])
    csl = [{
        "id": key,
        "type": "dataset",
        "title": monument.name,
        "author": [{"literal": publisher}],
        "publisher": publisher,
        "number": str(monument.public_id),
        "version": version,
        "URL": url,
        "issued": _date_parts(changed.date()),
        "accessed": _date_parts(accessed),
    }]
    return {"text": text, "bibtex": bibtex, "csl_json": _compact_dates(
        json.dumps(csl, ensure_ascii=False, indent=2))}


def _compact_dates(text: str) -> str:
    """`"date-parts": [[2025, 1, 3]]` on one line, as CSL-JSON is usually written."""
    text = re.sub(r"\[\s*((?:\d+,\s*)*\d+)\s*\]",
                  lambda match: "[" + re.sub(r"\s+", " ", match.group(1)) + "]", text)
    return re.sub(r"\[\s*(\[[^\[\]]*\])\s*\]", r"[\1]", text)
