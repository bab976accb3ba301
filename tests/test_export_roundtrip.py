"""Export → (edit in Excel →) import: re-importing an export changes nothing; an edited cell updates that record."""

import datetime
import io

import openpyxl
import pytest
from django.db.models import Count
from django.utils import timezone

from partners.models import CollaborationPartner, Contact, Invitation, Organisation
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


def assert_reimport_changes_nothing(data: bytes, entity: str, export_format: str):
    """Importing ``data`` (an export) leaves every row unchanged and every table as it was."""
    before, before_counts = db_fingerprint(exclude=("partners_importbatch",)), counts()
    report = import_file(entity=entity, data=data, file_name=f"export.{export_format}", commit=True)
    assert report.committed, [(e.row, e.column, e.value, e.message) for e in report.errors][:10]
    assert report.counts["new"] == report.counts["updated"] == 0, [r.changes for r in report.rows if r.changes][:10]
    assert report.counts["unchanged"] == report.total_rows > 0
    assert db_fingerprint(exclude=("partners_importbatch",)) == before
    assert {k: v for k, v in counts().items() if k != "partners.ImportBatch"} == {
        k: v for k, v in before_counts.items() if k != "partners.ImportBatch"
    }
    return report


@pytest.mark.parametrize("entity", [*LISTS, "invitations"])
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_importing_an_export_changes_nothing(staff_client, world, entity, export_format):
    assert_reimport_changes_nothing(response_bytes(export(staff_client, entity, export_format)), entity, export_format)


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


# --- namesakes: every export names organisations so that the import finds exactly those again -----------------------


@pytest.fixture
def namesakes(staff_user):
    """Organisations that share names as they do at the reference scale (14,543 of 20,000 share 5,072 names)."""
    aarhus = factories.MunicipalityFactory(name="Aarhus Kommune", cvr="55133018", municipality_code="751")
    herning = factories.MunicipalityFactory(name="Herning Kommune", cvr="29189919", municipality_code="657")
    brabrand = factories.HousingOrganisationFactory(name="Brabrand Boligforening", cvr="31431239")
    aab = factories.HousingOrganisationFactory(name="AAB Aarhus")
    lbf = factories.NationalPartnerFactory(name="Landsbyggefonden", short_name="LBF")
    gellerup = factories.OrganisationFactory(name="Gellerup Fællesråd")
    toveshoj = factories.OrganisationFactory(name="Toveshøj Fællesråd")
    hasle = factories.OrganisationFactory(name="Hasle Fællesråd")
    first_brabrand = factories.EstateFactory(name="Afdeling 1", parent=brabrand, estate_number="1")
    first_aab = factories.EstateFactory(name="Afdeling 1", parent=aab, estate_number="1")
    orgs = {
        # one name, three parents: "Beboerforeningen (Gellerupparken)" …
        "gellerup": factories.OrganisationFactory(name="Beboerforeningen", parent=gellerup),
        "toveshoj": factories.OrganisationFactory(name="Beboerforeningen", parent=toveshoj),
        "no parent": factories.OrganisationFactory(name="Beboerforeningen"),
        # … and three under the same parent: one told apart by its CVR, two only by their ids
        "cvr": factories.OrganisationFactory(name="Beboerforeningen", parent=hasle, cvr="12345674"),
        "twin a": factories.OrganisationFactory(name="Beboerforeningen", parent=hasle),
        "twin b": factories.OrganisationFactory(name="Beboerforeningen", parent=hasle),
        # a name that is another organisation's short name
        "lbf club": factories.OrganisationFactory(name="LBF"),
    }
    orgs.update(lbf=lbf, brabrand=brabrand, first_brabrand=first_brabrand, first_aab=first_aab, aarhus=aarhus)
    tag = factories.TagFactory(name="nytårskur")
    contacts = []
    for number, org in enumerate(orgs.values()):
        contact = factories.ContactFactory(first_name="Kontakt", last_name=f"Nr. {number}", email=f"k{number}@ex.dk")
        factories.AffiliationFactory(contact=contact, organisation=org, title="Formand")
        contact.tags.add(tag)
        contacts.append(contact)
    # the same name and parent, no e-mail: matched by name and organisation when the ID column is gone
    twin_a_contact = factories.ContactFactory(first_name="Søren", last_name="Østergaard", email=None)
    factories.AffiliationFactory(contact=twin_a_contact, organisation=orgs["twin a"], title="Kasserer")
    twin_b_contact = factories.ContactFactory(first_name="Søren", last_name="Østergaard", email=None)
    factories.AffiliationFactory(contact=twin_b_contact, organisation=orgs["twin b"], title="Kasserer")
    area_aarhus = factories.AreaFactory(name="Gellerup", municipality=aarhus, list_year=2024)
    area_herning = factories.AreaFactory(name="Gellerup", municipality=herning, list_year=2024)
    area_aarhus.estates.add(first_brabrand, first_aab)
    theme = factories.ThemeFactory(name="Tryghed")
    for number, key in enumerate(["twin a", "twin b", "cvr", "gellerup", "lbf club"]):
        meeting = factories.MeetingFactory(
            subject=f"Beboermøde {number}",
            starts_at=timezone.make_aware(datetime.datetime(2027, 2, 1 + number, 17, 0)),
        )
        meeting.organisations.add(orgs[key], orgs["twin b"], lbf, first_aab)
        meeting.areas.add(area_aarhus, area_herning)
        meeting.themes.add(theme)
        meeting.contacts.add(contacts[number])
    collaboration = factories.CollaborationFactory(title="Beboerdemokrati i Aarhus", responsible=staff_user)
    for key in ("twin a", "twin b", "no parent", "lbf club"):
        CollaborationPartner.objects.create(collaboration=collaboration, organisation=orgs[key])
    collaboration.areas.add(area_herning)
    event = factories.EventFactory(name="Nytårskur 2027")
    for contact, key in zip(contacts, ["twin a", "twin b", "cvr", "toveshoj"], strict=False):
        factories.InvitationFactory(event=event, contact=contact, organisation=orgs[key])
    return orgs


@pytest.mark.parametrize("entity", [*LISTS, "invitations"])
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_export_of_namesakes_comes_back_unchanged(staff_client, namesakes, entity, export_format):
    assert_reimport_changes_nothing(response_bytes(export(staff_client, entity, export_format)), entity, export_format)


def test_an_export_names_each_organisation_by_the_first_unambiguous_reference(staff_client, namesakes):
    rows = {row["E-mail"]: row for row in read_csv_response(export(staff_client, "contacts"))}
    written = {key: rows[f"k{number}@ex.dk"]["Organisation"] for number, key in enumerate(namesakes)}
    ids = {key: rows[f"k{number}@ex.dk"]["Organisation-ID"] for number, key in enumerate(namesakes)}
    assert written == {
        "gellerup": "Beboerforeningen (Gellerup Fællesråd)",
        "toveshoj": "Beboerforeningen (Toveshøj Fællesråd)",
        "no parent": "Beboerforeningen",  # ambiguous, no parent, no CVR: the ID column tells it apart
        "cvr": "12345674",
        "twin a": "Beboerforeningen",
        "twin b": "Beboerforeningen",
        "lbf club": "LBF",  # Landsbyggefonden's short name too
        "lbf": "Landsbyggefonden",
        "brabrand": "Brabrand Boligforening",
        "first_brabrand": "Afdeling 1 (Brabrand Boligforening)",
        "first_aab": "Afdeling 1 (AAB Aarhus)",
        "aarhus": "Aarhus Kommune",
    }
    assert ids == {key: str(org.pk) for key, org in namesakes.items()}
    meetings = read_csv_response(export(staff_client, "meetings"))
    assert set(meetings[0]["Boligområder"].split(", ")) == {"Gellerup (Aarhus Kommune)", "Gellerup (Herning Kommune)"}
    first = meetings[0]
    names, pks = first["Organisationer"].split("|"), first["Organisation-ID'er"].split("|")
    assert len(names) == len(pks) == 4
    assert dict(zip(pks, names, strict=True))[str(namesakes["lbf"].pk)] == "Landsbyggefonden"
    organisations = {row["ID"]: row for row in read_csv_response(export(staff_client, "organisations"))}
    twin = organisations[str(namesakes["twin a"].pk)]
    assert twin["Overordnet organisation"] == "Hasle Fællesråd"
    assert twin["Overordnet organisation-ID"] == str(twin_parent := namesakes["twin a"].parent_id)
    assert organisations[str(twin_parent)]["Overordnet organisation"] == ""
    estate = organisations[str(namesakes["first_aab"].pk)]
    assert (estate["Navn"], estate["Overordnet organisation"]) == ("Afdeling 1", "AAB Aarhus")
    assert organisations[str(namesakes["lbf"].pk)]["Kort navn"] == "LBF"


def _without(rows: list[dict], *columns: str) -> bytes:
    headers = [h for h in rows[0] if h not in columns]
    return csv_bytes([headers] + [[row[h] for h in headers] for row in rows], encoding="utf-8", bom=True)


def test_without_the_id_columns_only_the_namesakes_that_nothing_else_tells_apart_are_refused(staff_client, namesakes):
    rows = read_csv_response(export(staff_client, "contacts"))
    report = import_file(entity="contacts", data=_without(rows, "ID", "Organisation-ID"), file_name="k.csv")
    refused = {(e.column, e.value) for e in report.errors}
    # "Beboerforeningen" without a parent, the two twins and the two Søren Østergaard who have no e-mail; the local
    # club "LBF" (Landsbyggefonden's short name too)
    assert {value for _column, value in refused} == {"Beboerforeningen", "LBF"}
    assert len(report.errors) == 6 and not report.committed
    assert "Several organisations are called" in report.errors[0].message or "Flere" in report.errors[0].message


def test_a_name_edited_in_the_spreadsheet_wins_over_the_id_column(staff_client, namesakes):
    """The ID column only tells namesakes apart: a person moved to another organisation in Excel is moved."""
    rows = read_csv_response(export(staff_client, "contacts"))
    twin_row = next(row for row in rows if row["Organisation-ID"] == str(namesakes["twin a"].pk) and row["E-mail"])
    twin_row["Organisation"] = "Brabrand Boligforening"  # the ID column still says the twin
    data = _without(rows)
    report = import_file(entity="contacts", data=data, file_name="k.csv", commit=True)
    assert report.committed and report.counts["updated"] == 1, [(e.column, e.message) for e in report.errors]
    contact = Contact.objects.get(email=twin_row["E-mail"])
    assert contact.affiliations.get(is_primary=True, end_date__isnull=True).organisation == namesakes["brabrand"]


def test_a_hand_made_file_with_plain_names_still_imports_when_they_are_unambiguous(namesakes):
    data = csv_bytes(
        [
            ["Fornavn", "Efternavn", "E-mail", "Organisation"],
            ["Mette", "Kjærgaard", "mette@ex.dk", "Brabrand Boligforening"],
            ["Jens", "Lund", "jens@ex.dk", "LBF"],  # the local club called LBF, or Landsbyggefonden? refused
            ["Anne", "Holm", "anne@ex.dk", "Beboerforeningen (Toveshøj Fællesråd)"],
            ["Ida", "Berg", "ida@ex.dk", "12345674"],
        ]
    )
    report = import_file(entity="contacts", data=data, file_name="haandlavet.csv")
    assert [(e.row, e.column) for e in report.errors] == [(3, "Organisation")]
    del_row = csv_bytes(
        [["Fornavn", "Efternavn", "E-mail", "Organisation"], ["Jens", "Lund", "jens@ex.dk", "Landsbyggefonden"]]
    )
    assert import_file(entity="contacts", data=del_row, file_name="h.csv", commit=True).committed


def test_an_export_of_a_register_full_of_namesakes_comes_back_unchanged(client, staff_user):
    """At a small scale what the reference database holds: most organisations share their name with others ("Afdeling
    1" under every housing organisation, a "Beboerforeningen" under every fællesråd and several under one), contacts
    and meetings name them; every export is imported again without a refused row and without a change."""
    import random

    rng = random.Random(13)
    housing = [factories.HousingOrganisationFactory(name=f"Boligforening {i % 4}") for i in range(8)]
    councils = [factories.OrganisationFactory(name=f"Fællesråd {i % 3}") for i in range(6)]
    orgs = [factories.EstateFactory(name=f"Afdeling {i % 5}", parent=housing[i % 8]) for i in range(40)]
    orgs += [factories.OrganisationFactory(name="Beboerforeningen", parent=councils[i % 6]) for i in range(30)]
    orgs += housing + councils
    tags = [factories.TagFactory(name=name) for name in ("nytårskur", "partnerskab", "helhedsplan")]
    contacts = []
    for i in range(150):
        contact = factories.ContactFactory(first_name="Person", last_name=f"{i}", email=f"p{i}@ex.dk")
        factories.AffiliationFactory(contact=contact, organisation=rng.choice(orgs), title="Formand")
        contact.tags.add(*rng.sample(tags, 2))
        contacts.append(contact)
    aarhus = factories.MunicipalityFactory(name="Aarhus Kommune")
    areas = [factories.AreaFactory(name=f"Område {i}", municipality=aarhus) for i in range(4)]
    for area in areas:
        area.estates.add(*rng.sample(orgs[:40], 3))
    for i in range(120):
        meeting = factories.MeetingFactory(
            subject=f"Møde {i}",
            starts_at=timezone.make_aware(datetime.datetime(2027, 3, 1, 8) + datetime.timedelta(hours=i)),
        )
        meeting.organisations.add(*rng.sample(orgs, 3))
        meeting.contacts.add(*rng.sample(contacts, 2))
        meeting.areas.add(rng.choice(areas))
    for i in range(5):
        collaboration = factories.CollaborationFactory(title=f"Samarbejde {i}")
        for org in rng.sample(orgs, 4):
            CollaborationPartner.objects.create(collaboration=collaboration, organisation=org)
    shared = Organisation.objects.values("name").annotate(n=Count("id")).filter(n__gt=1)
    assert sum(row["n"] for row in shared) > 70  # namesakes everywhere
    client.force_login(staff_user)
    for entity in ("organisations", "contacts", "meetings", "collaborations", "areas"):
        for export_format in ("csv", "xlsx"):
            data = response_bytes(export(client, entity, export_format))
            assert_reimport_changes_nothing(data, entity, export_format)
