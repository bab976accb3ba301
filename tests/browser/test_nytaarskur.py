"""Issue 5's journey in real Chromium: create the nytårskur, build its list with a quota, look at who is left out and
why, send it, export the mail merge, and check two guests in at the door. Issue 12's: invite a municipality with its
administrations, be warned of a second event of the same name and day, and start next year's nytårskur from this
year's with its guest list."""

import csv
import datetime
import io

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from partners.models import Contact, Event, Invitation, Organisation
from partners.models.events import InvitationStatus
from partners.selectors.events import ExclusionReason
from tests import factories
from tests.browser.test_staff_flow import choose

pytestmark = pytest.mark.django_db(transaction=True)


def da(text) -> str:
    """The text as the Danish UI shows it (the English msgid until it is translated)."""
    with translation.override("da"):
        return str(translation.gettext(str(text)) if isinstance(text, str) else text)


def staff(org, first, last, title, **contact):
    return factories.AffiliationFactory(
        organisation=org,
        contact__first_name=first,
        contact__last_name=last,
        title=title,
        **{f"contact__{k}": v for k, v in contact.items()},
    ).contact


@pytest.fixture
def world(staff_user):
    aarhus = factories.MunicipalityFactory(name="Aarhus Kommune", municipality_code="751")
    social = factories.AdministrationFactory(name="Sociale Forhold og Beskæftigelse", parent=aarhus)
    children = factories.AdministrationFactory(name="Børn og Unge", parent=aarhus)
    brabrand = factories.HousingOrganisationFactory(name="Brabrand Boligforening")
    aab = factories.HousingOrganisationFactory(name="AAB Aarhus")
    oestjysk = factories.HousingOrganisationFactory(name="Østjysk Bolig")
    staff(social, "Anders", "Aagaard", "Direktør")
    staff(social, "Birgitte", "Bach", "Afdelingschef")
    staff(social, "Carsten", "Cortsen", "Medarbejder")
    staff(children, "Dorthe", "Damgaard", "Direktør")
    staff(children, "Erik", "Eriksen", "Konsulent")
    staff(children, "Frida", "Fog", "Chef", do_not_contact=True)
    staff(brabrand, "Mette", "Kjærgaard", "Områdeleder")
    staff(brabrand, "Jonas", "Friis", "Boligsocial medarbejder")
    staff(brabrand, "Gitte", "Gram", "Direktør")
    staff(brabrand, "Uffe", "Udenmail", "Direktør", email=None)
    staff(aab, "Hans", "Holm", "Direktør")
    staff(aab, "Ida", "Iversen", "Konsulent")
    staff(aab, "Jens", "Juhl", "Medarbejder")
    staff(oestjysk, "Karen", "Krogh", "Kundechef")
    staff(oestjysk, "Lars", "Lund", "Leder")
    staff(oestjysk, "Maja", "Møller", "Medarbejder")
    staff(factories.NationalPartnerFactory(name="BL – Danmarks Almene Boliger"), "Niels", "Nørgaard", "Direktør")


def test_nytaarskur_journey(page, login, screenshot, world):
    login("medarbejder")

    # Create the event through the form.
    page.goto("/events/add/")
    page.locator("#id_name").fill("Nytårskur 2027")
    page.locator("#id_kind").select_option("new_year_reception")
    page.locator("#id_starts_at").fill("2027-01-08T16:00")
    page.locator("#id_location").fill("Fællessekretariatet, Gellerup")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytårskur 2027")
    event = Event.objects.get(name="Nytårskur 2027")

    # Add invitees: housing organisations and the municipality's administrations, at most 2 per organisation.
    page.locator(f"a[href='/events/{event.pk}/invite/']").click()
    for kind in ("housing_organisation", "administration"):  # the filter's kinds are checkboxes
        page.locator(f"form[role=search] input[name=kind][value={kind}]").check()
    page.locator("#id_quota").fill("2")
    page.locator("form[role=search] button[type=submit]").click()
    included = page.locator("#included tbody tr")
    expect(included).to_have_count(10)
    excluded = page.locator("#excluded")
    expect(excluded.locator("tbody tr")).to_have_count(6)
    expect(excluded.locator("tr", has_text="Frida Fog")).to_contain_text(da(ExclusionReason.DO_NOT_CONTACT.label))
    expect(excluded.locator("tr", has_text="Uffe Udenmail")).to_contain_text(da(ExclusionReason.NO_EMAIL.label))
    expect(excluded.locator("tr", has_text="Jonas Friis")).to_contain_text(da(ExclusionReason.OVER_QUOTA.label))
    expect(page.locator("#included")).not_to_contain_text("Niels")
    screenshot("nytaarskur-invite-preview")
    page.locator("#add-invitees button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytårskur 2027")
    assert Invitation.objects.filter(event=event, status=InvitationStatus.DRAFT).count() == 10
    # The quota's order: the director and the head of Brabrand, not the staff member.
    brabrand = set(
        Invitation.objects.filter(event=event, organisation__name="Brabrand Boligforening").values_list(
            "contact__first_name", flat=True
        )
    )
    assert brabrand == {"Gitte", "Mette"}

    # Send: tick all and set them to invited.
    page.locator("[data-select-all]").check()
    page.locator("#bulk-status-select").select_option("invited")
    page.locator("#bulk-status button[type=submit]").click()
    expect(page.locator("#invitations")).to_contain_text("Mette Kjærgaard")
    assert (
        Invitation.objects.filter(event=event, status=InvitationStatus.INVITED, invited_at__isnull=False).count() == 10
    )
    screenshot("nytaarskur-event")

    # Export the mail merge.
    page.locator("[data-bs-toggle=dropdown]", has_text=da("Mail merge")).click()
    with page.expect_download() as download_info:
        page.locator(f"a[href='/events/{event.pk}/export/?format=csv']").click()
    path = download_info.value.path()
    content = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    full_name, first_name = da("Full name"), da("First name")
    assert len(rows) == 10
    names = [row[full_name] for row in rows]
    assert len(set(names)) == 10 and "Frida Fog" not in names and "Uffe Udenmail" not in names
    mette = next(row for row in rows if row[first_name] == "Mette")
    assert [mette[da(h)] for h in ("Salutation", "Title", "Organisation", "Status")] == [
        "Kære Mette",
        "Områdeleder",
        "Brabrand Boligforening",
        da(InvitationStatus.INVITED.label),
    ]

    # Coverage.
    page.goto(f"/events/{event.pk}/coverage/")
    screenshot("nytaarskur-coverage")

    # At the door: two guests checked in, the counts follow.
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"/events/{event.pk}/checkin/")
    attended = page.locator("[data-count=attended]")
    expect(attended).to_have_text("0")
    for name in ("Mette", "Hans"):
        page.locator("#checkin-q").fill(name)
        page.locator("#checkin-q").press("Enter")
        row = page.locator("#checkin-results li", has_text=name)
        row.locator("button").click()
        expect(row).to_contain_text(da("Checked in"))
    expect(attended).to_have_text("2")
    expect(page.locator("[data-count=invited]")).to_have_text("10")
    screenshot("nytaarskur-checkin")
    assert set(
        Invitation.objects.filter(event=event, status=InvitationStatus.ATTENDED).values_list(
            "contact__first_name", flat=True
        )
    ) == {"Mette", "Hans"}

    page.goto(f"/events/{event.pk}/print/?status=attended")
    expect(page.locator("table")).to_contain_text("Mette Kjærgaard")
    screenshot("nytaarskur-print")


# --- Issue 12: sub-units, a second event on the same day, next year's event from this year's ------------------------

SCREEN = {"width": 1366, "height": 768}


def test_invite_a_municipality_with_its_sub_units(page, login, screenshot, world):
    aarhus = Organisation.objects.get(name="Aarhus Kommune")
    social = aarhus.children.get(name="Sociale Forhold og Beskæftigelse")
    staff(aarhus, "Olga", "Ottesen", "Direktør")  # at the municipality itself
    staff(factories.AdministrationFactory(name="Jobcenter Aarhus", parent=social), "Peter", "Pors", "Leder")
    event = factories.EventFactory(name="Nytårskur 2027", guest_quota=2)
    page.set_viewport_size(SCREEN)
    login("medarbejder")

    page.goto(f"/events/{event.pk}/invite/")
    sub_units = page.get_by_label("Medtag underenheder")
    expect(sub_units).to_be_checked()
    choose(page, "id_organisation", "Aarhus Kommune")
    expect(page.locator("#id_quota")).to_have_value("2")
    page.locator("form[role=search] button[type=submit]").click()

    # Olga at the municipality; two of the three at Sociale Forhold (the quota), Peter at its jobcenter, two at
    # Børn og Unge (Frida may not be contacted).
    included = page.locator("#included tbody tr")
    expect(included).to_have_count(6)
    expect(page.locator("#included-via-sub-units")).to_have_text(
        "5 af dem arbejder i underenheder af de valgte organisationer."
    )
    expect(page.locator("#included tr", has_text="Peter Pors")).to_contain_text("Jobcenter Aarhus")
    expect(page.locator("#included tr", has_text="Peter Pors")).to_contain_text("underenhed")
    expect(page.locator("#included tr", has_text="Olga Ottesen")).not_to_contain_text("underenhed")
    excluded = page.locator("#excluded")
    expect(excluded.locator("tbody tr")).to_have_count(2)
    expect(excluded.locator("tr", has_text="Frida Fog")).to_contain_text(da(ExclusionReason.DO_NOT_CONTACT.label))
    expect(excluded.locator("tr", has_text="Carsten Cortsen")).to_contain_text(da(ExclusionReason.OVER_QUOTA.label))
    expect(page.locator("#excluded-reasons")).to_contain_text("Må ikke kontaktes: 1")
    expect(page.locator("#excluded-via-sub-units")).to_have_text("2 af dem arbejder i underenheder.")
    screenshot("nytaarskur-invite-sub-units")

    # Without the sub-units: only the municipality's own people.
    sub_units.uncheck()
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator("#included tbody tr")).to_have_count(1)
    expect(page.locator("#included")).to_contain_text("Olga Ottesen")
    expect(page.get_by_label("Medtag underenheder")).not_to_be_checked()

    page.get_by_label("Medtag underenheder").check()
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator("#included tbody tr")).to_have_count(6)
    page.locator("#add-invitees button").click()
    expect(page.get_by_role("status")).to_contain_text("6 personer er sat på gæstelisten som kladder. 2 blev udeladt")
    assert Invitation.objects.filter(event=event, status=InvitationStatus.DRAFT).count() == 6


def local(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_a_second_event_of_the_same_name_and_day_is_confirmed_first(page, login, screenshot, staff_user):
    first = factories.EventFactory(name="Nytårskur 2027", starts_at=local(datetime.date(2027, 1, 8), 16))
    page.set_viewport_size(SCREEN)
    login("medarbejder")

    page.goto("/events/add/")
    page.locator("#id_name").fill("nytårskur  2027")
    page.locator("#id_kind").select_option("new_year_reception")
    page.locator("#id_starts_at").fill("2027-01-08T18:00")
    page.get_by_role("button", name="Gem").click()

    warning = page.locator("#duplicate-warning")
    expect(warning).to_contain_text("Der findes allerede et arrangement med dette navn samme dag")
    expect(warning.get_by_role("link", name="Nytårskur 2027")).to_have_attribute("href", f"/events/{first.pk}/")
    expect(page.locator(".alert-danger")).to_have_count(0)
    screenshot("nytaarskur-duplicate-warning")
    assert Event.objects.count() == 1

    page.get_by_label("Opret alligevel").check()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("nytårskur  2027")
    assert Event.objects.count() == 2


def test_next_years_nytaarskur_from_this_years_with_its_guest_list(page, login, screenshot, world):
    last_year = factories.EventFactory(
        name="Nytårskur 2026",
        starts_at=local(datetime.date(2026, 1, 8), 16),
        location="Fællessekretariatet, Gellerup",
        guest_quota=3,
    )
    people = {c.first_name: c for c in Contact.objects.all()}
    for first in ("Mette", "Jonas", "Gitte", "Hans", "Ida", "Anders"):
        affiliation = people[first].affiliations.get()
        factories.InvitationFactory(
            event=last_year,
            contact=people[first],
            organisation=affiliation.organisation,
            status=InvitationStatus.ATTENDED,
        )
    people["Ida"].affiliations.update(end_date=datetime.date(2026, 8, 31))  # has left AAB
    people["Hans"].do_not_contact = True
    people["Hans"].save()
    page.set_viewport_size(SCREEN)
    login("medarbejder")

    page.goto(f"/events/{last_year.pk}/")
    page.get_by_role("link", name="Kopiér til nyt arrangement").click()
    expect(page.locator("#id_name")).to_have_value("Nytårskur 2027")
    expect(page.locator("#id_starts_at")).to_have_value("2027-01-08T16:00")
    expect(page.locator("#id_location")).to_have_value("Fællessekretariatet, Gellerup")
    expect(page.locator("#id_guest_quota")).to_have_value("3")
    expect(page.get_by_label("Kopiér gæstelisten som kladder")).to_be_checked()
    expect(page.locator("#copy-guests")).to_contain_text("6 personer er på listen for Nytårskur 2026.")
    screenshot("nytaarskur-copy-form")

    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytårskur 2027")
    expect(page.get_by_role("status")).to_have_text(
        "“Nytårskur 2027” blev oprettet ud fra “Nytårskur 2026”. 4 gæster er sat på listen som kladder. 2 blev "
        "udeladt: Må ikke kontaktes (1), Ingen nuværende tilknytning (1)."
    )
    expect(page.locator("#invitations")).to_contain_text("Mette Kjærgaard")
    expect(page.locator("#invitations")).not_to_contain_text("Ida Iversen")
    screenshot("nytaarskur-copied")
    new = Event.objects.get(name="Nytårskur 2027")
    assert set(Invitation.objects.filter(event=new).values_list("contact__first_name", "status")) == {
        (first, InvitationStatus.DRAFT) for first in ("Mette", "Jonas", "Gitte", "Anders")
    }
