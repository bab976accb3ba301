"""Export → (edit in Excel →) import: re-importing an export changes nothing; an edited cell updates that record."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from partners.models import CollaborationPartner, Invitation
from partners.models.collaborations import PartnerRole
from partners.models.events import InvitationStatus
from partners.transfer import exporting
from partners.transfer.imports import import_file
from partners.transfer.resources import InvitationResource
from tests import factories

from .test_import_support import counts, csv_bytes, db_fingerprint, read_csv_response, response_bytes

pytestmark = pytest.mark.django_db

LISTS = {
    "organisations": "/organisations/",
    "contacts": "/contacts/",
    "meetings": "/meetings/",
    "areas": "/areas/",
    "collaborations": "/collaborations/",
}


@pytest.fixture
def world(staff_user):
    """A small register with every kind of relation the exports write."""
    aarhus = factories.MunicipalityFactory(name="Aarhus Kommune", cvr="55133018", municipality_code="751")
    # Texts a spreadsheet would take for something else: the neutralised form of an old export, an error value.
    social = factories.AdministrationFactory(
        name="Sociale Forhold og Beskæftigelse", parent=aarhus, phone="'+45 89 40 20 00", notes="#N/A"
    )
    brabrand = factories.HousingOrganisationFactory(
        name="Brabrand Boligforening", city="Aarhus V", owner=staff_user, phone="+45 86 12 34 56", notes="-1500"
    )
    estate = factories.EstateFactory(name="Gellerupparken", parent=brabrand, estate_number="4")
    tag, theme = factories.TagFactory(name="helhedsplan"), factories.ThemeFactory(name="Beskæftigelse")
    brabrand.tags.add(tag)
    mette = factories.ContactFactory(
        first_name="Mette", last_name="Kjærgaard", email="mette@example.dk", phone="+45 20 11"
    )
    mette.tags.add(tag)
    factories.AffiliationFactory(contact=mette, organisation=brabrand, title="Områdeleder")
    jorgen = factories.ContactFactory(
        first_name="Jørgen", last_name="Lund-Ærø", email="jlae@example.dk", do_not_contact=True, notes="'=gammel"
    )
    factories.AffiliationFactory(contact=jorgen, organisation=social, title="-2+3")
    factories.ContactFactory(first_name="Uden", last_name="Job", email=None, notes="=1+1 er ikke en formel")
    area = factories.AreaFactory(name="Gellerup", municipality=aarhus, list_year=2024)
    area.estates.add(estate)
    collaboration = factories.CollaborationFactory(
        title="Helhedsplan Gellerup", responsible=staff_user, start_date=datetime.date(2023, 1, 1)
    )
    collaboration.themes.add(theme)
    collaboration.areas.add(area)
    CollaborationPartner.objects.create(collaboration=collaboration, organisation=brabrand, role=PartnerRole.LEAD)
    CollaborationPartner.objects.create(collaboration=collaboration, organisation=aarhus)
    meeting = factories.MeetingFactory(
        subject="Kontinuerlig tilstedeværelse", starts_at=timezone.make_aware(datetime.datetime(2027, 1, 12, 10, 30))
    )
    meeting.organisations.add(social, brabrand)
    meeting.contacts.add(mette, jorgen)
    meeting.collaborations.add(collaboration)
    meeting.areas.add(area)
    meeting.themes.add(theme)
    event = factories.EventFactory(name="Nytårskur 2027")
    factories.InvitationFactory(event=event, contact=mette, organisation=brabrand, status=InvitationStatus.ACCEPTED)
    factories.InvitationFactory(event=event, contact=jorgen, status=InvitationStatus.INVITED)
    return {"mette": mette, "meeting": meeting, "collaboration": collaboration, "area": area}


def export(client, entity, export_format="csv", delimiter="semicolon"):
    if entity == "invitations":
        response = exporting.export_response(
            resource=InvitationResource(),
            queryset=Invitation.objects.all(),
            export_format=export_format,
            filename="invitationer",
            delimiter=delimiter,
        )
    else:
        response = client.get(f"{LISTS[entity]}?export={export_format}&delimiter={delimiter}")
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("entity", [*LISTS, "invitations"])
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_importing_an_export_changes_nothing(staff_client, world, entity, export_format):
    data = response_bytes(export(staff_client, entity, export_format))
    before, before_counts = db_fingerprint(exclude=("partners_importbatch",)), counts()
    report = import_file(entity=entity, data=data, file_name=f"export.{export_format}", commit=True)
    assert report.committed, [(e.row, e.column, e.value, e.message) for e in report.errors]
    assert report.counts["new"] == report.counts["updated"] == 0, [r.changes for r in report.rows]
    assert report.counts["unchanged"] == report.total_rows > 0
    assert db_fingerprint(exclude=("partners_importbatch",)) == before
    assert {k: v for k, v in counts().items() if k != "partners.ImportBatch"} == {
        k: v for k, v in before_counts.items() if k != "partners.ImportBatch"
    }


@pytest.mark.parametrize("entity", ["organisations", "contacts"])
def test_an_xlsx_export_shows_the_texts_and_a_spreadsheet_saving_it_again_changes_nothing(staff_client, world, entity):
    """What Excel shows is the text itself (no apostrophe; a text cell, never a formula); saved again by a spreadsheet
    program (openpyxl here, which keeps the cells' types and styles as Excel does) and imported, nothing changes."""
    workbook = openpyxl.load_workbook(io.BytesIO(response_bytes(export(staff_client, entity, "xlsx"))))
    cells = {cell.value: cell for row in workbook.active.iter_rows() for cell in row if cell.value is not None}
    texts, starting_with_an_apostrophe = {
        "organisations": (["+45 86 12 34 56", "-1500", "#N/A"], "'+45 89 40 20 00"),
        "contacts": (["+45 20 11", "=1+1 er ikke en formel", "-2+3"], "'=gammel"),
    }[entity]
    # A text that itself starts with an apostrophe and a formula character keeps the one that neutralised it (the
    # import takes that one off); every other text is shown as it is.
    shown = [*texts, "'" + starting_with_an_apostrophe]
    for text in shown:
        assert cells[text].data_type == "s" and cells[text].quotePrefix
    assert [v for v in cells if isinstance(v, str) and v.startswith("'")] == ["'" + starting_with_an_apostrophe]
    assert all(cell.data_type != "f" for cell in cells.values())
    saved = io.BytesIO()
    workbook.save(saved)
    before = db_fingerprint(exclude=("partners_importbatch",))
    report = import_file(entity=entity, data=saved.getvalue(), file_name="gemt.xlsx", commit=True)
    assert report.committed and report.counts["unchanged"] == report.total_rows > 0, [r.changes for r in report.rows]
    assert db_fingerprint(exclude=("partners_importbatch",)) == before


def test_an_edited_export_updates_the_same_records(staff_client, world):
    rows = read_csv_response(export(staff_client, "contacts"))
    headers = list(rows[0])
    mette = next(row for row in rows if row[headers[5]] == "mette@example.dk")
    phone_column = headers[6]
    assert mette[phone_column] == "+45 20 11"  # a phone number is data: written as it is, no apostrophe
    mette[phone_column] = "+45 99 99 99 99"
    data = csv_bytes([headers] + [[row[h] for h in headers] for row in rows], encoding="utf-8", bom=True)
    report = import_file(entity="contacts", data=data, file_name="rettet.csv", commit=True)
    assert report.committed and report.counts["updated"] == 1 and report.counts["new"] == 0
    world["mette"].refresh_from_db()
    assert world["mette"].phone == "+45 99 99 99 99"
    assert world["mette"].history.first().history_change_reason == report.batch.change_reason


def test_a_meeting_moved_in_the_export_is_updated_by_its_id(staff_client, world):
    rows = read_csv_response(export(staff_client, "meetings"))
    headers = list(rows[0])
    rows[0][headers[1]] = "13-01-2027 09:00"
    data = csv_bytes([headers] + [[row[h] for h in headers] for row in rows], encoding="utf-8", bom=True)
    report = import_file(entity="meetings", data=data, file_name="m.csv", commit=True)
    assert report.committed and report.counts["updated"] == 1
    world["meeting"].refresh_from_db()
    assert timezone.localtime(world["meeting"].starts_at).replace(tzinfo=None) == datetime.datetime(2027, 1, 13, 9, 0)
    assert world["meeting"].organisations.count() == 2 and world["meeting"].contacts.count() == 2


def test_large_exports_are_streamed_and_hold_the_same_rows(staff_client, monkeypatch):
    for i in range(30):
        factories.OrganisationFactory(name=f"Forening {i:02}")
    small = read_csv_response(staff_client.get("/organisations/?export=csv&sort=name"))
    monkeypatch.setattr(exporting, "STREAM_THRESHOLD", 10)
    monkeypatch.setattr(exporting, "CHUNK_SIZE", 7)
    response = staff_client.get("/organisations/?export=csv&sort=name")
    assert response.streaming
    streamed = read_csv_response(response)
    assert streamed == small and len(streamed) == 30
    assert [row[list(row)[1]] for row in streamed] == sorted(f"Forening {i:02}" for i in range(30))
    xlsx = staff_client.get("/organisations/?export=xlsx")
    assert xlsx.streaming and response_bytes(xlsx).startswith(b"PK")


def test_the_export_keeps_the_filter_and_the_order_of_the_list(staff_client):
    for name in ["Charlie", "Alpha", "Bravo"]:
        factories.OrganisationFactory(name=name, city="Aarhus")
    factories.OrganisationFactory(name="Delta", city="Odense")
    rows = read_csv_response(staff_client.get("/organisations/?export=csv&q=Aarhus"))
    assert [row[list(row)[1]] for row in rows] == ["Alpha", "Bravo", "Charlie"]


def test_export_file_names_spell_out_danish_letters():
    assert exporting.export_filename("Møder på Århus", "csv").startswith("moeder-paa-aarhus-")


RESOURCES = {
    "organisations": ("partners.transfer.resources.OrganisationResource", "Organisation"),
    "contacts": ("partners.transfer.resources.ContactResource", "Contact"),
    "meetings": ("partners.transfer.resources.MeetingResource", "Meeting"),
    "areas": ("partners.transfer.resources.AreaResource", "Area"),
    "collaborations": ("partners.transfer.resources.CollaborationResource", "Collaboration"),
    "invitations": ("partners.transfer.resources.InvitationResource", "Invitation"),
    "events": ("partners.transfer.resources.EventResource", "Event"),
    "follow-ups": ("partners.transfer.resources.FollowUpResource", "FollowUp"),
}


@pytest.mark.parametrize("entity", sorted(RESOURCES))
def test_the_value_export_writes_exactly_what_the_object_export_writes(world, entity):
    from django.utils.module_loading import import_string

    from partners import models

    factories.FollowUpFactory(meeting=world["meeting"], text="-Ring tilbage")
    resource_path, model_name = RESOURCES[entity]
    resource = import_string(resource_path)()
    queryset = getattr(models, model_name).objects.all()
    assert resource.export_columns() is not None
    by_values = list(exporting.export_rows(resource, queryset))
    by_objects = list(exporting.export_rows(resource, queryset, exporting.ordered_pks(queryset)))
    assert by_values == by_objects and by_values


@pytest.mark.django_db(transaction=True)
def test_a_large_export_outside_a_transaction_looks_up_relations_alongside(client, staff_user, monkeypatch):
    """Outside a transaction the relations of the next chunk are fetched in a second thread; same rows."""
    client.force_login(staff_user)
    tag = factories.TagFactory(name="helhedsplan")
    for i in range(25):
        contact = factories.ContactFactory(first_name=f"Person {i:02}", email=f"p{i}@example.dk")
        contact.tags.add(tag)
        factories.AffiliationFactory(contact=contact, title=f"Titel {i}")
    monkeypatch.setattr(exporting, "CHUNK_SIZE", 4)
    monkeypatch.setattr(exporting, "STREAM_THRESHOLD", 5)
    rows = read_csv_response(client.get("/contacts/?export=csv"))
    assert len(rows) == 25
    values = [list(row.values()) for row in rows]
    assert all("helhedsplan" in row and any(v.startswith("Titel ") for v in row) for row in values)
