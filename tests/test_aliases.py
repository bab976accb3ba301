"""Names as people write them: an organisation's short name and aliases, kept by its form, matched on import."""

import pytest
from django.db import IntegrityError

from partners.forms.organisations import OrganisationForm, split_names
from partners.models import Affiliation, OrganisationAlias
from partners.models.organisations import OrganisationKind
from tests import factories

from .test_import_rules import CONTACT_HEADERS, errors, run

pytestmark = pytest.mark.django_db


def form_data(organisation=None, **values):
    data = {"kind": OrganisationKind.NATIONAL_PARTNER, "name": "Landsbyggefonden", "is_active": "on"}
    if organisation is not None:
        data.update(kind=organisation.kind, name=organisation.name)
    data.update(values)
    return data


def test_the_form_keeps_the_short_name_and_one_alias_per_line():
    form = OrganisationForm(data=form_data(short_name="LBF", aliases="Byggefonden\n\n  LBF-fonden \nbyggefonden"))
    assert form.is_valid(), form.errors
    organisation = form.save()
    assert organisation.short_name == "LBF"
    assert sorted(organisation.other_names()) == ["Byggefonden", "LBF", "LBF-fonden"]
    assert organisation.display_name == "Landsbyggefonden (LBF)"


def test_editing_the_aliases_adds_renames_and_removes_and_drops_the_name_itself():
    organisation = factories.OrganisationFactory(name="Sociale Forhold og Beskæftigelse")
    OrganisationAlias.objects.create(organisation=organisation, name="Socialforvaltningen")
    OrganisationAlias.objects.create(organisation=organisation, name="MSB")
    form = OrganisationForm(instance=organisation)
    assert form.initial["aliases"] == "MSB\nSocialforvaltningen"
    data = form_data(organisation, aliases="msb\nMagistraten for Sociale Forhold\nsociale forhold og beskæftigelse")
    form = OrganisationForm(data=data, instance=organisation)
    assert form.is_valid(), form.errors
    form.save()
    assert list(organisation.aliases.values_list("name", flat=True)) == ["Magistraten for Sociale Forhold", "msb"]


def test_an_organisation_cannot_hold_one_alias_in_two_spellings():
    organisation = factories.OrganisationFactory()
    OrganisationAlias.objects.create(organisation=organisation, name="Kjærgård Fonden")
    with pytest.raises(IntegrityError):
        OrganisationAlias.objects.create(organisation=organisation, name="kjaergaard-fonden")


def test_split_names_folds_repeats():
    assert split_names("Århus\nAarhus\n arhus \nAAB") == ["Århus", "AAB"]


def test_an_import_names_a_partner_by_its_short_name_or_an_alias():
    lbf = factories.OrganisationFactory(
        name="Landsbyggefonden", short_name="LBF", kind=OrganisationKind.NATIONAL_PARTNER
    )
    msb = factories.OrganisationFactory(name="Sociale Forhold og Beskæftigelse")
    OrganisationAlias.objects.create(organisation=msb, name="MSB")
    report = run(
        "contacts",
        [
            CONTACT_HEADERS,
            ["Anna", "Holm", "", "lbf", "anna@example.dk", ""],
            ["Bo", "Lund", "", "MSB", "bo@example.dk", ""],
        ],
    )
    assert report.committed, errors(report)
    assert {
        a.contact.first_name: a.organisation for a in Affiliation.objects.select_related("contact", "organisation")
    } == {
        "Anna": lbf,
        "Bo": msb,
    }


def test_a_short_name_two_organisations_share_is_refused_as_ambiguous():
    factories.OrganisationFactory(name="Boligselskabet Fjorden", short_name="BF")
    factories.OrganisationFactory(name="Boligforeningen Fremtiden", short_name="BF")
    report = run("contacts", [CONTACT_HEADERS, ["Anna", "Holm", "", "BF", "anna@example.dk", ""]])
    assert not report.committed
    assert errors(report)[0][:3] == (2, "Organisation", "BF")
