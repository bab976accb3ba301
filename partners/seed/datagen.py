"""Synthetic data at scale, for benchmarks (service behind ``generate_data``).

Rows are built from a seeded random generator as plain tuples and written in bulk: with PostgreSQL's COPY (psycopg 3)
into the big tables, with ``bulk_create`` elsewhere. Every run adds to what is there: primary keys are reserved from
the tables' sequences, e-mail addresses carry the contact's id, municipality codes and CVR numbers are drawn from
values not yet in use.

Bulk writes bypass ``save()``, so django-simple-history records no history for generated rows.
"""

from __future__ import annotations

import math
import random
import time as clock
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext

from .. import roles
from ..management.output import format_number
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
    MeetingFigure,
    Organisation,
    OrganisationKind,
    OrganisationMonth,
    Tag,
    Theme,
)
from ..models.areas import ListStatus
from ..models.cases import CaseEventKind, CaseLevel, CaseOutcome, CaseStage, DeadlineKind, ResponseState, Stance, Weight
from ..models.collaborations import CollaborationKind, CollaborationStatus, PartnerRole
from ..models.contacts import LawfulBasis
from ..models.events import EventKind, InvitationStatus
from ..reporting import figures, triggers
from ..validators import CVR_WEIGHTS
from .demo import (
    MEETING_KIND_WEIGHTS,  # the same mix of meeting kinds as the demo world
    email_name,
)

TZ = ZoneInfo("Europe/Copenhagen")
K = OrganisationKind
CHUNK = 50_000  # meetings per round of COPY statements: bounds memory, keeps progress visible

# --- Word material ---------------------------------------------------------------------------------------------------

PLACE_HEADS = [
    "Ås", "Bjerg", "Dal", "Eg", "Fjell", "Hol", "Kirke", "Lille", "Nør", "Ros", "Skov", "Strand", "Sønder", "Vester",
    "Øster", "Hør", "Mos", "Lyng", "Ege", "Bøge", "Hede", "Mølle", "Sol", "Kløver", "Rav", "Grå", "Hvid", "Møn",
    "Tranbjerg", "Sand", "Engel", "Brok", "Fugle", "Hasle", "Ring", "Vibe", "Lind", "Tofte",
]  # fmt: skip
PLACE_TAILS = [
    "by", "strup", "rup", "lev", "sted", "høj", "lund", "bæk", "holm", "vig", "skov", "næs", "bjerg", "gård", "toft",
    "bro", "have", "mose", "dal", "ager",
]  # fmt: skip
FIRST_NAMES = [
    "Anne", "Mette", "Louise", "Camilla", "Sofie", "Hanne", "Karina", "Pernille", "Lene", "Maria", "Rikke", "Tina",
    "Helle", "Birgit", "Ida", "Julie", "Line", "Signe", "Fatima", "Amina", "Leyla", "Zeynep", "Sara", "Nadia", "Emma",
    "Freja", "Mads", "Lars", "Peter", "Søren", "Thomas", "Martin", "Rasmus", "Jesper", "Henrik", "Niels", "Morten",
    "Kasper", "Jakob", "Anders", "Christian", "Michael", "Kristian", "Torben", "Ole", "Bo", "Ahmed", "Mohammed",
    "Hamza", "Ali", "Yusuf", "Omar", "Emil", "Jonas", "William", "Noah",
]  # fmt: skip
LAST_NAMES = [
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
    "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen",
    "Møller", "Mortensen", "Knudsen", "Lauridsen", "Bach", "Kjeldsen", "Dam", "Holm", "Vinther", "Skov", "Lund",
    "Frandsen", "Bertelsen", "Damgaard", "Mikkelsen", "Bisgaard", "Hassan", "Ali", "Yilmaz", "Abdi", "Mohamed",
    "Khan", "Nguyen", "Demir", "Öztürk", "Haddad",
]  # fmt: skip
ADMINISTRATION_NAMES = [
    "Borgmesterens Afdeling", "Sociale Forhold og Beskæftigelse", "Børn og Unge", "Sundhed og Omsorg",
    "Kultur og Borgerservice", "Teknik og Miljø", "Jobcenter", "Socialcenter", "SSP", "Ungdomsskolen",
    "Sundhedsfremme", "Byudvikling", "Borgerservice", "Familieafdelingen",
]  # fmt: skip
NATIONAL_NAMES = [
    "Landsforeningen for {x}", "Center for {x}", "Rådet for {x}", "Styrelsen for {x}", "Fonden for {x}",
    "Dansk Forum for {x}",
]  # fmt: skip
NATIONAL_TOPICS = [
    "Boligsocial Udvikling", "Almene Boliger", "Beskæftigelse", "Sundhedsfremme", "Tryghed", "Integration",
    "Børn og Unge", "Frivilligt Arbejde", "Byudvikling", "Uddannelse",
]  # fmt: skip
COMMITTEE_NAMES = [
    "Social- og Beskæftigelsesudvalget", "Børne- og Ungeudvalget", "Teknik- og Miljøudvalget", "Økonomiudvalget",
    "Sundheds- og Omsorgsudvalget", "Kultur- og Borgerserviceudvalget",
]  # fmt: skip
PARLIAMENT_COMMITTEES = ["Folketingets Boligudvalg", "Folketingets Socialudvalg", "Folketingets Beskæftigelsesudvalg"]
CASE_TOPICS = [
    "Kontinuerlig tilstedeværelse", "Anerkendelse af boligsociale metoder", "Medfinansiering af helhedsplanen",
    "Fleksibel udlejning", "Tryghedsvandringer", "Lektiecaféer", "Fremskudt jobcenter", "Beboerrådgivning",
]  # fmt: skip
LOCAL_NAMES = [
    "{p}skolen", "Idrætsforeningen {p}", "Beboerforeningen {p}", "Lektiecafé {p}", "Lokalpolitiet {p}",
    "Frivilligcenter {p}", "Bydelsmødre {p}", "Ungdomsklubben {p}", "Kirkens Korshær {p}", "Jobcafé {p}",
    "Fritidsklubben {p}", "Kulturhuset {p}",
]  # fmt: skip
HOUSING_NAMES = ["Boligforeningen {p}", "{p} Boligselskab", "Andelsboligforeningen {p}", "Boligkontoret {p}"]
ESTATE_NAMES = ["{p}parken", "{p}vænget", "{p}haven", "{p}gården", "{p}højene", "{p}toften"]
TITLES = [
    "Konsulent", "Chefkonsulent", "Specialkonsulent", "Projektleder", "Boligsocial medarbejder", "Leder",
    "Afdelingsleder", "Kontorchef", "Sagsbehandler", "Koordinator", "Formand", "Næstformand", "Frivillig", "Mentor",
    "Direktør", "Fuldmægtig",
]  # fmt: skip
SUBJECTS = [
    "Statusmøde om helhedsplanen", "Dialogmøde om {t}", "Kvartalsmøde med {p}", "Styregruppemøde", "Møde om {t}",
    "Telefonsamtale om {t}", "Opfølgning på aftale om {t}", "Besøg i {p}", "Beboermøde i {p}",
    "Konference om {t}", "Høringssvar: {t}", "Netværksmøde om {t}", "Mail om {t}", "Fyraftensmøde i {p}",
]  # fmt: skip
SUBJECT_TOPICS = [
    "beskæftigelse", "sundhed", "tryghed", "uddannelse", "børn og unge", "beboerdemokrati", "boliganvisning",
    "budget", "genhusning", "fritidsjob", "lektiehjælp", "frivillige",
]  # fmt: skip
MINUTES = [
    "Vi gennemgik status, og parterne er enige om, at indsatsen er på rette spor.",
    "Drøftelse af, hvordan kommunens tilbud kan være fysisk til stede i området hele året.",
    "Beboerne oplever flere trygge aftener, men der er fortsat uro omkring butikstorvet.",
    "Sekretariatet fremlagde erfaringer fra helhedsplanerne.",
    "Der var bred opbakning til at samle indsatserne i én fælles plan.",
    "Vi talte om rekruttering af frivillige og om lokaler til lektiecafé og klubaktiviteter.",
    "Afdelingsbestyrelsen efterlyser bedre information om byggeriet og genhusningen.",
    "Budgettet for næste år blev drøftet; finansieringen er bekræftet.",
    "Der er behov for at styrke koordineringen mellem jobcenteret og de boligsociale medarbejdere.",
]
DECISIONS = [
    "Det blev aftalt, at sekretariatet udarbejder et fælles notat.",
    "Parterne fortsætter de faste møder hver tredje måned.",
    "Der nedsættes en arbejdsgruppe.",
    "Sekretariatet sender et høringssvar inden fristen.",
]
FOLLOW_UPS = [
    "Sende referat til deltagerne",
    "Indkalde til opfølgende møde",
    "Udarbejde notat",
    "Følge op på ansøgning til Landsbyggefonden",
    "Sende udkast til høringssvar",
    "Samle tal til årsskriftet",
]
THEMES = [
    "Beskæftigelse",
    "Sundhed",
    "Tryghed",
    "Uddannelse",
    "Børn og unge",
    "Beboerdemokrati",
    "Boliganvisning",
    "Fritid og foreningsliv",
]
TAGS = ["helhedsplan", "partnerskab", "nøgleperson", "ledelse", "nytårskur", "presse", "netværk", "frivillige"]
STAFF_TO_CREATE = 6
# The tables written with COPY, with the rows each gets per unit asked for (roughly): the big ones, whose indexes and
# constraints may be rebuilt after the load.
BULK_TABLES: dict[type[models.Model], tuple[str, float]] = {
    Organisation: ("organisations", 1),
    Organisation.tags.through: ("organisations", 0.3),
    Contact: ("contacts", 1),
    Affiliation: ("contacts", 1.35),
    Contact.tags.through: ("contacts", 0.45),
    Meeting: ("meetings", 1),
    Meeting.organisations.through: ("meetings", 2.3),
    Meeting.contacts.through: ("meetings", 2),
    Meeting.staff.through: ("meetings", 1.25),
    Meeting.collaborations.through: ("meetings", 0.25),
    Meeting.areas.through: ("meetings", 0.2),
    Meeting.themes.through: ("meetings", 0.65),
    FollowUp: ("meetings", 0.3),
    Invitation: ("invitations", 1),
}

# --- Small helpers ---------------------------------------------------------------------------------------------------


def cvr_check_digit(first_seven: str) -> int | None:
    """The eighth digit that makes the weighted sum divisible by 11, or None when none does."""
    remainder = sum(int(d) * w for d, w in zip(first_seven, CVR_WEIGHTS[:7], strict=True)) % 11
    digit = (11 - remainder) % 11
    return None if digit == 10 else digit


def _weighted_picker(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> Callable[[], str]:
    # A flat list sampled by index is several times faster than rng.choices() in the hot loop.
    flat = [str(value) for value, weight in pairs for _ in range(weight)]
    return lambda: flat[int(rng.random() * len(flat))]


@dataclass
class TableStat:
    rows: int = 0
    seconds: float = 0.0


@dataclass
class GenerationResult:
    tables: dict[str, TableStat] = field(default_factory=dict)
    seconds: float = 0.0


class _Writer:
    """Writes rows of tuples with COPY; keeps per-table row counts and times."""

    def __init__(self, result: GenerationResult, log: Callable[[str], None], batch_size: int):
        self.result = result
        self.log = log
        self.batch_size = batch_size
        self.touched: list[str] = []
        self.suspended_indexes: list[tuple[str, str]] = []
        self.suspended_constraints: list[tuple[str, str, str]] = []

    def stat(self, model: type[models.Model]) -> TableStat:
        table = model._meta.db_table
        if table not in self.result.tables:
            self.result.tables[table] = TableStat()
            self.touched.append(table)
        return self.result.tables[table]

    def create(self, model: type[models.Model], objs: list, started: float) -> None:
        """``bulk_create`` the objects (their ids are set), counted for the model's table since ``started``."""
        model.objects.bulk_create(objs, batch_size=self.batch_size)
        stat = self.stat(model)
        stat.rows += len(objs)
        stat.seconds += clock.monotonic() - started

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple], started: float) -> None:
        """Write ``rows``; ``started`` is when building them began, so the time per table includes generating."""
        stat = self.stat(model)
        count = 0
        table = connection.ops.quote_name(model._meta.db_table)
        column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        stat.rows += count
        stat.seconds += clock.monotonic() - started

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        """Take ``count`` consecutive primary keys for rows written with explicit ids; returns the first."""
        table = model._meta.db_table
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            # The lock keeps concurrent inserts from drawing ids from the range until the transaction ends.
            cursor.execute(f"LOCK TABLE {qn(table)} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT GREATEST(nextval(%s), (SELECT COALESCE(MAX(id), 0) + 1 FROM {qn(table)}))", [sequence]
            )
            first = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1 if count else first])
        return first

    def suspend_indexes_and_keys(self, expected: dict[type[models.Model], float], min_rows: int) -> None:
        """Drop secondary indexes, unique and foreign-key constraints of the tables about to grow a lot.

        Maintained row by row, they cost several times what the load itself does; rebuilt afterwards, an index is
        one sort and a foreign key one set-based query (PostgreSQL's advice for populating a database). A table is
        left alone when the rows to add are few next to the rows it has. All of it happens in the load's
        transaction, so a failure leaves the schema as it was, and rebuilding a unique index re-checks uniqueness.
        """
        with connection.cursor() as cursor:
            tables = []
            for model, rows in expected.items():
                table = model._meta.db_table
                cursor.execute("SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [table])
                if rows >= min_rows and rows * 2 >= cursor.fetchone()[0]:
                    tables.append(table)
            if not tables:
                return
            # Fire the checks still pending from earlier writes in this transaction: ALTER TABLE refuses otherwise.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                "WHERE contype IN ('f', 'u') AND conrelid = ANY(%s::regclass[]) ORDER BY contype DESC, 1, 2",
                [tables],
            )
            self.suspended_constraints = [row[:3] for row in cursor.fetchall()]
            for table, name, _definition in reversed(self.suspended_constraints):  # foreign keys first
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i "
                "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid) "
                "ORDER BY 1",
                [tables],
            )
            self.suspended_indexes = cursor.fetchall()
            for index, _definition in self.suspended_indexes:
                cursor.execute(f"DROP INDEX {index}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self.log(
            "  "
            + gettext("%(indexes)s indexes and %(constraints)s constraints suspended")
            % {
                "indexes": format_number(len(self.suspended_indexes)),
                "constraints": format_number(len(self.suspended_constraints)),
            }
        )

    def restore_indexes_and_keys(self) -> bool:
        """Rebuild what ``suspend_indexes_and_keys`` dropped; False when there was nothing to do."""
        if not (self.suspended_indexes or self.suspended_constraints):
            return False
        with connection.cursor() as cursor:
            # Sorting for index builds: more memory than the default 64 MB, for this transaction only.
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for _index, definition in self.suspended_indexes:
                cursor.execute(definition)
            # Unique constraints before the foreign keys (the order they were read in).
            for table, name, definition in self.suspended_constraints:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")
        self.suspended_indexes, self.suspended_constraints = [], []
        return True

    def analyze(self) -> None:
        with connection.cursor() as cursor:
            for table in self.touched:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


# --- The generator ---------------------------------------------------------------------------------------------------


class _Generator:
    def __init__(self, *, seed: int, today: date, writer: _Writer, log: Callable[[str], None]):
        self.rng = random.Random(seed)
        self.today = today
        self.writer = writer
        self.log = log
        self.now = timezone.now()
        self.places = [head + tail for head in PLACE_HEADS for tail in PLACE_TAILS]
        self.rng.shuffle(self.places)

    def place(self) -> str:
        return self.places[int(self.rng.random() * len(self.places))]

    # Users, themes, tags ---------------------------------------------------------------------------------------

    def staff(self) -> list[int]:
        """Ids of the staff who log meetings; a few are created when the register has none."""
        User = get_user_model()
        staff = User.objects.filter(
            Q(groups__name__in=[roles.SECRETARIAT, roles.MANAGEMENT]) | Q(is_superuser=True), is_active=True
        )
        ids = sorted(set(staff.values_list("id", flat=True)))
        if ids:
            return ids
        group = Group.objects.get(name=roles.SECRETARIAT)
        for number in range(1, STAFF_TO_CREATE + 1):
            user, _created = User.objects.get_or_create(
                username=f"medarbejder{number}",
                defaults={
                    "first_name": self.rng.choice(FIRST_NAMES),
                    "last_name": self.rng.choice(LAST_NAMES),
                    "email": f"medarbejder{number}@sekretariat.example.dk",
                },
            )
            if _created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            user.groups.add(group)
            ids.append(user.pk)
        return ids

    def lookups(self) -> tuple[list[int], list[int]]:
        themes = []
        for name in THEMES:
            theme = Theme.objects.annotate(lname=Lower("name")).filter(lname=name.lower()).first()
            themes.append((theme or Theme.objects.create(name=name)).pk)
        tags = []
        for name in TAGS:
            tag = Tag.objects.annotate(lname=Lower("name")).filter(lname=name.lower()).first()
            tags.append((tag or Tag.objects.create(name=name)).pk)
        return themes, tags

    # Organisations -----------------------------------------------------------------------------------------------

    def _cvrs(self, count: int) -> list[str]:
        taken = set(Organisation.objects.exclude(cvr=None).values_list("cvr", flat=True))
        cvrs: list[str] = []
        while len(cvrs) < count:
            head = str(self.rng.randint(1_000_000, 9_999_999))
            digit = cvr_check_digit(head)
            if digit is None:
                continue
            cvr = f"{head}{digit}"
            if cvr not in taken:
                taken.add(cvr)
                cvrs.append(cvr)
        return cvrs

    def _municipality_codes(self, wanted: int) -> list[str]:
        taken = set(Organisation.objects.exclude(municipality_code=None).values_list("municipality_code", flat=True))
        free = [f"{code:03d}" for code in range(100, 1000) if f"{code:03d}" not in taken]
        return self.rng.sample(free, min(wanted, len(free)))

    def organisations(self, count: int, staff: list[int], tags: list[int]) -> dict[str, list[int]]:
        """Returns the new organisations' ids per kind."""
        if count <= 0:
            return {kind: [] for kind in K.values}
        rng, started = self.rng, clock.monotonic()
        codes = self._municipality_codes(max(1, min(count // 2000 + 1, count // 20 + 1)))
        municipalities = len(codes)
        share = {
            K.ADMINISTRATION: 0.10,
            K.HOUSING_ORGANISATION: 0.05,
            K.ESTATE: 0.35,
            K.NATIONAL_PARTNER: 0.02,
            K.POLITICAL_BODY: 0.01,
        }
        sizes = {K.MUNICIPALITY: municipalities}
        for kind, fraction in share.items():
            sizes[kind] = int(count * fraction)
        if sizes[K.ESTATE] and not sizes[K.HOUSING_ORGANISATION]:
            sizes[K.HOUSING_ORGANISATION], sizes[K.ESTATE] = 1, sizes[K.ESTATE] - 1
        if not municipalities:  # every code is taken: no new municipalities, so no administrations under them
            sizes[K.ADMINISTRATION] = 0
        sizes[K.LOCAL_ORGANISATION] = count - sum(sizes.values())
        if sizes[K.LOCAL_ORGANISATION] < 0:  # tiny counts: municipalities and local organisations only
            sizes = {kind: 0 for kind in K.values}
            sizes[K.MUNICIPALITY] = min(municipalities, count)
            sizes[K.LOCAL_ORGANISATION] = count - sizes[K.MUNICIPALITY]

        first = self.writer.reserve_ids(Organisation, count)
        ids: dict[str, list[int]] = {}
        next_id = first
        for kind in (K.MUNICIPALITY, K.ADMINISTRATION, K.HOUSING_ORGANISATION, K.ESTATE, K.NATIONAL_PARTNER,
                     K.POLITICAL_BODY, K.LOCAL_ORGANISATION):  # fmt: skip
            ids[kind] = list(range(next_id, next_id + sizes[kind]))
            next_id += sizes[kind]

        with_cvr = sizes[K.MUNICIPALITY] + sizes[K.HOUSING_ORGANISATION]
        with_cvr += int(sizes[K.NATIONAL_PARTNER] * 0.7) + int(sizes[K.LOCAL_ORGANISATION] * 0.4)
        cvrs = iter(self._cvrs(with_cvr + with_cvr // 5 + 10))  # the draws below are random: keep a margin
        towns: dict[int, str] = {}
        rows = []
        for kind in ids:
            for number, pk in enumerate(ids[kind]):
                parent = None
                cvr = code = None
                estate_number = ""
                town = self.place()
                if kind == K.MUNICIPALITY:
                    name, code, cvr = f"{town} Kommune", codes[number], next(cvrs, None)
                elif kind == K.ADMINISTRATION:
                    # Most hang directly under a municipality, some one level further down.
                    if number >= 10 and rng.random() < 0.3:
                        parent = ids[kind][int(rng.random() * number)]
                    else:
                        parent = ids[K.MUNICIPALITY][int(rng.random() * len(ids[K.MUNICIPALITY]))]
                    town = towns[parent]
                    name = f"{rng.choice(ADMINISTRATION_NAMES)} {town}"
                elif kind == K.HOUSING_ORGANISATION:
                    name, cvr = rng.choice(HOUSING_NAMES).format(p=town), next(cvrs, None)
                elif kind == K.ESTATE:
                    parent = ids[K.HOUSING_ORGANISATION][int(rng.random() * len(ids[K.HOUSING_ORGANISATION]))]
                    name, estate_number = rng.choice(ESTATE_NAMES).format(p=town), str(rng.randint(1, 120))
                elif kind == K.NATIONAL_PARTNER:
                    name = rng.choice(NATIONAL_NAMES).format(x=rng.choice(NATIONAL_TOPICS))
                    if number >= 5 and rng.random() < 0.1:
                        parent = ids[kind][int(rng.random() * number)]
                    elif rng.random() < 0.7:
                        cvr = next(cvrs, None)
                elif kind == K.POLITICAL_BODY:
                    # A city council under each municipality first, then committees under the councils.
                    councils = ids[kind][: len(ids[K.MUNICIPALITY])]
                    if number < len(councils):
                        parent = ids[K.MUNICIPALITY][number]
                        town = towns[parent]
                        name = f"{town} Byråd"
                    elif councils:
                        parent = councils[int(rng.random() * len(councils))]
                        town = towns[parent]
                        name = f"{rng.choice(COMMITTEE_NAMES)}, {town}"
                    else:
                        name = rng.choice(PARLIAMENT_COMMITTEES)
                else:
                    name = rng.choice(LOCAL_NAMES).format(p=town)
                    if number >= 10 and rng.random() < 0.15:
                        parent = ids[kind][int(rng.random() * number)]
                    elif rng.random() < 0.4:
                        cvr = next(cvrs, None)
                towns[pk] = town
                rows.append(
                    (
                        pk,
                        self.now,
                        self.now,
                        kind,
                        name,
                        parent,
                        cvr,
                        code,
                        estate_number,
                        "",  # street
                        str(rng.randint(1000, 9990)),
                        town,
                        "",  # phone
                        f"kontakt@org{pk}.example.dk" if parent is None else "",
                        "",  # website
                        "",  # notes
                        rng.choice(staff) if rng.random() < 0.7 else None,
                        rng.random() < 0.03,
                        rng.random() > 0.02,
                        "",  # short name
                    )
                )
        columns = [
            "id", "created_at", "updated_at", "kind", "name", "parent_id", "cvr", "municipality_code",
            "estate_number", "street", "postal_code", "city", "phone", "email", "website", "notes", "owner_id",
            "is_key_partner", "is_active", "short_name",
        ]  # fmt: skip
        self.writer.write(Organisation, columns, rows, started)

        started = clock.monotonic()
        through = Organisation.tags.through
        all_ids = [pk for kind_ids in ids.values() for pk in kind_ids]
        tag_rows = [(pk, tag) for pk in all_ids if rng.random() < 0.2 for tag in rng.sample(tags, rng.randint(1, 2))]
        self.writer.write(through, ["organisation_id", "tag_id"], tag_rows, started)
        return ids

    # Contacts and affiliations ----------------------------------------------------------------------------------

    def contacts(self, count: int, org_ids: list[int], staff: list[int], tags: list[int]) -> tuple[list, list, set]:
        """Returns (contact ids, each one's current primary organisation id or None, ids not to be contacted)."""
        if count <= 0 or not org_ids:
            return [], [], set()
        rng, started = self.rng, clock.monotonic()
        first = self.writer.reserve_ids(Contact, count)
        ids = list(range(first, first + count))
        # Skewed choice over a shuffled list: a few organisations have many people, most have a few.
        shuffled = org_ids[:]
        rng.shuffle(shuffled)
        n_orgs = len(shuffled)
        rows, affiliations, primary, blocked = [], [], [], set()
        for pk in ids:
            first_name = FIRST_NAMES[int(rng.random() * len(FIRST_NAMES))]
            last_name = LAST_NAMES[int(rng.random() * len(LAST_NAMES))]
            org = shuffled[int(n_orgs * rng.random() ** 2)]
            do_not_contact = rng.random() < 0.02
            if do_not_contact:
                blocked.add(pk)
            rows.append(
                (
                    pk,
                    self.now,
                    self.now,
                    first_name,
                    last_name,
                    "",
                    # The id makes the address unique, also against earlier runs.
                    f"{email_name(first_name)}.{email_name(last_name)}.{pk}@org{org}.example.dk",
                    "",
                    do_not_contact,
                    str(LawfulBasis.PUBLIC_TASK if rng.random() < 0.2 else LawfulBasis.LEGITIMATE_INTEREST),
                    "",
                    "Frabeder sig henvendelser." if do_not_contact else "",
                    rng.choice(staff) if rng.random() < 0.5 else None,
                    True,
                )
            )
            start = self.today - timedelta(days=rng.randint(30, 5000))
            title = TITLES[int(rng.random() * len(TITLES))]
            roll = rng.random()
            if roll < 0.05:  # left the field: only an ended role
                end = min(start + timedelta(days=rng.randint(100, 2000)), self.today - timedelta(days=1))
                affiliations.append((self.now, self.now, pk, org, title, "", start, max(end, start), False))
                primary.append(None)
                continue
            affiliations.append((self.now, self.now, pk, org, title, "", start, None, True))
            primary.append(org)
            if roll < 0.25:  # changed jobs: an earlier, ended role elsewhere
                former = shuffled[int(n_orgs * rng.random())]
                former_start = start - timedelta(days=rng.randint(400, 3000))
                ended = start - timedelta(days=rng.randint(1, 60))
                affiliations.append(
                    (self.now, self.now, pk, former, rng.choice(TITLES), "", former_start, ended, False)
                )
            elif roll < 0.40:  # a second, non-primary current role
                other = shuffled[int(n_orgs * rng.random())]
                if other != org:
                    affiliations.append((self.now, self.now, pk, other, "Frivillig", "", start, None, False))
        columns = [
            "id", "created_at", "updated_at", "first_name", "last_name", "salutation", "email", "phone",
            "do_not_contact", "lawful_basis", "consent_note", "notes", "owner_id", "is_active",
        ]  # fmt: skip
        self.writer.write(Contact, columns, rows, started)
        self.log(f"  {Contact._meta.verbose_name_plural}: {format_number(count)}")

        started = clock.monotonic()
        columns = [
            "created_at", "updated_at", "contact_id", "organisation_id", "title", "department", "start_date",
            "end_date", "is_primary",
        ]  # fmt: skip
        self.writer.write(Affiliation, columns, affiliations, started)

        started = clock.monotonic()
        tag_rows = [(pk, tag) for pk in ids if rng.random() < 0.3 for tag in rng.sample(tags, rng.randint(1, 2))]
        self.writer.write(Contact.tags.through, ["contact_id", "tag_id"], tag_rows, started)
        return ids, primary, blocked

    # Areas and collaborations -------------------------------------------------------------------------------------

    def areas(self, orgs: dict[str, list[int]]) -> list[int]:
        municipalities, estates = orgs[K.MUNICIPALITY], orgs[K.ESTATE]
        total = sum(len(v) for v in orgs.values())
        if not municipalities:
            return []
        rng, started = self.rng, clock.monotonic()
        names: dict[int, set[str]] = {}
        areas = []
        for _ in range(max(1, total // 500)):
            municipality = rng.choice(municipalities)
            name = f"{self.place()}parken"
            if name.lower() in names.setdefault(municipality, set()):
                continue
            names[municipality].add(name.lower())
            plan_start = self.today.replace(day=1) - timedelta(days=rng.randint(0, 2000))
            has_plan = rng.random() < 0.6
            areas.append(
                Area(
                    name=name,
                    municipality_id=municipality,
                    list_status=rng.choice(ListStatus.values),
                    list_year=self.today.year - rng.randint(0, 5),
                    masterplan_start=plan_start if has_plan else None,
                    masterplan_end=plan_start + timedelta(days=4 * 365) if has_plan else None,
                )
            )
        self.writer.create(Area, areas, started)
        started = clock.monotonic()
        rows = [
            (area.pk, estate)
            for area in areas
            if estates
            for estate in rng.sample(estates, min(len(estates), rng.randint(1, 4)))
        ]
        self.writer.write(Area.estates.through, ["area_id", "organisation_id"], rows, started)
        return [area.pk for area in areas]

    def collaborations(self, orgs: dict[str, list[int]], staff, themes, areas) -> list[int]:
        total = sum(len(v) for v in orgs.values())
        all_orgs = [pk for kind_ids in orgs.values() for pk in kind_ids]
        if not all_orgs:
            return []
        rng, started = self.rng, clock.monotonic()
        collabs = []
        for number in range(max(3, total // 200)):
            kind = rng.choice(CollaborationKind.values)
            start = self.today - timedelta(days=rng.randint(-200, 3000))
            status = rng.choice(CollaborationStatus.values)
            end = None
            if status == CollaborationStatus.ENDED:
                end = max(start, min(start + timedelta(days=rng.randint(180, 1500)), self.today - timedelta(days=1)))
            collabs.append(
                Collaboration(
                    title=f"{CollaborationKind(kind).label} {self.place()} #{number + 1}",
                    kind=kind,
                    status=status,
                    responsible_id=rng.choice(staff),
                    start_date=start,
                    end_date=end,
                    description="Genereret testdata.",
                )
            )
        self.writer.create(Collaboration, collabs, started)

        started = clock.monotonic()
        memberships = []
        for collab in collabs:
            partners = rng.sample(all_orgs, min(len(all_orgs), rng.randint(2, 6)))
            roles_ = [PartnerRole.LEAD] + [rng.choice(PartnerRole.values) for _ in partners[1:]]
            memberships += [
                CollaborationPartner(collaboration_id=collab.pk, organisation_id=org, role=role)
                for org, role in zip(partners, roles_, strict=True)
            ]
        self.writer.create(CollaborationPartner, memberships, started)

        started = clock.monotonic()
        rows = [(c.pk, t) for c in collabs for t in rng.sample(themes, rng.randint(1, 3))]
        self.writer.write(Collaboration.themes.through, ["collaboration_id", "theme_id"], rows, started)
        if areas:
            started = clock.monotonic()
            rows = [(c.pk, a) for c in collabs for a in rng.sample(areas, min(len(areas), rng.randint(0, 2)))]
            self.writer.write(Collaboration.areas.through, ["collaboration_id", "area_id"], rows, started)
        return [c.pk for c in collabs]

    # Meetings -------------------------------------------------------------------------------------------------------

    def meetings(self, count, contacts, primary, org_ids, staff, collabs, areas, themes) -> range:
        """Returns the new meetings' ids."""
        if count <= 0:
            return range(0)
        rng = self.rng
        pick_kind = _weighted_picker(rng, MEETING_KIND_WEIGHTS)
        # Every weekday of the last three years, as the start of its working day in local time.
        first_day = self.today - timedelta(days=3 * 365)
        days = [first_day + timedelta(days=n) for n in range((self.today - first_day).days + 1)]
        mornings = [datetime.combine(d, time(8), tzinfo=TZ) for d in days if d.weekday() < 5]
        subjects = [s.format(t=t, p=p) for s in SUBJECTS for t in SUBJECT_TOPICS for p in self.places[:40]]
        minutes_pool = [" ".join(rng.sample(MINUTES, k)) for k in (1, 2, 3, 4) for _ in range(30)]
        decision_pool = [" ".join(rng.sample(DECISIONS, k)) for k in (1, 2) for _ in range(10)]
        n_contacts, n_orgs, n_staff = len(contacts), len(org_ids), len(staff)
        first = self.writer.reserve_ids(Meeting, count)
        through = Meeting.organisations.through, Meeting.contacts.through, Meeting.staff.through
        m2m_areas, m2m_themes, m2m_collabs = (
            Meeting.areas.through,
            Meeting.themes.through,
            Meeting.collaborations.through,
        )
        done_before = self.today - timedelta(days=1)
        for chunk_first in range(first, first + count, CHUNK):
            started = clock.monotonic()
            chunk_ids = range(chunk_first, min(chunk_first + CHUNK, first + count))
            meetings, org_links, contact_links, staff_links = [], [], [], []
            area_links, theme_links, collab_links, follow_ups = [], [], [], []
            for pk in chunk_ids:
                starts_at = mornings[int(rng.random() * len(mornings))] + timedelta(minutes=15 * int(rng.random() * 33))
                subject = subjects[int(rng.random() * len(subjects))]
                minutes = decisions = ""
                if rng.random() < 0.7:
                    minutes = minutes_pool[int(rng.random() * len(minutes_pool))]
                    if rng.random() < 0.4:
                        decisions = decision_pool[int(rng.random() * len(decision_pool))]
                meetings.append((pk, starts_at, starts_at, starts_at, pick_kind(), subject, minutes, decisions))
                # Contacts first; the organisations are theirs (where they have one), topped up at random.
                people = set()
                if n_contacts:
                    people = {contacts[int(n_contacts * rng.random() ** 1.5)] for _ in range(1 + int(rng.random() * 3))}
                orgs = {primary[c - contacts[0]] for c in people} - {None}
                wanted = 1 + int(rng.random() * 3)
                while len(orgs) < wanted and n_orgs:
                    orgs.add(org_ids[int(n_orgs * rng.random() ** 2)])
                for org in list(orgs)[:3]:
                    org_links.append((pk, org))
                for person in people:
                    contact_links.append((pk, person))
                staff_links.append((pk, staff[int(rng.random() * n_staff)]))
                if rng.random() < 0.3 and n_staff > 1:
                    other = staff[int(rng.random() * n_staff)]
                    if other != staff_links[-1][1]:
                        staff_links.append((pk, other))
                if collabs and rng.random() < 0.25:
                    collab_links.append((pk, collabs[int(rng.random() * len(collabs))]))
                if areas and rng.random() < 0.2:
                    area_links.append((pk, areas[int(rng.random() * len(areas))]))
                if rng.random() < 0.5:
                    for theme in rng.sample(themes, 1 + (rng.random() < 0.3)):
                        theme_links.append((pk, theme))
                if rng.random() < 0.3:
                    day = starts_at.date()
                    due = day + timedelta(days=7 + int(rng.random() * 50))
                    done_at = None
                    # Old follow-ups are mostly closed; the last few months' are often still open.
                    if due <= done_before and rng.random() < (0.95 if (done_before - due).days > 90 else 0.6):
                        done_at = datetime.combine(min(due, done_before), time(12), tzinfo=TZ)
                    follow_ups.append(
                        (starts_at, starts_at, pk, FOLLOW_UPS[int(rng.random() * len(FOLLOW_UPS))],
                         staff_links[-1][1], due, done_at)
                    )  # fmt: skip
            columns = ["id", "created_at", "updated_at", "starts_at", "kind", "subject", "minutes", "decisions"]
            self.writer.write(Meeting, columns, meetings, started)
            for model, target, rows in (
                (through[0], "organisation_id", org_links),
                (through[1], "contact_id", contact_links),
                (through[2], "user_id", staff_links),
                (m2m_collabs, "collaboration_id", collab_links),
                (m2m_areas, "area_id", area_links),
                (m2m_themes, "theme_id", theme_links),
            ):
                self.writer.write(model, ["meeting_id", target], rows, clock.monotonic())
            columns = ["created_at", "updated_at", "meeting_id", "text", "owner_id", "due_date", "done_at"]
            self.writer.write(FollowUp, columns, follow_ups, clock.monotonic())
            done = chunk_ids.stop - first
            self.log(f"  {Meeting._meta.verbose_name_plural}: {format_number(done)} / {format_number(count)}")
        return range(first, first + count)

    # Advocacy cases -------------------------------------------------------------------------------------------------

    def cases(self, count, org_ids, contacts, meeting_ids, staff, themes, areas) -> None:
        """Cases at every stage with key dates, entries, 3–15 organisations and up to 4 people placed on each (the
        organisations with many meetings more often), and up to 30 meetings about each."""
        if count <= 0:
            return
        rng, started = self.rng, clock.monotonic()
        cases = []
        for number in range(count):
            stage = rng.choice(CaseStage.values)
            decided = stage == CaseStage.DECIDED
            cases.append(
                Case(
                    title=f"{rng.choice(CASE_TOPICS)} i {self.place()} #{number + 1}",
                    ask="Genereret testdata.",
                    level=rng.choice(CaseLevel.values),
                    stage=stage,
                    outcome=rng.choice(CaseOutcome.values) if decided else "",
                    outcome_date=self.today - timedelta(days=rng.randint(1, 700)) if decided else None,
                    owner_id=rng.choice(staff),
                )
            )
        self.writer.create(Case, cases, started)

        started = clock.monotonic()
        deadlines, entries, stakes = [], [], []
        n_orgs, n_contacts = len(org_ids), len(contacts)
        for case in cases:
            for _ in range(rng.randint(0, 3)):
                kind = rng.choice(DeadlineKind.values)
                state = rng.choice(ResponseState.values) if kind == DeadlineKind.CONSULTATION else ""
                day = self.today + timedelta(days=rng.randint(-300, 120))
                deadlines.append(CaseDeadline(case_id=case.pk, kind=kind, date=day, response_state=state))
            for _ in range(rng.randint(0, 4)):
                day = self.today - timedelta(days=rng.randint(0, 700))
                entries.append(CaseEvent(case_id=case.pk, kind=rng.choice(CaseEventKind.values), date=day))
            parties = {"organisation_id": set(), "contact_id": set()}
            for _ in range(rng.randint(3, 15) if n_orgs else 0):
                parties["organisation_id"].add(org_ids[int(n_orgs * rng.random() ** 2)])
            for _ in range(rng.randint(0, 4) if n_contacts else 0):
                parties["contact_id"].add(contacts[int(n_contacts * rng.random() ** 1.5)])
            for column, ids in parties.items():
                for pk in sorted(ids):
                    stakes.append(
                        CaseStakeholder(
                            case_id=case.pk,
                            **{column: pk},
                            stance=rng.choice(Stance.values),
                            influence=rng.choice(Weight.values),
                            interest=rng.choice(Weight.values),
                            noted_on=self.today - timedelta(days=rng.randint(0, 400)),
                        )
                    )
        for model, objs in ((CaseDeadline, deadlines), (CaseEvent, entries), (CaseStakeholder, stakes)):
            self.writer.create(model, objs, started)
            started = clock.monotonic()

        started = clock.monotonic()
        rows = [(c.pk, t) for c in cases for t in rng.sample(themes, rng.randint(0, 2))]
        self.writer.write(Case.themes.through, ["case_id", "theme_id"], rows, started)
        if areas:
            started = clock.monotonic()
            rows = [(c.pk, a) for c in cases for a in rng.sample(areas, min(len(areas), rng.randint(0, 1)))]
            self.writer.write(Case.areas.through, ["case_id", "area_id"], rows, started)
        if meeting_ids:
            started = clock.monotonic()
            n_meetings = len(meeting_ids)
            rows = sorted(
                {(meeting_ids[int(n_meetings * rng.random())], c.pk) for c in cases for _ in range(rng.randint(0, 30))}
            )
            self.writer.write(Meeting.cases.through, ["meeting_id", "case_id"], rows, started)
        self.log(f"  {Case._meta.verbose_name_plural}: {format_number(count)}")

    # Events and invitations ---------------------------------------------------------------------------------------

    def invitations(self, count: int, contacts: list[int], primary: list, do_not_contact: set[int]) -> None:
        invitable = [(c, o) for c, o in zip(contacts, primary, strict=True) if c not in do_not_contact]
        if count <= 0 or not invitable:
            return
        rng, started = self.rng, clock.monotonic()
        # Each event invites at most 60 % of the people, so invitations stay unique per (event, contact).
        n_events = max(5, math.ceil(count / (0.6 * len(invitable))))
        # The yearly events at their usual time of year: the next one still ahead (drafts, open answers), the rest
        # the most recent before it.
        calendar = sorted(
            event
            for year in range(self.today.year - n_events // 3 - 1, self.today.year + 2)
            for event in (
                (date(year, 1, 8), EventKind.NEW_YEAR_RECEPTION, f"Nytårskur {year}"),
                (date(year, 2, 20), EventKind.ANNUAL_REPORT_LAUNCH, f"Lancering af Årsskrift {year - 1}"),
                (date(year, 10, 1), EventKind.CONFERENCE, f"Boligsocial konference {year}"),
            )
        )
        upcoming = next(i for i, (day, _kind, _name) in enumerate(calendar) if day >= self.today)
        events = [
            Event(
                name=f"{name} (genereret)",
                kind=kind,
                starts_at=datetime.combine(day, time(15), tzinfo=TZ),
                location="Det Boligsociale Fællessekretariat",
            )
            for day, kind, name in calendar[upcoming - n_events + 1 : upcoming + 1]
        ]
        self.writer.create(Event, events, started)

        started = clock.monotonic()
        per_event = [count // n_events + (1 if i < count % n_events else 0) for i in range(n_events)]
        future = _weighted_picker(rng, [("draft", 20), ("invited", 40), ("accepted", 25), ("declined", 15)])
        past = _weighted_picker(rng, [("attended", 55), ("no_show", 12), ("declined", 20), ("invited", 13)])
        latest_send = self.now - timedelta(days=1)

        def rows():
            for event, size in zip(events, per_event, strict=True):
                day = event.starts_at
                pick_status = future if day.date() >= self.today else past
                invited_at = min(day - timedelta(days=28), latest_send)
                for contact, org in rng.sample(invitable, size):
                    status = pick_status()
                    sent = None if status == InvitationStatus.DRAFT else invited_at
                    answered = (
                        invited_at + timedelta(days=3) if status in ("accepted", "declined", "attended") else None
                    )
                    recorded = day + timedelta(hours=3) if status in ("attended", "no_show") else None
                    yield (self.now, self.now, event.pk, contact, org, status, sent, answered, recorded)

        columns = [
            "created_at", "updated_at", "event_id", "contact_id", "organisation_id", "status", "invited_at",
            "responded_at", "attendance_recorded_at",
        ]  # fmt: skip
        self.writer.write(Invitation, columns, rows(), started)


def _seconds(started: float) -> dict[str, str]:
    return {"seconds": format_number(clock.monotonic() - started, 1)}


def generate(
    *,
    organisations: int,
    contacts: int,
    meetings: int,
    invitations: int,
    cases: int = 0,
    seed: int = 20,
    today: date | None = None,
    batch_size: int = 5000,
    suspend_min_rows: int = 20_000,
    log: Callable[[str], None] = lambda message: None,
) -> GenerationResult:
    """Add synthetic organisations, contacts, meetings, invitations and cases (with everything they link to).

    On PostgreSQL, a table about to get at least ``suspend_min_rows`` new rows (and no fewer than half of what it
    has) loses its secondary indexes and constraints during the load; they are rebuilt and re-checked at the end.
    """
    scale = {"organisations": organisations, "contacts": contacts, "meetings": meetings, "invitations": invitations}
    result = GenerationResult()
    writer = _Writer(result, log, batch_size)
    total_started = clock.monotonic()
    with transaction.atomic():
        expected = {model: rows_per_unit * scale[unit] for model, (unit, rows_per_unit) in BULK_TABLES.items()}
        writer.suspend_indexes_and_keys(expected, min_rows=suspend_min_rows)
        with connection.cursor() as cursor:  # the kept columns: counted once after the load, not per COPY
            triggers.suspend_kept(cursor.execute)
        gen = _Generator(seed=seed, today=today or timezone.localdate(), writer=writer, log=log)
        staff = gen.staff()
        themes, tags = gen.lookups()
        orgs = gen.organisations(organisations, staff, tags)
        log(f"  {Organisation._meta.verbose_name_plural}: {format_number(organisations)}")
        org_ids = [pk for kind_ids in orgs.values() for pk in kind_ids]
        if not org_ids and (contacts or meetings):
            # People and meetings need somewhere to belong: use the register's own organisations.
            org_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:100_000])
        contact_ids, primary, do_not_contact = gen.contacts(contacts, org_ids, staff, tags)
        areas = gen.areas(orgs)
        collabs = gen.collaborations(orgs, staff, themes, areas)
        meeting_ids = gen.meetings(meetings, contact_ids, primary, org_ids, staff, collabs, areas, themes)
        gen.invitations(invitations, contact_ids, primary, do_not_contact)
        if cases:
            # The cases' parties and meetings: this run's, else the register's own.
            if not org_ids:
                org_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:100_000])
            if not contact_ids:
                contact_ids = list(Contact.objects.order_by("pk").values_list("pk", flat=True)[:100_000])
            if not meeting_ids:
                meeting_ids = list(Meeting.objects.order_by("-pk").values_list("pk", flat=True)[:200_000])
            gen.cases(cases, org_ids, contact_ids, meeting_ids, staff, themes, areas)
        started = clock.monotonic()
        if writer.restore_indexes_and_keys():
            log("  " + gettext("indexes rebuilt, constraints checked: %(seconds)s s") % _seconds(started))
        started = clock.monotonic()
        with connection.cursor() as cursor:
            triggers.resume_kept(cursor.execute)
        writer.touched += [table for table in triggers.KEEPING_TABLES if table not in writer.touched]
        log("  " + gettext("kept columns counted: %(seconds)s s") % _seconds(started))
        # The meeting figures the manager pages read: counted now, not by the first manager to look.
        started = clock.monotonic()
        counted = figures.refresh(organisations=True)
        writer.touched += [MeetingFigure._meta.db_table, OrganisationMonth._meta.db_table]
        log(
            "  "
            + gettext("meeting figures: %(count)s days and organisation months counted in %(seconds)s s")
            % {"count": format_number(counted), **_seconds(started)}
        )
        started = clock.monotonic()
        writer.analyze()
        log("  " + gettext("statistics (ANALYZE): %(seconds)s s") % _seconds(started))
    result.seconds = clock.monotonic() - total_started
    return result
