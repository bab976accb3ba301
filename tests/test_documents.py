"""Documents (issue 16): uploads checked by their content and size, their text extracted and found by the search, the
download behind a permission with safe headers, and no file left behind or lost when a document or a record goes."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from fpdf import FPDF
from PIL import Image

from partners.models import Document, Meeting, Organisation
from partners.models.documents import DocumentKind, DocumentsAttached, FileType
from partners.selectors.search import search_register
from partners.services.documents import upload_document
from tests import factories

pytestmark = pytest.mark.django_db

WORD = "tryghedsvandringer"
PDF_TEXT = f"Høringssvar: vi anbefaler faste {WORD} i Gellerup og en kontinuerlig tilstedeværelse."


# --- real small files of each type ----------------------------------------------------------------------------------


def pdf_bytes(text: str = PDF_TEXT) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Område"
    table.rows[0].cells[1].text = "Bispehaven"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(text: str) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Budget"
    workbook.active.append(["Post", "Beløb"])
    workbook.active.append([text, 125000])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def image_bytes(image_format: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format=image_format)
    return out.getvalue()


def exe_bytes() -> bytes:
    """The start of a Windows program: "MZ", the DOS stub, the PE header at 0x80."""
    header = bytearray(512)
    header[0:2] = b"MZ"
    header[0x3C:0x40] = struct.pack("<I", 0x80)
    header[0x80:0x84] = b"PE\x00\x00"
    return bytes(header)


def png_signature_only() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + zlib.compress(b"x")


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    """Every file of these tests in a folder of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def close_file(response) -> None:
    """The streamed file closed; not ``response.close()``, which would also end the test's database connection."""
    for closer in response._resource_closers:
        closer()


def read_stored(name: str) -> bytes:
    with default_storage.open(name) as handle:
        return handle.read()


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def upload(client, organisation, content: bytes, name: str, **fields):
    data = {
        "upload": ContentFile(content, name=name),
        "title": fields.pop("title", ""),
        "kind": fields.pop("kind", DocumentKind.CONSULTATION_RESPONSE),
        "attach_type": "organisation",
        "attach_id": organisation.pk,
        "next": organisation.get_absolute_url(),
        **fields,
    }
    return client.post("/documents/add/", data)


@pytest.fixture
def organisation(db):
    return factories.MunicipalityFactory(name="Aarhus Kommune")


# --- uploads --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "name", "content_type", "text"),
    [
        (lambda: pdf_bytes(), "høringssvar.pdf", FileType.PDF, WORD),
        (lambda: docx_bytes("Anbefaling om lektiecaféer"), "anbefaling.docx", FileType.DOCX, "lektiecaféer"),
        (lambda: xlsx_bytes("Tryghedsvandring"), "budget.xlsx", FileType.XLSX, "Tryghedsvandring"),
        (lambda: image_bytes("PNG"), "kort.png", FileType.PNG, None),
        (lambda: image_bytes("JPEG"), "foto.jpg", FileType.JPEG, None),
    ],
)
def test_each_accepted_type_is_uploaded_attached_and_kept(staff_client, staff_user, organisation, media, make,
                                                          name, content_type, text):  # fmt: skip
    content = make()
    response = upload(staff_client, organisation, content, name, title="Et dokument")
    assert response.status_code == 302 and response.url == organisation.get_absolute_url()
    document = Document.objects.get()
    assert (document.content_type, document.size, document.original_name) == (content_type, len(content), name)
    assert document.record == organisation and document.uploaded_by == staff_user
    assert document.file.name.startswith("documents/") and name not in document.file.name
    assert read_stored(document.file.name) == content
    assert stored_files(media) == [Path(default_storage.path(document.file.name))]
    if text is None:
        assert document.text == "" and not document.text_extracted
    else:
        assert text in document.text and document.text_extracted
    page = staff_client.get(organisation.get_absolute_url()).content.decode()
    assert "Et dokument" in page and document.get_download_url() in page


def test_the_title_defaults_to_the_file_name(staff_client, organisation):
    upload(staff_client, organisation, pdf_bytes(), "Budget 2027 høring.pdf")
    assert Document.objects.get().title == "Budget 2027 høring"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (exe_bytes(), "høringssvar.pdf"),  # a program renamed
        (b"Bare tekst, ingen PDF", "noter.pdf"),
        (b"<html><script>alert(1)</script></html>", "side.png"),
        (image_bytes("GIF"), "billede.jpg"),  # an image, but not of a type accepted
        (png_signature_only(), "kort.png"),  # the signature of a PNG, but no image header
        (zlib.compress(b"x" * 100), "arkiv.docx"),
    ],
)
def test_a_file_of_another_type_is_refused_whatever_its_name(staff_client, organisation, media, content, name):
    response = upload(staff_client, organisation, content, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Denne filtype modtages ikke" in page
    assert not Document.objects.exists() and stored_files(media) == []


def test_a_zip_that_is_no_office_file_is_refused(staff_client, organisation, media):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hej")
    response = upload(staff_client, organisation, out.getvalue(), "rapport.docx")
    assert "Denne filtype modtages ikke" in response.content.decode()
    assert not Document.objects.exists() and stored_files(media) == []


def test_a_damaged_pdf_is_refused(staff_client, organisation, media):
    response = upload(staff_client, organisation, b"%PDF-1.7\n" + b"\x00garbage" * 50, "skadet.pdf")
    assert "kunne ikke læses" in response.content.decode()
    assert not Document.objects.exists() and stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused(staff_client, organisation, media, settings):
    content = pdf_bytes()
    settings.DOCUMENT_MAX_BYTES = len(content) - 1
    response = upload(staff_client, organisation, content, "stor.pdf")
    page = response.content.decode()
    assert response.status_code == 200 and "den største fil, der modtages, er" in page
    assert not Document.objects.exists() and stored_files(media) == []
    settings.DOCUMENT_MAX_BYTES = len(content)
    assert upload(staff_client, organisation, content, "stor.pdf").status_code == 302


def test_an_empty_file_is_refused(staff_client, organisation):
    response = upload(staff_client, organisation, b"", "tom.pdf")
    assert response.status_code == 200 and not Document.objects.exists()


def test_a_file_larger_than_the_extraction_limit_is_kept_without_its_text(staff_client, organisation, settings):
    content = pdf_bytes()
    settings.DOCUMENT_EXTRACT_MAX_BYTES = len(content) - 1
    upload(staff_client, organisation, content, "stor.pdf")
    document = Document.objects.get()
    assert document.text == "" and not document.text_extracted
    page = staff_client.get(document.get_absolute_url()).content.decode()
    assert "for stor til at læse teksten" in page


def test_a_record_that_does_not_exist_saves_nothing(staff_client, organisation, media):
    data = {"upload": ContentFile(pdf_bytes(), name="x.pdf"), "kind": "other", "attach_type": "organisation",
            "attach_id": organisation.pk + 1000}  # fmt: skip
    response = staff_client.post("/documents/add/", data)
    assert response.status_code == 200 and "findes ikke" in response.content.decode()
    assert not Document.objects.exists() and stored_files(media) == []
    data["attach_type"], data["attach_id"] = "contact", factories.ContactFactory().pk  # not attachable
    data["upload"] = ContentFile(pdf_bytes(), name="x.pdf")
    assert staff_client.post("/documents/add/", data).status_code == 200
    assert not Document.objects.exists()


def test_a_document_without_a_record(staff_client):
    response = staff_client.post(
        "/documents/add/",
        {"upload": ContentFile(pdf_bytes("Årsskrift 2026"), name="aarsskrift.pdf"), "kind": "yearly_report"},
    )
    document = Document.objects.get()
    assert response.url == document.get_absolute_url() and document.record is None
    assert "Årsskrift 2026" in document.text


# --- search ---------------------------------------------------------------------------------------------------------


def test_the_search_finds_a_word_inside_the_pdf(staff_client, staff_user, organisation):
    upload(staff_client, organisation, pdf_bytes(), "svar.pdf", title="Svar på budgethøring")
    groups = {group.key: group for group in search_register(query="tryghedsvandring", user=staff_user)}
    hits = groups["documents"].hits
    assert [hit.title for hit in hits] == ["Svar på budgethøring"]
    assert hits[0].url == Document.objects.get().get_absolute_url()
    page = staff_client.get("/search/", {"q": "tilstedeværelse"}).content.decode()
    assert "Svar på budgethøring" in page
    # The list's free text reads the same words.
    assert "Svar på budgethøring" in staff_client.get("/documents/", {"q": WORD}).content.decode()
    assert "Svar på budgethøring" not in staff_client.get("/documents/", {"q": "cykelparkering"}).content.decode()
    assert not search_register(query="cykelparkering", user=staff_user)[-1].hits


def test_the_list_filters_by_kind_type_and_record(staff_client, organisation):
    other = factories.OrganisationFactory(name="Brabrand Boligforening")
    upload_document(upload=ContentFile(pdf_bytes(), name="a.pdf"), title="Høringssvar A", kind="consultation_response",
                    record=organisation)  # fmt: skip
    upload_document(upload=ContentFile(image_bytes("PNG"), name="b.png"), title="Kort B", kind="other", record=other)
    upload_document(upload=ContentFile(pdf_bytes(), name="c.pdf"), title="Årsskrift C", kind="yearly_report")

    def titles(**query) -> set[str]:
        page = staff_client.get("/documents/", query).content.decode()
        return {title for title in ("Høringssvar A", "Kort B", "Årsskrift C") if title in page}

    assert titles() == {"Høringssvar A", "Kort B", "Årsskrift C"}
    assert titles(kind="yearly_report") == {"Årsskrift C"}
    assert titles(content_type="image/png") == {"Kort B"}
    assert titles(organisations=organisation.pk) == {"Høringssvar A"}
    assert titles(attached_to="none") == {"Årsskrift C"}
    assert titles(attached_to="organisation") == {"Høringssvar A", "Kort B"}


# --- permissions and the download -----------------------------------------------------------------------------------


@pytest.fixture
def document(organisation):
    return upload_document(upload=ContentFile(pdf_bytes(), name="Høringssvar (endelig).pdf"), title="Høringssvar",
                           kind="consultation_response", record=organisation)  # fmt: skip


def test_anonymous_users_are_sent_to_the_login(client, document):
    for url in ("/documents/", document.get_absolute_url(), document.get_download_url(), "/documents/add/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url, url


def test_users_without_the_permission_get_403(plain_user, client, document, organisation):
    client.force_login(plain_user)
    for url in ("/documents/", document.get_absolute_url(), document.get_download_url(), "/documents/add/"):
        assert client.get(url).status_code == 403, url
    assert upload(client, organisation, pdf_bytes(), "x.pdf").status_code == 403
    assert Document.objects.count() == 1


def test_managers_view_and_download_but_do_not_upload_or_delete(manager_client, document, organisation):
    response = manager_client.get(document.get_download_url())
    assert response.status_code == 200
    close_file(response)
    assert upload(manager_client, organisation, pdf_bytes(), "x.pdf").status_code == 403
    assert manager_client.post(f"/documents/{document.pk}/delete/").status_code == 403
    page = manager_client.get(organisation.get_absolute_url()).content.decode()
    assert "Høringssvar" in page and 'action="/documents/add/"' not in page


def test_the_download_is_an_attachment_not_sniffed_not_cached(staff_client, document):
    response = staff_client.get(document.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "H%C3%B8ringssvar%20%28endelig%29.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    try:
        assert "no-store" in response["Cache-Control"].split(", ")
        assert b"".join(response.streaming_content) == read_stored(document.file.name)
    finally:
        close_file(response)


def test_the_download_name_ends_with_the_type_the_content_has(staff_client, organisation):
    upload(staff_client, organisation, docx_bytes("Referat"), "referat.pdf")
    document = Document.objects.get()
    assert document.content_type == FileType.DOCX
    response = staff_client.get(document.get_download_url())
    assert 'filename="referat.pdf.docx"' in response["Content-Disposition"]
    close_file(response)


def test_no_media_url_serves_the_file(staff_client, document):
    assert staff_client.get(f"/media/{document.file.name}").status_code == 404
    assert staff_client.get(f"/media-not-served/{document.file.name}").status_code == 404


def test_a_missing_file_is_a_404_not_a_500(staff_client, document):
    default_storage.delete(document.file.name)
    assert staff_client.get(document.get_download_url()).status_code == 404


# --- deleting -------------------------------------------------------------------------------------------------------


def test_deleting_a_document_deletes_its_file_on_commit(staff_client, document, media,
                                                        django_capture_on_commit_callbacks):  # fmt: skip
    path = Path(default_storage.path(document.file.name))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/documents/{document.pk}/delete/")
    assert response.status_code == 302 and not Document.objects.exists()
    assert not path.exists() and stored_files(media) == []


def test_a_document_deleted_in_a_rolled_back_transaction_keeps_its_file(document, django_capture_on_commit_callbacks):
    path, pk = Path(default_storage.path(document.file.name)), document.pk
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        document.delete()
        transaction.set_rollback(True)
    assert callbacks == [] and path.exists() and Document.objects.filter(pk=pk).exists()


def test_an_organisation_with_documents_is_not_deleted(staff_client, document, organisation):
    response = staff_client.post(f"/organisations/{organisation.pk}/delete/")
    assert response.status_code == 409
    assert "kan ikke slettes" in response.content.decode()
    assert Organisation.objects.filter(pk=organisation.pk).exists() and Document.objects.filter(pk=document.pk).exists()
    document.delete()
    assert staff_client.post(f"/organisations/{organisation.pk}/delete/").status_code == 302


def test_a_meeting_takes_its_documents_and_their_files_with_it(staff_client, media,
                                                               django_capture_on_commit_callbacks):  # fmt: skip
    meeting = factories.MeetingFactory(subject="Dialogmøde om budget")
    document = upload_document(upload=ContentFile(pdf_bytes(), name="referat.pdf"), title="Referat", kind="minutes",
                               record=meeting)  # fmt: skip
    assert "Referat" in staff_client.get(meeting.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/meetings/{meeting.pk}/delete/")
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists() and not Document.objects.filter(pk=document.pk).exists()
    assert stored_files(media) == []


@pytest.mark.parametrize("make", [factories.CollaborationFactory, factories.EventFactory])
def test_collaborations_and_events_show_the_panel_and_keep_their_documents(staff_client, make):
    record = make()
    page = staff_client.get(record.get_absolute_url()).content.decode()
    assert 'id="documents"' in page and 'action="/documents/add/"' in page
    upload_document(upload=ContentFile(pdf_bytes(), name="a.pdf"), title="Bilag", kind="other", record=record)
    assert "Bilag" in staff_client.get(record.get_absolute_url()).content.decode()
    with pytest.raises(DocumentsAttached, match="har dokumenter knyttet til sig"), transaction.atomic():
        record.delete()
    assert Document.objects.count() == 1


def test_editing_a_document_changes_what_is_said_about_it_and_keeps_history(staff_client, document):
    response = staff_client.post(
        f"/documents/{document.pk}/edit/",
        {"title": "Høringssvar, budget 2027", "kind": "consultation_response", "date": "2026-09-01",
         "description": "Sendt til magistraten."},
    )  # fmt: skip
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Høringssvar, budget 2027" and document.text  # the text stays
    assert document.history.count() == 2
    page = staff_client.get(document.get_absolute_url()).content.decode()
    assert "Sendt til magistraten." in page and WORD in page
