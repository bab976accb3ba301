"""Formula neutralisation (CSV/formula injection), as properties, and in real CSV and XLSX exports.

CSV has no cell types, so a cell that a spreadsheet would run as a formula is written with an apostrophe in front.
XLSX has them: the same cell is a text cell with Excel's quote prefix style and shows its text without an apostrophe.
Plain numbers — a phone number "+45 20 30 40 50", an amount "-1500" — are data, and stay what they are in both.
"""

import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from partners.models import Invitation
from partners.transfer.exporting import (
    FORMULA_PREFIXES,
    csv_chunks,
    file_response,
    neutralise,
    unneutralise,
    write_xlsx,
)
from partners.transfer.reading import read_table
from tests import factories

from .test_import_support import read_csv_response, response_bytes

DANGEROUS = "".join(FORMULA_PREFIXES)
plain_numbers = st.from_regex(r"[+-][0-9]{1,4}(?:(?: {1,2}|[.,])[0-9]{1,4}){0,4}", fullmatch=True)
texts = st.one_of(
    st.text(),
    st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(["'", "''", ""]), st.text()),
    st.builds(lambda prefix, rest: prefix + rest, st.text(alphabet=DANGEROUS + "'", min_size=1, max_size=4), st.text()),
    plain_numbers,
    st.builds(lambda prefix, number: prefix + number, st.sampled_from(["'", "''"]), plain_numbers),
)

PHONE, AMOUNT = "+45 20 11 22 33", "-1500"
HYPERLINK = '=HYPERLINK("http://evil.example","klik")'


def only_a_number(value: str) -> bool:
    """Nothing but a sign, digits, spaces, dots and commas: no function, reference or operator a spreadsheet could
    run — the only kind of text that may start like a formula in a file we hand out."""
    return bool(re.fullmatch(r"[+-][0-9 .,]*[0-9]", value))


def visible(original: str) -> str:
    """What an XLSX export shows for a text: the text itself — except a text that itself starts with apostrophes and
    a formula character, which keeps one apostrophe more so that the import gives back exactly the text."""
    if re.match("'+[" + re.escape(DANGEROUS) + "]", original):
        return "'" + original
    return original


@given(texts)
def test_a_neutralised_text_never_starts_like_a_formula(value):
    neutralised = neutralise(value)
    assert not neutralised.startswith(FORMULA_PREFIXES) or only_a_number(neutralised)


@given(texts)
def test_neutralising_is_undone_exactly_on_import(value):
    assert unneutralise(neutralise(value)) == value


@given(texts)
def test_only_dangerous_texts_are_changed(value):
    changed = neutralise(value) != value
    starts_like_a_formula = value.startswith(FORMULA_PREFIXES)
    neutralised_already = value.startswith("'") and value.lstrip("'")[:1] in DANGEROUS and value.lstrip("'") != ""
    if changed:
        assert starts_like_a_formula or neutralised_already
    if neutralised_already or (starts_like_a_formula and not only_a_number(value)):
        assert changed


@given(plain_numbers)
def test_plain_numbers_are_data_and_left_alone(value):
    assert neutralise(value) == value


@pytest.mark.parametrize(
    "value", ["+45 20 30 40 50", "+4520304050", "-1500", "-1.500,50", "-12.5", "+45  20 30", "-0", "+1"]
)
def test_phone_numbers_and_amounts_are_not_formulas(value):
    assert neutralise(value) == value


@pytest.mark.parametrize(
    "value",
    [
        HYPERLINK,
        "@SUM(1)",
        "-2+3",
        "+45-20-30-40",
        "+45 (20) 30",
        "-1500 kr",
        "+A1",
        "-1e5",
        "- 1500",
        "-",
        "+",
        "\tindrykket",
        "\rX",
        "=1",
        "\uff0b45 20",
        "-1500\n=1",
    ],
)
def test_formulas_and_the_start_of_formulas_are_neutralised(value):
    assert neutralise(value) == "'" + value
    assert unneutralise(neutralise(value)) == value


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()))
def test_values_that_are_not_text_are_left_alone(value):
    assert neutralise(value) == value


@given(st.lists(st.lists(texts, min_size=1, max_size=4), min_size=1, max_size=5), st.sampled_from([";", ",", "\t"]))
def test_no_cell_of_a_csv_export_starts_like_a_formula(rows, delimiter):
    headers = [neutralise(h) for h in ["=Navn", "+Type", "Noter", "@x"]][: len(rows[0])]
    body = [[neutralise(cell) for cell in row] for row in rows]
    text = "".join(csv_chunks(headers, body, delimiter=delimiter))
    parsed = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter))
    for cell in (c for row in parsed for c in row):
        assert not cell.startswith(FORMULA_PREFIXES) or only_a_number(cell)


@given(st.lists(texts.filter(lambda t: t.strip() == t and t.isprintable()), min_size=1, max_size=6))
def test_the_xlsx_export_writes_text_never_formulas_and_no_apostrophe(tmp_path_factory, cells):
    path = tmp_path_factory.mktemp("x") / "export.xlsx"
    write_xlsx(str(path), [neutralise("=Navn")], [[neutralise(cell)] for cell in cells])
    sheet = openpyxl.load_workbook(path).active
    shown = [cell for row in sheet.iter_rows() for cell in row]
    assert shown[0].value == "=Navn" and shown[0].data_type == "s" and shown[0].quotePrefix
    assert [cell.value for cell in shown[1:] if cell.value is not None] == [visible(c) for c in cells if c]
    for cell in shown:
        assert cell.data_type in ("s", "n")  # text, or the empty cell; never "f" (formula) or "e" (error)
        if cell.value and cell.value.startswith(FORMULA_PREFIXES):
            assert cell.data_type == "s" and cell.quotePrefix
    table = read_table(path.read_bytes(), file_name="export.xlsx")
    assert table.headers == ["=Navn"]
    assert [row[0] for row in table.rows] == [c for c in cells if c]


def xlsx_cells(response) -> dict:
    """Every cell of the first sheet of an XLSX response by its value (full mode: styles are read too)."""
    sheet = openpyxl.load_workbook(io.BytesIO(response_bytes(response))).active
    return {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value is not None}


def assert_text_cell(cell, text):
    assert cell.value == text
    assert cell.data_type == "s" and cell.quotePrefix  # text, kept text by Excel when edited


@pytest.fixture
def organisations_with_formulas(db):
    factories.OrganisationFactory(name=HYPERLINK, city="@SUM(1)", phone=PHONE, notes=AMOUNT)
    factories.OrganisationFactory(
        name="-2+3", notes="\tindrykket", street="\rX", postal_code="#N/A", phone="+45-20-30-40"
    )


def test_a_list_export_to_csv_neutralises_formulas_and_keeps_phone_numbers_and_amounts(
    staff_client, organisations_with_formulas
):
    response = staff_client.get("/organisations/?export=csv")
    assert response.status_code == 200
    rows = read_csv_response(response)
    headers = list(rows[0])
    for cell in [*headers, *(value for row in rows for value in row.values())]:
        assert not cell.startswith(FORMULA_PREFIXES) or only_a_number(cell)
    by_name = {unneutralise(row[headers[1]]): list(row.values()) for row in rows}
    first, second = by_name[HYPERLINK], by_name["-2+3"]
    assert "'" + HYPERLINK in first and "'@SUM(1)" in first
    assert PHONE in first and AMOUNT in first  # data: no apostrophe
    assert "'-2+3" in second and "'\tindrykket" in second and "'\rX" in second
    assert "'+45-20-30-40" in second  # Excel would subtract: 45-20-30-40


def test_a_list_export_to_xlsx_shows_text_without_apostrophes_and_never_a_formula(
    staff_client, organisations_with_formulas
):
    response = staff_client.get("/organisations/?export=xlsx")
    assert response.status_code == 200
    cells = xlsx_cells(response)
    assert not [value for value in cells if isinstance(value, str) and value.startswith("'")]
    assert all(cell.data_type != "f" for cell in cells.values())
    for text in (HYPERLINK, "@SUM(1)", "-2+3", "\tindrykket", "+45-20-30-40", PHONE, AMOUNT, "#N/A"):
        assert_text_cell(cells[text], text)
    assert cells["Navn" if "Navn" in cells else "Name"].data_type == "s"


@pytest.mark.django_db
def test_files_keep_numbers_as_numbers(settings):
    settings.LANGUAGE_CODE = "da"
    rows = [
        [neutralise(cell) for cell in row]
        for row in (
            ["Beløb", -1500, Decimal("-1500.50")],
            ["Telefon", PHONE, "+4520304050"],
            ["Formel", "-2+3", "=1+1"],
        )
    ]
    headers = ["Hvad", "Værdi", "Anden værdi"]
    options = {"headers": headers, "rows": rows, "filename": "tal", "delimiter": "semicolon"}
    text = response_bytes(file_response(export_format="csv", **options)).decode("utf-8")
    parsed = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))
    assert parsed == [
        headers,
        ["Beløb", "-1500", "-1500.50"],
        ["Telefon", PHONE, "+4520304050"],
        ["Formel", "'-2+3", "'=1+1"],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(response_bytes(file_response(export_format="xlsx", **options)))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [headers, ["Beløb", -1500, -1500.5], ["Telefon", PHONE, "+4520304050"], ["Formel", "-2+3", "=1+1"]]
    amount, decimal = sheet["B2"], sheet["C2"]
    assert amount.data_type == "n" and decimal.data_type == "n"  # number cells: Excel can sum them
    for cell in (sheet["B3"], sheet["B4"], sheet["C4"]):
        assert cell.data_type == "s" and cell.quotePrefix
    assert sheet["C3"].data_type == "s"


@pytest.mark.django_db
def test_the_mail_merge_shows_text_in_xlsx_and_neutralises_csv(staff_client):
    event = factories.EventFactory()
    organisation = factories.HousingOrganisationFactory(name=HYPERLINK)
    contact = factories.ContactFactory(first_name="Mette", last_name="-2+3", salutation="+45 20 30 40 50")
    Invitation.objects.create(event=event, contact=contact, organisation=organisation)
    url = f"/events/{event.pk}/export/"
    cells = xlsx_cells(staff_client.get(f"{url}?format=xlsx"))
    for text in (HYPERLINK, "-2+3", "+45 20 30 40 50"):
        assert_text_cell(cells[text], text)
    assert not [value for value in cells if value.startswith("'")]
    [row] = read_csv_response(staff_client.get(f"{url}?format=csv"))
    assert {"'" + HYPERLINK, "'-2+3", "+45 20 30 40 50"} <= set(row.values())


@pytest.mark.django_db
def test_the_yearly_figures_have_number_cells_and_text_without_apostrophes(manager_client):
    factories.CollaborationFactory(title="=HYPERLINK(1)", start_date=datetime.date(2025, 5, 1))
    with translation.override("da"):
        held, meetings = translation.gettext("Held"), translation.gettext("Meetings")
    response = manager_client.get("/reports/year/2025/?format=xlsx", HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response_bytes(response))).active
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert_text_cell(rows["=HYPERLINK(1)"][1], "=HYPERLINK(1)")
    assert rows[held][0].value == meetings and rows[held][2].value == 0 and rows[held][2].data_type == "n"
    text = response_bytes(manager_client.get("/reports/year/2025/?format=csv")).decode("utf-8-sig")
    assert any(row[1:] == ["'=HYPERLINK(1)", "2025-05-01"] for row in csv.reader(io.StringIO(text), delimiter=";"))
