"""Full-text queries with the search's typo tolerance, for every caller that matches meetings' and follow-ups' texts.

The Danish full-text documents indexed by migration 0017_fold (``meeting_document``, ``follow_up_document``; change
one only together with its index) and ``full_text_query``: the query's lexemes and, for a word that occurs in no
meeting's or follow-up's text, the nearest words of the lexicon (migration 0021_search_words, kept by
``services/search.py``). Read by the register search (``selectors/search.py``) and by the meeting and follow-up lists'
free text (``filtersets/meetings.py``); one query per full-text query.
"""

import operator
import re
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Expression

FTS_CONFIG = "danish"
TYPO_MIN_LENGTH = 4  # a shorter misspelt word has too many near words to guess from
# The nearest words of the lexicon are those trigram-similar (pg_trgm's threshold, 0.3) and at most this much less
# similar than the nearest: "lektiecafe" → "lektiecafé" (0.75) but not "lektiehjælp" (0.35); "geuhsningen" →
# "genhusning" (0.40).
TYPO_MARGIN = 0.1
TYPO_SUGGESTIONS = 3  # the nearest lexicon words tried for a misspelt full-text word
MAX_QUERY_LENGTH = 200  # longer input is cut: nobody types more, and it keeps trigram and tsquery work bounded
# Control characters (among them NUL, which PostgreSQL text cannot hold) are dropped from the query.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
WEBSEARCH_SYNTAX = re.compile(r'"|(^|\s)-|\bor\b', re.IGNORECASE)  # a phrase, an exclusion, "or": taken as written


def cleaned(raw: str | None) -> str:
    return " ".join(CONTROL_CHARACTERS.sub(" ", raw or "").split())


def normalise_query(raw: str | None) -> str:
    """The query as searched: control characters removed, whitespace collapsed, at most ``MAX_QUERY_LENGTH`` long."""
    return cleaned(raw)[:MAX_QUERY_LENGTH].strip()


def weighted_vector(*fields: tuple[str, str]) -> SearchVector:
    """``to_tsvector`` of each (field, weight), concatenated in this order (the order is part of the indexed
    expression)."""
    return reduce(operator.add, (SearchVector(field, weight=weight, config=FTS_CONFIG) for field, weight in fields))


def meeting_document() -> SearchVector:
    """A meeting's subject, minutes and decisions (index ``meeting_fts_idx``)."""
    return weighted_vector(("subject", "A"), ("minutes", "B"), ("decisions", "B"))


def follow_up_document() -> SearchVector:
    """A follow-up's text (index ``followup_text_fts_idx``)."""
    return SearchVector("text", config=FTS_CONFIG)


def websearch_text(query: str) -> str:
    """The query for ``websearch_to_tsquery``: "-word" excludes a word, but a query of exclusions only is read as
    words to find (a query that excludes only would match nearly every row)."""
    words = query.split()
    if all(word.startswith("-") for word in words):
        return " ".join(word.lstrip("-") for word in words)
    return query


class RawTsQuery(SearchQuery):
    """``'text'::tsquery``: lexemes taken as they are, neither parsed again nor stemmed twice."""

    template = "%(expressions)s::tsquery"

    def __init__(self, text: str):
        super().__init__(text, search_type="raw")


# The query's lexemes (as the Danish full-text indexes hold them) and, for one that is in no meeting's or follow-up's
# text, the nearest lexemes of the lexicon (migration 0021_search_words), over their folded forms.
FULL_TEXT_SQL = f"""
SELECT querytree(websearch_to_tsquery(%(config)s::regconfig, %(websearch)s)), (
    SELECT json_agg(json_build_array(query.lexeme, CASE
        WHEN NOT %(typos)s OR length(query.lexeme) < {TYPO_MIN_LENGTH}
            OR EXISTS (SELECT FROM partners_searchword known WHERE known.lexeme = query.lexeme) THEN '{{}}'::text[]
        ELSE ARRAY(
            SELECT near.lexeme FROM (
                SELECT candidate.lexeme, candidate.closeness, max(candidate.closeness) OVER () AS best
                FROM (
                    SELECT lexicon.lexeme, similarity(lexicon.folded, public.partners_fold(query.lexeme)) AS closeness
                    FROM partners_searchword lexicon
                    WHERE lexicon.folded %% public.partners_fold(query.lexeme)
                ) AS candidate
            ) AS near
            WHERE near.closeness >= near.best - {TYPO_MARGIN}
            ORDER BY near.closeness DESC, near.lexeme
            LIMIT {TYPO_SUGGESTIONS}
        ) END) ORDER BY query.positions[1])
    FROM unnest(to_tsvector(%(config)s::regconfig, %(query)s)) AS query
)
"""


def _quoted_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def full_text_query(query: str, *, typos: bool = True) -> Expression | None:
    """The Danish full-text query (one query), or None when it cannot narrow the rows through an index: it has no
    words left after stemming and stop words ("og", "om"), or only excludes words ("om -møde"); such a query would
    read every row, so only the names are matched.

    With ``typos``, a query word that occurs in no meeting's or follow-up's text is read as "this word or one of the
    nearest words that occur" (the lexicon's trigram index): "lektiecafe" finds "lektiecaféen", "budgetet"
    "budgettet". A query in the websearch syntax (a "phrase", a -word, or) is taken as written.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            FULL_TEXT_SQL,
            {
                "config": FTS_CONFIG,
                "websearch": websearch_text(query),
                "query": query,
                "typos": typos and not WEBSEARCH_SYNTAX.search(query),
            },
        )
        tree, lexemes = cursor.fetchone()
    if tree in ("", "T"):
        return None
    if lexemes and any(suggestions for _lexeme, suggestions in lexemes):
        text = " & ".join(
            "(" + " | ".join(_quoted_lexeme(word) for word in [lexeme, *suggestions]) + ")"
            for lexeme, suggestions in lexemes
        )
        return RawTsQuery(text)
    return SearchQuery(websearch_text(query), config=FTS_CONFIG, search_type="websearch")
