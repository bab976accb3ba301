"""Helpers shared by the import and export tests (no tests here)."""

import csv
import hashlib
import io
from pathlib import Path

import openpyxl
from django.apps import apps
from django.db import connection

# A byte-for-byte copy of ../shared/samples (Windows-1252, CRLF), so the repository tests itself.
SAMPLES = Path(__file__).resolve().parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def db_fingerprint(*, exclude: tuple[str, ...] = ()) -> str:
    """A hash of every row of every table of the register (history and import batches included)."""
    digest = hashlib.sha256()
    tables = sorted(
        model._meta.db_table
        for model in apps.get_app_config("partners").get_models(include_auto_created=True)
        if model._meta.managed and model._meta.db_table not in exclude
    )
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # table names come from the models
            digest.update(table.encode())
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("partners").get_models()
        if model._meta.managed
    }


def csv_bytes(rows: list[list], *, delimiter: str = ";", encoding: str = "cp1252", bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def response_bytes(response) -> bytes:
    """The body of a response, streamed or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def read_csv_response(response) -> list[dict]:
    text = response_bytes(response).decode("utf-8")
    assert text.startswith("\ufeff")
    text = text[1:]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
