"""The import page's mapping step (values that name no record: pick one, remember it as another name, or create it)
and the partial import (the valid rows in, the rest handed back as a file to correct and import again)."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.models import Contact, ImportBatch, Organisation, OrganisationAlias, Tag
from partners.models.organisations import OrganisationKind
from tests import factories

from .test_import_support import csv_bytes, db_fingerprint, xlsx_bytes

pytestmark = pytest.mark.django_db

OPTIONS = {"mode": "create_update", "encoding": "auto", "delimiter": "auto"}
HEADINGS = ["Fornavn", "Efternavn", "E-mail", "Organisation", "Titel", "Tags"]


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)


@pytest.fixture
def partners(db):
    aarhus = factories.MunicipalityFactory(name="Aarhus Kommune", municipality_code="751")
    return {
        "lbf": factories.NationalPartnerFactory(name="Landsbyggefonden", short_name="LBF"),
        "msb": factories.AdministrationFactory(
            name="Sociale Forhold og Beskæftigelse", short_name="MSB", parent=aarhus
        ),
        "bb": factories.HousingOrganisationFactory(name="Brabrand Boligforening"),
        "nytaarskur": factories.TagFactory(name="nytårskur"),
        "helhedsplan": factories.TagFactory(name="helhedsplan"),
    }


def upload(client, data: bytes, *, entity="contacts", name="kontakter.csv"):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    response = client.post("/import/", {"entity": entity, "file": file, **OPTIONS})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return response["Location"]


def mapping_post(page, **overrides) -> dict:
    """The mapping form as the page renders it (preselected choices), with ``overrides`` (e.g. alias_0="1")."""
    items = page.context["mapping_items"]
    data = {"count": str(len(items))}
    for item in items:
        i = item["index"]
        data[f"kind_{i}"] = item["unmatched"].kind
        data[f"value_{i}"] = item["unmatched"].value
        data[f"choice_{i}"] = item["preselect"]
    data.update(overrides)
    return data


def contact_list() -> bytes:
    """A contact list as staff keep it: partners by the short names everyone writes, one misspelt, tags by ";"."""
    return csv_bytes(
        [
            HEADINGS,
            ["Mette", "Kjærgaard", "mette.kjaergaard@lbf.dk", "LBF", "Chefkonsulent", "nytårskur; helhedsplan"],
            ["Søren", "Østergaard", "soeren.oestergaard@aarhus.dk", "MSB", "Afdelingschef", "helhedsplan"],
            ["Anne", "Holm", "anne.holm@bbbo.dk", "Brabrand Boligforning", "Boligsocial leder", "nytårskur"],
            ["Jens", "Bak", "jens.bak@bbbo.dk", "Brabrand Boligforning", "Projektleder", ""],
        ]
    )


def test_a_contact_list_by_short_names_goes_through_after_one_mapping_step_and_again_changes_nothing(
    staff_client, partners
):
    data = contact_list()
    url = upload(staff_client, data)
    page = staff_client.get(url)
    report = page.context["report"]
    # LBF and MSB are found by their short names; the misspelt name is asked about, once for both rows.
    [unmatched] = report.unmatched
    assert (unmatched.kind, unmatched.value, unmatched.rows) == ("organisation", "Brabrand Boligforning", [4, 5])
    assert unmatched.suggestions[0].id == partners["bb"].pk
    assert report.counts["error"] == 2 and report.counts["new"] == 2
    html = page.content.decode()
    assert "Værdier, registret ikke kender" in html and "Brabrand Boligforening" in html
    assert f'value="{partners["bb"].pk}" checked' in html  # the close match is preselected

    # One step: take the suggestion and remember the spelling as another name.
    response = staff_client.post(url + "mapping/", mapping_post(page, alias_0="1"))
    assert response.status_code == 302 and response["Location"] == url
    assert not OrganisationAlias.objects.exists()  # nothing is written before the import
    page = staff_client.get(url)
    report = page.context["report"]
    assert report.ok and report.counts["new"] == 4 and not report.unmatched
    assert "Brabrand Boligforening" in page.content.decode()  # the choice is listed

    response = staff_client.post(url + "confirm/", OPTIONS)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.created_count == 4
    mette = Contact.objects.get(email="mette.kjaergaard@lbf.dk")
    assert mette.affiliations.get().organisation == partners["lbf"]
    assert set(mette.tags.values_list("name", flat=True)) == {"nytårskur", "helhedsplan"}
    assert Contact.objects.get(last_name="Østergaard").affiliations.get().organisation == partners["msb"]
    assert {c.affiliations.get().organisation for c in Contact.objects.filter(email__endswith="@bbbo.dk")} == {
        partners["bb"]
    }
    assert list(OrganisationAlias.objects.values_list("organisation", "name")) == [
        (partners["bb"].pk, "Brabrand Boligforning")
    ]
    assert Tag.objects.count() == 2  # "nytårskur; helhedsplan" is two existing tags, not a new one

    # The same file again: found by the remembered name, nothing to ask, nothing changes.
    before = db_fingerprint(exclude=("partners_importbatch",))
    url = upload(staff_client, data)
    page = staff_client.get(url)
    report = page.context["report"]
    assert report.ok and not report.unmatched
    assert (report.counts["new"], report.counts["updated"], report.counts["unchanged"]) == (0, 0, 4)
    staff_client.post(url + "confirm/", OPTIONS)
    assert db_fingerprint(exclude=("partners_importbatch",)) == before


def test_a_new_tag_spelt_like_an_existing_one_is_offered_as_that_tag(staff_client, partners):
    data = csv_bytes(
        [HEADINGS, ["Mette", "Kjærgaard", "mette@lbf.dk", "LBF", "", "Nytaarskur"]]
    )  # "aa" for "å": the fold makes them one
    url = upload(staff_client, data)
    page = staff_client.get(url)
    [unmatched] = page.context["report"].unmatched
    assert unmatched.kind == "tag" and unmatched.suggestions[0].label == "nytårskur"
    assert page.context["report"].ok  # a new tag is no error: it would be created
    assert page.context["mapping_items"][0]["preselect"] == str(partners["nytaarskur"].pk)
    staff_client.post(url + "mapping/", mapping_post(page))
    page = staff_client.get(url)
    assert not page.context["report"].new_tags and not page.context["report"].unmatched
    staff_client.post(url + "confirm/", OPTIONS)
    assert list(Contact.objects.get().tags.all()) == [partners["nytaarskur"]]
    assert Tag.objects.count() == 2


def test_a_new_tag_unlike_any_is_created_without_asking(staff_client, partners):
    url = upload(staff_client, csv_bytes([HEADINGS, ["Mette", "Kjærgaard", "mette@lbf.dk", "LBF", "", "byggeudvalg"]]))
    report = staff_client.get(url).context["report"]
    assert report.ok and report.new_tags == ["byggeudvalg"] and not report.unmatched


def test_a_staff_member_and_a_theme_are_mapped_and_a_new_theme_is_created_only_when_the_import_is_saved(
    staff_client, staff_user
):
    from partners.models import Collaboration, Theme

    factories.ThemeFactory(name="Beskæftigelse")
    staff_user.first_name, staff_user.last_name = "Lise", "Skov"
    staff_user.save()
    data = csv_bytes(
        [
            ["Titel", "Type", "Temaer", "Ansvarlig"],
            ["Jobindsats i Gellerup", "Partnerskab", "Beskæftigelsen; Tryghed", "lise.skov"],
        ]
    )
    url = upload(staff_client, data, entity="collaborations", name="samarbejder.csv")
    page = staff_client.get(url)
    items = {(item["unmatched"].kind, item["unmatched"].value): item for item in page.context["mapping_items"]}
    assert set(items) == {("theme", "Beskæftigelsen"), ("theme", "Tryghed"), ("user", "lise.skov")}
    assert items[("theme", "Beskæftigelsen")]["unmatched"].suggestions[0].label == "Beskæftigelse"
    assert items[("user", "lise.skov")]["preselect"] == str(staff_user.pk)  # by the full name
    tryghed = items[("theme", "Tryghed")]
    assert tryghed["unmatched"].creatable and not tryghed["unmatched"].suggestions
    staff_client.post(url + "mapping/", mapping_post(page, **{f"choice_{tryghed['index']}": "new"}))
    report = staff_client.get(url).context["report"]
    assert report.ok and report.new_themes == ["Tryghed"] and not Theme.objects.filter(name="Tryghed").exists()
    staff_client.post(url + "confirm/", OPTIONS)
    collaboration = Collaboration.objects.get()
    assert set(collaboration.themes.values_list("name", flat=True)) == {"Beskæftigelse", "Tryghed"}
    assert collaboration.responsible == staff_user


@pytest.mark.parametrize(
    "forged",
    [
        {"choice_0": "999999"},  # an organisation that does not exist
        {"choice_0": "other", "other_0": "999999"},
        {"choice_0": "other", "other_0": "abc"},
        {"choice_0": "new"},  # an organisation is never created from a contact list
        {"choice_0": "<script>"},
        {"kind_0": "contact"},
        {"count": "100000"},
        {"count": "x"},
    ],
)
def test_a_forged_mapping_is_a_message_not_a_server_error_and_nothing_is_kept(staff_client, partners, forged):
    url = upload(staff_client, contact_list())
    page = staff_client.get(url)
    response = staff_client.post(url + "mapping/", mapping_post(page, **forged), follow=True)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.unmatched and not report.ok  # still asking
    assert not response.context["mapped"]
    if forged.get("count") != "x":
        assert "kunne ikke bruges" in response.content.decode() or forged.get("count") == "100000"


def test_a_mapping_for_an_unknown_upload_goes_back_to_the_start(staff_client, manager_client):
    response = staff_client.post("/import/" + "0" * 64 + "/mapping/", {"count": "0"})
    assert response.status_code == 302 and response["Location"] == "/import/"
    assert manager_client.post("/import/" + "0" * 64 + "/mapping/", {"count": "0"}).status_code == 403


def test_a_record_picked_by_search_is_the_choice(staff_client, partners):
    url = upload(staff_client, contact_list())
    page = staff_client.get(url)
    other = factories.HousingOrganisationFactory(name="Alboa")
    staff_client.post(url + "mapping/", mapping_post(page, choice_0="", other_0=str(other.pk)))
    page = staff_client.get(url)
    assert page.context["report"].ok
    assert [choice["target"] for choice in page.context["mapped"]] == ["Alboa"]


def test_the_choices_can_be_removed(staff_client, partners):
    url = upload(staff_client, contact_list())
    page = staff_client.get(url)
    staff_client.post(url + "mapping/", mapping_post(page))
    assert staff_client.get(url).context["report"].ok
    staff_client.post(url + "mapping/", {"clear": "1"})
    page = staff_client.get(url)
    assert page.context["report"].unmatched and not page.context["mapped"]


# --- partial import --------------------------------------------------------------------------------------------


def bad_contact_list() -> list[list]:
    return [
        HEADINGS,
        ["Mette", "Kjærgaard", "mette@lbf.dk", "LBF", "Chefkonsulent", "nytårskur"],
        ["Forkert", "Adresse", "ikke-en-adresse", "LBF", "", ""],
        ["Søren", "Østergaard", "soeren@aarhus.dk", "MSB", "", ""],
        ["Ukendt", "Sted", "ukendt@example.dk", "Gellerup Fælles Råd", "", ""],
    ]


def test_all_or_nothing_stays_the_default_and_the_valid_rows_are_an_explicit_second_choice(staff_client, partners):
    url = upload(staff_client, csv_bytes(bad_contact_list()))
    page = staff_client.get(url)
    html = page.content.decode()
    assert page.context["can_import_valid_rows"]
    assert "Importér de gyldige rækker og hent resten som fil" in html
    assert 'name="partial"' in html and 'btn btn-primary"><i class="bi bi-check2' not in html
    staff_client.post(url + "confirm/", OPTIONS)  # the default: nothing
    assert not Contact.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_rest_comes_back_in_the_same_format_with_the_errors_and_imports_when_corrected(
    staff_client, partners, file_format
):
    rows = bad_contact_list()
    if file_format == "csv":
        data, name = csv_bytes(rows, delimiter="\t", encoding="cp1252"), "kontakter.txt"
    else:
        data, name = xlsx_bytes(rows), "kontakter.xlsx"
    url = upload(staff_client, data, name=name)
    response = staff_client.post(url + "confirm/", {**OPTIONS, "partial": "1"})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.created_count == 2
    assert set(Contact.objects.values_list("email", flat=True)) == {"mette@lbf.dk", "soeren@aarhus.dk"}
    page = staff_client.get(response["Location"])
    assert "2 rækker med fejl blev ikke importeret" in page.content.decode()

    rest = staff_client.get(f"/import/batches/{batch.pk}/rest/")
    assert rest.status_code == 200
    content = b"".join(rest.streaming_content) if rest.streaming else rest.content
    if file_format == "csv":
        assert rest["Content-Type"] == "text/csv" and "kontakter-fejl.csv" in rest["Content-Disposition"]
        back = list(csv.reader(io.StringIO(content.decode("cp1252")), delimiter="\t"))  # same separator, same charset
    else:
        assert "kontakter-fejl.xlsx" in rest["Content-Disposition"]
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        back = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert back[0] == [*HEADINGS, "Fejl"]
    assert [row[:6] for row in back[1:]] == [rows[2], rows[4]]
    assert back[1][6].startswith("E-mail: ") and "Organisation" in back[2][6] and "Gellerup Fælles Råd" in back[2][6]

    def as_file(rows):
        return csv_bytes(rows, delimiter="\t") if file_format == "csv" else xlsx_bytes(rows)

    # Imported again uncorrected: no row is valid, nothing is imported (no empty batch), the errors are shown.
    response = staff_client.post(
        upload(staff_client, as_file(back), name=name) + "confirm/", {**OPTIONS, "partial": "1"}
    )
    assert response.status_code == 200 and response.context["report"].error_rows == 2
    assert ImportBatch.objects.count() == 1

    # One row corrected: it goes in, and the rest's rest has one error column, with the remaining problem.
    back[1][2] = "forkert.adresse@lbf.dk"
    staff_client.post(upload(staff_client, as_file(back), name=name) + "confirm/", {**OPTIONS, "partial": "1"})
    second = ImportBatch.objects.latest("pk")
    assert second.created_count == 1
    rest = staff_client.get(f"/import/batches/{second.pk}/rest/")
    if file_format == "csv":
        again = list(csv.reader(io.StringIO(rest.content.decode("cp1252")), delimiter="\t"))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(rest.content)).active
        again = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert again[0] == [*HEADINGS, "Fejl"] and len(again) == 2 and "Gellerup Fælles Råd" in again[1][6]

    # The last one corrected, the error column left where it is: everything in.
    back = [again[0], again[1]]
    back[1][3] = "Brabrand Boligforening"
    fixed = as_file(back)
    url = upload(staff_client, fixed, name=name)
    page = staff_client.get(url)
    report = page.context["report"]
    assert report.ok and report.counts["new"] == 1
    assert not report.ignored_columns  # the error column is read past, without a word
    staff_client.post(url + "confirm/", OPTIONS)
    assert Contact.objects.count() == 4
    assert Contact.objects.get(last_name="Sted").affiliations.get().organisation == partners["bb"]


def test_a_row_that_needs_a_left_out_row_is_left_out_too(staff_client):
    data = csv_bytes(
        [
            ["Navn", "Type", "Overordnet organisation", "CVR"],
            ["Aarhus Kommune", "Kommune", "", "123"],  # a bad CVR number
            ["Borgerservice", "Forvaltning", "Aarhus Kommune", ""],  # needs the row above
            ["Odense Kommune", "Kommune", "", ""],
        ]
    )
    url = upload(staff_client, data, entity="organisations", name="organisationer.csv")
    response = staff_client.post(url + "confirm/", {**OPTIONS, "partial": "1"})
    assert response.status_code == 302
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Odense Kommune"]
    rest = staff_client.get(f"/import/batches/{ImportBatch.objects.get().pk}/rest/")
    # An ASCII file reads as UTF-8; its rest gets a BOM, so Excel shows the messages' æ, ø and å.
    back = list(csv.reader(io.StringIO(rest.content.decode("utf-8-sig")), delimiter=";"))
    assert rest.content.startswith(b"\xef\xbb\xbf")
    assert [row[0] for row in back[1:]] == ["Aarhus Kommune", "Borgerservice"]
    assert Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).count() == 1


def test_the_rest_file_is_only_for_the_session_that_imported(staff_client, client, staff_user, partners):
    url = upload(staff_client, csv_bytes(bad_contact_list()))
    staff_client.post(url + "confirm/", {**OPTIONS, "partial": "1"})
    batch = ImportBatch.objects.get()
    other = client
    other.force_login(staff_user)  # the same user in another browser: the file is not there
    response = other.get(f"/import/batches/{batch.pk}/rest/")
    assert response.status_code == 302


# --- likely existing records ------------------------------------------------------------------------------------


def test_a_new_organisation_like_an_existing_one_is_marked_with_a_link(staff_client, partners):
    aarhus = Organisation.objects.get(name="Aarhus Kommune")
    estate = factories.EstateFactory(name="Afdeling 1", parent=partners["bb"])
    factories.HousingOrganisationFactory(name="Alboa", parent=None)
    data = csv_bytes(
        [
            ["Navn", "Type", "Overordnet organisation"],
            ["Brabrand Boligforeningen", "Boligorganisation", ""],  # one letter more
            ["Afdeling 1", "Afdeling", "Alboa"],  # the same name under another parent: another estate
            ["Beskæftigelsesforvaltningen", "Forvaltning", "Aarhus Kommune"],
        ]
    )
    url = upload(staff_client, data, entity="organisations", name="organisationer.csv")
    page = staff_client.get(url)
    rows = {row.label: row for row in page.context["report"].rows}
    assert [d.record for d in rows["Brabrand Boligforeningen"].likely] == [partners["bb"]]
    assert not rows["Afdeling 1"].likely and estate.parent != aarhus
    html = page.content.decode()
    assert "Findes måske allerede i registret:" in html and partners["bb"].get_absolute_url() in html


def test_a_new_contact_with_the_same_folded_name_at_the_same_organisation_is_marked(staff_client, partners):
    mette = factories.ContactFactory(first_name="Mette", last_name="Kjærgaard", email="mk@lbf.dk")
    factories.AffiliationFactory(contact=mette, organisation=partners["lbf"])
    other = factories.ContactFactory(first_name="Søren", last_name="Holm", email="sh@aarhus.dk")
    factories.AffiliationFactory(contact=other, organisation=partners["msb"])
    data = csv_bytes(
        [
            HEADINGS,
            ["Mette", "Kjaergaard", "mette.kjaergaard@lbf.dk", "LBF", "", ""],  # a new address, the old spelling
            ["Soeren", "Holm", "soeren.holm@bbbo.dk", "Brabrand Boligforening", "", ""],  # namesake elsewhere
        ]
    )
    url = upload(staff_client, data)
    rows = {row.row: row for row in staff_client.get(url).context["report"].rows}
    assert [d.record for d in rows[2].likely] == [mette]
    assert not rows[3].likely
