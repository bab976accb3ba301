"""Attaching a høringssvar PDF to an organisation in real Chromium at 1366×768, as staff: the "Dokumenter" panel's
upload form on the organisation's page, the document in the panel, then found by a word inside the PDF through the
header's search, its page with the text, and the download with the file's own name. Screenshots documents-*.png."""

import pytest
from fpdf import FPDF
from playwright.sync_api import expect

from partners.models import Document
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def høringssvar_pdf(path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.multi_cell(0, 9, "Høringssvar til budget 2027", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(
        0, 7, "Sekretariatet anbefaler, at kommunen fastholder tryghedsvandringer og en kontinuerlig tilstedeværelse."
    )
    pdf.output(str(path))


def test_staff_attach_a_høringssvar_and_find_it_by_a_word_inside(page, login, screenshot, staff_user, settings,
                                                                 tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    aarhus = f.MunicipalityFactory(name="Aarhus Kommune")
    pdf = tmp_path / "Høringssvar budget 2027.pdf"
    høringssvar_pdf(pdf)

    page.set_viewport_size({"width": 1366, "height": 768})
    login("medarbejder")
    page.goto(aarhus.get_absolute_url())
    panel = page.locator("#documents")
    expect(panel.get_by_role("heading", name="Dokumenter (0)")).to_be_visible()
    panel.get_by_label("Fil").set_input_files(str(pdf))
    panel.get_by_label("Titel").fill("Høringssvar til budget 2027")
    panel.get_by_label("Type").select_option(label="Høringssvar")
    panel.scroll_into_view_if_needed()
    screenshot("documents-upload")
    panel.get_by_role("button", name="Læg op", exact=True).click()

    page.wait_for_url(f"**{aarhus.get_absolute_url()}")
    expect(page.get_by_role("status").or_(page.locator(".alert-success")).first).to_contain_text(
        "Dokumentet “Høringssvar til budget 2027” er lagt op."
    )
    expect(panel.get_by_role("heading", name="Dokumenter (1)")).to_be_visible()
    expect(panel.get_by_role("link", name="Høringssvar til budget 2027")).to_be_visible()
    document = Document.objects.get()
    assert document.record == aarhus and "tryghedsvandringer" in document.text

    page.get_by_role("combobox", name="Søg i registret").fill("tryghedsvandringer")
    page.keyboard.press("Enter")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Dokumenter")
    expect(main.get_by_role("link", name="Høringssvar til budget 2027")).to_be_visible()
    screenshot("documents-search")
    main.get_by_role("link", name="Høringssvar til budget 2027").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Høringssvar til budget 2027")
    expect(page.locator("#document-text")).to_contain_text("tryghedsvandringer")
    expect(page.locator("#document-details")).to_contain_text("Aarhus Kommune")
    screenshot("documents-detail")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent").first.click()
    download = download_info.value
    assert download.suggested_filename == "Høringssvar budget 2027.pdf"
    saved = tmp_path / "hentet.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == pdf.read_bytes()

    page.goto("/documents/")
    expect(page.get_by_role("main")).to_contain_text("Høringssvar til budget 2027")
    screenshot("documents-list")
