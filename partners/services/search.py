"""The search's lexicon kept up to date (migration 0021_search_words; read by ``selectors/search.py``).

``refresh_search_words`` adds the words of the meetings and follow-ups changed since the last call, at most
``BATCH`` rows per source and call, in one statement: the search page calls it before searching, so a word written
into a meeting's minutes is a typo suggestion from the next search on. When nothing has changed it costs an index
probe per source. A bulk load larger than a batch is caught up over the following searches (the migration read
everything there was).
"""

from django.db import connection

BATCH = 500

# source: (table, the text of the source's full-text document, as the migration read it)
SOURCES = {
    "meeting": (
        "partners_meeting",
        "coalesce(subject, '') || ' ' || coalesce(minutes, '') || ' ' || coalesce(decisions, '')",
    ),
    "followup": ("partners_followup", "coalesce(text, '')"),
}


def _refresh_sql(source: str) -> str:
    table, text = SOURCES[source]
    return f"""
    {source}_batch AS (
        SELECT id, updated_at, {text} AS text FROM {table}
        WHERE (updated_at, id) > (SELECT updated_at, last_id FROM partners_searchwordmark WHERE source = '{source}')
        ORDER BY updated_at, id LIMIT {BATCH}
    ),
    {source}_words AS (
        INSERT INTO partners_searchword (lexeme, folded)
        SELECT DISTINCT lexeme, public.partners_fold(lexeme)
        FROM {source}_batch, unnest(tsvector_to_array(to_tsvector('danish', {source}_batch.text))) AS lexeme
        ON CONFLICT DO NOTHING
    ),
    {source}_mark AS (
        UPDATE partners_searchwordmark SET (updated_at, last_id) = (
            SELECT updated_at, id FROM {source}_batch ORDER BY updated_at DESC, id DESC LIMIT 1
        )
        WHERE source = '{source}' AND EXISTS (SELECT FROM {source}_batch)
    )"""


def refresh_search_words(*, sources: list[str]) -> None:
    """Read the rows of ``sources`` (keys of ``SOURCES``) changed since the last refresh into the lexicon."""
    if not sources:
        return
    parts = ",".join(_refresh_sql(source) for source in sources)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {parts} SELECT 1")
