"""Full-text search that researchers can rely on.

One weighted `tsvector` per monument answers every query through one GIN index. It holds the
record's text in three configurations:

- Russian and English, so "сталину" finds "Сталин" and "monuments" finds "monument"
  (names weigh most, then places and actors, then descriptions and inscriptions);
- the Latin spelling of names, places and actors ("simple", no stemming), so "Novosibirsk"
  finds "Новосибирск" and "Новосибирск" finds a record spelled "Novosibirsk".

When a query matches nothing at all, a trigram index over the same Latin spelling of names
and places (`search_text`) gives typo tolerance: "Novosibrisk" still finds Novosibirsk. It is
a fallback rather than a second branch of every query because trigram matching across many
records is slow and loose: "Krasnogorsk" resembles "Krasnoyarsk" as much as a typo does.

Both are built from the monument, its region and its actors by one SQL statement
(`reindex`); both fold case and ё/е through the SQL functions of migration 0001, which the
queries use too.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connections
from django.db.models import F, Func, Q, QuerySet, TextField, Value

#: Shortest query the trigram fallback is tried for; shorter ones only match words.
MIN_TRIGRAM_QUERY = 4

_REINDEX_SQL = """
UPDATE registry_monument AS m
SET search_vector =
        setweight(to_tsvector('russian', registry_normalize(d.names)), 'A')
     || setweight(to_tsvector('english', registry_normalize(d.names)), 'A')
     || setweight(to_tsvector('simple', registry_search_key(d.names)), 'A')
     || setweight(to_tsvector('russian', registry_normalize(d.places)), 'B')
     || setweight(to_tsvector('english', registry_normalize(d.places)), 'B')
     || setweight(to_tsvector('simple', registry_search_key(d.places)), 'B')
     || setweight(to_tsvector('russian', registry_normalize(d.texts)), 'C')
     || setweight(to_tsvector('english', registry_normalize(d.texts)), 'C'),
    search_text = registry_search_key(d.names || ' ' || d.places)
FROM (
    SELECT m2.id,
           concat_ws(' ', m2.name_en, m2.name_ru) AS names,
           concat_ws(' ', m2.settlement_en, m2.settlement_ru, r.name_en, r.name_ru,
                     (SELECT string_agg(concat_ws(' ', a.name_en, a.name_ru), ' ')
                        FROM registry_actorrole ar
                        JOIN registry_actor a ON a.id = ar.actor_id
                       WHERE ar.monument_id = m2.id)) AS places,
           concat_ws(' ', m2.address, m2.description_en, m2.description_ru,
                     m2.inscription) AS texts
      FROM registry_monument m2
      LEFT JOIN registry_region r ON r.id = m2.region_id
     WHERE m2.id = ANY(%s)
) AS d
WHERE m.id = d.id
"""


def reindex(monument_ids: Iterable[int], *, using: str = "default") -> None:
    """Rebuild the search documents of these monuments (by primary key)."""
    ids = list(monument_ids)
    if ids:
        with connections[using].cursor() as cursor:
            cursor.execute(_REINDEX_SQL, [ids])


def _sql(function: str, query: str) -> Func:
    return Func(Value(query), function=function, output_field=TextField())


def search(queryset: QuerySet, query: str) -> QuerySet:
    """The monuments matching `query`, annotated with `search_rank` (higher is better)."""
    query = " ".join(query.replace("\x00", "").split())
    if not query:
        return queryset
    words = (
        SearchQuery(_sql("registry_normalize", query), config="russian", search_type="websearch")
        | SearchQuery(_sql("registry_normalize", query), config="english",
                      search_type="websearch")
        | SearchQuery(_sql("registry_search_key", query), config="simple",
                      search_type="websearch")
    )
    matches = queryset.filter(search_vector=words)
    if len(query) < MIN_TRIGRAM_QUERY or matches.exists():
        return matches.annotate(search_rank=SearchRank(F("search_vector"), words))
    key = _sql("registry_search_key", query)
    return queryset.filter(Q(search_text__trigram_word_similar=key)).annotate(
        search_rank=TrigramWordSimilarity(key, "search_text")
    )
