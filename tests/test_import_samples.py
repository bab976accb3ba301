"""The three Danish Excel files in ../shared/samples import as they are — through the service and the page."""

import datetime

import pytest
from django.utils import timezone

from partners.models import Affiliation, Contact, ImportBatch, Meeting, Organisation, Tag
from partners.models.meetings import MeetingKind
from partners.models.organisations import OrganisationKind
from partners.transfer.imports import import_file

from .test_import_support import counts, db_fingerprint, sample

pytestmark = pytest.mark.django_db

SAMPLE_FILES = [
    ("organisations", "organisationer_excel.csv"),
    ("contacts", "kontakter_excel.csv"),
    ("meetings", "moeder_excel.csv"),
]


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)


def import_samples(user=None):
    reports = []
    for entity, name in SAMPLE_FILES:
        report = import_file(entity=entity, data=sample(name), file_name=name, user=user, commit=True)
        assert report.committed, [(e.row, e.column, e.message) for e in report.errors]
        reports.append(report)
    return reports


def test_the_three_sample_files_import_as_they_are(staff_user):
    organisations, contacts, meetings = import_samples(staff_user)
    assert organisations.counts["new"] == 14 and contacts.counts["new"] == 8 and meetings.counts["new"] == 3

    aarhus = Organisation.objects.get(name="Aarhus Kommune")
    assert (aarhus.kind, aarhus.cvr) == (OrganisationKind.MUNICIPALITY, "55133018")
    administration = Organisation.objects.get(name="Sociale Forhold og Beskæftigelse")
    assert (administration.kind, administration.parent) == (OrganisationKind.ADMINISTRATION, aarhus)
    assert Organisation.objects.get(name="KL").kind == OrganisationKind.NATIONAL_PARTNER
    assert Organisation.objects.get(name="Østjyllands Politi").kind == OrganisationKind.LOCAL_ORGANISATION

    mette = Contact.objects.get(email="mette.kjaergaard@brabrand.example.dk")
    assert (mette.first_name, mette.last_name, mette.phone) == ("Mette", "Kjærgaard", "20 11 22 33")
    job = Affiliation.objects.get(contact=mette)
    assert (job.organisation.name, job.title, job.is_primary, job.end_date) == (
        "Brabrand Boligforening",
        "Områdeleder",
        True,
        None,
    )
    assert set(mette.tags.values_list("name", flat=True)) == {"helhedsplan", "beskæftigelse", "nytårskur"}
    aisha = Contact.objects.get(last_name="Hassan")
    assert set(aisha.tags.values_list("name", flat=True)) == {"sundhed"}  # "Nej" to the New Year's reception
    assert Tag.objects.filter(name="nytårskur").get().contacts.count() == 6

    reception = Meeting.objects.get(subject="Nytårskur 2027")
    assert reception.kind == MeetingKind.EVENT
    assert timezone.localtime(reception.starts_at).replace(tzinfo=None) == datetime.datetime(2027, 1, 4, 15, 0)
    assert set(reception.organisations.values_list("name", flat=True)) == {
        "Aarhus Kommune",
        "Brabrand Boligforening",
        "KL",
    }
    assert set(reception.contacts.values_list("email", flat=True)) == {
        "mette.kjaergaard@brabrand.example.dk",
        "bmo@kl.example.dk",
    }
    # The unquoted ";" Excel left in the minutes is put back where it belongs.
    assert reception.minutes == "Godt fremmøde; opfølgning på helhedsplan aftalt."
    call = Meeting.objects.get(subject="Anbefalinger om sundhed")
    assert call.kind == MeetingKind.PHONE
    assert timezone.localtime(Meeting.objects.get(subject__startswith="Kontinuerlig").starts_at).hour == 10


def test_importing_the_samples_again_changes_nothing(staff_user):
    import_samples(staff_user)
    before = db_fingerprint()
    for entity, name in SAMPLE_FILES:
        preview = import_file(entity=entity, data=sample(name), file_name=name, commit=False)
        assert preview.counts["unchanged"] == preview.total_rows and not preview.errors, name
    batches = ImportBatch.objects.count()
    for entity, name in SAMPLE_FILES:
        report = import_file(entity=entity, data=sample(name), file_name=name, user=staff_user, commit=True)
        assert report.committed and report.counts["new"] == report.counts["updated"] == 0
    # Only the three new batch records differ: no register row, no history record.
    assert ImportBatch.objects.count() == batches + 3
    for batch in ImportBatch.objects.order_by("-id")[:3]:
        batch.delete()
    assert db_fingerprint() == before


def test_the_batch_is_recorded_and_the_history_points_to_it(staff_user):
    organisations, contacts, meetings = import_samples(staff_user)
    batch = contacts.batch
    assert (batch.user, batch.entity, batch.file_name, batch.created_count) == (
        staff_user,
        "contacts",
        "kontakter_excel.csv",
        8,
    )
    assert batch.sha256 == contacts.sha256 and len(batch.sha256) == 64
    history = Contact.history.filter(history_change_reason=f"import:{batch.pk}")
    assert history.count() == 8
    assert {h.history_user_id for h in history} == {staff_user.pk}
    assert Affiliation.history.filter(history_change_reason=f"import:{batch.pk}").count() == 8
    assert Organisation.history.filter(history_change_reason=f"import:{organisations.batch.pk}").count() == 14
    assert Meeting.history.filter(history_change_reason=f"import:{meetings.batch.pk}").count() == 3


def test_a_sample_file_through_the_import_page(staff_client, staff_user):
    import_file(entity="organisations", data=sample("organisationer_excel.csv"), file_name="o.csv", commit=True)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("kontakter_excel.csv", sample("kontakter_excel.csv"), content_type="text/csv")
    response = staff_client.post(
        "/import/",
        {"entity": "contacts", "file": upload, "mode": "create_update", "encoding": "auto", "delimiter": "auto"},
    )
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = staff_client.get(preview_url)
    assert preview.status_code == 200
    report = preview.context["report"]
    assert report.counts["new"] == 8 and report.ok
    assert "Mette Kjærgaard" in preview.content.decode()
    assert not Contact.objects.exists()  # the preview saved nothing

    response = staff_client.post(
        preview_url + "confirm/", {"mode": "create_update", "encoding": "auto", "delimiter": "auto"}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get(entity="contacts")
    assert response["Location"] == f"/import/batches/{batch.pk}/"
    assert (Contact.objects.count(), batch.user) == (8, staff_user)
    summary = staff_client.get(response["Location"])
    assert summary.status_code == 200 and summary.context["history_count"] == 8
    # The file was removed when it had been imported: confirming again goes back to the start.
    again = staff_client.post(
        preview_url + "confirm/", {"mode": "create_update", "encoding": "auto", "delimiter": "auto"}
    )
    assert again.status_code == 302 and again["Location"] == "/import/"
    assert counts()["partners.Contact"] == 8
