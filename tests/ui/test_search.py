import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import Area, Collaboration, Contact, Document, Event, FollowUp, Meeting, Organisation
from partners.selectors import search
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


ALL_KINDS = ["organisations", "contacts", "areas", "collaborations", "events", "meetings", "follow-ups", "documents"]


def groups(response) -> dict[str, search.SearchGroup]:
    assert response.status_code == 200
    return {group.key: group for group in response.context["groups"]}


def titles(response, key: str) -> list[str]:
    return [hit.title for hit in groups(response)[key].hits]


@pytest.fixture
def register(db):
    """A small register with the real names the secretariat works with."""
    brabrand = factories.HousingOrganisationFactory(name="Brabrand Boligforening", city="Brabrand")
    factories.HousingOrganisationFactory(name="Østjysk Bolig", city="Aarhus C")
    factories.HousingOrganisationFactory(name="Boligforeningen Ringgården", city="Aarhus C")
    factories.MunicipalityFactory(name="Aarhus Kommune", municipality_code="751")
    mette = factories.ContactFactory(first_name="Mette", last_name="Kjærsgaard", email="mette.k@example.dk")
    factories.AffiliationFactory(contact=mette, organisation=brabrand)
    factories.ContactFactory(first_name="Ahmed", last_name="Hassan")
    factories.CollaborationFactory(
        title="Helhedsplan Gellerup og Toveshøj", description="Indsatser for beskæftigelsen og trygheden i området."
    )
    factories.CollaborationFactory(title="KL–BL partnerskab om sundhed")
    factories.MeetingFactory(subject="Dialogmøde om tryghed i Gellerup")
    factories.MeetingFactory(subject="Kvartalsmøde med Brabrand Boligforening")
    return brabrand


# --- What matches -----------------------------------------------------------------------------------------------------


def test_danish_stemming_finds_other_word_forms(staff_client, register):
    # Meetings are searched by full text only, so a hit here is the Danish stemmer's work: "trygheden" and "tryghed"
    # are both stemmed to "tryg" (the simple configuration would keep them apart).
    response = staff_client.get("/search/?q=trygheden")
    assert titles(response, "meetings") == ["Dialogmøde om tryghed i Gellerup"]
    # "boligforeningens" (genitive) is stemmed to "boligforening".
    response = staff_client.get("/search/?q=boligforeningens")
    assert titles(response, "meetings") == ["Kvartalsmøde med Brabrand Boligforening"]
    assert "Brabrand Boligforening" in titles(response, "organisations")


def test_full_text_reaches_the_collaboration_description(staff_client, register):
    # "beskæftigelse" occurs only in the description, as "beskæftigelsen": no trigram match on the title can find it.
    response = staff_client.get("/search/?q=beskæftigelse")
    assert titles(response, "collaborations") == ["Helhedsplan Gellerup og Toveshøj"]


def test_boligforeningen_finds_boligforening(staff_client, register):
    found = titles(staff_client.get("/search/?q=boligforeningen"), "organisations")
    assert {"Brabrand Boligforening", "Boligforeningen Ringgården"} <= set(found)
    assert "Aarhus Kommune" not in found


@pytest.mark.parametrize(
    ("query", "key", "expected"),
    [
        ("Brabrant Boligforning", "organisations", "Brabrand Boligforening"),
        ("Ostjysk", "organisations", "Østjysk Bolig"),
        ("Mette Kjærsgård", "contacts", "Mette Kjærsgaard"),
        ("Ahmed Hasan", "contacts", "Ahmed Hassan"),
        ("Gellerup Toveshoj", "collaborations", "Helhedsplan Gellerup og Toveshøj"),
    ],
)
def test_misspelt_names_are_found_by_trigram_similarity(staff_client, register, query, key, expected):
    found = titles(staff_client.get(f"/search/?q={query}"), key)
    assert found and found[0] == expected, found


def test_best_match_comes_first(staff_client, register):
    factories.HousingOrganisationFactory(name="Brabrand Boligselskab")
    found = titles(staff_client.get("/search/?q=Brabrand Boligforening"), "organisations")
    assert found[0] == "Brabrand Boligforening"


def test_a_whole_email_address_finds_the_contact(staff_client, register):
    assert titles(staff_client.get("/search/?q=METTE.K@example.dk"), "contacts") == ["Mette Kjærsgaard"]


def test_a_cvr_number_finds_the_organisation(staff_client, register):
    factories.HousingOrganisationFactory(name="AAB Aarhus", cvr="12345678")
    assert titles(staff_client.get("/search/?q=12345678"), "organisations")[0] == "AAB Aarhus"


def test_websearch_syntax_phrase_and_exclusion(staff_client, register):
    factories.MeetingFactory(subject="Tryghed og trivsel på Brabrand skole")
    both = titles(staff_client.get("/search/?q=tryghed"), "meetings")
    assert len(both) == 2
    assert titles(staff_client.get("/search/?q=tryghed -gellerup"), "meetings") == [
        "Tryghed og trivsel på Brabrand skole"
    ]
    assert titles(staff_client.get('/search/?q="tryghed i gellerup"'), "meetings") == [
        "Dialogmøde om tryghed i Gellerup"
    ]
    # A query that only excludes would match nearly everything: it is read as words to find.
    assert titles(staff_client.get("/search/?q=-gellerup"), "meetings") == ["Dialogmøde om tryghed i Gellerup"]


def test_prefix_and_infix_find_part_of_a_name(staff_client, register):
    factories.EstateFactory(name="Gellerup/Toveshøj")
    assert titles(staff_client.get("/search/?q=brabr"), "organisations") == ["Brabrand Boligforening"]
    assert titles(staff_client.get("/search/?q=Gellerup"), "organisations") == ["Gellerup/Toveshøj"]
    assert titles(staff_client.get("/search/?q=toveshoj"), "organisations") == ["Gellerup/Toveshøj"]
    assert titles(staff_client.get("/search/?q=ringgård"), "organisations") == ["Boligforeningen Ringgården"]
    assert titles(staff_client.get("/search/?q=Kjærs"), "contacts") == ["Mette Kjærsgaard"]


@pytest.fixture
def danish_people(db):
    factories.ContactFactory(first_name="Søren", last_name="Østergaard")
    factories.ContactFactory(first_name="Mette", last_name="Kjærgaard")
    factories.ContactFactory(first_name="Ole", last_name="Sørensen")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kjærgård", "Mette Kjærgaard"),
        ("Kjaergaard", "Mette Kjærgaard"),
        ("mette kjaergard", "Mette Kjærgaard"),
        ("Ostergard", "Søren Østergaard"),
        ("Oestergaard", "Søren Østergaard"),
        ("Soeren Oestergaard", "Søren Østergaard"),
        ("SØREN ØSTERGÅRD", "Søren Østergaard"),
        ("Soren Ostergaard", "Søren Østergaard"),
    ],
)
def test_danish_spellings_find_the_person(staff_client, danish_people, query, expected):
    found = titles(staff_client.get("/search/", {"q": query}), "contacts")
    assert found and found[0] == expected, found


def test_a_whole_name_comes_before_a_name_that_starts_with_it_before_one_that_holds_it(staff_client):
    for name in ("Boligselskabet Brabrand Øst", "Brabrand Øst og Vest", "Brabrand Øst"):
        factories.HousingOrganisationFactory(name=name)
    assert titles(staff_client.get("/search/?q=brabrand ost"), "organisations") == [
        "Brabrand Øst",
        "Brabrand Øst og Vest",
        "Boligselskabet Brabrand Øst",
    ]


@pytest.fixture
def more_kinds(db):
    aarhus = factories.MunicipalityFactory(name="Aarhus Kommune", municipality_code="751")
    factories.AreaFactory(name="Bispehaven", municipality=aarhus, notes="Fælles beboerhus ved Rymarken.")
    factories.AreaFactory(name="Gellerupparken/Toveshøj", municipality=aarhus)
    factories.EventFactory(name="Nytårskur 2026", location="Rådhuset, Aarhus", description="Tale ved rådmanden.")
    factories.EventFactory(name="Sommerfest i Bispehaven")
    meeting = factories.MeetingFactory(
        subject="Styregruppemøde",
        minutes="Drøftede lektiecaféen i beboerhuset og tryghedsvandringen.",
        decisions="Budgettet for fritidsjobindsatsen godkendes.",
    )
    factories.FollowUpFactory(meeting=meeting, text="Indkald til evaluering af fritidsjobindsatsen")
    factories.OrganisationFactory(
        kind="local_organisation", name="Foreningen Y", notes="Driver lektiecafé om onsdagen."
    )
    factories.ContactFactory(first_name="Lone", last_name="Dam", notes="Kontakt om fritidsjob for unge.")


@pytest.mark.parametrize(
    ("query", "key", "expected"),
    [
        ("Nytårskur", "events", "Nytårskur 2026"),
        ("nytarskur", "events", "Nytårskur 2026"),
        ("Nytårskru", "events", "Nytårskur 2026"),  # misspelt
        ("rådhuset", "events", "Nytårskur 2026"),  # the place
        ("sommer", "events", "Sommerfest i Bispehaven"),  # prefix
        ("Bispehaven", "areas", "Bispehaven"),
        ("bispe", "areas", "Bispehaven"),
        ("Bispehavn", "areas", "Bispehaven"),  # misspelt
        ("toveshoj", "areas", "Gellerupparken/Toveshøj"),
        ("beboerhus", "areas", "Bispehaven"),  # its notes
        ("lektiecafé", "meetings", "Styregruppemøde"),  # the minutes
        ("budgettet", "meetings", "Styregruppemøde"),  # the decisions
        ("evaluering", "follow-ups", "Indkald til evaluering af fritidsjobindsatsen"),
        ("lektiecafé", "organisations", "Foreningen Y"),  # an organisation's notes
        ("fritidsjob", "contacts", "Lone Dam"),  # a contact's notes
    ],
)
def test_more_kinds_are_searched(staff_client, more_kinds, query, key, expected):
    found = titles(staff_client.get("/search/", {"q": query}), key)
    assert found and found[0] == expected, found


def test_new_kinds_show_what_they_are(staff_client, more_kinds):
    found = groups(staff_client.get("/search/?q=Nytårskur"))
    event = Event.objects.get(name="Nytårskur 2026")
    assert found["events"].hits[0].url == event.get_absolute_url()
    assert "Rådhuset, Aarhus" in found["events"].hits[0].detail
    area = groups(staff_client.get("/search/?q=Bispehaven"))["areas"].hits[0]
    assert area.detail.startswith("Aarhus Kommune")
    follow_up = groups(staff_client.get("/search/?q=evaluering"))["follow-ups"].hits[0]
    assert "Styregruppemøde" in follow_up.detail


# --- The page ---------------------------------------------------------------------------------------------------------


def test_hits_are_grouped_by_type_with_counts_and_links(staff_client, register):
    response = staff_client.get("/search/?q=Brabrand")

    found = groups(response)
    assert list(found) == ALL_KINDS
    organisations = found["organisations"]
    assert organisations.count == 1 and not organisations.count_is_capped
    assert organisations.hits[0].url == register.get_absolute_url()
    assert organisations.hits[0].detail == "Boligorganisation · Brabrand"
    assert organisations.list_url == "/organisations/?q=Brabrand"
    assert found["meetings"].count == 1
    html = response.content.decode()
    assert 'href="/organisations/?q=Brabrand"' in html
    assert register.get_absolute_url() in html


def test_contact_hits_show_their_organisation(staff_client, register):
    hit = groups(staff_client.get("/search/?q=Kjærsgaard"))["contacts"].hits[0]
    assert hit.detail == "Brabrand Boligforening · mette.k@example.dk"


def test_a_group_shows_ten_hits_and_counts_all(staff_client):
    Organisation.objects.bulk_create(
        Organisation(kind="local_organisation", name=f"Lektiecafé Gellerup {i}") for i in range(25)
    )
    response = staff_client.get("/search/?q=Lektiecafé Gellerup")
    organisations = groups(response)["organisations"]
    assert len(organisations.hits) == search.HIT_LIMIT
    assert organisations.count == 25 and not organisations.count_is_capped
    assert response.context["total"] == 25
    assert "/organisations/?q=Lektieca" in response.content.decode()


def test_counts_are_capped(staff_client, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 12)
    Organisation.objects.bulk_create(
        Organisation(kind="local_organisation", name=f"Bydelsmødre {i}") for i in range(15)
    )
    organisations = groups(staff_client.get("/search/?q=Bydelsmødre"))["organisations"]
    assert (organisations.count, organisations.count_is_capped) == (12, True)


def test_empty_query_shows_the_empty_state_without_searching(staff_client, register):
    for url in ("/search/", "/search/?q=", "/search/?q=%20%20"):
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(url)
        assert response.status_code == 200
        assert response.context["groups"] == []
        assert not any("partners_organisation" in q["sql"] for q in captured.captured_queries)
    assert response.context["query"] == "" and 'id="search-page-q"' in response.content.decode()


def test_nothing_found_says_so(staff_client, register):
    response = staff_client.get("/search/?q=xyzzyqwerty")
    assert response.context["total"] == 0
    assert all(group.count == 0 for group in response.context["groups"])


def test_top_bar_has_a_search_box(staff_client):
    html = staff_client.get("/").content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html and 'for="topbar-search"' in html


ODD_QUERIES = [
    '"',
    "'",
    "\\",
    "&|!:*()",
    "a & b | !c",
    "foo:*",
    "\x00",
    "Brabrand\x00Boligforening",
    "-",
    "--",
    "or",
    "og",  # a Danish stop word: no lexemes at all
    "om -møde",  # only an exclusion once the stop word is gone
    "%",
    "_",
    "<script>alert(1)</script>",
    "ø" * 10_000,
    "Brabrand " * 2_000,
    "\u200b\ufeff",
    "😀",
]


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_odd_input_never_fails(staff_client, register, query):
    response = staff_client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert len(response.context["query"]) <= search.MAX_QUERY_LENGTH
    assert "<script>alert" not in response.content.decode()


def test_very_long_input_is_shortened_and_says_so(staff_client, register):
    response = staff_client.get("/search/", {"q": "Brabrand " * 2_000})
    assert response.context["query_was_shortened"]
    assert "Brabrand Boligforening" in titles(response, "organisations")


def test_query_count_is_constant(staff_client):
    def queries(n: int) -> int:
        Organisation.objects.bulk_create(
            Organisation(kind="local_organisation", name=f"Tryghedsnetværk {n}-{i}") for i in range(n)
        )
        Collaboration.objects.bulk_create(
            Collaboration(title=f"Tryghedsnetværk {n}-{i}", kind="network") for i in range(n)
        )
        contacts = Contact.objects.bulk_create(
            Contact(first_name="Tryghed", last_name=f"Tryghedsen {n}-{i}") for i in range(n)
        )
        for contact in contacts:
            factories.AffiliationFactory(contact=contact)
        meetings = Meeting.objects.bulk_create(
            Meeting(subject=f"Møde om tryghed {n}-{i}", starts_at=timezone.now() - datetime.timedelta(days=i))
            for i in range(n)
        )
        municipality = factories.MunicipalityFactory()
        Area.objects.bulk_create(Area(name=f"Tryghedsområde {n}-{i}", municipality=municipality) for i in range(n))
        Event.objects.bulk_create(
            Event(name=f"Tryghedsvandring {n}-{i}", starts_at=timezone.now() + datetime.timedelta(days=i))
            for i in range(n)
        )
        owner = factories.UserFactory()
        FollowUp.objects.bulk_create(
            FollowUp(meeting=meeting, text=f"Send referat om tryghed {n}", owner=owner) for meeting in meetings
        )
        Document.objects.bulk_create(
            Document(
                title=f"Tryghedsnotat {n}-{i}", file=f"documents/{n}-{i}.pdf", size=1, content_type="application/pdf"
            )
            for i in range(n)
        )
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get("/search/?q=tryghed")
        assert all(group.count >= search.HIT_LIMIT for group in response.context["groups"])
        return len(captured.captured_queries)

    few, many = queries(11), queries(60)
    assert few == many
    # session, user, permissions, the lexicon's refresh, one full-text check, and at most two per group
    assert many <= 4 + 2 + 2 * len(ALL_KINDS), many


# --- Permissions ------------------------------------------------------------------------------------------------------


def test_user_without_role_is_refused(client, plain_user):
    client.force_login(plain_user)
    assert client.get("/search/?q=Brabrand").status_code == 403
    assert client.get("/search/").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/search/?q=Brabrand")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_managers_search_everything_they_may_view(manager_client, register):
    assert list(groups(manager_client.get("/search/?q=Brabrand"))) == ALL_KINDS


def test_a_new_kind_is_searched_only_for_who_may_view_it(client, plain_user, more_kinds):
    plain_user.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(plain_user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/?q=Bispehaven")
    assert list(groups(response)) == ["events"]
    assert titles(response, "events") == ["Sommerfest i Bispehaven"]
    assert not any("partners_area" in q["sql"] or "partners_followup" in q["sql"] for q in captured.captured_queries)


def test_only_groups_the_user_may_view_are_searched(client, plain_user, register):
    plain_user.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    client.force_login(plain_user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/?q=Brabrand")
    assert list(groups(response)) == ["organisations"]
    assert not any("partners_meeting" in q["sql"] or "partners_contact" in q["sql"] for q in captured.captured_queries)
    assert "Kvartalsmøde" not in response.content.decode()


# --- The database side ------------------------------------------------------------------------------------------------

SEARCH_INDEXES = {
    "organisation_name_fold_trgm_idx": ("partners_organisation", "gin_trgm_ops"),
    "organisation_fts_idx": ("partners_organisation", "to_tsvector('danish'"),
    "organisation_short_name_fold_trgm_idx": ("partners_organisation", "gin_trgm_ops"),
    "organisationalias_name_fold_trgm_idx": ("partners_organisationalias", "gin_trgm_ops"),
    "contact_full_name_fold_trgm_idx": ("partners_contact", "gin_trgm_ops"),
    "contact_fts_idx": ("partners_contact", "to_tsvector('danish'"),
    "area_name_fold_trgm_idx": ("partners_area", "gin_trgm_ops"),
    "area_fts_idx": ("partners_area", "to_tsvector('danish'"),
    "collaboration_title_fold_trgm_idx": ("partners_collaboration", "gin_trgm_ops"),
    "collaboration_fts_idx": ("partners_collaboration", "to_tsvector('danish'"),
    "event_name_fold_trgm_idx": ("partners_event", "gin_trgm_ops"),
    "event_fts_idx": ("partners_event", "to_tsvector('danish'"),
    "meeting_fts_idx": ("partners_meeting", "to_tsvector('danish'"),
    "followup_text_fts_idx": ("partners_followup", "to_tsvector('danish'"),
}
# The trigram indexes over the unfolded names (0004) are gone: nothing searches them any more.
DROPPED_INDEXES = ["organisation_name_trgm_idx", "contact_full_name_trgm_idx", "collaboration_title_trgm_idx"]


def test_migration_created_the_search_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == ("pg_trgm",)
        cursor.execute(
            "SELECT indexname, tablename, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [list(SEARCH_INDEXES)]
        )
        found = {name: (table, definition) for name, table, definition in cursor.fetchall()}
    assert set(found) == set(SEARCH_INDEXES)
    for _table, definition in found.values():
        if "gin_trgm_ops" in definition:
            assert "partners_fold(" in definition, definition
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [DROPPED_INDEXES])
        assert cursor.fetchall() == []
    for name, (table, fragment) in SEARCH_INDEXES.items():
        assert found[name][0] == table
        assert "USING gin" in found[name][1] and fragment in found[name][1], found[name][1]


PLANNED_INDEXES = {
    "organisations": {
        "organisation_name_fold_trgm_idx",
        "organisation_short_name_fold_trgm_idx",
        "organisationalias_name_fold_trgm_idx",
        "organisation_fts_idx",
    },
    "contacts": {"contact_full_name_fold_trgm_idx", "contact_fts_idx"},
    "areas": {"area_name_fold_trgm_idx", "area_fts_idx"},
    "collaborations": {"collaboration_title_fold_trgm_idx", "collaboration_fts_idx"},
    "events": {"event_name_fold_trgm_idx", "event_fts_idx"},
    "meetings": {"meeting_fts_idx"},
    "follow-ups": {"followup_text_fts_idx"},
    "documents": {"document_title_fold_trgm_idx", "document_fts_idx"},
}


@pytest.mark.parametrize("target", search.TARGETS, ids=[t.key for t in search.TARGETS])
def test_the_planner_can_use_the_indexes_for_the_search_expressions(target):
    """The search builds exactly the indexed expressions: a mismatch would mean a full scan on big tables.

    The test tables are tiny, so plain scans are switched off; an expression no index matches would still show up as
    a sequential scan, never as a bitmap scan of the index.
    """
    found = search._matches(target, "Brabrand", search_query=search.full_text_query("Brabrand"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        # Each way of matching is read on its own (a bounded number of rows of it are ranked, and counted).
        plans = [target.queryset().filter(condition).explain() for condition in found.conditions]
    table = target.queryset().model._meta.db_table
    for plan in plans:
        assert f"Seq Scan on {table}" not in plan, plan
    for index in PLANNED_INDEXES[target.key]:
        assert any(f"Bitmap Index Scan on {index}" in plan for plan in plans), (index, plans)


def test_top_bar_search_box_is_only_offered_to_users_who_may_search(client, plain_user):
    client.force_login(plain_user)
    assert 'id="topbar-search"' not in client.get("/").content.decode()
