"""Formula neutralisation (CSV/formula injection), as properties, and in real CSV and XLSX exports."""

import csv
import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partners.transfer.exporting import FORMULA_PREFIXES, csv_chunks, neutralise, unneutralise, write_xlsx
from partners.transfer.reading import read_table
from tests import factories

from .test_import_support import read_csv_response, response_bytes

DANGEROUS = "".join(FORMULA_PREFIXES)
texts = st.one_of(
    st.text(),
    st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(["'", "''", ""]), st.text()),
    st.builds(lambda prefix, rest: prefix + rest, st.text(alphabet=DANGEROUS + "'", min_size=1, max_size=4), st.text()),
)


@given(texts)
def test_a_neutralised_text_never_starts_like_a_formula(value):
    assert not neutralise(value).startswith(FORMULA_PREFIXES)


@given(texts)
def test_neutralising_is_undone_exactly_on_import(value):
    assert unneutralise(neutralise(value)) == value


@given(texts)
def test_only_dangerous_texts_are_changed(value):
    changed = neutralise(value) != value
    assert changed == (
        value.startswith(FORMULA_PREFIXES)
        or (value.startswith("'") and value.lstrip("'")[:1] in DANGEROUS and value.lstrip("'") != "")
    )


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()))
def test_values_that_are_not_text_are_left_alone(value):
    assert neutralise(value) == value


@given(st.lists(st.lists(texts, min_size=1, max_size=4), min_size=1, max_size=5), st.sampled_from([";", ",", "\t"]))
def test_no_cell_of_a_csv_export_starts_like_a_formula_and_the_import_reads_the_values_back(rows, delimiter):
    headers = [neutralise(h) for h in ["=Navn", "+Type", "Noter", "@x"]][: len(rows[0])]
    body = [[neutralise(cell) for cell in row] for row in rows]
    text = "".join(csv_chunks(headers, body, delimiter=delimiter))
    parsed = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter))
    for cell in (c for row in parsed for c in row):
        assert not cell.startswith(FORMULA_PREFIXES)


@given(st.lists(texts.filter(lambda t: t.strip() == t and t.isprintable()), min_size=1, max_size=6))
def test_the_xlsx_export_writes_text_never_formulas(tmp_path_factory, cells):
    path = tmp_path_factory.mktemp("x") / "export.xlsx"
    write_xlsx(str(path), [neutralise("=Navn")], [[neutralise(cell)] for cell in cells])
    sheet = openpyxl.load_workbook(path).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    table = read_table(path.read_bytes(), file_name="export.xlsx")
    assert table.headers == ["=Navn"]
    assert [row[0] for row in table.rows] == [c for c in cells if c]


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_list_exports_neutralise_every_dangerous_cell(staff_client, export_format):
    factories.OrganisationFactory(
        name='=HYPERLINK("http://evil.example","klik")', city="@SUM(1)", phone="+45 20 11 22 33"
    )
    factories.OrganisationFactory(name="-2+3", notes="\tindrykket", street="\rX")
    response = staff_client.get(f"/organisations/?export={export_format}")
    assert response.status_code == 200
    if export_format == "csv":
        rows = read_csv_response(response)
        values = [value for row in rows for value in row.values()] + list(rows[0])
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response_bytes(response))).active
        values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert not [value for value in values if value and value.startswith(FORMULA_PREFIXES)]
    assert "'+45 20 11 22 33" in values and '\'=HYPERLINK("http://evil.example","klik")' in values
