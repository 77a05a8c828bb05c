"""Full-text search that researchers can rely on.

Two indexes answer a query together:

- a weighted `tsvector` in Russian and English configurations (names weigh most), so
  "сталину" finds "Сталин" and "monuments" finds "monument";
- a trigram index over a Latin "search key" of the same text, so "Novosibirsk" finds
  "Новосибирск" and a small typo ("Novosibrisk") still finds it.

Both are built from the monument, its region and the names of its actors by one SQL
statement (`reindex`), and both fold case and ё/е. The normalising SQL functions live in
migration 0001 so the documents and the queries pass through the same code.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField, Value

#: Shortest query the trigram index is asked about; shorter ones only match words.
MIN_TRIGRAM_QUERY = 3

_REINDEX_SQL = """
UPDATE registry_monument AS m
SET search_vector =
        setweight(to_tsvector('russian', registry_normalize(d.names)), 'A')
     || setweight(to_tsvector('english', registry_normalize(d.names)), 'A')
     || setweight(to_tsvector('russian', registry_normalize(d.rest)), 'B')
     || setweight(to_tsvector('english', registry_normalize(d.rest)), 'B'),
    search_text = registry_search_key(d.names || ' ' || d.rest)
FROM (
    SELECT m2.id,
           concat_ws(' ', m2.name_en, m2.name_ru) AS names,
           concat_ws(' ', m2.settlement_en, m2.settlement_ru, r.name_en, r.name_ru, m2.address,
                     m2.description_en, m2.description_ru, m2.inscription,
                     (SELECT string_agg(concat_ws(' ', a.name_en, a.name_ru), ' ')
                        FROM registry_actorrole ar
                        JOIN registry_actor a ON a.id = ar.actor_id
                       WHERE ar.monument_id = m2.id)) AS rest
      FROM registry_monument m2
      LEFT JOIN registry_region r ON r.id = m2.region_id
     WHERE m2.id = ANY(%s)
) AS d
WHERE m.id = d.id
"""


def reindex(monument_ids: Iterable[int]) -> None:
    """Rebuild the search documents of these monuments (by primary key)."""
    ids = list(monument_ids)
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(_REINDEX_SQL, [ids])


def search(queryset: QuerySet, query: str) -> QuerySet:
    """The monuments matching `query`, annotated with `search_rank` (higher is better)."""
    query = " ".join(query.split())
    if not query:
        return queryset
    normalized = Func(Value(query), function="registry_normalize", output_field=TextField())
    in_russian = SearchQuery(normalized, config="russian", search_type="websearch")
    in_english = SearchQuery(normalized, config="english", search_type="websearch")
    matches = Q(search_vector=in_russian) | Q(search_vector=in_english)
    rank = SearchRank(F("search_vector"), in_russian) + SearchRank(F("search_vector"), in_english)
    if len(query) >= MIN_TRIGRAM_QUERY:
        key = Func(Value(query), function="registry_search_key", output_field=TextField())
        matches |= Q(search_text__trigram_word_similar=key)
        rank = rank + TrigramWordSimilarity(key, "search_text")
    return queryset.filter(matches).annotate(search_rank=rank)
