"""The import pages: all or nothing, the error report, whole-file problems, permissions — and never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.models import Contact, ImportBatch
from partners.transfer.imports import import_file
from tests import factories

from .test_import_support import counts, csv_bytes, db_fingerprint, sample

pytestmark = pytest.mark.django_db

OPTIONS = {"mode": "create_update", "encoding": "auto", "delimiter": "auto"}


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)


def upload(client, data: bytes, *, entity="contacts", name="liste.csv", **options):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post("/import/", {"entity": entity, "file": file, **OPTIONS, **options})


def preview(client, data: bytes, **kwargs):
    response = upload(client, data, **kwargs)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return response["Location"], client.get(response["Location"])


def contact_rows(*rows):
    return [["Fornavn", "Efternavn", "E-mail", "Telefon"], *rows]


def test_one_bad_row_saves_nothing_and_is_reported_with_row_column_value_and_message(staff_client):
    existing = factories.ContactFactory(email="kendt@example.dk", phone="1")
    before, before_counts = db_fingerprint(), counts()
    data = csv_bytes(
        contact_rows(
            ["Ny", "Person", "ny@example.dk", "2"],
            [existing.first_name, existing.last_name, "kendt@example.dk", "99"],  # an update
            ["Forkert", "Adresse", "ikke-en-adresse", ""],
        )
    )
    url, page = preview(staff_client, data)
    report = page.context["report"]
    assert (report.counts["new"], report.counts["updated"], report.counts["error"]) == (1, 1, 1)
    [error] = report.errors
    assert (error.row, error.column, error.value) == (4, "E-mail", "ikke-en-adresse")
    assert "gyldig e-mail" in error.message  # Django's own Danish message
    html = page.content.decode()
    assert "ikke-en-adresse" in html and 'class="btn btn-primary"' not in html.split("import-confirm")[-1]

    response = staff_client.post(url + "confirm/", OPTIONS)  # confirming anyway (e.g. a second tab) saves nothing
    assert response.status_code == 200 and response.context["report"].errors
    assert db_fingerprint() == before and counts() == before_counts
    existing.refresh_from_db()
    assert existing.phone == "1"


def test_values_in_the_error_report_are_escaped(staff_client):
    data = csv_bytes(contact_rows(['<script>alert("x")</script>', "B", "<b>@x", ""]), encoding="utf-8")
    _url, page = preview(staff_client, data)
    html = page.content.decode()
    assert "<script>alert" not in html
    assert "&lt;b&gt;@x" in html


def test_the_preview_shows_new_updated_unchanged_and_the_changed_fields(staff_client):
    changed = factories.ContactFactory(first_name="Anne", last_name="Holm", email="anne@example.dk", phone="1")
    same = factories.ContactFactory(first_name="Ole", last_name="Berg", email="ole@example.dk", phone="2")
    data = csv_bytes(
        contact_rows(
            ["Anne", "Holm", "anne@example.dk", "11"], ["Ole", "Berg", "ole@example.dk", "2"], ["Ny", "N", "", ""]
        )
    )
    _url, page = preview(staff_client, data)
    report = page.context["report"]
    assert report.counts == {"new": 1, "updated": 1, "unchanged": 1, "skipped": 0, "error": 0}
    updated = next(row for row in report.rows if row.status == "updated")
    assert updated.changes == [("Telefon", "1", "11")]
    assert same.pk and changed.pk
    assert "Import 2 rows" in page.content.decode() or "Importér 2 rækker" in page.content.decode()


@pytest.mark.parametrize(
    "data,name",
    [
        (b"", "tom.csv"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "billede.png"),
        (b"\x00\x01\x02" * 100, "data.bin"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "gammel.xls"),
        (b"PK\x03\x04broken", "liste.xlsx"),
        (b"Navn;Type\r\n\x81\x8d\x90;x\r\n", "liste.csv"),
        (b"Fornavn;Telefon\r\nA;1\r\n", "mangler-kolonne.csv"),
        (b"Farve;Form\r\nroed;rund\r\n", "ukendte-kolonner.csv"),
    ],
)
def test_whole_file_problems_are_shown_on_the_upload_page_before_any_row(staff_client, data, name):
    before = db_fingerprint()
    response = upload(staff_client, data, name=name)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert db_fingerprint() == before


def test_a_file_above_the_size_limit_is_refused_while_it_is_uploaded(staff_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = upload(staff_client, b"Fornavn;Efternavn\r\n" + b"A;B\r\n" * 1000)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportBatch.objects.exists()


def test_a_file_above_the_row_limit_is_refused(staff_client, settings):
    settings.IMPORT_MAX_ROWS = 5
    response = upload(staff_client, csv_bytes(contact_rows(*[["A", "B", f"a{i}@b.dk", ""] for i in range(6)])))
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_the_encoding_and_delimiter_can_be_overridden_on_the_preview(staff_client):
    url, page = preview(staff_client, sample("kontakter_excel.csv"))
    assert page.status_code == 200
    reread = staff_client.get(url, {"mode": "create_update", "encoding": "utf-8", "delimiter": "auto"})
    assert reread.status_code == 200
    assert reread.context["problem"]  # Windows-1252 read as UTF-8: a clear problem, not a crash


def test_an_unknown_or_forged_preview_goes_back_to_the_start(staff_client):
    response = staff_client.get("/import/" + "0" * 64 + "/")
    assert response.status_code == 302 and response["Location"] == "/import/"
    assert staff_client.get("/import/../etc/passwd/").status_code == 404
    assert staff_client.post("/import/" + "a" * 64 + "/confirm/", OPTIONS).status_code == 302


def test_another_users_upload_cannot_be_confirmed(staff_client, client, staff_user):
    url, _page = preview(staff_client, csv_bytes(contact_rows(["A", "B", "a@b.dk", ""])))
    other = factories.UserFactory(username="anden")
    other.groups.set(staff_user.groups.all())
    client.force_login(other)
    response = client.post(url + "confirm/", OPTIONS)
    assert response.status_code == 302 and not Contact.objects.exists()


def test_the_entity_from_a_list_link_is_preselected(staff_client):
    response = staff_client.get("/import/?entity=organisation")
    assert response.context["form"].initial["entity"] == "organisations"


def test_the_list_pages_link_to_the_import(staff_client, manager_client):
    assert "/import/?entity=contact" in staff_client.get("/contacts/").content.decode()
    assert "/import/?entity=" not in manager_client.get("/contacts/").content.decode()


def test_a_template_file_can_be_downloaded(staff_client):
    response = staff_client.get("/import/template/contacts/")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and ";" in text


# --- permissions -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/import/", "/import/template/contacts/", "/import/" + "a" * 64 + "/"])
def test_managers_and_users_without_a_role_may_not_import(manager_client, client, plain_user, url):
    assert manager_client.get(url).status_code == 403
    client.force_login(plain_user)
    assert client.get(url).status_code == 403


def test_a_manager_cannot_post_a_file_or_confirm(manager_client):
    assert upload(manager_client, sample("organisationer_excel.csv"), entity="organisations").status_code == 403
    assert manager_client.post("/import/" + "a" * 64 + "/confirm/", OPTIONS).status_code == 403
    batch = import_file(entity="organisations", data=sample("organisationer_excel.csv"), file_name="o.csv", commit=True)
    assert manager_client.get(f"/import/batches/{batch.batch.pk}/").status_code == 403


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get("/import/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_staff_may_import(staff_client):
    assert staff_client.get("/import/").status_code == 200


def test_an_unexpected_error_is_a_message_and_saves_nothing(staff_client, monkeypatch, caplog):
    url, _page = preview(staff_client, csv_bytes(contact_rows(["A", "B", "a@b.dk", ""])))

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("partners.views.imports.import_file", broken)
    caplog.set_level("CRITICAL", logger="partners.views.imports")
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url + "confirm/", OPTIONS)
    assert response.status_code == 200 and response.context["problem"]
    assert not Contact.objects.exists()
