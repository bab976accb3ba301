"""The admin site: every registered model's pages render, kinds stay apart, history is recorded, lists are bounded."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import (
    Affiliation,
    Area,
    Collaboration,
    CollaborationPartner,
    Contact,
    Event,
    FollowUp,
    HousingOrganisation,
    Invitation,
    Meeting,
    Municipality,
    Organisation,
    OrganisationKind,
    Tag,
    Theme,
)
from partners.models.meetings import MeetingOrganisation, MeetingTheme

pytestmark = pytest.mark.django_db

REGISTERED_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture
def register(admin_user):
    """One row of every model, linked the way the register links them."""
    aarhus = Organisation.objects.create(
        kind=OrganisationKind.MUNICIPALITY, name="Aarhus Kommune", municipality_code="751", owner=admin_user
    )
    Organisation.objects.create(kind=OrganisationKind.ADMINISTRATION, name="Borgmesterens Afdeling", parent=aarhus)
    brabrand = Organisation.objects.create(kind=OrganisationKind.HOUSING_ORGANISATION, name="Brabrand Boligforening")
    estate = Organisation.objects.create(
        kind=OrganisationKind.ESTATE, name="Afdeling 4 Gellerupparken", parent=brabrand
    )
    kl = Organisation.objects.create(kind=OrganisationKind.NATIONAL_PARTNER, name="KL")
    Organisation.objects.create(kind=OrganisationKind.LOCAL_ORGANISATION, name="Østjyllands Politi")
    tag = Tag.objects.create(name="nytårskur")
    brabrand.tags.add(tag)
    theme = Theme.objects.create(name="Beskæftigelse")
    area = Area.objects.create(name="Gellerup", municipality=aarhus)
    area.estates.add(estate)
    contact = Contact.objects.create(first_name="Mette", last_name="Jensen", email="mette@example.dk")
    contact.tags.add(tag)
    Affiliation.objects.create(contact=contact, organisation=brabrand, title="Direktør", is_primary=True)
    collaboration = Collaboration.objects.create(
        title="Helhedsplan Gellerup", kind="masterplan", status="active", responsible=admin_user
    )
    collaboration.themes.add(theme)
    CollaborationPartner.objects.create(collaboration=collaboration, organisation=brabrand, role="lead")
    CollaborationPartner.objects.create(collaboration=collaboration, organisation=kl, role="funder")
    meeting = Meeting.objects.create(subject="Styregruppemøde", starts_at=timezone.now())
    meeting.organisations.add(brabrand, aarhus)
    FollowUp.objects.create(meeting=meeting, owner=admin_user, text="Send referat", due_date=timezone.localdate())
    event = Event.objects.create(name="Nytårskur 2026", starts_at=timezone.now() + datetime.timedelta(days=40))
    Invitation.objects.create(event=event, contact=contact, organisation=brabrand)
    return {"aarhus": aarhus, "brabrand": brabrand, "estate": estate}


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=lambda model: model._meta.label_lower)
def test_changelist_add_and_change_pages_render(admin_client, admin_user, register, model, rf):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    request = rf.get("/admin/")
    request.user = admin_user
    # A record of what happened (login attempts, access requests answered) is not added by hand: refused, not broken.
    addable = admin.site._registry[model].has_add_permission(request)
    assert admin_client.get(admin_url(model, "add")).status_code == (200 if addable else 403)
    obj = model._default_manager.first()
    if obj is not None:
        assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_meeting_links_are_edited_as_inline_rows(admin_client, register):
    """A meeting's organisations, themes, areas and staff have their own link model (it keeps the meeting's start),
    for which the admin shows no many-to-many field: they are inline rows, and a row saved there is a real link."""
    meeting = Meeting.objects.get(subject="Styregruppemøde")
    html = admin_client.get(admin_url(Meeting, "change", meeting.pk)).content.decode()
    for prefix in (
        "meetingorganisation_set",
        "meetingcontact_set",
        "meetingstaff_set",
        "meetingarea_set",
        "meetingtheme_set",
    ):
        assert f'id="{prefix}-group"' in html
    assert "Brabrand Boligforening" in html
    data = {
        "subject": meeting.subject,
        "kind": meeting.kind,
        "starts_at_0": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d"),
        "starts_at_1": timezone.localtime(meeting.starts_at).strftime("%H:%M:%S"),
        "_save": "Gem",
    }
    links = list(meeting.organisations.order_by("pk"))
    for prefix, rows in (
        ("meetingorganisation_set", [MeetingOrganisation.objects.get(meeting=meeting, organisation=o) for o in links]),
        ("meetingcontact_set", []),
        ("meetingstaff_set", []),
        ("meetingarea_set", []),
        ("meetingtheme_set", []),
        ("follow_ups", list(meeting.follow_ups.all())),
    ):
        data.update({f"{prefix}-TOTAL_FORMS": len(rows) + 1, f"{prefix}-INITIAL_FORMS": len(rows)})
        for n, row in enumerate(rows):
            data[f"{prefix}-{n}-id"] = row.pk
            data[f"{prefix}-{n}-meeting"] = meeting.pk
            if prefix == "meetingorganisation_set":
                data[f"{prefix}-{n}-organisation"] = row.organisation_id
            else:
                data.update({f"{prefix}-{n}-text": row.text, f"{prefix}-{n}-owner": row.owner_id})
    theme = Theme.objects.get(name="Beskæftigelse")
    data["meetingtheme_set-0-theme"] = theme.pk
    response = admin_client.post(admin_url(Meeting, "change", meeting.pk), data)
    errors = response.context and (
        response.context["adminform"].form.errors,
        [f.formset.errors for f in response.context["inline_admin_formsets"]],
    )
    assert response.status_code == 302, errors
    link = MeetingTheme.objects.get(meeting=meeting, theme=theme)
    meeting.refresh_from_db()  # the form saved the start without its microseconds
    assert link.starts_at == meeting.starts_at
    assert meeting.organisations.count() == 2


def test_every_domain_model_is_registered():
    from partners import models

    expected = {getattr(models, name) for name in models.__all__} - {
        models.OrganisationKind,
        models.RegisterPermissions,
    }
    assert expected <= set(admin.site._registry)


def test_site_header():
    assert str(admin.site.site_header) == "Partnerregister – administration"


def test_permissions_are_offered_in_danish(admin_client, admin_user):
    """migrate stores permission names in English; the group and user forms name them in Danish."""
    for url in (reverse("admin:auth_group_add"), admin_url(type(admin_user), "change", admin_user.pk)):
        content = admin_client.get(url).content.decode()
        assert "Partnerregister | møde | Kan tilføje møde" in content
        assert "Kan importere data fra CSV/XLSX-filer" in content  # a permission of Meta.permissions
        assert "Can add" not in content and "Can import" not in content


def test_the_password_page_warns_in_danish(admin_client, admin_user):
    content = admin_client.get(reverse("admin:auth_user_password_change", args=[admin_user.pk])).content.decode()
    assert "Slås den fra, mister brugeren sin nuværende adgangskode." in content
    assert "If disabled" not in content


def test_kind_admin_lists_only_its_kind(admin_client, register):
    html = admin_client.get(admin_url(Municipality, "changelist")).content.decode()
    assert "Aarhus Kommune" in html
    assert "Brabrand Boligforening" not in html


def test_kind_admin_creates_its_kind_and_records_history(admin_client, admin_user):
    response = admin_client.post(
        admin_url(HousingOrganisation, "add"), {"name": "AAB Aarhus", "is_active": "on", "_save": "Gem"}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    organisation = Organisation.objects.get(name="AAB Aarhus")
    assert organisation.kind == OrganisationKind.HOUSING_ORGANISATION
    record = Organisation.history.get(id=organisation.pk)
    assert record.history_type == "+"
    assert record.history_user == admin_user


def test_kind_admin_changes_and_deletes_are_recorded_in_history(admin_client):
    organisation = HousingOrganisation.objects.create(name="Alboa")
    response = admin_client.post(
        admin_url(HousingOrganisation, "change", organisation.pk),
        {
            "name": "Alboa",
            "city": "Aarhus C",
            "is_active": "on",
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
            "children-MIN_NUM_FORMS": "0",
            "children-MAX_NUM_FORMS": "0",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-name": "Alboa Aarhus",
            "_save": "Gem",
        },
    )
    assert response.status_code == 302
    assert organisation.other_names() == ["Alboa Aarhus"]
    response = admin_client.post(admin_url(HousingOrganisation, "delete", organisation.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert list(Organisation.history.filter(id=organisation.pk).values_list("history_type", "city")) == [
        ("-", "Aarhus C"),
        ("~", "Aarhus C"),
        ("+", ""),
    ]


def test_kind_form_has_only_the_fields_of_that_kind(admin_client):
    municipality_form = admin_client.get(admin_url(Municipality, "add")).content.decode()
    assert 'name="municipality_code"' in municipality_form
    assert 'name="kind"' not in municipality_form
    assert 'name="estate_number"' not in municipality_form
    assert 'name="parent"' not in municipality_form

    estate_form = admin_client.get(reverse("admin:partners_estate_add")).content.decode()
    assert 'name="parent"' in estate_form
    assert 'name="estate_number"' in estate_form
    assert 'name="municipality_code"' not in estate_form


def test_parent_autocomplete_of_an_estate_offers_housing_organisations_only(admin_client, register):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "partners", "model_name": "estate", "field_name": "parent", "term": ""},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Brabrand Boligforening"]


def test_history_page_shows_recorded_changes(admin_client, register):
    brabrand = register["brabrand"]
    admin_client.post(
        admin_url(Organisation, "change", brabrand.pk),
        {
            "name": "Brabrand Boligforening",
            "kind": OrganisationKind.HOUSING_ORGANISATION,
            "city": "Brabrand",
            "is_active": "on",
            "tags": [t.pk for t in brabrand.tags.all()],
            "children-TOTAL_FORMS": "1",
            "children-INITIAL_FORMS": "1",
            "children-MIN_NUM_FORMS": "0",
            "children-MAX_NUM_FORMS": "1000",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "children-0-id": str(register["estate"].pk),
            "children-0-parent": str(brabrand.pk),
            "_save": "Gem",
        },
    )
    brabrand.refresh_from_db()
    assert brabrand.city == "Brabrand"
    response = admin_client.get(admin_url(Organisation, "history", brabrand.pk))
    assert response.status_code == 200
    assert "Brabrand" in response.content.decode()
    assert Organisation.history.filter(id=brabrand.pk).count() == 2

    # A kind's history is the organisation's history.
    proxy_history = admin_client.get(admin_url(HousingOrganisation, "history", brabrand.pk))
    assert proxy_history.status_code == 302
    assert proxy_history["Location"] == admin_url(Organisation, "history", brabrand.pk)


def test_roles_reach_the_kind_admins_through_organisation_permissions(client, staff_user):
    staff_user.is_staff = True
    staff_user.save()
    client.force_login(staff_user)
    assert client.get(admin_url(Municipality, "changelist")).status_code == 200
    assert client.get(admin_url(Municipality, "add")).status_code == 200


def _changelist_queries(client, model, url_params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"), url_params or {})
    assert response.status_code == 200
    return len(queries)


def test_organisation_changelist_queries_do_not_grow_with_rows(admin_client, admin_user):
    tags = [Tag.objects.create(name=f"tag {i}") for i in range(3)]

    def add_organisations(start: int, count: int) -> None:
        for i in range(start, start + count):
            parent = Organisation.objects.create(kind=OrganisationKind.HOUSING_ORGANISATION, name=f"Boligforening {i}")
            estate = Organisation.objects.create(
                kind=OrganisationKind.ESTATE, name=f"Afdeling {i}", parent=parent, owner=admin_user
            )
            estate.tags.set(tags)

    add_organisations(0, 5)
    few = _changelist_queries(admin_client, Organisation)
    add_organisations(5, 25)
    many = _changelist_queries(admin_client, Organisation)
    assert few == many
    assert many <= 12


def test_contact_and_meeting_changelists_do_not_grow_with_rows(admin_client, admin_user):
    organisation = Organisation.objects.create(kind=OrganisationKind.LOCAL_ORGANISATION, name="Beboerforening")

    def add_rows(start: int, count: int) -> None:
        for i in range(start, start + count):
            contact = Contact.objects.create(first_name="Person", last_name=f"{i}", owner=admin_user)
            Affiliation.objects.create(contact=contact, organisation=organisation, is_primary=True)
            meeting = Meeting.objects.create(subject=f"Møde {i}", starts_at=timezone.now())
            meeting.organisations.add(organisation)
            FollowUp.objects.create(meeting=meeting, owner=admin_user, text=f"Opgave {i}")

    add_rows(0, 5)
    few = [_changelist_queries(admin_client, model) for model in (Contact, Meeting, FollowUp, Affiliation)]
    add_rows(5, 25)
    many = [_changelist_queries(admin_client, model) for model in (Contact, Meeting, FollowUp, Affiliation)]
    assert few == many
