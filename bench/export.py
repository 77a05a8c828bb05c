"""Time one full export of the bench database's published records, in this process.

    python bench/export.py csv|csv-python|geojson|copy

Prints JSON: seconds, bytes, peak resident memory (KiB) of this process, and that peak
just before the export started (Django loaded), so the export's own memory shows.
`copy` runs PostgreSQL's `COPY … TO STDOUT WITH CSV` through psql instead (the limit), timed
from this process with psql's own peak memory. `csv` is the registry's export as the API and
releases make it (rows from COPY); `csv-python` the same bytes written by the Python columns
(what the as-of exports use, and what `csv` was before it used COPY).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_database_url, setup_django

#: The CSV the registry exports, as one SQL statement (same columns, same rows).
COPY_SQL = """
COPY (
SELECT m.public_id, 'http://127.0.0.1:8000/en/monuments/' || m.public_id || '/' || m.slug || '/',
       m.name_en, m.name_ru, m.form, m.status, m.setting, m.origin, m.country, m.controlled_by,
       r.code, r.name_en, r.name_ru, m.settlement_en, m.settlement_ru, m.address,
       m.latitude, m.longitude, m.coordinate_precision, m.installed_earliest,
       m.installed_latest, m.installed_precision, m.installed_year, m.sponsor_category,
       (SELECT string_agg(a.name_en, '; ' ORDER BY ar.position, ar.id)
          FROM registry_actorrole ar JOIN registry_actor a ON a.id = ar.actor_id
         WHERE ar.monument_id = m.id AND ar.role = 'sponsor'),
       (SELECT string_agg(a.slug, ';' ORDER BY ar.position, ar.id)
          FROM registry_actorrole ar JOIN registry_actor a ON a.id = ar.actor_id
         WHERE ar.monument_id = m.id AND ar.role = 'sponsor'),
       (SELECT string_agg(DISTINCT s.url, ' ') FROM registry_citation c
          JOIN registry_source s ON s.id = c.source_id WHERE c.monument_id = m.id),
       (SELECT count(DISTINCT c.source_id) FROM registry_citation c WHERE c.monument_id = m.id),
       m.wikidata_id, m.osm_id, m.updated_at
  FROM registry_monument m LEFT JOIN registry_region r ON r.id = m.region_id
 WHERE m.state = 'published'
 ORDER BY m.installed_earliest DESC NULLS LAST, m.public_id
) TO STDOUT WITH CSV HEADER
"""


def peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(kind: str) -> None:
    if kind == "copy":
        started = time.monotonic()
        process = subprocess.run(["psql", bench_database_url(), "-q", "-c", " ".join(
            COPY_SQL.split())], capture_output=True, check=True)
        seconds = time.monotonic() - started
        print(json.dumps({"kind": kind, "seconds": seconds, "bytes": len(process.stdout),
                          "peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                          "baseline_kib": 0}))
        return
    setup_django()
    from django.db.models import F
    from django.utils import translation

    from registry import exports
    from registry.models import Monument

    translation.activate("en")
    queryset = Monument.objects.published().order_by(
        F("installed_earliest").desc(nulls_last=True), "public_id")
    generator = {
        "csv": exports.csv_lines,
        "csv-python": lambda queryset: exports.csv_lines(queryset, use_copy=False),
        "geojson": exports.geojson_chunks,
    }[kind]
    next(iter(generator(Monument.objects.none())))  # import and connect before measuring
    baseline = peak_kib()
    started = time.monotonic()
    size = 0
    for chunk in generator(queryset):
        size += len(chunk.encode())
    seconds = time.monotonic() - started
    print(json.dumps({"kind": kind, "seconds": seconds, "bytes": size, "peak_kib": peak_kib(),
                      "baseline_kib": baseline}))


if __name__ == "__main__":
    main(sys.argv[1])
