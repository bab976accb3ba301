"""The Danish fold: the Python twin (``partners.models.folding.fold``) and the SQL function agree, and fold alike what
Danes write alike."""

import unicodedata

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from partners.models.folding import fold

pytestmark = pytest.mark.django_db

SAME = [
    ("Kjærgård", "Kjærgaard", "Kjaergaard", "KJÆRGÅRD", "kjærgård"),
    ("Østergaard", "Oestergaard", "Ostergard", "Østergård", "ØSTERGAARD"),
    ("Søren", "Soeren", "Soren", "SØREN"),
    ("Aarhus", "Århus", "ÅRHUS", "arhus"),
    ("Brøndby", "Broendby", "Brondby"),
    ("Lærkeparken", "Laerkeparken"),
    ("KL–BL partnerskab", "KL-BL partnerskab", "kl bl  partnerskab", "KL—BL, partnerskab"),
    ("Gellerup/Toveshøj", "gellerup toveshoj", "Gellerup – Toveshøj"),
    ("René Müller", "Rene Muller", "RENÉ MÜLLER"),
    ("Café Lærkereden", "Cafe Laerkereden", "Cafe\u0301 La\u0308rkereden".replace("a\u0308", "æ")),
    ("Mette  Kjærsgaard ", "mette kjaersgard", "\u00a0Mette\tKjærsgaard"),
]
DIFFERENT = [("Søren", "Sara"), ("Brabrand", "Bramming"), ("Ole", "Olsen")]

DANISH_NAMES = [
    "Brabrand Boligforening",
    "Boligforeningen Ringgården",
    "Østjysk Bolig",
    "Helhedsplan Gellerup og Toveshøj",
    "Landsbyggefonden",
    "Magistratsafdelingen for Sociale Forhold og Beskæftigelse",
    "Æblehaven–Rønnebærparken",
    "Sønder Allé 12, 1. th.",
    "“Nytårskur” 2026 — Aarhus",
    "O'Brien-Åkesson",
    "Zoë Ørsted Ærø",
    "Ÿvonne Ĳssel Łukasz Ðorđević Straße ½ © ×÷",
]


def sql_fold(values: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT public.partners_fold(v) FROM unnest(%s::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n", [values]
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.parametrize("spellings", SAME, ids=[s[0] for s in SAME])
def test_danish_spellings_fold_alike(spellings):
    assert len({fold(s) for s in spellings}) == 1, [fold(s) for s in spellings]
    assert set(sql_fold(list(spellings))) == {fold(spellings[0])}


def test_the_canonical_form():
    assert fold("Kjærgård") == "kjaergard"
    assert fold("Østergaard") == "ostergard"
    assert fold("Søren") == "soren"
    assert fold("  Gellerup/Toveshøj – Brabrand!  ") == "gellerup toveshoj brabrand"
    assert fold(None) == "" and fold("") == "" and fold("–/–") == ""


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_names_stay_apart(one, other):
    assert fold(one) != fold(other)


def test_sql_and_python_agree_on_danish_names():
    assert sql_fold(DANISH_NAMES) == [fold(name) for name in DANISH_NAMES]


COVERED = [
    chr(cp)
    for cp in [*range(0x01, 0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)]
    if unicodedata.category(chr(cp)) != "Cs"
]


def test_sql_and_python_agree_on_every_covered_character():
    # Each character alone and between letters (so that one folded to a separator or to nothing shows too).
    samples = [*COVERED, *(f"xa{c}ay" for c in COVERED)]
    assert dict(zip(samples, sql_fold(samples), strict=True)) == {s: fold(s) for s in samples}


def test_sql_and_python_agree_on_decomposed_accents():
    samples = [unicodedata.normalize("NFD", name) for name in DANISH_NAMES] + [
        "e" + chr(cp) + "a" for cp in range(0x300, 0x370)
    ]
    assert sql_fold(samples) == [fold(s) for s in samples]


DANISH_ISH = st.lists(
    st.sampled_from(
        [*"aeiouyøæåbdgklmnrstvjAEOØÆÅaaoe  -–—/.,'’&()éüöäñß", "aa", "oe", "ae", "Aa", "OE", "\u00a0", "\t"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(DANISH_ISH, min_size=1, max_size=20))
def test_sql_and_python_agree_on_danish_ish_text(values):
    assert sql_fold(values) == [fold(v) for v in values]


@settings(max_examples=100, deadline=None)
@given(DANISH_ISH)
def test_folding_is_idempotent(value):
    assert fold(fold(value)) == fold(value)


def test_import_matching_finds_a_name_under_another_danish_spelling():
    from partners.transfer.lookups import LookupError_, Lookups
    from tests import factories

    ringgaarden = factories.HousingOrganisationFactory(name="Boligforeningen Ringgården")
    factories.EstateFactory(name="Afdeling Kjærgårdsparken", parent=ringgaarden)
    lookups = Lookups()
    assert lookups.organisation("boligforeningen ringgaarden") == ringgaarden
    estate = lookups.organisation("Afdeling Kjaergaardsparken (Boligforeningen Ringgarden)")
    assert estate.name == "Afdeling Kjærgårdsparken"
    with pytest.raises(LookupError_):
        lookups.organisation("Boligforeningen Ringsted")
