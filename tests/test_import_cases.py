"""Cases imported from a Danish spreadsheet: found again by title, themes and areas by name, the outcome rule of the
form (``Case.clean``) applied to every row."""

import pytest

from partners.models import Case
from partners.models.cases import CaseLevel, CaseOutcome, CaseStage
from partners.transfer.imports import import_file
from tests import factories

from .test_import_support import csv_bytes

pytestmark = pytest.mark.django_db

HEADINGS = ["Titel", "Fase", "Niveau", "Udfald", "Afgjort", "Temaer", "Boligområder", "Vores holdning"]


def test_cases_are_created_then_updated_by_title():
    factories.ThemeFactory(name="Tryghed")
    factories.ThemeFactory(name="Beskæftigelse")
    area = factories.AreaFactory(name="Gellerup/Toveshøj")
    data = csv_bytes(
        [
            HEADINGS,
            ["Tilstedeværelse i Gellerup", "Aktiv påvirkning", "Kommunalt", "", "", "Tryghed; Beskæftigelse",
             "Gellerup/Toveshøj", "Kommunen bliver i området."],
            ["Anerkendelse af metoderne", "Forberedes", "Nationalt", "", "", "", "", ""],
        ]
    )  # fmt: skip
    report = import_file(entity="cases", data=data, file_name="sager.csv", commit=True)
    assert report.committed, [(e.row, e.column, e.message) for e in report.errors]
    case = Case.objects.get(title="Tilstedeværelse i Gellerup")
    assert (case.stage, case.level, case.ask) == (CaseStage.ACTIVE, CaseLevel.MUNICIPAL, "Kommunen bliver i området.")
    assert sorted(case.themes.values_list("name", flat=True)) == ["Beskæftigelse", "Tryghed"]
    assert list(case.areas.all()) == [area]
    assert Case.objects.get(title="Anerkendelse af metoderne").level == CaseLevel.NATIONAL

    decided = csv_bytes([HEADINGS, ["tilstedeværelse i gellerup", "Afgjort", "", "Delvist", "03-02-2027", "", "", ""]])
    report = import_file(entity="cases", data=decided, file_name="sager.csv", commit=True)
    assert report.committed, [(e.row, e.column, e.message) for e in report.errors]
    case.refresh_from_db()
    assert Case.objects.count() == 2
    assert (case.stage, case.outcome, str(case.outcome_date)) == (CaseStage.DECIDED, CaseOutcome.PARTLY, "2027-02-03")
    assert not case.themes.exists()  # as for every entity: a column in the file is the truth, an empty cell is none


def test_an_outcome_on_an_open_case_is_the_rows_error_and_nothing_is_written():
    data = csv_bytes(
        [
            HEADINGS,
            ["Første sag", "Overvåges", "Kommunalt", "", "", "", "", ""],
            ["Anden sag", "Aktiv påvirkning", "Kommunalt", "Fik medhold", "", "", "", ""],
        ]
    )
    report = import_file(entity="cases", data=data, file_name="sager.csv", commit=True)
    assert not report.committed
    assert [(e.row, e.column) for e in report.errors] == [(3, "Udfald")]
    assert "Afgjort" in report.errors[0].message
    assert not Case.objects.exists()
