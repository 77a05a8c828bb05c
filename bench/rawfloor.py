"""The raw floor: the registry's queries with nothing in between.

A minimal WSGI app (no framework) that runs the same SQL as the registry's list, search,
browse, monument and home pages through psycopg and serialises with orjson (JSON) or an
f-string (HTML). Whatever Django adds on top of this is the framework's cost; `make bench`
serves it under gunicorn with the same number of workers as the registry:

    DATABASE_URL=postgres://…/registry_bench gunicorn -w 2 bench.rawfloor:application
"""

from __future__ import annotations

import html
import os
from urllib.parse import parse_qs

import orjson
import psycopg
from psycopg.rows import dict_row

_connection: psycopg.Connection | None = None

LIST_COLUMNS = """
    m.public_id, m.slug, m.name_en, m.name_ru, m.form, m.status, m.setting, m.origin,
    m.country, m.controlled_by, r.code AS region_code, r.name_en AS region_en,
    r.name_ru AS region_ru, m.settlement_en, m.settlement_ru,
    m.latitude::float8 AS latitude, m.longitude::float8 AS longitude,
    m.installed_earliest, m.installed_latest, m.installed_precision, m.installed_year,
    m.sponsor_category, m.updated_at,
    (SELECT coalesce(json_agg(json_build_object('slug', a.slug, 'name_en', a.name_en,
                                                'category', a.category)
                              ORDER BY ar.position, ar.id), '[]')
       FROM registry_actorrole ar JOIN registry_actor a ON a.id = ar.actor_id
      WHERE ar.monument_id = m.id AND ar.role = 'sponsor') AS sponsors
"""

SEARCH_MATCH = """
    (m.search_vector @@ websearch_to_tsquery('russian', registry_normalize(%(q)s))
     OR m.search_vector @@ websearch_to_tsquery('english', registry_normalize(%(q)s))
     OR m.search_text %%> registry_search_key(%(q)s))
"""
SEARCH_RANK = """
    ts_rank(m.search_vector, websearch_to_tsquery('russian', registry_normalize(%(q)s)))
    + ts_rank(m.search_vector, websearch_to_tsquery('english', registry_normalize(%(q)s)))
    + word_similarity(registry_search_key(%(q)s), m.search_text)
"""


def connection() -> psycopg.Connection:
    """One connection a worker process, opened after gunicorn forks."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True,
                                      row_factory=dict_row, prepare_threshold=None)
    return _connection


def query(sql: str, params: dict | None = None) -> list[dict]:
    return connection().execute(sql, params or {}).fetchall()


def filtered(params: dict[str, str]) -> tuple[str, dict]:
    where, values = ["m.state = 'published'"], {}
    if params.get("region"):
        where.append("r.code = %(region)s")
        values["region"] = params["region"]
    if params.get("year_min"):
        where.append("m.installed_year >= %(year_min)s")
        values["year_min"] = int(params["year_min"])
    return " AND ".join(where), values


def monument_list(params: dict[str, str]) -> dict:
    page_size = min(int(params.get("page_size", 100)), 1000)
    where, values = filtered(params)
    base = f"FROM registry_monument m LEFT JOIN registry_region r ON r.id = m.region_id " \
           f"WHERE {where}"
    count = query(f"SELECT count(*) AS n {base}", values)[0]["n"]
    rows = query(f"SELECT {LIST_COLUMNS} {base} "
                 f"ORDER BY m.installed_earliest DESC NULLS LAST, m.public_id "
                 f"LIMIT {page_size}", values)
    return {"count": count, "results": rows}


def monument_search(params: dict[str, str]) -> dict:
    page_size = min(int(params.get("page_size", 100)), 1000)
    values = {"q": " ".join(params.get("q", "").split())}
    base = f"FROM registry_monument m LEFT JOIN registry_region r ON r.id = m.region_id " \
           f"WHERE m.state = 'published' AND {SEARCH_MATCH}"
    count = query(f"SELECT count(*) AS n {base}", values)[0]["n"]
    rows = query(f"SELECT {LIST_COLUMNS}, {SEARCH_RANK} AS rank {base} "
                 f"ORDER BY rank DESC, m.public_id LIMIT {page_size}", values)
    return {"count": count, "results": rows}


def page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}"
            f"</title><link rel=stylesheet href=/static/site.css></head><body><main>{body}"
            f"</main></body></html>").encode()


def browse(params: dict[str, str]) -> bytes:
    data = monument_list(params)
    rows = "".join(
        f"<tr><td><a href=\"/en/monuments/{row['public_id']}/{row['slug']}/\">"
        f"{html.escape(row['name_en'])}</a></td><td>{html.escape(row['region_en'] or '')}</td>"
        f"<td>{html.escape(row['settlement_en'])}</td><td>{row['installed_year'] or ''}</td>"
        f"<td>{html.escape(', '.join(s['name_en'] for s in row['sponsors']))}</td></tr>"
        for row in data["results"])
    return page("Monuments", f"<h1>{data['count']} monuments</h1><table>{rows}</table>")


def monument_detail(public_id: int) -> bytes | None:
    found = query(f"SELECT m.id, m.description_en, m.inscription, {LIST_COLUMNS} "
                  "FROM registry_monument m LEFT JOIN registry_region r ON r.id = m.region_id "
                  "WHERE m.public_id = %(id)s AND m.state = 'published'", {"id": public_id})
    if not found:
        return None
    monument = found[0]
    events = query("SELECT kind, date, description_en FROM registry_event "
                   "WHERE monument_id = %(id)s ORDER BY date_earliest, id", {"id": monument["id"]})
    roles = query("SELECT ar.role, a.name_en, a.slug FROM registry_actorrole ar "
                  "JOIN registry_actor a ON a.id = ar.actor_id WHERE ar.monument_id = %(id)s "
                  "ORDER BY ar.position, ar.id", {"id": monument["id"]})
    citations = query("SELECT c.claim, c.quote, s.title, s.url, s.outlet FROM registry_citation c "
                      "JOIN registry_source s ON s.id = c.source_id WHERE c.monument_id = %(id)s "
                      "ORDER BY c.id", {"id": monument["id"]})
    escape = html.escape
    body = (
        f"<h1>{escape(monument['name_en'])}</h1><p>{escape(monument['description_en'])}</p>"
        f"<p>{escape(monument['region_en'] or '')}, {escape(monument['settlement_en'])}</p>"
        + "<ol>" + "".join(f"<li>{e['kind']} {escape(e['date'])} {escape(e['description_en'])}"
                           "</li>" for e in events) + "</ol>"
        + "<ul>" + "".join(f"<li>{r['role']}: {escape(r['name_en'])}</li>" for r in roles)
        + "</ul><ol>" + "".join(
            f"<li><a href=\"{escape(c['url'])}\">{escape(c['title'])}</a> "
            f"({escape(c['outlet'])}): <q>{escape(c['quote'])}</q></li>" for c in citations)
        + "</ol>")
    return page(monument["name_en"], body)


def home(params: dict[str, str]) -> bytes:
    count = query("SELECT count(*) AS n FROM registry_monument WHERE state = 'published'")[0]["n"]
    return page("Stalin Monument Registry", f"<h1>Stalin Monument Registry</h1>"
                                            f"<p>The registry holds {count} published records.</p>")


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    params = {key: values[-1] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
    status, content_type, body = "200 OK", "application/json", b""
    if path == "/api/list":
        body = orjson.dumps(monument_list(params))
    elif path == "/api/search":
        body = orjson.dumps(monument_search(params))
    elif path == "/browse":
        content_type, body = "text/html; charset=utf-8", browse(params)
    elif path.startswith("/monument/") and path.rsplit("/", 1)[-1].isdigit():
        content_type = "text/html; charset=utf-8"
        body = monument_detail(int(path.rsplit("/", 1)[-1])) or b""
        if not body:
            status = "404 Not Found"
    elif path == "/home":
        content_type, body = "text/html; charset=utf-8", home(params)
    else:
        status, body = "404 Not Found", b"{}"
    start_response(status, [("Content-Type", content_type),
                            ("Content-Length", str(len(body)))])
    return [body]
