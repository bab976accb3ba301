"""factory_boy factories for the partner domain. Fictional people only."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from partners import models
from partners.models.organisations import OrganisationKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    password = factory.django.Password("test-pass-123")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Tag

    name = factory.Sequence(lambda n: f"tag-{n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme

    name = factory.Sequence(lambda n: f"Tema {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    kind = OrganisationKind.LOCAL_ORGANISATION
    name = factory.Sequence(lambda n: f"Organisation {n}")


class MunicipalityFactory(OrganisationFactory):
    kind = OrganisationKind.MUNICIPALITY
    name = factory.Sequence(lambda n: f"Kommune {n}")
    municipality_code = factory.Sequence(lambda n: f"{100 + n % 900:03d}")


class AdministrationFactory(OrganisationFactory):
    kind = OrganisationKind.ADMINISTRATION
    name = factory.Sequence(lambda n: f"Forvaltning {n}")
    parent = factory.SubFactory(MunicipalityFactory)


class HousingOrganisationFactory(OrganisationFactory):
    kind = OrganisationKind.HOUSING_ORGANISATION
    name = factory.Sequence(lambda n: f"Boligforening {n}")


class EstateFactory(OrganisationFactory):
    kind = OrganisationKind.ESTATE
    name = factory.Sequence(lambda n: f"Afdeling {n}")
    parent = factory.SubFactory(HousingOrganisationFactory)


class NationalPartnerFactory(OrganisationFactory):
    kind = OrganisationKind.NATIONAL_PARTNER
    name = factory.Sequence(lambda n: f"Landsorganisation {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contact

    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.Sequence(lambda n: f"kontakt{n}@example.dk")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Affiliation

    contact = factory.SubFactory(ContactFactory)
    organisation = factory.SubFactory(HousingOrganisationFactory)
    title = "Konsulent"
    start_date = datetime.date(2022, 1, 1)
    is_primary = True


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Area

    name = factory.Sequence(lambda n: f"Boligområde {n}")
    municipality = factory.SubFactory(MunicipalityFactory)


class CollaborationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Collaboration

    title = factory.Sequence(lambda n: f"Samarbejde {n}")
    kind = models.collaborations.CollaborationKind.PROJECT
    status = models.collaborations.CollaborationStatus.ACTIVE


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    subject = factory.Sequence(lambda n: f"Møde {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FollowUp

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Følg op på punkt {n}")
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    name = factory.Sequence(lambda n: f"Arrangement {n}")
    kind = models.events.EventKind.NEW_YEAR_RECEPTION
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Invitation

    event = factory.SubFactory(EventFactory)
    contact = factory.SubFactory(ContactFactory)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Case

    title = factory.Sequence(lambda n: f"Sag {n}")
    level = models.cases.CaseLevel.MUNICIPAL
    stage = models.cases.CaseStage.ACTIVE
