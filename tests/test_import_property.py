"""Property: whatever file is uploaded, the import never raises and never half-imports.

Hypothesis builds CSV files in odd encodings and delimiters, with quotes, formulas, huge cells, unknown, duplicate and
missing columns and ragged rows, XLSX workbooks, and plain binary garbage. For each, the preview and the import must
either refuse the whole file (``FileProblem``) or report per row; an import with any error leaves the database exactly
as it was, and an import without errors creates exactly the rows its preview announced.
"""

import csv
import io

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from partners.models import Contact, ImportBatch, Organisation
from partners.transfer.imports import import_file
from partners.transfer.reading import FileProblem
from tests import factories

from .test_import_support import counts, db_fingerprint, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = {
    "contacts": [
        "Fornavn",
        "Efternavn",
        "E-mail",
        "Telefon",
        "Tags",
        "Titel",
        "Organisation",
        "Inviter til nytårskur",
        "first_name",
        "LAST NAME",
        "ID",
        "Noter",
        "Ukendt kolonne",
        "=HYPERLINK()",
    ],
    "organisations": [
        "Navn",
        "Type",
        "Overordnet organisation",
        "CVR",
        "Kommunekode",
        "By",
        "Hjemmeside",
        "Aktiv",
        "Kommune",
        "ID",
        "name",
    ],
}
MODEL = {"contacts": Contact, "organisations": Organisation}
WORDS = [
    "=1+1",
    "+45 20 11 22 33",
    "-5",
    "@SUM(A1)",
    "\t",
    "'=x",
    '"',
    '""',
    ";",
    ",",
    "\r\n",
    "Ja",
    "Nej",
    "Kommune",
    "Forvaltning",
    "Boligorganisation",
    "55133018",
    "12345678",
    "751",
    "a@b.dk",
    "A@B.DK",
    "ikke-en-mail",
    "Aarhus Kommune",
    "Alboa",
    "helhedsplan, sundhed",
    "04-01-2027",
    "Østjysk Bolig – Århus",
    "",
    "1",
    "999999",
]

cells = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=25),
    st.text(alphabet="æøåÆØÅ ;,\"'\t=-@|", max_size=12),
    st.integers(min_value=0, max_value=300).map(lambda n: "x" * (n * 20)),  # up to 6,000 characters
)


# Plausible values per column, so that many files get as far as their rows (and some import cleanly).
GOOD = {
    "Fornavn": st.sampled_from(["Mette", "Søren", "Aisha", ""]),
    "first_name": st.sampled_from(["Mette", "Lars"]),
    "Efternavn": st.sampled_from(["Kjærgaard", "Lund-Ærø", "Hassan"]),
    "LAST NAME": st.sampled_from(["Holm", "Ravn"]),
    "E-mail": st.one_of(st.just(""), st.integers(0, 30).map(lambda n: f"p{n}@example.dk"), st.just("a@b.dk")),
    "Telefon": st.sampled_from(["20 11 22 33", "+45 21 22 23 24", ""]),
    "Tags": st.sampled_from(["helhedsplan", "helhedsplan, sundhed", "", "Ny tag"]),
    "Titel": st.sampled_from(["Konsulent", ""]),
    "Organisation": st.sampled_from(["Alboa", "Aarhus Kommune", "", "55133018"]),
    "Inviter til nytårskur": st.sampled_from(["Ja", "Nej", ""]),
    "Navn": st.one_of(st.sampled_from(["Alboa", "Aarhus Kommune", "Børn og Unge"]), st.integers(0, 30).map(str)),
    "name": st.sampled_from(["KL", "Alboa"]),
    "Type": st.sampled_from(["Kommune", "Forvaltning", "Boligorganisation", "Lokal organisation", "national_partner"]),
    "Overordnet organisation": st.sampled_from(["", "Aarhus Kommune", "Alboa", "Børn og Unge"]),
    "CVR": st.sampled_from(["", "55133018", "55 13 30 18"]),
    "By": st.sampled_from(["Aarhus", ""]),
    "Aktiv": st.sampled_from(["Ja", "Nej", "", "x"]),
}
REQUIRED = {"contacts": ["Fornavn", "Efternavn"], "organisations": ["Navn", "Type"]}


@st.composite
def files(draw):
    entity = draw(st.sampled_from(sorted(HEADERS)))
    kind = draw(st.sampled_from(["csv"] * 6 + ["xlsx", "binary", "huge"]))
    if kind == "binary":
        return entity, draw(st.binary(max_size=400)), "garbage.csv"
    headers = draw(st.lists(st.sampled_from(HEADERS[entity]), min_size=0, max_size=7))
    if draw(st.integers(0, 3)):  # mostly with the required columns, so the rows themselves are tried
        headers = list(dict.fromkeys(REQUIRED[entity] + headers))
    width = max(len(headers), 1)

    def cell(header):
        good = GOOD.get(header)
        return st.one_of(good, good, good, cells) if good is not None else cells

    row = st.tuples(*(cell(h) for h in headers)).map(list) if headers else st.lists(cells, max_size=2)
    rows = draw(st.lists(st.one_of(row, row, row, st.lists(cells, min_size=0, max_size=width + 2)), max_size=6))
    if kind == "huge":
        rows.append(["x" * 140_000])  # above the csv module's field limit
    table = [headers, *rows]
    if kind == "xlsx":
        cleaned = [
            [cell if not any(ord(c) < 32 and c not in "\t\n\r" for c in cell) else "" for cell in row] for row in table
        ]
        return entity, xlsx_bytes(cleaned), "liste.xlsx"
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    out = io.StringIO()
    csv.writer(
        out, delimiter=delimiter, quoting=quoting, lineterminator=draw(st.sampled_from(["\r\n", "\n"]))
    ).writerows(table)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
    return entity, out.getvalue().encode(encoding, errors="replace"), "liste.csv"


@pytest.fixture
def register(db):
    aarhus = factories.MunicipalityFactory(name="Aarhus Kommune", cvr="55133018", municipality_code="751")
    alboa = factories.HousingOrganisationFactory(name="Alboa")
    factories.AdministrationFactory(name="Børn og Unge", parent=aarhus)
    contact = factories.ContactFactory(email="a@b.dk")
    factories.AffiliationFactory(contact=contact, organisation=alboa)
    factories.TagFactory(name="helhedsplan")


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=files())
def test_any_file_is_imported_completely_or_not_at_all(register, case):
    entity, data, name = case
    before, before_counts = db_fingerprint(), counts()
    try:
        preview = import_file(entity=entity, data=data, file_name=name, commit=False)
    except FileProblem:
        preview = None
    assert db_fingerprint() == before, "a preview wrote to the database"
    try:
        report = import_file(entity=entity, data=data, file_name=name, commit=True)
    except FileProblem:
        event("refused as a whole")
        assert preview is None  # the preview refused the file as well
        assert db_fingerprint() == before
        return
    assert preview is not None and preview.ok == report.committed and preview.counts == report.counts
    event("imported" if report.committed else "row errors, nothing saved")
    if not report.committed:
        assert report.errors
        assert db_fingerprint() == before, "a file with errors changed the database"
        return
    after = counts()
    model = MODEL[entity]._meta.label
    assert after[model] - before_counts[model] == report.counts["new"]
    assert after[ImportBatch._meta.label] == before_counts[ImportBatch._meta.label] + 1
    assert sum(report.counts.values()) == report.total_rows
