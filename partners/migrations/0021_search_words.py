"""The lexicon of the words in the meetings' and follow-ups' texts, for the search's typo tolerance in full text.

``partners_searchword`` holds every lexeme (the Danish stemmer's form, as the full-text indexes of 0017_fold hold
it) of the meetings' subjects, minutes and decisions and the follow-ups' texts, with its folded form
(``partners_fold``) under a trigram index: a misspelt query word that is no lexeme is replaced by the nearest
lexemes (the pg_trgm "words" recipe), which the full-text indexes then find. ``partners_searchwordmark`` records, per
source table, the (updated_at, id) up to which the lexicon has read it; ``partners/services/search.py`` reads the
rows changed since, a bounded batch per search, through the (updated_at, id) indexes made here. Words of deleted or
edited texts stay (a suggested word that no longer occurs finds nothing). Tables of SQL, not model state.
"""

from django.db import migrations

SOURCES = {
    # source: (table, the text the lexicon reads: the words of the full-text document the search builds)
    "meeting": (
        "partners_meeting",
        "coalesce(subject, '') || ' ' || coalesce(minutes, '') || ' ' || coalesce(decisions, '')",
    ),
    "followup": ("partners_followup", "coalesce(text, '')"),
}

CREATE = """
CREATE TABLE partners_searchword (lexeme text PRIMARY KEY, folded text NOT NULL);
CREATE INDEX partners_searchword_folded_trgm_idx ON partners_searchword USING gin (folded gin_trgm_ops);
CREATE TABLE partners_searchwordmark (
    source text PRIMARY KEY, updated_at timestamptz NOT NULL, last_id bigint NOT NULL
);
"""

DROP = """
DROP TABLE IF EXISTS partners_searchwordmark;
DROP TABLE IF EXISTS partners_searchword;
DROP INDEX IF EXISTS meeting_updated_idx;
DROP INDEX IF EXISTS followup_updated_idx;
"""


def fill() -> str:
    statements = []
    for source, (table, text) in SOURCES.items():
        statements += [
            f"CREATE INDEX {source}_updated_idx ON {table} (updated_at, id)",
            f"INSERT INTO partners_searchword (lexeme, folded) SELECT lexeme, public.partners_fold(lexeme) FROM "
            f"(SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('danish', {text}))) AS lexeme FROM {table}) AS words "
            f"ON CONFLICT DO NOTHING",
            f"INSERT INTO partners_searchwordmark (source, updated_at, last_id) "
            f"SELECT '{source}', coalesce(max(updated_at), '-infinity'), coalesce(max(id), 0) FROM {table}",
        ]
    return ";\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0020_merge_permission"),
    ]

    operations = [migrations.RunSQL(CREATE + fill(), DROP)]
