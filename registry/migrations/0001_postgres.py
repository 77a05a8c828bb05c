"""What the registry needs from PostgreSQL before any table exists.

- the pg_trgm and unaccent extensions (search);
- the sequence public identifiers are drawn from (never reused);
- the SQL functions search documents and queries share (registry/search.py).
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

NORMALIZE = """
CREATE OR REPLACE FUNCTION registry_normalize(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- Case and ё/е do not matter to a researcher's search.
    SELECT translate(lower(coalesce(value, '')), 'ё', 'е')
$$;
"""

TRANSLITERATE = """
CREATE OR REPLACE FUNCTION registry_transliterate(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- Russian (and Ukrainian) letters in Latin, as people type them from memory.
    SELECT translate(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
            registry_normalize(value),
            'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'),
            'ю', 'yu'), 'я', 'ya'), 'ї', 'yi'), 'є', 'ye'),
        'абвгдезийклмнопрстуфыэіґъь',
        'abvgdeziyklmnoprstufyeig')
$$;
"""

SEARCH_KEY = """
CREATE OR REPLACE FUNCTION registry_search_key(value text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    -- One Latin, accent-free spelling of any text, for trigram matching across scripts.
    SELECT unaccent(registry_transliterate(value))
$$;
"""

CHECK_LOCALE = """
DO $$
BEGIN
    IF lower('ЁЛКА') <> 'ёлка' THEN
        RAISE EXCEPTION 'The database does not fold Cyrillic case (its locale is %). '
            'Create it with a UTF-8 locale, e.g. C.UTF-8.', current_setting('lc_ctype');
    END IF;
END
$$;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.RunSQL(CHECK_LOCALE, reverse_sql=migrations.RunSQL.noop),
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS registry_monument_public_id_seq START 1",
            reverse_sql="DROP SEQUENCE IF EXISTS registry_monument_public_id_seq",
        ),
        migrations.RunSQL(NORMALIZE, reverse_sql="DROP FUNCTION IF EXISTS registry_normalize"),
        migrations.RunSQL(
            TRANSLITERATE, reverse_sql="DROP FUNCTION IF EXISTS registry_transliterate"
        ),
        migrations.RunSQL(SEARCH_KEY, reverse_sql="DROP FUNCTION IF EXISTS registry_search_key"),
    ]
