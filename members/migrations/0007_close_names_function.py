from django.db import migrations

# The typo'd way's dictionary lookup for one word (members/search.py, TYPO_WORD_SQL): its close
# name words, at most six, as a tsquery on the name weight (or the word itself when none is
# close). As a PL/pgSQL function its plan is made once per connection and kept; inline in each
# directory statement it was planned again every time (~0.4 ms of every statement that carries
# it, and a search whose words may be misspelt carries it unrun: `EXACT_OR_CLOSE_SQL`).
# Each spelling probes the GIN index on its own (the LATERAL): one `&&` with all of them was
# estimated so high that the planner scanned the whole dictionary instead.
CLOSE_NAMES_SQL = """
CREATE FUNCTION members_close_names(word text, variants text[], swapped text[], edits integer)
RETURNS tsquery LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    found text;
BEGIN
    SELECT string_agg(quote_literal(close.token) || ':A', ' | ') INTO found
    FROM (
        SELECT t.token
        FROM unnest(variants) AS v(variant)
        CROSS JOIN LATERAL (
            SELECT n.token, n.members FROM members_nametoken AS n
            WHERE n.variants @> ARRAY[v.variant]
        ) AS t
        WHERE levenshtein_less_equal(t.token, word, edits) <= edits
        GROUP BY t.token, t.members
        -- Fewest edits first, a swap of two neighbours counting one; then the commonest.
        ORDER BY levenshtein(t.token, word) - (t.token = ANY(swapped))::int, t.members DESC
        LIMIT 6
    ) AS close;
    RETURN to_tsquery('simple', coalesce(found, quote_literal(word) || ':A'));
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_profile_visibility"),
    ]

    operations = [
        migrations.RunSQL(
            CLOSE_NAMES_SQL,
            reverse_sql="DROP FUNCTION members_close_names(text, text[], text[], integer);",
        ),
    ]
