"""Cells with several values as people type them: tags and themes split on "," and ";"; ID columns."""

import datetime

import pytest
from django.utils import timezone

from partners.models import Collaboration, Contact, Meeting, Organisation, Tag, Theme
from partners.transfer.imports import import_file
from partners.transfer.widgets import LABEL_SEPARATORS, NamesWidget, parse_ids
from tests import factories

from .test_import_support import csv_bytes

pytestmark = pytest.mark.django_db


def test_a_label_cell_splits_on_commas_and_semicolons_each_name_once():
    widget = NamesWidget(Tag, also=LABEL_SEPARATORS)
    assert widget.split("nytårskur; partnerskab") == ["nytårskur", "partnerskab"]
    assert widget.split(" nytårskur ;;Partnerskab,  helhedsplan , NYTÅRSKUR;") == [
        "nytårskur",
        "Partnerskab",
        "helhedsplan",
    ]
    assert widget.split("") == [] and widget.split(None) == []


def test_a_cell_of_organisations_splits_only_on_the_bar():
    """An organisation's name may hold a comma or a semicolon; organisations are separated by "|"."""
    widget = NamesWidget(Organisation, separator="|")
    assert widget.split("Sociale Forhold og Beskæftigelse, Aarhus|KL; Kommunernes Landsforening") == [
        "Sociale Forhold og Beskæftigelse, Aarhus",
        "KL; Kommunernes Landsforening",
    ]
    assert widget.split("Beboerforeningen|Beboerforeningen", unique=False) == ["Beboerforeningen"] * 2


def test_an_id_cell_holds_ids_separated_as_the_export_writes_them_or_as_people_type_them():
    assert parse_ids("17") == [17]
    assert parse_ids("17|42") == parse_ids(" 17 ; 42 ") == parse_ids("17, 42") == [17, 42]
    assert parse_ids("") == parse_ids(None) == []
    with pytest.raises(ValueError):
        parse_ids("17|Brabrand")


@pytest.fixture
def labels():
    return {name: factories.TagFactory(name=name) for name in ("nytårskur", "partnerskab", "helhedsplan")}


def test_contact_tags_separated_by_semicolons_are_the_existing_tags(labels):
    data = csv_bytes(
        [
            ["Fornavn", "Efternavn", "E-mail", "Tags"],
            ["Mette", "Kjærgaard", "mette@example.dk", "nytårskur; partnerskab"],
            ["Søren", "Østergaard", "soeren@example.dk", "Nytårskur;Helhedsplan, partnerskab"],
            ["Ida", "Ærø", "ida@example.dk", "nytårskur, beboerdemokrati"],
        ]
    )
    report = import_file(entity="contacts", data=data, file_name="kontakter.csv", commit=True)
    assert report.committed, [(e.column, e.message) for e in report.errors]
    assert report.new_tags == ["beboerdemokrati"]
    assert Tag.objects.count() == 4
    tags = {c.email: sorted(t.name for t in c.tags.all()) for c in Contact.objects.prefetch_related("tags")}
    assert tags == {
        "mette@example.dk": ["nytårskur", "partnerskab"],
        "soeren@example.dk": ["helhedsplan", "nytårskur", "partnerskab"],
        "ida@example.dk": ["beboerdemokrati", "nytårskur"],
    }
    # imported again, with the tags in another order and separator: nothing changes
    again = csv_bytes(
        [
            ["Fornavn", "Efternavn", "E-mail", "Tags"],
            ["Mette", "Kjærgaard", "mette@example.dk", "partnerskab, nytårskur"],
            ["Søren", "Østergaard", "soeren@example.dk", "partnerskab; helhedsplan; nytårskur"],
            ["Ida", "Ærø", "ida@example.dk", "beboerdemokrati;nytårskur"],
        ]
    )
    report = import_file(entity="contacts", data=again, file_name="kontakter.csv", commit=True)
    assert report.counts["unchanged"] == 3


def test_the_new_year_column_and_semicolon_tags_together(labels):
    data = csv_bytes(
        [
            ["Fornavn", "Efternavn", "E-mail", "Tags", "Inviter til nytårskur"],
            ["Mette", "Kjærgaard", "mette@example.dk", "partnerskab; helhedsplan", "Ja"],
        ]
    )
    assert import_file(entity="contacts", data=data, file_name="k.csv", commit=True).committed
    assert sorted(Contact.objects.get().tags.values_list("name", flat=True)) == [
        "helhedsplan",
        "nytårskur",
        "partnerskab",
    ]


def test_organisation_tags_separated_by_semicolons(labels):
    data = csv_bytes(
        [["Navn", "Type", "Tags"], ["Brabrand Boligforening", "Boligorganisation", "helhedsplan;partnerskab"]]
    )
    assert import_file(entity="organisations", data=data, file_name="o.csv", commit=True).committed
    org = Organisation.objects.get(name="Brabrand Boligforening")
    assert sorted(org.tags.values_list("name", flat=True)) == ["helhedsplan", "partnerskab"]


def test_meeting_and_collaboration_themes_separated_by_semicolons():
    for name in ("Beskæftigelse", "Tryghed", "Uddannelse"):
        factories.ThemeFactory(name=name)
    meetings = csv_bytes(
        [
            ["Dato", "Tidspunkt", "Emne", "Temaer"],
            ["12-01-2027", "10:30", "Kontinuerlig tilstedeværelse", "Beskæftigelse; Tryghed"],
            ["13-01-2027", "9.00", "Lektiecafé", "uddannelse,tryghed"],
        ]
    )
    report = import_file(entity="meetings", data=meetings, file_name="m.csv", commit=True)
    assert report.committed, [(e.column, e.message) for e in report.errors]
    themes = {m.subject: sorted(t.name for t in m.themes.all()) for m in Meeting.objects.prefetch_related("themes")}
    assert themes == {
        "Kontinuerlig tilstedeværelse": ["Beskæftigelse", "Tryghed"],
        "Lektiecafé": ["Tryghed", "Uddannelse"],
    }
    collaborations = csv_bytes(
        [["Titel", "Type", "Temaer"], ["Helhedsplan Gellerup", "Helhedsplan", "Beskæftigelse;Uddannelse"]]
    )
    assert import_file(entity="collaborations", data=collaborations, file_name="s.csv", commit=True).committed
    assert sorted(Collaboration.objects.get().themes.values_list("name", flat=True)) == ["Beskæftigelse", "Uddannelse"]
    assert Theme.objects.count() == 3


def test_an_unreadable_id_column_is_the_rows_error_on_that_column():
    brabrand = factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    data = csv_bytes(
        [
            ["Fornavn", "Efternavn", "E-mail", "Organisation", "Organisation-ID"],
            ["Mette", "Kjærgaard", "mette@example.dk", "Brabrand Boligforening", "Brabrand"],
        ]
    )
    report = import_file(entity="contacts", data=data, file_name="k.csv")
    assert [(e.row, e.column) for e in report.errors] == [(2, "Organisation-ID")]
    assert not Contact.objects.exists() and brabrand.pk


def test_an_id_column_tells_namesakes_apart_in_a_meeting_list():
    """Three "Beboerforeningen" in one cell: the ID cell beside it says which, position by position."""
    clubs = [factories.OrganisationFactory(name="Beboerforeningen") for _ in range(3)]
    data = csv_bytes(
        [
            ["Dato og tidspunkt", "Emne", "Organisationer", "Organisation-ID'er"],
            ["12-01-2027 17:00", "Beboermøde", "Beboerforeningen|Beboerforeningen", f"{clubs[2].pk}|{clubs[0].pk}"],
        ]
    )
    report = import_file(entity="meetings", data=data, file_name="m.csv", commit=True)
    assert report.committed, [(e.column, e.message) for e in report.errors]
    meeting = Meeting.objects.get()
    assert set(meeting.organisations.all()) == {clubs[0], clubs[2]}
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == datetime.datetime(2027, 1, 12, 17, 0)
