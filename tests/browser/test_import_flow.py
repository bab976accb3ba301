"""The import in Chromium: upload a Danish Excel file → preview of the new rows → confirm → summary."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from partners.models import Contact, ImportBatch
from partners.transfer.imports import import_file

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)


def test_upload_preview_and_confirm_a_contact_list(page, login, screenshot, staff_user):
    organisations = SAMPLES / "organisationer_excel.csv"
    import_file(entity="organisations", data=organisations.read_bytes(), file_name=organisations.name, commit=True)
    login("medarbejder")

    # From the contact list's Import button, which preselects what the file contains.
    page.goto("/contacts/")
    page.get_by_role("link", name=re.compile("Import")).click()
    expect(page).to_have_url(re.compile(r"/import/\?entity=contact$"))
    expect(page.get_by_label(re.compile("What the file contains|Hvad filen indeholder"))).to_have_value("contacts")
    page.set_input_files("input[type=file]", str(SAMPLES / "kontakter_excel.csv"))
    screenshot("import-upload")
    page.locator("form.import-form button[type=submit]").click()

    # The preview: eight new rows, nothing saved yet.
    expect(page).to_have_url(re.compile(r"/import/[0-9a-f]{64}/$"))
    rows = page.locator("table.import-rows tbody tr")
    expect(rows).to_have_count(8)
    expect(rows.first).to_contain_text("Mette Kjærgaard")
    expect(page.locator(".import-summary .badge").first).to_have_text("8")
    expect(page.locator("body")).to_contain_text("Windows-1252")
    assert Contact.objects.count() == 0
    screenshot("import-preview")

    page.locator("form.import-confirm button[type=submit]").click()

    # The summary of the recorded batch.
    expect(page).to_have_url(re.compile(r"/import/batches/\d+/$"))
    expect(page.locator(".import-summary .badge").first).to_have_text("8")
    expect(page.locator("main")).to_contain_text("kontakter_excel.csv")
    screenshot("import-summary")
    assert Contact.objects.count() == 8
    batch = ImportBatch.objects.get(entity="contacts")
    assert batch.user == staff_user and batch.created_count == 8


def test_a_file_with_a_bad_row_shows_the_error_and_cannot_be_confirmed(page, login, screenshot, staff_user, tmp_path):
    bad = tmp_path / "fejl.csv"
    bad.write_bytes(
        "Fornavn;Efternavn;E-mail\r\nAnne;Holm;anne@example.dk\r\nOle;<b>Berg</b>;ikke-en-adresse\r\n".encode("cp1252")
    )
    login("medarbejder")
    page.goto("/import/")
    page.get_by_label(re.compile("What the file contains|Hvad filen indeholder")).select_option("contacts")
    page.set_input_files("input[type=file]", str(bad))
    page.locator("form.import-form button[type=submit]").click()
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("ikke-en-adresse")
    # All or nothing: no import of the file; only the explicit second choice, the valid rows and the rest as a file.
    expect(page.locator("form.import-confirm button.btn-primary")).to_have_count(0)
    expect(page.locator("form.import-confirm button.import-partial")).to_have_text(
        "Importér de gyldige rækker og hent resten som fil"
    )
    screenshot("import-errors")
    assert Contact.objects.count() == 0


def test_the_mapping_step_asks_about_a_misspelt_partner_once_and_the_list_goes_in(page, login, screenshot, staff_user):
    """A contact list naming partners by their short names (LBF, MSB) and one misspelt: one mapping step."""
    from partners.models import OrganisationAlias
    from tests import factories
    from tests.test_import_mapping import contact_list

    aarhus = factories.MunicipalityFactory(name="Aarhus Kommune", municipality_code="751")
    factories.NationalPartnerFactory(name="Landsbyggefonden", short_name="LBF")
    factories.AdministrationFactory(name="Sociale Forhold og Beskæftigelse", short_name="MSB", parent=aarhus)
    brabrand = factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    factories.TagFactory(name="nytårskur")
    factories.TagFactory(name="helhedsplan")
    page.set_viewport_size({"width": 1366, "height": 768})
    login("medarbejder")
    page.goto("/import/?entity=contacts")
    page.set_input_files(
        "input[type=file]", files=[{"name": "kontakter.csv", "mimeType": "text/csv", "buffer": contact_list()}]
    )
    page.locator("form.import-form button[type=submit]").click()

    mapping = page.locator("section.import-mapping")
    expect(mapping).to_contain_text("Værdier, registret ikke kender")
    items = mapping.locator("fieldset.mapping-item")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Brabrand Boligforning")
    expect(items.first).to_contain_text("Bruges i 2 rækker (række 4, 5)")
    suggestion = items.first.get_by_label("Brabrand Boligforening")
    expect(suggestion).to_be_checked()  # the close match is preselected
    items.first.get_by_label(re.compile("Husk “Brabrand Boligforning” som et andet navn")).check()
    expect(page.locator("form.import-confirm button[type=submit]")).to_contain_text("Importér de gyldige rækker")
    screenshot("import-mapping")
    mapping.get_by_role("button", name="Brug valgene og vis forhåndsvisningen igen").click()

    # The preview again, with the choice: four new contacts, no errors, nothing saved yet.
    expect(page.locator(".alert-success")).to_contain_text("Dine valg er brugt")
    expect(page.locator("table.import-rows tbody tr")).to_have_count(4)
    expect(page.locator("ul.mapping-chosen")).to_contain_text("Brabrand Boligforening")
    expect(page.locator("table.import-errors")).to_have_count(0)
    assert not OrganisationAlias.objects.exists()
    screenshot("import-mapping-applied")
    page.locator("form.import-confirm button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/import/batches/\d+/$"))
    expect(page.locator(".import-summary .badge").first).to_have_text("4")
    assert Contact.objects.count() == 4
    assert list(OrganisationAlias.objects.values_list("organisation", "name")) == [
        (brabrand.pk, "Brabrand Boligforning")
    ]
