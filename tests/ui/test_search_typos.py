"""Typo tolerance in full text: a misspelt word of a meeting's minutes or a follow-up is read as the nearest words of
the lexicon (migration 0021_search_words, kept up to date by ``services/search.py``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.selectors import search
from partners.services.search import refresh_search_words
from tests import factories

pytestmark = pytest.mark.django_db


def titles(client, query: str, key: str) -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [hit.title for hit in {group.key: group for group in response.context["groups"]}[key].hits]


@pytest.fixture
def minutes(db):
    meeting = factories.MeetingFactory(
        subject="Styregruppemøde i Bispehaven",
        minutes="Drøftede lektiecaféen i beboerhuset og tryghedsvandringen.",
        decisions="Budgettet for genhusningen godkendes.",
    )
    factories.MeetingFactory(subject="Kvartalsmøde", minutes="Status på beskæftigelsesindsatsen.")
    factories.FollowUpFactory(meeting=meeting, text="Indkald til evaluering af fritidsjobindsatsen")


@pytest.mark.parametrize(
    ("query", "key", "expected"),
    [
        ("tryghedsvandrigen", "meetings", "Styregruppemøde i Bispehaven"),  # the minutes, a letter short
        ("lektiecafeen", "meetings", "Styregruppemøde i Bispehaven"),  # without the accent
        ("genhusnigen", "meetings", "Styregruppemøde i Bispehaven"),  # the decisions
        ("beskæftigelsesindsatsne", "meetings", "Kvartalsmøde"),  # two letters swapped
        ("Styregruppemdøe", "meetings", "Styregruppemøde i Bispehaven"),  # the subject
        ("evalureing", "follow-ups", "Indkald til evaluering af fritidsjobindsatsen"),
        ("fritidsjobindsatsne evaluering", "follow-ups", "Indkald til evaluering af fritidsjobindsatsen"),
        ("geuhsningen", "meetings", "Styregruppemøde i Bispehaven"),  # a letter swapped and one dropped
    ],
)
def test_a_misspelt_word_of_a_text_is_found(staff_client, minutes, query, key, expected):
    assert titles(staff_client, query, key) == [expected]


def test_a_word_that_occurs_is_not_widened(staff_client, minutes):
    factories.MeetingFactory(subject="Møde om tryghed", minutes="Tryghedsvandring i aften.")
    # "tryghedsvandringen" is a word of the texts: it finds the meetings that hold it, and no near word is tried.
    assert len(titles(staff_client, "tryghedsvandringen", "meetings")) == 2
    assert not isinstance(search.full_text_query("tryghedsvandringen"), search.RawTsQuery)
    assert isinstance(search.full_text_query("tryghedsvandrigen"), search.RawTsQuery)


def test_websearch_syntax_is_taken_as_written(staff_client, minutes):
    assert titles(staff_client, '"tryghedsvandrigen"', "meetings") == []
    assert titles(staff_client, "tryghedsvandrigen -kvartalsmøde", "meetings") == []


def test_a_new_text_is_a_suggestion_at_the_next_search(staff_client, minutes):
    assert titles(staff_client, "solcelleanlægget", "meetings") == []
    factories.MeetingFactory(subject="Energimøde", minutes="Solcelleanlægget på taget er sat op.")
    assert titles(staff_client, "solcelleanlæget", "meetings") == ["Energimøde"]  # misspelt, and new


def test_an_edited_text_is_read_again(staff_client, minutes):
    meeting = factories.MeetingFactory(subject="Temadag", minutes="")
    refresh_search_words(sources=["meeting"])
    meeting.minutes = "Varmepumperne blev gennemgået."
    meeting.save()
    assert titles(staff_client, "varmepumperene", "meetings") == ["Temadag"]


def test_the_lexicon_costs_one_statement_per_search(staff_client, minutes):
    with CaptureQueriesContext(connection) as captured:
        staff_client.get("/search/", {"q": "tryghedsvandrigen"})
    sqls = [query["sql"] for query in captured.captured_queries]
    assert sum("INSERT INTO partners_searchword" in sql for sql in sqls) == 1
    assert sum("FROM partners_searchword lexicon" in sql for sql in sqls) == 1


def test_the_lexicon_is_searched_through_its_trigram_index(minutes):
    refresh_search_words(sources=["meeting", "followup"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT lexeme FROM partners_searchword WHERE folded %% public.partners_fold(%s)", ["genhusnig"]
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "partners_searchword_folded_trgm_idx" in plan, plan
