"""The demo world: an Aarhus-shaped register that staff can try the product on (service behind ``load_demo``).

Public organisations carry their real names; every person is invented. The data is laid out around a reference date
(the day of the first load, remembered through the demo users' ``date_joined``) and drawn from a seeded random
generator, so a second run computes exactly the same records and, finding them all in place, changes nothing.

On the reference day the register looks lived in: meetings up to the last few days and a handful planned in the next
weeks; the follow-ups due before it were done a few days after their due date, except a few recent ones still open;
some are due today and this week (``WORK_QUEUE``); last January's nytårskur is complete (invited, answers,
attended/no-show) and the next one is in preparation (drafts, the first invitations sent).

Each record is found by a natural key (organisation name + kind, contact e-mail, collaboration title, meeting subject +
start, event name, username …); a record is validated with ``full_clean()`` and saved only when it is new or differs,
so a repeat run writes neither rows nor history.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from .. import roles
from ..models import (
    Affiliation,
    Area,
    Case,
    CaseDeadline,
    CaseEvent,
    CaseStakeholder,
    Collaboration,
    CollaborationPartner,
    Contact,
    Event,
    FollowUp,
    Invitation,
    Meeting,
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    Tag,
    Theme,
)
from ..models.areas import ListStatus
from ..models.cases import CaseEventKind, CaseLevel, CaseOutcome, CaseStage, DeadlineKind, ResponseState
from ..models.cases import Stance as S
from ..models.cases import Weight as W
from ..models.collaborations import CollaborationKind, CollaborationStatus, PartnerRole
from ..models.contacts import LawfulBasis
from ..models.events import EventKind, InvitationStatus
from ..models.folding import danish_ascii
from ..models.meetings import MeetingKind

SEED = 751  # Aarhus' kommunekode: any fixed number would do.
TZ = ZoneInfo("Europe/Copenhagen")
CHANGE_REASON = "Demodata (load_demo)"

K = OrganisationKind

# --- Users -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    group: str | None
    first_name: str
    last_name: str
    is_superuser: bool = False


DEMO_USERS = [
    DemoUser("sekretariat", "sekretariat-demo", roles.SECRETARIAT, "Signe", "Holmgaard"),
    DemoUser("ledelse", "ledelse-demo", roles.MANAGEMENT, "Jens", "Østergaard Lund"),
    DemoUser("admin", "admin-demo", None, "Birthe", "Kirkegaard", is_superuser=True),
]
# The user whose date_joined anchors the demo's dates across runs.
ANCHOR_USERNAME = "sekretariat"

# --- Organisations ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    name: str
    kind: str
    parent: str | None = None
    domain: str | None = None  # e-mail domain of its people; children inherit it
    key: bool = False
    owner: str = "sekretariat"
    cvr: str | None = None
    municipality_code: str | None = None
    estate_number: str = ""
    postal_code: str = ""
    city: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    short: str = ""  # the short name people write
    aliases: tuple[str, ...] = ()  # other names it is written under


AARHUS = "Aarhus Kommune"
SFB = "Sociale Forhold og Beskæftigelse"
BBO = "Brabrand Boligforening"
OJB = "Østjysk Bolig"
AL2 = "AL2bolig"
KL = "KL (Kommunernes Landsforening)"
BL = "BL – Danmarks Almene Boliger"
LBF = "Landsbyggefonden"
SST = "Sundhedsstyrelsen"
MINISTRY = "Social- og Boligministeriet"
CFBU = "Center for Boligsocial Udvikling"
POLICE = "Østjyllands Politi"
COUNCIL = "Aarhus Byråd"
COMMITTEE = "Social- og Beskæftigelsesudvalget"
FT_COMMITTEE = "Folketingets Boligudvalg"

ORGANISATIONS: list[Org] = [
    # Aarhus Kommune and its administrations (magistratsafdelinger) with a few units below them.
    Org(AARHUS, K.MUNICIPALITY, domain="aarhus.example.dk", key=True, owner="ledelse", cvr="55133018",
        municipality_code="751", postal_code="8000", city="Aarhus C", tags=("hjørnesten",),
        notes="Den ene af sekretariatets to hjørnesten."),
    Org("Borgmesterens Afdeling", K.ADMINISTRATION, AARHUS, key=True, short="MBA", owner="ledelse", postal_code="8000",
        city="Aarhus C", tags=("politisk dialog",)),
    Org(SFB, K.ADMINISTRATION, AARHUS, key=True, short="MSB", aliases=("Socialforvaltningen",), postal_code="8000", city="Aarhus C", tags=("beskæftigelse",)),
    Org("Børn og Unge", K.ADMINISTRATION, AARHUS, key=True, short="MBU", postal_code="8000", city="Aarhus C"),
    Org("Sundhed og Omsorg", K.ADMINISTRATION, AARHUS, short="MSO", postal_code="8000", city="Aarhus C"),
    Org("Kultur og Borgerservice", K.ADMINISTRATION, AARHUS, short="MKB", postal_code="8000", city="Aarhus C"),
    Org("Teknik og Miljø", K.ADMINISTRATION, AARHUS, short="MTM", postal_code="8000", city="Aarhus C"),
    Org("Jobcenter Aarhus", K.ADMINISTRATION, SFB, key=True, postal_code="8000", city="Aarhus C",
        tags=("beskæftigelse",)),
    Org("Socialcenter Vest", K.ADMINISTRATION, SFB, postal_code="8210", city="Aarhus V"),
    Org("SSP Aarhus", K.ADMINISTRATION, "Børn og Unge", postal_code="8000", city="Aarhus C", tags=("tryghed",)),
    Org("Forebyggelse og Sundhedsfremme", K.ADMINISTRATION, "Sundhed og Omsorg", postal_code="8000",
        city="Aarhus C"),
    Org("Aarhus Kommunes Biblioteker", K.ADMINISTRATION, "Kultur og Borgerservice", postal_code="8000",
        city="Aarhus C"),
    Org("Byudvikling og Mobilitet", K.ADMINISTRATION, "Teknik og Miljø", postal_code="8000", city="Aarhus C"),
    # The housing organisations, the other cornerstone, and their estates (afdelinger; numbers invented).
    Org(BBO, K.HOUSING_ORGANISATION, short="BBO", domain="brabrand.example.dk", key=True, postal_code="8220",
        city="Brabrand", tags=("hjørnesten", "helhedsplan")),
    Org("Gellerupparken", K.ESTATE, BBO, estate_number="4", postal_code="8220", city="Brabrand"),
    Org("Toveshøj", K.ESTATE, BBO, estate_number="5", postal_code="8220", city="Brabrand"),
    Org("Skovgårdsparken", K.ESTATE, BBO, estate_number="7", postal_code="8220", city="Brabrand"),
    Org("Sønderparken", K.ESTATE, BBO, estate_number="11", postal_code="8220", city="Brabrand"),
    Org("AAB Aarhus", K.HOUSING_ORGANISATION, short="AAB", domain="aab.example.dk", key=True, postal_code="8000",
        city="Aarhus C", tags=("hjørnesten",)),
    Org("Vestergårdsparken", K.ESTATE, "AAB Aarhus", estate_number="21", postal_code="8210", city="Aarhus V"),
    Org("Klostervængerne", K.ESTATE, "AAB Aarhus", estate_number="33", postal_code="8200", city="Aarhus N"),
    Org(OJB, K.HOUSING_ORGANISATION, short="ØJB", domain="ojb.example.dk", key=True, postal_code="8000", city="Aarhus C",
        tags=("hjørnesten", "helhedsplan")),
    Org("Bispehaven", K.ESTATE, OJB, estate_number="6", postal_code="8210", city="Aarhus V"),
    Org("Rosenhøj", K.ESTATE, OJB, estate_number="2", postal_code="8260", city="Viby J"),
    Org("Alboa", K.HOUSING_ORGANISATION, domain="alboa.example.dk", key=True, postal_code="8000",
        city="Aarhus C", tags=("hjørnesten",)),
    Org("Herredsvang Syd", K.ESTATE, "Alboa", estate_number="14", postal_code="8210", city="Aarhus V"),
    Org("Boligforeningen Ringgården", K.HOUSING_ORGANISATION, domain="ringgaarden.example.dk", key=True,
        postal_code="8000", city="Aarhus C", tags=("hjørnesten",)),
    Org("Frydenlund", K.ESTATE, "Boligforeningen Ringgården", estate_number="7", postal_code="8200",
        city="Aarhus N"),
    Org("Ringgårdsparken", K.ESTATE, "Boligforeningen Ringgården", estate_number="12", postal_code="8260",
        city="Viby J"),
    Org(AL2, K.HOUSING_ORGANISATION, domain="al2bolig.example.dk", key=True, postal_code="8260", city="Viby J",
        tags=("hjørnesten", "helhedsplan")),
    Org("Trigeparken", K.ESTATE, AL2, estate_number="1", postal_code="8380", city="Trige"),
    Org("Herredsvang Nord", K.ESTATE, AL2, estate_number="4", postal_code="8210", city="Aarhus V"),
    Org("Fællesbo", K.HOUSING_ORGANISATION, domain="faellesbo.example.dk", postal_code="8000", city="Aarhus C",
        tags=("hjørnesten",)),
    Org("Hasle Bakker", K.ESTATE, "Fællesbo", estate_number="3", postal_code="8210", city="Aarhus V"),
    # National partners.
    Org(KL, K.NATIONAL_PARTNER, short="KL", aliases=("Kommunernes Landsforening",), domain="kl.example.dk", key=True, owner="ledelse", postal_code="1620",
        city="København V", tags=("partnerskab",)),
    Org(BL, K.NATIONAL_PARTNER, short="BL", aliases=("Danmarks Almene Boliger",), domain="bl.example.dk", key=True, owner="ledelse", postal_code="1620",
        city="København V", tags=("partnerskab",)),
    Org(LBF, K.NATIONAL_PARTNER, short="LBF", domain="lbf.example.dk", key=True, postal_code="1620", city="København V",
        tags=("helhedsplan",)),
    Org(SST, K.NATIONAL_PARTNER, short="SST", domain="sst.example.dk", postal_code="2300", city="København S"),
    Org(MINISTRY, K.NATIONAL_PARTNER, short="SBM", aliases=("Boligministeriet",), domain="sm.example.dk", owner="ledelse", postal_code="1060",
        city="København K", tags=("politisk dialog",)),
    Org(CFBU, K.NATIONAL_PARTNER, short="CFBU", domain="cfbu.example.dk", postal_code="2500", city="Valby",
        tags=("viden",)),
    # Local organisations.
    Org(POLICE, K.LOCAL_ORGANISATION, domain="politi.example.dk", key=True, postal_code="8000", city="Aarhus C",
        tags=("tryghed",)),
    Org("Lokalpolitiet Aarhus Vest", K.LOCAL_ORGANISATION, POLICE, postal_code="8210", city="Aarhus V",
        tags=("tryghed",)),
    Org("Tovshøjskolen", K.LOCAL_ORGANISATION, domain="skole.example.dk", postal_code="8220", city="Brabrand",
        tags=("skole",)),
    Org("Ellekærskolen", K.LOCAL_ORGANISATION, domain="skole.example.dk", postal_code="8210", city="Aarhus V",
        tags=("skole",)),
    Org("Rosenvangskolen", K.LOCAL_ORGANISATION, domain="skole.example.dk", postal_code="8260", city="Viby J",
        tags=("skole",)),
    Org("Job- og Uddannelsescafé Vest", K.LOCAL_ORGANISATION, domain="jobcafe.example.dk", postal_code="8220",
        city="Brabrand", tags=("beskæftigelse",), notes="Lokal indgang til job og uddannelse i Aarhus Vest."),
    Org("Bydelsmødre i Aarhus", K.LOCAL_ORGANISATION, domain="bydelsmoedre.example.dk", postal_code="8220",
        city="Brabrand", tags=("frivillige",)),
    Org("Frivilligcenter Aarhus", K.LOCAL_ORGANISATION, domain="frivillig.example.dk", postal_code="8000",
        city="Aarhus C", tags=("frivillige",)),
    Org("Dansk Røde Kors Aarhus", K.LOCAL_ORGANISATION, domain="roedekors.example.dk", postal_code="8000",
        city="Aarhus C", tags=("frivillige",)),
    Org("Lektiecafé Vest", K.LOCAL_ORGANISATION, domain="lektiecafe.example.dk", postal_code="8220",
        city="Brabrand", tags=("frivillige",), notes="Frivillig lektiehjælp i Gellerup og Toveshøj."),
    Org("Idrætsforeningen Vestbyen", K.LOCAL_ORGANISATION, domain="ifv.example.dk", postal_code="8210",
        city="Aarhus V", tags=("fritid",)),
    # Political bodies (issue 16): the city council and one of its committees, and a committee of the Folketing.
    Org(COUNCIL, K.POLITICAL_BODY, AARHUS, key=True, owner="ledelse", postal_code="8000", city="Aarhus C"),
    Org(COMMITTEE, K.POLITICAL_BODY, COUNCIL, postal_code="8000", city="Aarhus C",
        notes="Byrådets udvalg for sociale forhold og beskæftigelse."),
    Org(FT_COMMITTEE, K.POLITICAL_BODY, domain="ft.example.dk", postal_code="1240", city="København K"),
]  # fmt: skip

# --- Themes, tags, areas ---------------------------------------------------------------------------------------------

THEMES: dict[str, str] = {
    "Beskæftigelse": "Flere beboere i job og uddannelse; samarbejde med jobcenteret.",
    "Sundhed": "Beboernes sundhedstilstand, forebyggelse og sundhedsfremme.",
    "Tryghed": "Tryghed og kriminalitetsforebyggelse i boligområderne.",
    "Uddannelse": "Skole, ungdomsuddannelse og videreuddannelse.",
    "Børn og unge": "Trivsel, fritid og skolegang for børn og unge.",
    "Beboerdemokrati": "Afdelingsbestyrelser, beboermøder og aktive beboere.",
    "Boliganvisning": "Udlejning, fleksibel udlejning og kommunal anvisning.",
    "Fritid og foreningsliv": "Foreninger, frivillige og fællesskaber.",
}
TAGS = [
    "hjørnesten",
    "helhedsplan",
    "partnerskab",
    "politisk dialog",
    "beskæftigelse",
    "tryghed",
    "skole",
    "frivillige",
    "fritid",
    "viden",
    "ledelse",
    "afdelingsbestyrelse",
    "nøgleperson",
    "presse",
    "nytårskur",
]


@dataclass(frozen=True)
class AreaDef:
    name: str
    estates: tuple[str, ...]
    list_status: str
    # Helhedsplan period as (first year, last year) relative to the reference year; None: no current plan.
    masterplan: tuple[int, int] | None
    notes: str = ""


AREAS = [
    AreaDef("Gellerup/Toveshøj", ("Gellerupparken", "Toveshøj"), ListStatus.TRANSFORMATION, (-2, 1),
            "Omdannelse med nye boliger, veje og arbejdspladser i området."),
    AreaDef("Bispehaven", ("Bispehaven",), ListStatus.TRANSFORMATION, (-1, 2)),
    AreaDef("Skovgårdsparken", ("Skovgårdsparken",), ListStatus.PREVENTION, (-5, -2)),
    AreaDef("Herredsvang", ("Herredsvang Nord", "Herredsvang Syd"), ListStatus.VULNERABLE, (-3, 0),
            "Afdelinger fra både AL2bolig og Alboa."),
    AreaDef("Trigeparken", ("Trigeparken",), ListStatus.PREVENTION, (-2, 1)),
    AreaDef("Rosenhøj", ("Rosenhøj",), ListStatus.VULNERABLE, (1, 4)),
    AreaDef("Frydenlund", ("Frydenlund",), ListStatus.NOT_LISTED, None),
]  # fmt: skip

# --- Collaborations --------------------------------------------------------------------------------------------------

KL_BL_TITLE = "Partnerskabsaftale mellem KL og BL om udsatte boligområder"
KL_BL_DESCRIPTION = (
    "I 2013 indgik KL og BL en partnerskabsaftale om løsningen af de boligsociale udfordringer i udsatte "
    "boligområder. Aftalen skal understøtte det samarbejde, som allerede er i gang mellem kommuner og "
    "boligorganisationer: ved at koble kommunernes kernedrift og boligorganisationernes lokale arbejde kan man yde en "
    "fælles indsats. Fokus er sundhed og beskæftigelse, fordi beskæftigelsesfrekvensen er lav og beboernes "
    "sundhedstilstand væsentlig dårligere end i den øvrige befolkning.\n\n"
    "Dokumenter: Anbefalinger fra KL og BL (anbefalinger til en målrettet og koordineret sundheds- og "
    "beskæftigelsesindsats i udsatte områder); Fakta fra Sundhedsstyrelsens forebyggelsespakker 2012; Analyserapport "
    "om almene boliger – beboersammensætning, sundhed og beskæftigelse."
)


@dataclass(frozen=True)
class CollabDef:
    title: str
    kind: str
    status: str
    start: date | tuple[int, int, int]  # fixed date, or (years, month, day) relative to the reference year
    end: date | tuple[int, int, int] | None
    partners: tuple[tuple[str, str], ...]
    themes: tuple[str, ...]
    areas: tuple[str, ...] = ()
    responsible: str = "sekretariat"
    description: str = ""
    goals: str = ""


def _masterplan(area: str, lead: str, extra: tuple[tuple[str, str], ...], status: str, themes: tuple[str, ...]):
    period = next(a.masterplan for a in AREAS if a.name == area)
    assert period is not None
    return CollabDef(
        title=f"Helhedsplan {area}",
        kind=CollaborationKind.MASTERPLAN,
        status=status,
        start=(period[0], 1, 1),
        end=(period[1], 12, 31),
        partners=((lead, PartnerRole.LEAD), (LBF, PartnerRole.FUNDER), (AARHUS, PartnerRole.PARTNER), *extra),
        themes=themes,
        areas=(area,),
        description=(
            f"Boligsocial helhedsplan for {area}, medfinansieret af Landsbyggefonden og Aarhus Kommune. "
            "Planen løber i fire år og har en lokal styregruppe med boligorganisation, kommune og beboere."
        ),
        goals="Flere beboere i job og uddannelse; bedre trivsel for børn og unge; et stærkt beboerdemokrati.",
    )


COLLABORATIONS = [
    CollabDef(
        KL_BL_TITLE, CollaborationKind.PARTNERSHIP, CollaborationStatus.ACTIVE, date(2013, 1, 1), None,
        ((KL, PartnerRole.LEAD), (BL, PartnerRole.LEAD), (SST, PartnerRole.STAKEHOLDER)),
        ("Sundhed", "Beskæftigelse"), responsible="ledelse", description=KL_BL_DESCRIPTION,
        goals="Kommuner og boligorganisationer arbejder sammen om en styrket og koordineret indsats på sundheds- og "
        "beskæftigelsesområdet i udsatte boligområder.",
    ),
    _masterplan("Gellerup/Toveshøj", BBO, (("Jobcenter Aarhus", PartnerRole.PARTNER),
                (POLICE, PartnerRole.STAKEHOLDER)), CollaborationStatus.ACTIVE,
                ("Beskæftigelse", "Børn og unge", "Tryghed", "Beboerdemokrati")),
    _masterplan("Bispehaven", OJB, (("Børn og Unge", PartnerRole.PARTNER),), CollaborationStatus.ACTIVE,
                ("Uddannelse", "Børn og unge", "Beskæftigelse")),
    _masterplan("Skovgårdsparken", BBO, (), CollaborationStatus.ENDED, ("Beskæftigelse", "Sundhed")),
    _masterplan("Herredsvang", AL2, (("Alboa", PartnerRole.PARTNER),), CollaborationStatus.ACTIVE,
                ("Tryghed", "Børn og unge", "Beboerdemokrati")),
    _masterplan("Trigeparken", AL2, (), CollaborationStatus.PAUSED, ("Fritid og foreningsliv", "Beskæftigelse")),
    _masterplan("Rosenhøj", OJB, (("Sundhed og Omsorg", PartnerRole.PARTNER),), CollaborationStatus.PLANNED,
                ("Sundhed", "Uddannelse")),
    CollabDef(
        "Netværk for boligsociale medarbejdere i Aarhus", CollaborationKind.NETWORK, CollaborationStatus.ACTIVE,
        (-6, 3, 1), None,
        ((BBO, PartnerRole.PARTNER), ("AAB Aarhus", PartnerRole.PARTNER), (OJB, PartnerRole.PARTNER),
         ("Alboa", PartnerRole.PARTNER), ("Boligforeningen Ringgården", PartnerRole.PARTNER),
         (AL2, PartnerRole.PARTNER), ("Fællesbo", PartnerRole.PARTNER)),
        ("Beboerdemokrati", "Beskæftigelse"),
        description="Sekretariatet faciliterer et netværk, hvor medarbejdere i helhedsplanerne deler metoder og "
        "erfaringer.",
        goals="Anerkendelse af metoder og erfaringer fra helhedsplanerne; fælles kompetenceudvikling.",
    ),
    CollabDef(
        "Tryghedsnetværk Aarhus Vest", CollaborationKind.NETWORK, CollaborationStatus.PAUSED, (-3, 9, 1), None,
        ((POLICE, PartnerRole.LEAD), ("Lokalpolitiet Aarhus Vest", PartnerRole.PARTNER),
         ("SSP Aarhus", PartnerRole.PARTNER), (BBO, PartnerRole.PARTNER), (OJB, PartnerRole.PARTNER)),
        ("Tryghed", "Børn og unge"), areas=("Gellerup/Toveshøj", "Bispehaven", "Herredsvang"),
        description="Fælles overblik over tryghedsindsatser i de vestlige boligområder. Sat i bero, mens politiet "
        "omlægger sin lokale organisering.",
    ),
    CollabDef(
        "Flere unge i uddannelse og job", CollaborationKind.PROJECT, CollaborationStatus.ENDED, (-4, 8, 1),
        (-1, 6, 30),
        (("Jobcenter Aarhus", PartnerRole.LEAD), ("Børn og Unge", PartnerRole.PARTNER),
         ("Job- og Uddannelsescafé Vest", PartnerRole.PARTNER), (BBO, PartnerRole.PARTNER)),
        ("Uddannelse", "Beskæftigelse", "Børn og unge"), areas=("Gellerup/Toveshøj", "Skovgårdsparken"),
        description="Projekt om brobygning fra grundskole til ungdomsuddannelse og job for unge i Aarhus Vest.",
        goals="Flere unge fra områderne i gang med en ungdomsuddannelse.",
    ),
    CollabDef(
        "Politisk dialog om kontinuerlig tilstedeværelse i de udsatte boligområder",
        CollaborationKind.POLITICAL_DIALOGUE, CollaborationStatus.ACTIVE, (-3, 1, 15), None,
        (("Borgmesterens Afdeling", PartnerRole.PARTNER), (SFB, PartnerRole.PARTNER),
         (AARHUS, PartnerRole.STAKEHOLDER)),
        ("Beskæftigelse", "Tryghed"), areas=("Gellerup/Toveshøj", "Bispehaven", "Herredsvang"),
        responsible="ledelse",
        description="Sekretariatet holder kommunen fast på en kontinuerlig tilstedeværelse i områderne, også når "
        "helhedsplanerne slutter.",
        goals="Kommunale tilbud med fast lokal tilstedeværelse i områderne.",
    ),
    CollabDef(
        "Dialog om boliganvisning og fleksibel udlejning", CollaborationKind.POLITICAL_DIALOGUE,
        CollaborationStatus.PLANNED, (1, 2, 1), None,
        ((SFB, PartnerRole.PARTNER), (BBO, PartnerRole.PARTNER), (OJB, PartnerRole.PARTNER),
         (MINISTRY, PartnerRole.STAKEHOLDER)),
        ("Boliganvisning",), responsible="ledelse",
        description="Forberedelse af en fælles dialog med kommunen om anvisningsreglerne.",
    ),
    CollabDef(
        "Sundhedsprojekt i Frydenlund", CollaborationKind.PROJECT, CollaborationStatus.ACTIVE, (-1, 4, 1),
        (1, 3, 31),
        (("Forebyggelse og Sundhedsfremme", PartnerRole.LEAD), ("Boligforeningen Ringgården", PartnerRole.PARTNER),
         ("Bydelsmødre i Aarhus", PartnerRole.PARTNER), (SST, PartnerRole.STAKEHOLDER)),
        ("Sundhed",), areas=("Frydenlund",),
        description="Sundhedsfremmende aktiviteter i samarbejde med bydelsmødre og kommunens sundhedsfremme.",
    ),
]  # fmt: skip

# --- People ----------------------------------------------------------------------------------------------------------

FIRST_NAMES = [
    "Anne", "Mette", "Louise", "Camilla", "Sofie", "Hanne", "Karina", "Pernille", "Lene", "Maria", "Rikke", "Tina",
    "Helle", "Birgit", "Ida", "Julie", "Line", "Signe", "Fatima", "Amina", "Leyla", "Zeynep", "Sara", "Nadia",
    "Mads", "Lars", "Peter", "Søren", "Thomas", "Martin", "Rasmus", "Jesper", "Henrik", "Niels", "Morten", "Kasper",
    "Jakob", "Anders", "Christian", "Michael", "Kristian", "Torben", "Ole", "Bo", "Ahmed", "Mohammed", "Hamza",
    "Ali", "Yusuf", "Omar", "Emil", "Jonas",
]  # fmt: skip
LAST_NAMES = [
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
    "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen",
    "Møller", "Mortensen", "Knudsen", "Lauridsen", "Bach", "Kjeldsen", "Dam", "Holm", "Vinther", "Skov", "Lund",
    "Frandsen", "Bertelsen", "Damgaard", "Mikkelsen", "Bisgaard", "Hassan", "Ali", "Yilmaz", "Abdi", "Mohamed",
    "Khan", "Nguyen", "Demir", "Öztürk", "Haddad",
]  # fmt: skip

# Positions to fill with invented people: (organisation, title, department, how many).
POSITIONS: list[tuple[str, str, str, int]] = [
    (AARHUS, "Boligsocial koordinator", "", 1),
    ("Borgmesterens Afdeling", "Kontorchef", "Byrådsservice", 1),
    ("Borgmesterens Afdeling", "Chefkonsulent", "Strategi og Analyse", 1),
    (SFB, "Afdelingschef", "Beskæftigelse", 1),
    (SFB, "Specialkonsulent", "Boligsocial indsats", 2),
    ("Jobcenter Aarhus", "Teamleder", "Jobcenter Vest", 1),
    ("Jobcenter Aarhus", "Virksomhedskonsulent", "Jobcenter Vest", 2),
    ("Socialcenter Vest", "Leder", "", 1),
    ("Børn og Unge", "Områdechef", "Område Vest", 1),
    ("Børn og Unge", "Konsulent", "Fritid og Ungdomsskole", 1),
    ("SSP Aarhus", "SSP-konsulent", "", 2),
    ("Sundhed og Omsorg", "Chefkonsulent", "Sundhedspolitik", 1),
    ("Forebyggelse og Sundhedsfremme", "Sundhedskonsulent", "", 2),
    ("Aarhus Kommunes Biblioteker", "Biblioteksleder", "Gellerup Bibliotek", 1),
    ("Teknik og Miljø", "Projektchef", "Byfornyelse", 1),
    ("Byudvikling og Mobilitet", "Byplanlægger", "", 1),
    (BBO, "Boligsocial chef", "", 1),
    (BBO, "Projektleder", "Helhedsplanen Gellerup/Toveshøj", 2),
    (BBO, "Kommunikationskonsulent", "", 1),
    ("AAB Aarhus", "Boligsocial konsulent", "", 1),
    ("AAB Aarhus", "Udlejningschef", "Udlejning", 1),
    (OJB, "Boligsocial chef", "", 1),
    (OJB, "Projektleder", "Helhedsplanen Bispehaven", 1),
    ("Alboa", "Boligsocial medarbejder", "", 1),
    ("Alboa", "Kundechef", "", 1),
    ("Boligforeningen Ringgården", "Driftschef", "", 1),
    ("Boligforeningen Ringgården", "Boligsocial medarbejder", "", 1),
    (AL2, "Boligsocial chef", "", 1),
    (AL2, "Projektleder", "Helhedsplanen Herredsvang", 1),
    ("Fællesbo", "Kundeservicechef", "", 1),
    ("Gellerupparken", "Formand for afdelingsbestyrelsen", "", 1),
    ("Toveshøj", "Næstformand for afdelingsbestyrelsen", "", 1),
    ("Bispehaven", "Formand for afdelingsbestyrelsen", "", 1),
    ("Skovgårdsparken", "Medlem af afdelingsbestyrelsen", "", 1),
    ("Herredsvang Nord", "Formand for afdelingsbestyrelsen", "", 1),
    ("Trigeparken", "Formand for afdelingsbestyrelsen", "", 1),
    ("Rosenhøj", "Formand for afdelingsbestyrelsen", "", 1),
    ("Frydenlund", "Formand for afdelingsbestyrelsen", "", 1),
    (KL, "Chefkonsulent", "Social og Sundhed", 1),
    (KL, "Konsulent", "Arbejdsmarked", 1),
    (BL, "Chefkonsulent", "Boligsocial afdeling", 1),
    (BL, "Konsulent", "Boligsocial afdeling", 1),
    (LBF, "Teamleder", "Boligsociale indsatser", 1),
    (LBF, "Fuldmægtig", "Boligsociale indsatser", 1),
    (SST, "Specialkonsulent", "Forebyggelse", 1),
    (MINISTRY, "Fuldmægtig", "Boligkontoret", 1),
    (CFBU, "Analytiker", "", 1),
    (CFBU, "Konsulent", "", 1),
    (POLICE, "Forebyggelseskonsulent", "Forebyggelsesafdelingen", 1),
    ("Lokalpolitiet Aarhus Vest", "Politikommissær", "", 1),
    ("Lokalpolitiet Aarhus Vest", "Nærpolitibetjent", "", 1),
    ("Tovshøjskolen", "Afdelingsleder", "", 1),
    ("Ellekærskolen", "Skolesocialrådgiver", "", 1),
    ("Rosenvangskolen", "Viceskoleleder", "", 1),
    ("Job- og Uddannelsescafé Vest", "Leder", "", 1),
    ("Job- og Uddannelsescafé Vest", "Mentor", "", 1),
    ("Bydelsmødre i Aarhus", "Koordinator", "", 1),
    ("Frivilligcenter Aarhus", "Konsulent", "", 1),
    ("Dansk Røde Kors Aarhus", "Frivilligkoordinator", "", 1),
    ("Lektiecafé Vest", "Formand", "", 1),
    ("Idrætsforeningen Vestbyen", "Formand", "", 1),
]
JOB_CHANGES = 10
FORMER_TITLES = ["Konsulent", "Projektmedarbejder", "Boligsocial medarbejder", "Fuldmægtig", "Projektleder"]
# Residents on estate boards are written to at a private address, kept on their consent.
RESIDENT_DOMAIN = "mail.example.dk"

# --- Meeting texts ---------------------------------------------------------------------------------------------------

MINUTE_SENTENCES = [
    "Vi gennemgik status på {collab}, og parterne er enige om, at indsatsen er på rette spor.",
    "{org} orienterede om de seneste tal for beskæftigelse og uddannelse i {area}.",
    "Drøftelse af, hvordan kommunens tilbud kan være fysisk til stede i {area} hele året.",
    "Beboerne i {area} oplever flere trygge aftener, men der er fortsat uro omkring butikstorvet.",
    "Sekretariatet fremlagde erfaringer fra helhedsplanerne om {theme}.",
    "Der var bred opbakning til at samle indsatserne om {theme} i én fælles plan.",
    "{org} ønsker et tættere samarbejde om {theme} og foreslår faste kvartalsmøder.",
    "Vi talte om rekruttering af frivillige og om lokaler til lektiecafé og klubaktiviteter.",
    "Afdelingsbestyrelsen efterlyser bedre information om byggeriet og genhusningen.",
    "Budgettet for næste år blev drøftet; finansieringen fra Landsbyggefonden er bekræftet.",
    "Der er behov for at styrke koordineringen mellem jobcenteret og de boligsociale medarbejdere.",
    "Mødet blev holdt i beboerhuset, og der deltog også repræsentanter fra de lokale foreninger.",
]
DECISION_SENTENCES = [
    "Det blev aftalt, at sekretariatet udarbejder et fælles notat om {theme}.",
    "Parterne fortsætter de faste møder hver tredje måned.",
    "{org} inviterer til et opfølgende møde med deltagelse af afdelingsbestyrelsen.",
    "Der nedsættes en arbejdsgruppe om {theme} i {area}.",
    "Sekretariatet sender et høringssvar inden fristen.",
    "Erfaringerne samles til årsskriftet.",
]
FOLLOW_UP_TEXTS = [
    "Sende referat til deltagerne",
    "Indkalde til opfølgende møde med {org}",
    "Udarbejde notat om {theme} i {area}",
    "Følge op på aftalen om fælles ansøgning til Landsbyggefonden",
    "Sende udkast til høringssvar til kommentering",
    "Samle tal og erfaringer til årsskriftet",
    "Undersøge muligheden for et fælles arrangement i {area}",
    "Ringe til {contact} om næste skridt",
]
CONSULTATION_TOPICS = [
    "budgetforslag for Aarhus Kommune {year}",
    "forslag til ny udlejningsaftale",
    "boligpolitik for Aarhus Kommune",
    "kommuneplantillæg for {area}",
    "ny sundhedspolitik for Aarhus Kommune",
    "beskæftigelsesplan {year}",
]
MEETING_KIND_WEIGHTS = [
    (MeetingKind.MEETING, 44),
    (MeetingKind.PHONE, 18),
    (MeetingKind.EMAIL, 10),
    (MeetingKind.SITE_VISIT, 10),
    (MeetingKind.EVENT, 7),
    (MeetingKind.CONFERENCE, 5),
    (MeetingKind.CONSULTATION, 6),
]
# The log is kept up to date: a meeting about every other working day of the last three weeks, the rest spread over
# three years.
PAST_MEETINGS = 160
RECENT_MEETINGS = 8
UPCOMING_MEETINGS = 7  # over the next five weeks, plus one later today on a working day
# Days the secretariat is closed (Christmas Eve to Boxing Day, New Year's Eve and Day): no meetings, nothing due.
CLOSED_DAYS = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}
# The open follow-ups that make the start page a work queue, as (owner, how many, days from the reference day). Every
# other follow-up due before the reference day was done a few days after its due date.
WORK_QUEUE = [
    ("sekretariat", (3, 5), range(-35, -1)),  # overdue by a few days to a month
    ("sekretariat", (2, 2), range(0, 1)),  # due today
    ("sekretariat", (2, 3), range(1, 5)),  # due later this week (from Thursday on: early next week)
    ("ledelse", (1, 2), range(-45, -2)),
    ("ledelse", (1, 1), range(0, 7)),
]

# --- Plan ------------------------------------------------------------------------------------------------------------
# The plan is a pure function of the reference date: plain data with natural keys, no database access.


@dataclass
class AffiliationPlan:
    organisation: str
    title: str
    department: str
    start: date | None
    end: date | None
    primary: bool


@dataclass
class ContactPlan:
    first_name: str
    last_name: str
    email: str
    affiliations: list[AffiliationPlan]
    tags: list[str]
    owner: str
    do_not_contact: bool = False
    lawful_basis: str = LawfulBasis.LEGITIMATE_INTEREST
    consent_note: str = ""
    salutation: str = ""
    notes: str = ""

    def organisation_at(self, day: date) -> list[str]:
        return [
            a.organisation
            for a in self.affiliations
            if (a.start is None or a.start <= day) and (a.end is None or a.end >= day)
        ]

    @property
    def primary_organisation(self) -> str | None:
        return next((a.organisation for a in self.affiliations if a.primary and a.end is None), None)


@dataclass
class FollowUpPlan:
    text: str
    owner: str
    due: date
    done_at: datetime | None


@dataclass
class MeetingPlan:
    starts_at: datetime
    kind: str
    subject: str
    organisations: list[str]
    contacts: list[str]
    staff: list[str]
    collaborations: list[str]
    areas: list[str]
    themes: list[str]
    minutes: str
    decisions: str
    follow_ups: list[FollowUpPlan] = field(default_factory=list)


@dataclass
class InvitationPlan:
    contact: str
    organisation: str | None
    status: str
    invited_at: datetime | None
    responded_at: datetime | None
    attendance_recorded_at: datetime | None


@dataclass
class EventPlan:
    name: str
    starts_at: datetime
    location: str
    description: str
    invitations: list[InvitationPlan]


@dataclass
class DemoPlan:
    reference: date
    contacts: list[ContactPlan]
    meetings: list[MeetingPlan]
    events: list[EventPlan]


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def _relative(value: date | tuple[int, int, int] | None, year: int) -> date | None:
    if value is None or isinstance(value, date):
        return value
    years, month, day = value
    return date(year + years, month, day)


def email_name(text: str) -> str:
    """A name as it stands in an e-mail address: Danish letters spelt out, no spaces or hyphens."""
    return danish_ascii(text).replace(" ", "").replace("-", "")


def _domain(org_name: str) -> str:
    by_name = {o.name: o for o in ORGANISATIONS}
    org = by_name[org_name]
    while org.domain is None and org.parent is not None:
        org = by_name[org.parent]
    return org.domain or "example.dk"


def _plan_contacts(rng: random.Random, reference: date) -> list[ContactPlan]:
    names: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    slots = [(org, title, dept) for org, title, dept, n in POSITIONS for _ in range(n)]
    while len(names) < len(slots):
        pair = (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        if pair not in seen and pair[0] != pair[1]:  # no "Ali Ali"
            seen.add(pair)
            names.append(pair)

    estates = {o.name for o in ORGANISATIONS if o.kind == K.ESTATE}
    former_pool = [o.name for o in ORGANISATIONS if o.kind not in (K.ESTATE, K.MUNICIPALITY, K.POLITICAL_BODY)]
    changers = set(rng.sample([i for i, slot in enumerate(slots) if slot[0] not in estates], JOB_CHANGES))
    contacts: list[ContactPlan] = []
    for index, ((org, title, dept), (first, last)) in enumerate(zip(slots, names, strict=True)):
        resident = org in estates
        domain = RESIDENT_DOMAIN if resident else _domain(org)
        email = f"{email_name(first)}.{email_name(last)}@{domain}"
        if index in changers:
            ended = reference - timedelta(days=rng.randint(60, 900))
            started_former = ended - timedelta(days=rng.randint(700, 3000))
            former_org = rng.choice([name for name in former_pool if name != org])
            affiliations = [
                AffiliationPlan(former_org, rng.choice(FORMER_TITLES), "", started_former, ended, False),
                AffiliationPlan(org, title, dept, ended + timedelta(days=rng.randint(1, 45)), None, True),
            ]
        else:
            start = None if rng.random() < 0.15 else reference - timedelta(days=rng.randint(400, 4500))
            affiliations = [AffiliationPlan(org, title, dept, start, None, True)]
        tags = []
        if resident:
            tags.append("afdelingsbestyrelse")
        if any(word in title.lower() for word in ("chef", "leder", "formand")):
            tags.append("ledelse")
        if rng.random() < 0.3:
            tags.append(rng.choice(["nøgleperson", "presse", "nytårskur", "helhedsplan", "beskæftigelse"]))
        plan = ContactPlan(
            first_name=first,
            last_name=last,
            email=email,
            affiliations=affiliations,
            tags=sorted(set(tags)),
            owner=rng.choice(["sekretariat", "sekretariat", "ledelse"]),
            lawful_basis=LawfulBasis.CONSENT if resident else LawfulBasis.LEGITIMATE_INTEREST,
            consent_note=(
                f"Mundtligt samtykke på beboermøde {(reference - timedelta(days=rng.randint(30, 700))):%d-%m-%Y}."
                if resident
                else ""
            ),
            salutation=f"Kære {first} {last}" if rng.random() < 0.1 else "",
        )
        contacts.append(plan)

    # A few residents and people in other roles have a second, non-primary current role.
    for plan in rng.sample(contacts, 8):
        org = rng.choice(
            ["Lektiecafé Vest", "Frivilligcenter Aarhus", "Idrætsforeningen Vestbyen", "Bydelsmødre i Aarhus"]
        )
        if org not in {a.organisation for a in plan.affiliations}:
            start = reference - timedelta(days=rng.randint(100, 2000))
            plan.affiliations.append(AffiliationPlan(org, "Frivillig", "", start, None, False))

    # People who asked not to be contacted: kept for the meeting history, never invited or exported.
    for plan in rng.sample([c for i, c in enumerate(contacts) if i not in changers], 5):
        plan.do_not_contact = True
        plan.notes = "Har frabedt sig henvendelser og invitationer."
    return contacts


def _is_working_day(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in CLOSED_DAYS


def _business_days(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if _is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _working_day_from(day: date, step: int = 1) -> date:
    """``day``, or the nearest working day after it (``step=-1``: before it) if the office is closed that day."""
    while not _is_working_day(day):
        day += timedelta(days=step)
    return day


def _done_at(rng: random.Random, due: date, meeting_day: date, reference: date) -> datetime:
    """A follow-up done on its due date or a few days after it, and before the reference day."""
    done_day = min(due + timedelta(days=rng.randint(0, 4)), reference - timedelta(days=1))
    return _aware(max(done_day, meeting_day), rng.randint(8, 16))


def _fill(template: str, **values: str) -> str:
    return template.format(**values)


def _plan_meetings(rng: random.Random, reference: date, contacts: list[ContactPlan]) -> list[MeetingPlan]:
    year = reference.year
    collabs = [
        (c, _relative(c.start, year), _relative(c.end, year))
        for c in COLLABORATIONS
        if c.status != CollaborationStatus.PLANNED
    ]
    # The political bodies joined the demo later; their meetings are the cases' (``_load_cases``), not drawn here.
    key_orgs = [o.name for o in ORGANISATIONS if o.key and o.kind != K.POLITICAL_BODY]
    area_names = [a.name for a in AREAS]
    theme_names = list(THEMES)
    kinds, weights = zip(*MEETING_KIND_WEIGHTS, strict=True)

    def people_at(orgs: list[str], day: date, k: int) -> list[str]:
        candidates = [c.email for c in contacts if set(c.organisation_at(day)) & set(orgs)]
        return sorted(rng.sample(candidates, min(k, len(candidates))))

    recent_start = reference - timedelta(days=21)
    older_days = _business_days(reference - timedelta(days=3 * 365), recent_start - timedelta(days=1))
    recent_days = _business_days(recent_start, reference - timedelta(days=1))
    future_days = _business_days(reference + timedelta(days=1), reference + timedelta(days=35))
    days = sorted(rng.choice(older_days) for _ in range(PAST_MEETINGS))
    days += sorted(rng.sample(recent_days, min(RECENT_MEETINGS, len(recent_days))))
    days += [reference] if _is_working_day(reference) else []
    days += sorted(rng.sample(future_days, UPCOMING_MEETINGS))

    meetings: list[MeetingPlan] = []
    texts: list[dict[str, str]] = []  # each meeting's words for its follow-up texts
    used: set[tuple[str, datetime]] = set()
    for number, day in enumerate(days):
        # Every kind appears at least once however the weights fall.
        kind = kinds[number] if number < len(kinds) else rng.choices(kinds, weights)[0]
        running = [(c, s, e) for c, s, e in collabs if s <= day and (e is None or e >= day)]
        collab = rng.choice(running) if running and rng.random() < 0.55 else None
        if collab:
            cdef = collab[0]
            orgs = sorted({name for name, _role in rng.sample(cdef.partners, min(len(cdef.partners), 3))})
            areas = list(cdef.areas)
            themes = sorted(rng.sample(cdef.themes, min(len(cdef.themes), rng.randint(1, 2))))
            collab_titles = [cdef.title]
        else:
            orgs = sorted(set(rng.sample(key_orgs, rng.randint(1, 2))))
            areas = [rng.choice(area_names)] if rng.random() < 0.5 else []
            themes = sorted(rng.sample(theme_names, rng.randint(0, 2)))
            collab_titles = []
        people = people_at(orgs, day, rng.randint(1, 3))
        org, area = orgs[0], areas[0] if areas else rng.choice(area_names)
        theme = (themes[0] if themes else rng.choice(theme_names)).lower()
        person = next((c for c in contacts if c.email in people), None)
        person_name = f"{person.first_name} {person.last_name}" if person else org
        values = {
            "org": org,
            "area": area,
            "theme": theme,
            "collab": collab_titles[0] if collab_titles else "samarbejdet",
            "contact": person_name,
            "year": str(day.year + 1),
        }
        if kind == MeetingKind.MEETING:
            subject = rng.choice(
                ["Statusmøde: {collab}", "Styregruppemøde: {collab}", "Møde om {theme} i {area}"]
                if collab
                else ["Dialogmøde med {org}", "Kvartalsmøde med {org}", "Møde med {org} om {theme}"]
            )
        elif kind == MeetingKind.PHONE:
            subject = rng.choice(["Telefonsamtale med {contact} om {theme}", "Opringning fra {org}"])
        elif kind == MeetingKind.EMAIL:
            subject = rng.choice(["Mail til {org} om {theme}", "Mailkorrespondance med {contact}"])
        elif kind == MeetingKind.SITE_VISIT:
            subject = rng.choice(["Besøg i {area}", "Rundvisning i {area} for {org}"])
        elif kind == MeetingKind.EVENT:
            subject = rng.choice(["Beboermøde i {area}", "Fyraftensmøde om {theme}", "Åbent hus i {area}"])
        elif kind == MeetingKind.CONFERENCE:
            subject = rng.choice(
                ["Konference om {theme} i udsatte boligområder", "Landskonference om boligsocialt arbejde"]
            )
        else:
            subject = "Høringssvar: " + rng.choice(CONSULTATION_TOPICS)
        subject = _fill(subject, **values)

        # Today's meeting is in the afternoon, so it is still ahead when the demo is loaded in the morning.
        hour = rng.randint(13, 15) if day == reference else rng.randint(8, 15)
        starts_at = _aware(day, hour, rng.choice([0, 15, 30, 45]))
        while (subject, starts_at) in used:
            starts_at += timedelta(minutes=15)
        used.add((subject, starts_at))

        past = day < reference
        minutes = decisions = ""
        if past and kind != MeetingKind.EMAIL:
            minutes = " ".join(_fill(s, **values) for s in rng.sample(MINUTE_SENTENCES, rng.randint(2, 4)))
            if rng.random() < 0.6:
                decisions = "\n".join(_fill(s, **values) for s in rng.sample(DECISION_SENTENCES, rng.randint(1, 2)))
        elif past:
            minutes = f"Korrespondance om {theme}. " + _fill(rng.choice(MINUTE_SENTENCES), **values)

        staff = ["sekretariat"]
        if (collab and collab[0].responsible == "ledelse") or rng.random() < 0.25:
            staff.append("ledelse")
        if rng.random() < 0.05:
            staff.append("admin")

        follow_ups: list[FollowUpPlan] = []
        if past and rng.random() < 0.45:
            for text in rng.sample(FOLLOW_UP_TEXTS, rng.randint(1, 2)):
                due = _working_day_from(day + timedelta(days=rng.randint(7, 45)))
                # What was due before the reference day is done (the work queue reopens a few); the rest is open.
                done_at = _done_at(rng, due, day, reference) if due < reference else None
                follow_ups.append(FollowUpPlan(_fill(text, **values), rng.choice(staff), due, done_at))

        meetings.append(
            MeetingPlan(
                starts_at=starts_at,
                kind=kind,
                subject=subject,
                organisations=orgs,
                contacts=people,
                staff=staff,
                collaborations=collab_titles,
                areas=areas,
                themes=themes,
                minutes=minutes,
                decisions=decisions,
                follow_ups=follow_ups,
            )
        )
        texts.append(values)
    _plan_work_queue(rng, reference, meetings, texts)
    return meetings


def _plan_work_queue(
    rng: random.Random, reference: date, meetings: list[MeetingPlan], texts: list[dict[str, str]]
) -> None:
    """Give the recent meetings the open follow-ups of ``WORK_QUEUE``: a few overdue, some due today and this week.

    Each belongs to one of the last meetings (held at least three days before it is due) its owner took part in, with
    a text that meeting has no follow-up of yet.
    """
    held = [(m, t) for m, t in zip(meetings, texts, strict=True) if m.starts_at.date() < reference]
    queued: set[str] = set()
    for owner, (fewest, most), offsets in WORK_QUEUE:
        chosen = sorted(rng.choice(offsets) for _ in range(rng.randint(fewest, most)))
        for offset in chosen:
            # Due today even on a weekend; otherwise on a working day, and an overdue one stays in the past.
            due = (
                reference
                if offset == 0
                else _working_day_from(reference + timedelta(days=offset), -1 if offset < 0 else 1)
            )
            before = [
                (m, t)
                for m, t in held
                if owner in m.staff
                and m.starts_at.date() <= due - timedelta(days=3)
                and len(m.follow_ups) < len(FOLLOW_UP_TEXTS)
            ]
            meeting, values = rng.choice(before[-3:])
            used = {f.text for f in meeting.follow_ups}
            texts_left = [t for t in (_fill(t, **values) for t in FOLLOW_UP_TEXTS) if t not in used]
            text = rng.choice([t for t in texts_left if t not in queued] or texts_left)  # a varied queue
            queued.add(text)
            meeting.follow_ups.append(FollowUpPlan(text, owner, due, None))


def _first_thursday_of_january(year: int) -> date:
    """The nytårskur day: the first Thursday from 4 January, once everyone is back after New Year."""
    day = date(year, 1, 4)
    return day + timedelta(days=(3 - day.weekday()) % 7)


def nytaarskur_years(reference: date) -> list[int]:
    """The coming nytårskur and the two before it, so one is still open for invitations."""
    upcoming = reference.year if reference <= _first_thursday_of_january(reference.year) else reference.year + 1
    return [upcoming - 2, upcoming - 1, upcoming]


def _plan_events(rng: random.Random, reference: date, contacts: list[ContactPlan]) -> list[EventPlan]:
    invitable = [c for c in contacts if not c.do_not_contact and c.primary_organisation]
    events = []
    for year in nytaarskur_years(reference):
        day = _first_thursday_of_january(year)
        starts_at = _aware(day, 15)
        upcoming = day >= reference
        if upcoming:
            # In preparation: much of the guest list is still drafts; the first invitations have been sent and some
            # answered. In its last three weeks nearly everyone has been invited.
            statuses = [
                InvitationStatus.DRAFT,
                InvitationStatus.INVITED,
                InvitationStatus.ACCEPTED,
                InvitationStatus.DECLINED,
            ]
            weights = [45 if (day - reference).days > 21 else 5, 30, 17, 8]
        else:
            statuses = [
                InvitationStatus.ATTENDED,
                InvitationStatus.NO_SHOW,
                InvitationStatus.DECLINED,
                InvitationStatus.INVITED,
            ]
            weights = [55, 12, 23, 10]
        guests = sorted(rng.sample(invitable, int(len(invitable) * rng.uniform(0.65, 0.85))), key=lambda c: c.email)
        invitations = []
        for number, guest in enumerate(guests):
            status = statuses[number] if number < len(statuses) else rng.choices(statuses, weights)[0]
            invited_at = responded_at = recorded_at = None
            if status != InvitationStatus.DRAFT:
                sent = min(day - timedelta(days=28), reference - timedelta(days=7))
                invited_at = _aware(sent, 10)
            if status in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED, InvitationStatus.ATTENDED):
                latest = min(day - timedelta(days=1), reference - timedelta(days=1))
                span = max((latest - invited_at.date()).days, 1)
                responded_at = _aware(invited_at.date() + timedelta(days=rng.randint(1, span)), rng.randint(8, 16))
            if status in (InvitationStatus.ATTENDED, InvitationStatus.NO_SHOW):
                recorded_at = _aware(day, 18)
            invitations.append(
                InvitationPlan(guest.email, guest.primary_organisation, status, invited_at, responded_at, recorded_at)
            )
        events.append(
            EventPlan(
                name=f"Nytårskur {year}",
                starts_at=starts_at,
                location="Det Boligsociale Fællessekretariat, Aarhus",
                description=(
                    "Kære samarbejdspartner. Du inviteres hermed til nytårskur på Det Boligsociale Fællessekretariat "
                    f"torsdag den {day.day}. januar kl. 15.00. Vi ser årsskiftet som en god anledning til at samle alle "
                    f"vores gode samarbejdspartnere. Ved nytårskuren offentliggør vi Årsskrift {year - 1}."
                ),
                invitations=invitations,
            )
        )
    return events


def build_plan(reference: date) -> DemoPlan:
    rng = random.Random(SEED)
    contacts = _plan_contacts(rng, reference)
    meetings = _plan_meetings(rng, reference, contacts)
    events = _plan_events(rng, reference, contacts)
    return DemoPlan(reference=reference, contacts=contacts, meetings=meetings, events=events)


# --- Applying the plan -----------------------------------------------------------------------------------------------
# Existing records are read once per model (restricted to the plan's natural keys) and many-to-many links once per
# relation, so a repeat run costs a few dozen queries and writes nothing.


@dataclass
class LoadResult:
    reference: date
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


# The natural key of each model, computed from an instance (saved or not).
NATURAL_KEYS: dict[type[models.Model], Any] = {
    Theme: lambda o: o.name.lower(),
    Tag: lambda o: o.name.lower(),
    Organisation: lambda o: (o.name, o.kind),
    Area: lambda o: (o.name.lower(), o.municipality_id),
    Collaboration: lambda o: o.title,
    CollaborationPartner: lambda o: (o.collaboration_id, o.organisation_id),
    Contact: lambda o: (o.email or "").lower(),
    Affiliation: lambda o: (o.contact_id, o.organisation_id),
    Meeting: lambda o: (o.subject, o.starts_at),
    FollowUp: lambda o: (o.meeting_id, o.text),
    Event: lambda o: o.name,
    Invitation: lambda o: (o.event_id, o.contact_id),
    Case: lambda o: o.title,
    CaseDeadline: lambda o: (o.case_id, o.kind, o.date),
    CaseEvent: lambda o: (o.case_id, o.kind, o.date),
    CaseStakeholder: lambda o: (o.case_id, o.organisation_id, o.contact_id),
}


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.many_to_one or model_field.one_to_one:
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


class _Loader:
    def __init__(self, result: LoadResult):
        self.result = result
        self.index: dict[type[models.Model], dict] = {}
        self.links: dict[tuple[type[models.Model], str], dict[int, set[int]]] = {}

    def prefetch(self, model: type[models.Model], queryset: models.QuerySet) -> None:
        """Index the existing records the plan may refer to; the lowest pk wins where a key is duplicated."""
        key = NATURAL_KEYS[model]
        index = self.index.setdefault(model, {})
        for obj in queryset.order_by("-pk"):
            index[key(obj)] = obj

    def sync(self, model: type[models.Model], **values: Any) -> models.Model:
        """Create the record, or bring the existing one with the same natural key to ``values``."""
        label = str(model._meta.verbose_name_plural)
        candidate = model(**values)
        key = NATURAL_KEYS[model](candidate)
        index = self.index.setdefault(model, {})
        obj = index.get(key)
        if obj is None:
            obj = candidate
            self.result.created[label] += 1
        else:
            changed = [name for name, value in values.items() if _differs(obj, name, value)]
            if not changed:
                self.result.unchanged[label] += 1
                return obj
            for name in changed:
                setattr(obj, name, values[name])
            self.result.updated[label] += 1
        obj.full_clean()
        obj._change_reason = CHANGE_REASON
        obj.save()
        index[key] = obj
        return obj

    def link(self, obj: models.Model, relation: str, targets) -> None:
        """Remember the wanted many-to-many state; ``flush_links`` writes the differences."""
        self.links.setdefault((type(obj), relation), {})[obj.pk] = {t.pk for t in targets}

    def flush_links(self) -> None:
        for (model, relation), wanted in self.links.items():
            m2m = model._meta.get_field(relation)
            through = m2m.remote_field.through
            source = m2m.m2m_field_name() + "_id"
            target = m2m.m2m_reverse_field_name() + "_id"
            current: dict[int, set[int]] = {pk: set() for pk in wanted}
            for source_id, target_id in through.objects.filter(**{f"{source}__in": list(wanted)}).values_list(
                source, target
            ):
                current[source_id].add(target_id)
            new_rows = []
            for pk, targets in wanted.items():
                new_rows += [through(**{source: pk, target: t}) for t in sorted(targets - current[pk])]
                stale = current[pk] - targets
                if stale:
                    through.objects.filter(**{source: pk, f"{target}__in": stale}).delete()
            through.objects.bulk_create(new_rows)
        self.links.clear()


def reference_date() -> date:
    """The day the demo was first loaded (kept as the anchor user's date_joined), else today."""
    anchor = get_user_model().objects.filter(username=ANCHOR_USERNAME).first()
    if anchor is not None:
        return timezone.localtime(anchor.date_joined, TZ).date()
    return timezone.localdate()


def _load_users(result: LoadResult, reference: date) -> dict[str, Any]:
    User = get_user_model()
    label = str(User._meta.verbose_name_plural)
    users = {}
    for spec in DEMO_USERS:
        values = {
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": f"{spec.username}@sekretariat.example.dk",
            "is_active": True,
            "is_staff": spec.is_superuser,
            "is_superuser": spec.is_superuser,
        }
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username, date_joined=_aware(reference, 8), **values)
            user.set_password(spec.password)
            user.full_clean()
            user.save()
            result.created[label] += 1
        else:
            changed = [name for name, value in values.items() if getattr(user, name) != value]
            for name in changed:
                setattr(user, name, values[name])
            # A fresh hash has a fresh salt: set the password only if it no longer matches.
            password_ok = user.check_password(spec.password)
            if not password_ok:
                user.set_password(spec.password)
            if changed or not password_ok:
                user.full_clean()
                user.save()
                result.updated[label] += 1
            else:
                result.unchanged[label] += 1
        if spec.group:
            user.groups.add(Group.objects.get(name=spec.group))
        users[spec.username] = user
    return users


def _load_lookups(loader: _Loader) -> tuple[dict[str, Theme], dict[str, Tag]]:
    loader.prefetch(Theme, Theme.objects.annotate(lname=Lower("name")).filter(lname__in=[t.lower() for t in THEMES]))
    loader.prefetch(Tag, Tag.objects.annotate(lname=Lower("name")).filter(lname__in=[t.lower() for t in TAGS]))
    themes = {name: loader.sync(Theme, name=name, description=description) for name, description in THEMES.items()}
    tags = {name: loader.sync(Tag, name=name) for name in TAGS}
    return themes, tags


def _load_organisations(loader: _Loader, users: dict, tags: dict) -> dict[str, Organisation]:
    loader.prefetch(Organisation, Organisation.objects.filter(name__in=[o.name for o in ORGANISATIONS]))
    orgs: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:  # parents come before their children in the list
        org = loader.sync(
            Organisation,
            name=spec.name,
            short_name=spec.short,
            kind=spec.kind,
            parent=orgs[spec.parent] if spec.parent else None,
            cvr=spec.cvr,
            municipality_code=spec.municipality_code,
            estate_number=spec.estate_number,
            postal_code=spec.postal_code,
            city=spec.city,
            email=f"kontakt@{spec.domain}" if spec.domain and not spec.parent else "",
            owner=users[spec.owner],
            is_key_partner=spec.key,
            is_active=True,
            notes=spec.notes,
        )
        loader.link(org, "tags", [tags[name] for name in spec.tags])
        for alias in spec.aliases:
            OrganisationAlias.objects.get_or_create(organisation=org, name=alias)
        orgs[spec.name] = org
    return orgs


def _load_areas(loader: _Loader, reference: date, orgs: dict) -> dict[str, Area]:
    aarhus = orgs[AARHUS]
    loader.prefetch(Area, Area.objects.filter(municipality=aarhus))
    areas = {}
    for spec in AREAS:
        start = date(reference.year + spec.masterplan[0], 1, 1) if spec.masterplan else None
        end = date(reference.year + spec.masterplan[1], 12, 31) if spec.masterplan else None
        area = loader.sync(
            Area,
            name=spec.name,
            municipality=aarhus,
            list_status=spec.list_status,
            # The state publishes its lists each December, so the latest is last year's.
            list_year=reference.year - 1 if spec.list_status != ListStatus.NOT_LISTED else None,
            masterplan_start=start,
            masterplan_end=end,
            notes=spec.notes,
        )
        loader.link(area, "estates", [orgs[name] for name in spec.estates])
        areas[spec.name] = area
    return areas


def _load_collaborations(loader: _Loader, reference, users, orgs, themes, areas) -> dict[str, Collaboration]:
    loader.prefetch(Collaboration, Collaboration.objects.filter(title__in=[c.title for c in COLLABORATIONS]))
    loader.prefetch(
        CollaborationPartner,
        CollaborationPartner.objects.filter(collaboration__title__in=[c.title for c in COLLABORATIONS]),
    )
    collabs = {}
    for spec in COLLABORATIONS:
        collab = loader.sync(
            Collaboration,
            title=spec.title,
            kind=spec.kind,
            status=spec.status,
            responsible=users[spec.responsible],
            start_date=_relative(spec.start, reference.year),
            end_date=_relative(spec.end, reference.year),
            description=spec.description,
            goals=spec.goals,
        )
        for name, role in spec.partners:
            loader.sync(CollaborationPartner, collaboration=collab, organisation=orgs[name], role=role)
        loader.link(collab, "themes", [themes[name] for name in spec.themes])
        loader.link(collab, "areas", [areas[name] for name in spec.areas])
        collabs[spec.title] = collab
    return collabs


def _load_contacts(loader: _Loader, plan: DemoPlan, users: dict, orgs: dict, tags: dict) -> dict[str, Contact]:
    emails = [c.email.lower() for c in plan.contacts]
    loader.prefetch(Contact, Contact.objects.annotate(lemail=Lower("email")).filter(lemail__in=emails))
    loader.prefetch(Affiliation, Affiliation.objects.annotate(lemail=Lower("contact__email")).filter(lemail__in=emails))
    contacts = {}
    for spec in plan.contacts:
        contact = loader.sync(
            Contact,
            email=spec.email,
            first_name=spec.first_name,
            last_name=spec.last_name,
            salutation=spec.salutation,
            do_not_contact=spec.do_not_contact,
            lawful_basis=spec.lawful_basis,
            consent_note=spec.consent_note,
            notes=spec.notes,
            owner=users[spec.owner],
            is_active=True,
        )
        # Ended roles first, so a former primary never competes with the current one.
        for aff in sorted(spec.affiliations, key=lambda a: a.end is None):
            loader.sync(
                Affiliation,
                contact=contact,
                organisation=orgs[aff.organisation],
                title=aff.title,
                department=aff.department,
                start_date=aff.start,
                end_date=aff.end,
                is_primary=aff.primary,
            )
        loader.link(contact, "tags", [tags[name] for name in spec.tags])
        contacts[spec.email] = contact
    return contacts


def _load_meetings(loader: _Loader, plan, users, orgs, contacts, collabs, areas, themes) -> None:
    first = min(m.starts_at for m in plan.meetings)
    last = max(m.starts_at for m in plan.meetings)
    in_range = Meeting.objects.filter(starts_at__range=(first, last), subject__in={m.subject for m in plan.meetings})
    loader.prefetch(Meeting, in_range)
    loader.prefetch(FollowUp, FollowUp.objects.filter(meeting__in=in_range))
    for spec in plan.meetings:
        meeting = loader.sync(
            Meeting,
            subject=spec.subject,
            starts_at=spec.starts_at,
            kind=spec.kind,
            minutes=spec.minutes,
            decisions=spec.decisions,
        )
        loader.link(meeting, "organisations", [orgs[name] for name in spec.organisations])
        loader.link(meeting, "contacts", [contacts[email] for email in spec.contacts])
        loader.link(meeting, "staff", [users[name] for name in spec.staff])
        loader.link(meeting, "collaborations", [collabs[title] for title in spec.collaborations])
        loader.link(meeting, "areas", [areas[name] for name in spec.areas])
        loader.link(meeting, "themes", [themes[name] for name in spec.themes])
        for follow_up in spec.follow_ups:
            loader.sync(
                FollowUp,
                meeting=meeting,
                text=follow_up.text,
                owner=users[follow_up.owner],
                due_date=follow_up.due,
                done_at=follow_up.done_at,
            )


def _load_events(loader: _Loader, plan: DemoPlan, orgs: dict, contacts: dict) -> None:
    names = [e.name for e in plan.events]
    loader.prefetch(Event, Event.objects.filter(name__in=names))
    loader.prefetch(Invitation, Invitation.objects.filter(event__name__in=names))
    for spec in plan.events:
        event = loader.sync(
            Event,
            name=spec.name,
            kind=EventKind.NEW_YEAR_RECEPTION,
            starts_at=spec.starts_at,
            location=spec.location,
            description=spec.description,
        )
        for inv in spec.invitations:
            loader.sync(
                Invitation,
                event=event,
                contact=contacts[inv.contact],
                organisation=orgs[inv.organisation] if inv.organisation else None,
                status=inv.status,
                invited_at=inv.invited_at,
                responded_at=inv.responded_at,
                attendance_recorded_at=inv.attendance_recorded_at,
            )


@transaction.atomic
def load_demo(*, reference: date | None = None) -> LoadResult:
    """Create the demo world or bring its records back to the demo state; running it again changes nothing."""
    reference = reference or reference_date()
    plan = build_plan(reference)
    result = LoadResult(reference=reference)
    loader = _Loader(result)
    users = _load_users(result, reference)
    themes, tags = _load_lookups(loader)
    orgs = _load_organisations(loader, users, tags)
    areas = _load_areas(loader, reference, orgs)
    collabs = _load_collaborations(loader, reference, users, orgs, themes, areas)
    contacts = _load_contacts(loader, plan, users, orgs, tags)
    _load_meetings(loader, plan, users, orgs, contacts, collabs, areas, themes)
    _load_events(loader, plan, orgs, contacts)
    loader.flush_links()  # the meetings' organisations are written: the cases find their meetings by them
    cases = _load_cases(loader, reference, users, orgs, themes, areas)
    _load_documents(result, reference, users, cases)
    loader.flush_links()
    return result


# The demo's documents (issue 16): the draft høringssvar on the budget consultation of the case about continuous
# presence, its text found by the search ("tilstedeværelse").
PRESENCE_CASE = "Kontinuerlig tilstedeværelse i Gellerup og Toveshøj"
DEMO_DOCUMENTS = (
    (
        PRESENCE_CASE,
        "Høringssvar til Aarhus Kommunes budget",
        "documents/demo/hoeringssvar-budget-aarhus.pdf",
        [
            "Høringssvar til Aarhus Kommunes budgetforslag",
            "Sekretariatet for de boligsociale helhedsplaner anbefaler, at kommunen fastholder",
            "en kontinuerlig tilstedeværelse i de udsatte boligområder: tryghedsvandringer,",
            "lektiecaféer og en fast kontaktperson i hvert område.",
        ],
    ),
)


def _load_documents(result: LoadResult, reference: date, users: dict, cases: dict) -> None:
    from django.core.files.base import ContentFile

    from ..models import Document
    from ..models.documents import DocumentKind
    from ..services.documents import text_pdf, upload_document

    label = str(Document._meta.verbose_name_plural)
    for case_title, title, stored_as, lines in DEMO_DOCUMENTS:
        case = cases[case_title]
        if Document.objects.attached_to(case).filter(title=title).exists():
            continue
        upload_document(
            upload=ContentFile(text_pdf(lines, title=title), name="Høringssvar budget.pdf"),
            title=title,
            kind=DocumentKind.CONSULTATION_RESPONSE,
            date=reference - timedelta(days=5),
            description="Udkast til sekretariatets høringssvar om budgetforslaget: tilstedeværelse i områderne.",
            record=case,
            user=next(iter(users.values()), None),
            stored_as=stored_as,
            reason=CHANGE_REASON,
        )
        result.created[label] += 1


# --- Advocacy cases (issue 16) ----------------------------------------------------------------------------------------

# The council's people, fictional: the rådmand changed at the last municipal election (the history stays).
POLITICIANS = [
    # (first, last, organisation, title, from the term before the last election, current)
    ("Vibeke", "Grønbech", COUNCIL, "Rådmand for Sociale Forhold og Beskæftigelse", False, True),
    ("Preben", "Aagaard", COUNCIL, "Rådmand for Sociale Forhold og Beskæftigelse", True, False),
    ("Dorthe", "Skovmand", COMMITTEE, "Udvalgsformand", False, True),
    ("Klaus", "Brøndum", FT_COMMITTEE, "Boligordfører", False, True),
]


@dataclass(frozen=True)
class StakeDef:
    party: str  # an organisation's name, or a politician's "first last"
    stance: str
    influence: str
    interest: str
    note: str = ""
    earlier: str | None = None  # the stance before it moved (90 days ago)


@dataclass(frozen=True)
class CaseDef:
    title: str
    ask: str
    background: str
    level: str
    stage: str
    owner: str
    themes: tuple[str, ...]
    areas: tuple[str, ...]
    deadlines: tuple[tuple[str, int, str, str], ...]  # kind, days from the reference date, response state, note
    entries: tuple[tuple[str, int, str], ...]  # kind, days from the reference date, note
    stakeholders: tuple[StakeDef, ...]
    meetings_with: tuple[str, ...] = ()  # the demo's latest past meeting with each of these is about the case
    outcome: str = ""
    outcome_days: int | None = None
    outcome_note: str = ""


def _case_defs() -> list[CaseDef]:
    return [
        CaseDef(
            PRESENCE_CASE,
            "Kommunen fastholder en fast, synlig tilstedeværelse i området efter helhedsplanens udløb: "
            "tryghedsvandringer, lektiecaféer og en fast kontaktperson.",
            "Helhedsplanen udløber, og budgetforslaget lægger op til at samle indsatsen centralt.",
            CaseLevel.MUNICIPAL, CaseStage.ACTIVE, "sekretariat", ("Tryghed", "Beskæftigelse"), ("Gellerup/Toveshøj",),
            (
                (DeadlineKind.CONSULTATION, 12, ResponseState.DRAFTING, "Høring om budgetforslaget."),
                (DeadlineKind.COMMITTEE, 19, ResponseState.NOT_STARTED, ""),
                (DeadlineKind.COUNCIL, 45, ResponseState.NOT_STARTED, "Byrådets 2. behandling."),
            ),
            (
                (CaseEventKind.LETTER, -35, "Brev til rådmanden om erfaringerne fra tryghedsvandringerne."),
                (CaseEventKind.PRESS, -20, "Debatindlæg i lokalavisen sammen med afdelingsbestyrelserne."),
            ),
            (
                StakeDef(SFB, S.SUPPORTS, W.HIGH, W.HIGH, "Forvaltningen bakker op fagligt.", earlier=S.NEUTRAL),
                StakeDef("Vibeke Grønbech", S.UNKNOWN, W.HIGH, W.MEDIUM, "Ny rådmand; endnu ikke mødt."),
                StakeDef("Teknik og Miljø", S.OPPOSES, W.MEDIUM, W.LOW, "Vil samle indsatsen i én central enhed."),
                StakeDef(BBO, S.SUPPORTS, W.MEDIUM, W.HIGH),
                StakeDef(POLICE, S.NEUTRAL, W.MEDIUM, W.MEDIUM),
            ),
            meetings_with=(SFB,),
        ),
        CaseDef(
            "Anerkendelse af de boligsociale metoder i helhedsplanerne",
            "Landsbyggefonden og ministeriet anerkender metoderne fra helhedsplanerne i den næste "
            "prioriteringsramme.",
            "KL og BL's anbefalinger peger på de samme metoder; rammen forhandles nationalt.",
            CaseLevel.NATIONAL, CaseStage.PREPARING, "ledelse", ("Beboerdemokrati",), (),
            ((DeadlineKind.CONSULTATION, 27, ResponseState.NOT_STARTED, "Høring om den nye prioriteringsramme."),),
            ((CaseEventKind.CONSULTATION_RESPONSE, -60, "Høringssvar til ministeriets udkast."),),
            (
                StakeDef(KL, S.SUPPORTS, W.HIGH, W.MEDIUM),
                StakeDef(BL, S.SUPPORTS, W.HIGH, W.HIGH),
                StakeDef(LBF, S.NEUTRAL, W.HIGH, W.MEDIUM, earlier=S.OPPOSES),
                StakeDef(MINISTRY, S.UNKNOWN, W.HIGH, W.LOW),
                StakeDef(FT_COMMITTEE, S.OPPOSES, W.HIGH, W.LOW, "Flertallet vil omprioritere midlerne."),
            ),
            meetings_with=(LBF, BL),
        ),
        CaseDef(
            "Medfinansiering af helhedsplanen i Bispehaven",
            "Kommunen fastholder sin medfinansiering af helhedsplanen i Bispehaven.",
            "",
            CaseLevel.MUNICIPAL, CaseStage.DECIDED, "sekretariat", ("Beskæftigelse",), ("Bispehaven",),
            ((DeadlineKind.BUDGET, -75, ResponseState.SENT, ""),),
            ((CaseEventKind.DECISION, -70, "Budgetforliget fastholder to tredjedele af medfinansieringen."),),
            (StakeDef(COUNCIL, S.NEUTRAL, W.HIGH, W.MEDIUM), StakeDef(OJB, S.SUPPORTS, W.MEDIUM, W.HIGH)),
            outcome=CaseOutcome.PARTLY, outcome_days=-70,
            outcome_note="To tredjedele af medfinansieringen blev fastholdt.",
        ),
    ]  # fmt: skip


def _last_election_term_start(reference: date) -> date:
    """1 January after the latest municipal election (every four years: 2021, 2025, …) before the reference date."""
    year = reference.year - 1
    while (year - 2021) % 4:
        year -= 1
    return date(year + 1, 1, 1)


def _load_cases(loader: _Loader, reference: date, users: dict, orgs: dict, themes: dict, areas: dict) -> dict:
    term = _last_election_term_start(reference)
    people: dict[str, Contact] = {}
    emails = [f"{email_name(first)}.{email_name(last)}@{_domain(org)}" for first, last, org, *_ in POLITICIANS]
    loader.prefetch(Contact, Contact.objects.annotate(lemail=Lower("email")).filter(lemail__in=emails))
    loader.prefetch(Affiliation, Affiliation.objects.annotate(lemail=Lower("contact__email")).filter(lemail__in=emails))
    for (first, last, org, title, former, current), email in zip(POLITICIANS, emails, strict=True):
        person = loader.sync(
            Contact, email=email, first_name=first, last_name=last, owner=users["ledelse"], is_active=True,
            lawful_basis=LawfulBasis.LEGITIMATE_INTEREST,
        )  # fmt: skip
        loader.sync(
            Affiliation, contact=person, organisation=orgs[org], title=title, department="",
            start_date=date(term.year - 4, 1, 1) if former else term, end_date=term - timedelta(days=1) if former else None,
            is_primary=current,
        )  # fmt: skip
        people[f"{first} {last}"] = person

    defs, cases = _case_defs(), {}
    loader.prefetch(Case, Case.objects.filter(title__in=[d.title for d in defs]))
    for model in (CaseDeadline, CaseEvent, CaseStakeholder):
        loader.prefetch(model, model.objects.filter(case__title__in=[d.title for d in defs]))
    for spec in defs:
        case = loader.sync(
            Case, title=spec.title, ask=spec.ask, background=spec.background, level=spec.level, stage=spec.stage,
            owner=users[spec.owner], outcome=spec.outcome, outcome_note=spec.outcome_note,
            outcome_date=reference + timedelta(days=spec.outcome_days) if spec.outcome_days is not None else None,
        )  # fmt: skip
        cases[spec.title] = case
        loader.link(case, "themes", [themes[name] for name in spec.themes])
        loader.link(case, "areas", [areas[name] for name in spec.areas])
        for kind, days, state, note in spec.deadlines:
            loader.sync(
                CaseDeadline, case=case, kind=kind, date=reference + timedelta(days=days), response_state=state,
                note=note,
            )  # fmt: skip
        for kind, days, note in spec.entries:
            loader.sync(CaseEvent, case=case, kind=kind, date=reference + timedelta(days=days), note=note)
        for stake in spec.stakeholders:
            values = dict(
                case=case, stance=stake.stance, influence=stake.influence, interest=stake.interest, note=stake.note,
                noted_on=reference - timedelta(days=30), organisation=orgs.get(stake.party),
                contact=people.get(stake.party),
            )  # fmt: skip
            is_new = NATURAL_KEYS[CaseStakeholder](CaseStakeholder(**values)) not in loader.index[CaseStakeholder]
            if is_new and stake.earlier:  # first the earlier stance, dated back, then today's: the stance moved
                earlier = loader.sync(CaseStakeholder, **{**values, "stance": stake.earlier})
                earlier.history.update(history_date=_aware(reference - timedelta(days=90), 10))
            loader.sync(CaseStakeholder, **values)
        for name in spec.meetings_with:
            meeting = (
                Meeting.objects.filter(organisations=orgs[name], starts_at__lt=_aware(reference, 0))
                .order_by("-starts_at", "-pk")
                .first()
            )
            if meeting is not None:
                current = set(meeting.cases.values_list("pk", flat=True))
                if case.pk not in current:
                    meeting.cases.add(case)
    return cases


def summary_counts() -> dict[str, int]:
    """Rows per model after loading, for the command's summary, under the models' names in the active language."""
    counted = (
        Organisation,
        Area,
        Theme,
        Tag,
        Contact,
        Affiliation,
        Collaboration,
        Meeting,
        FollowUp,
        Event,
        Invitation,
    )
    return {str(model._meta.verbose_name_plural): model.objects.count() for model in counted}
