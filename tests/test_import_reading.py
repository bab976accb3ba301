"""Reading a file before any row is imported: encodings, delimiters, Excel quirks and whole-file problems."""

import datetime
import io
import zipfile

import pytest

from partners.transfer.reading import FileProblem, decode, detect_delimiter, read_table

from .test_import_support import csv_bytes, sample, xlsx_bytes

ROWS = [
    ["Navn", "Type", "Noter"],
    ["Østjysk Bolig", "Boligorganisation", "Æble, ø og å"],
    ["KL", "Landsdækkende partner", ""],
]


@pytest.mark.parametrize(
    "encoding,bom,expected",
    [("cp1252", False, "cp1252"), ("utf-8", False, "utf-8"), ("utf-8", True, "utf-8-sig"), ("utf-16", False, "utf-16")],
)
def test_encodings_are_detected(encoding, bom, expected):
    table = read_table(csv_bytes(ROWS, encoding=encoding, bom=bom))
    assert table.encoding == expected
    assert table.headers == ["Navn", "Type", "Noter"]
    assert table.rows[0] == ["Østjysk Bolig", "Boligorganisation", "Æble, ø og å"]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiters_are_detected(delimiter):
    table = read_table(csv_bytes(ROWS, delimiter=delimiter, encoding="utf-8"))
    assert table.delimiter == delimiter
    assert table.rows[1] == ["KL", "Landsdækkende partner", ""]


def test_a_comma_inside_values_does_not_fool_the_detection():
    rows = [["Fornavn", "Efternavn", "Tags"]] + [["A", "B", "helhedsplan, sundhed"]] * 5
    assert detect_delimiter(csv_bytes(rows, encoding="utf-8").decode()) == ";"


def test_the_override_wins_over_the_detection():
    data = csv_bytes(ROWS, delimiter=";", encoding="utf-8")
    table = read_table(data, delimiter="comma")
    assert table.delimiter == ","
    assert len(table.headers) == 1


def test_a_wrong_encoding_override_is_a_clear_problem():
    with pytest.raises(FileProblem, match="UTF-8"):
        read_table(csv_bytes(ROWS, encoding="cp1252"), encoding="utf-8")


def test_windows_1252_sample_files_are_read_as_danish_excel_writes_them():
    for name in ("organisationer_excel.csv", "kontakter_excel.csv", "moeder_excel.csv"):
        table = read_table(sample(name))
        assert (table.encoding, table.delimiter) == ("cp1252", ";"), name


def test_an_unquoted_semicolon_in_the_last_column_is_joined_back_with_a_notice():
    table = read_table(sample("moeder_excel.csv"))
    assert table.rows[0][-1] == "Godt fremmøde; opfølgning på helhedsplan aftalt."
    assert any("Referat" in notice for notice in table.notices)


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet():
    table = read_table(b"Navn;Type\r\nA;Kommune\r\n;\r\n;;\r\nB;Kommune\r\n")
    assert [row[0] for row in table.rows] == ["A", "B"]
    assert table.row_numbers == [2, 5]


def test_short_rows_are_padded():
    table = read_table(b"Navn;Type;CVR\r\nA;Kommune\r\n")
    assert table.rows == [["A", "Kommune", ""]]


def test_neutralised_cells_from_our_own_export_are_read_back_as_they_were():
    table = read_table(csv_bytes([["Navn", "Telefon"], ["'=SUM(A1)", "'+45 20 11 22 33"]], encoding="utf-8"))
    assert table.rows == [["=SUM(A1)", "+45 20 11 22 33"]]


def test_xlsx_is_read_with_numbers_as_text_and_dates_as_dates():
    data = xlsx_bytes([["Navn", "CVR", "Dato"], ["Aarhus Kommune", 55133018, datetime.datetime(2027, 1, 4, 15, 0)]])
    table = read_table(data, file_name="liste.xlsx")
    assert table.file_format == "xlsx"
    assert table.rows == [["Aarhus Kommune", "55133018", datetime.datetime(2027, 1, 4, 15, 0)]]


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf\r\n  \r\n", "empty"),
        (b"%PDF-1.7 binary", "not a CSV"),
        (b"\x00\x01\x02\x03garbage\x00", "not a CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04not really a zip", "damaged"),
        (b"Navn;Type\r\n\x81\x8d\x8f\x90\x9d;x\r\n", "could not be read"),
    ],
)
def test_unreadable_files_are_a_problem_with_a_message(data, message, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(FileProblem) as raised:
        read_table(data)
    assert message in raised.value.message


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(FileProblem):
        read_table(out.getvalue(), file_name="liste.ods")


def test_the_size_and_row_limits_are_checked_first(settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(FileProblem):
        read_table(b"Navn\r\n" + b"x" * 200)
    settings.IMPORT_MAX_BYTES = 10_000_000
    settings.IMPORT_MAX_ROWS = 3
    with pytest.raises(FileProblem):
        read_table(b"Navn\r\n" + b"a\r\n" * 4)
    assert len(read_table(b"Navn\r\n" + b"a\r\n" * 3).rows) == 3


def test_a_cell_above_the_csv_field_limit_is_a_problem_not_a_crash():
    with pytest.raises(FileProblem):
        read_table(b'Navn;Noter\r\nA;"' + b"x" * 200_000 + b'"\r\n')


def test_decode_prefers_utf8_and_falls_back_to_windows_1252():
    assert decode("Ærø".encode())[1] == "utf-8"
    assert decode("Ærø".encode("cp1252")) == ("Ærø", "cp1252")
