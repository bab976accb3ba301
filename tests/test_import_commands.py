"""The import_file and export_file commands: the same import as the page, with a progress report."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from partners.models import Contact, ImportBatch, Organisation
from tests import factories

from .test_import_support import SAMPLES, csv_bytes, db_fingerprint

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_file_imports_and_records_a_batch(staff_user):
    out, err = run(
        "import_file", "organisations", str(SAMPLES / "organisationer_excel.csv"), "--user", staff_user.username
    )
    assert Organisation.objects.count() == 14
    batch = ImportBatch.objects.get()
    assert batch.user == staff_user and f"import nr. {batch.pk}" in out
    assert "14 / 14 rækker" in err


def test_dry_run_saves_nothing():
    before = db_fingerprint()
    out, _err = run("import_file", "organisations", str(SAMPLES / "organisationer_excel.csv"), "--dry-run")
    assert "nye 14" in out
    assert db_fingerprint() == before


def test_an_import_with_errors_exits_non_zero_with_the_row_report_and_saves_nothing(tmp_path, capsys):
    path = tmp_path / "kontakter.csv"
    path.write_bytes(csv_bytes([["Fornavn", "Efternavn", "E-mail"], ["A", "B", "a@b.dk"], ["C", "D", "ugyldig"]]))
    before = db_fingerprint()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_file", "contacts", str(path), stdout=io.StringIO(), stderr=err)
    assert "3, E-mail: “ugyldig”" in err.getvalue()
    assert db_fingerprint() == before and not Contact.objects.exists()


def test_a_whole_file_problem_is_a_command_error(tmp_path):
    path = tmp_path / "tom.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError):
        run("import_file", "contacts", str(path))
    with pytest.raises(CommandError):
        run("import_file", "nothing", str(path))
    with pytest.raises(CommandError):
        run("import_file", "contacts", str(tmp_path / "missing.csv"))


def test_options_mode_encoding_and_delimiter(tmp_path):
    factories.ContactFactory(first_name="Gammel", email="a@b.dk")
    path = tmp_path / "k.csv"
    path.write_bytes(
        csv_bytes([["Fornavn", "Efternavn", "E-mail"], ["Ny", "X", "a@b.dk"]], delimiter="\t", encoding="utf-8")
    )
    run("import_file", "contacts", str(path), "--mode", "create", "--encoding", "utf-8", "--delimiter", "tab")
    assert Contact.objects.get().first_name == "Gammel"
    run("import_file", "contacts", str(path), "--mode", "update", "--delimiter", "tab")
    assert Contact.objects.get().first_name == "Ny"


def test_export_file_writes_csv_and_xlsx_with_the_list_filters(tmp_path):
    factories.HousingOrganisationFactory(name="Alboa")
    factories.MunicipalityFactory(name="Aarhus Kommune")
    csv_path = tmp_path / "o.csv"
    out, err = run("export_file", "organisations", str(csv_path), "kind=housing_organisation")
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "Alboa" in text and "Aarhus Kommune" not in text and ";" in text.splitlines()[0]
    assert "1 / 1 række" in err and "Skrev 1 række" in out
    xlsx_path = tmp_path / "o.xlsx"
    run("export_file", "organisations", str(xlsx_path))
    sheet = openpyxl.load_workbook(xlsx_path).active
    assert sheet.max_row == 3


def test_export_file_of_invitations_by_event(tmp_path):
    invitation = factories.InvitationFactory()
    factories.InvitationFactory()
    path = tmp_path / "i.csv"
    run("export_file", "invitations", str(path), f"event={invitation.event_id}")
    assert len(path.read_text(encoding="utf-8-sig").splitlines()) == 2


def test_export_file_refuses_unknown_filters_and_entities(tmp_path):
    with pytest.raises(CommandError, match="Ukendt filter"):
        run("export_file", "organisations", str(tmp_path / "o.csv"), "colour=red")
    with pytest.raises(CommandError):
        run("export_file", "organisations", str(tmp_path / "o.csv"), "kind=spaceship")
    with pytest.raises(CommandError):
        run("export_file", "planets", str(tmp_path / "o.csv"))


def test_an_exported_file_goes_back_in_unchanged(tmp_path):
    factories.AffiliationFactory()
    path = tmp_path / "k.csv"
    run("export_file", "contacts", str(path))
    out, _err = run("import_file", "contacts", str(path), "--dry-run")
    assert "uændrede 1" in out
