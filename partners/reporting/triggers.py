"""The database triggers of the meeting figures, declared once (installed by migration ``0013_triggers_declared_once``).

Two jobs, both done by PostgreSQL whatever writes the tables (forms, imports, COPY, the admin, SQL):

* **a link keeps its meeting's start** (``MeetingLink.starts_at``): a row trigger copies the meeting's start into a new
  or changed link of its organisations, contacts, themes, areas and staff, and a statement trigger carries a moved
  meeting's new start to its links — so "last meeting" and the figures read one index, not millions of joins;
* **writes note the days (and months) whose figures they change**: statement triggers on the meetings, the figure
  links and the organisations insert the local days into ``MeetingFigureDirtyDay`` and the (month, organisation)
  pairs into ``OrganisationMonthDirty``; ``figures.refresh()`` recounts exactly those before it reads. One trigger
  per event, since a trigger with transition tables may have only one event. TRUNCATE (no transition table) starts
  the derived rows over.

The local day is computed in ``settings.TIME_ZONE`` when the triggers are installed, the same as
``TruncDate(tzinfo=…)`` does; after a change of ``TIME_ZONE`` run ``install()`` again (e.g. migrate back to 0012 and
forwards). ``tests/test_triggers.py`` holds the database's triggers (``pg_get_triggerdef``) and functions against this
module.

A third job: **kept columns**, values the lists sort and filter by that would otherwise be computed for every row
(``KEPT``): an organisation's number of current contacts, a contact's primary organisation and title, a meeting's
open follow-ups, and an organisation's and a contact's latest meeting (planned ones included: "no meeting since").
Statement triggers on the tables they are derived from recompute them for the rows a write touched; a row trigger on
the keeping table (``partners_kept_guard``) lets only that recount change them, so a save of a stale instance, an
import's update or an ``UPDATE`` by hand cannot leave them wrong. ``refresh_kept()`` recounts every row (the
migration, and ``generate_data`` after a load without these triggers).
"""

from dataclasses import dataclass

from . import event_counts

MEETINGS = "partners_meeting"
ORGANISATIONS = "partners_organisation"
# The links counted in the figures, and all links that keep their meeting's start.
FIGURE_LINKS = [
    "partners_meeting_organisations",
    "partners_meeting_themes",
    "partners_meeting_areas",
    "partners_meeting_staff",
]
START_LINKS = [*FIGURE_LINKS, "partners_meeting_contacts"]
NOTED_DAYS = "partners_meetingfiguredirtyday"
NOTED_MONTHS = "partners_organisationmonthdirty"
DERIVED = ["partners_meetingfigure", "partners_organisationmonth", NOTED_DAYS, NOTED_MONTHS]
# A write of more organisation links than this at once notes whole months instead of (month, organisation) pairs.
MANY_LINKS = 20000


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    when: str  # "AFTER INSERT", "BEFORE INSERT OR UPDATE" …
    level: str  # "ROW" or "STATEMENT"
    function: str
    referencing: str = ""

    def definition(self) -> str:
        """The trigger as ``pg_get_triggerdef`` prints it (tables named with their schema)."""
        referencing = f" REFERENCING {self.referencing}" if self.referencing else ""
        return (
            f"CREATE TRIGGER {self.name} {self.when} ON public.{self.table}{referencing} "
            f"FOR EACH {self.level} EXECUTE FUNCTION {self.function}()"
        )


def _day(expression: str, zone: str) -> str:
    return f"(({expression}) AT TIME ZONE '{zone}')::date"


def functions(zone: str) -> dict[str, str]:
    """Function name (with its arguments) → its body, in the order they must be created."""
    meeting_day, row_day = _day("m.starts_at", zone), _day("r.starts_at", zone)
    meeting_month = f"date_trunc('month', {meeting_day})::date"
    changed = "o.starts_at IS DISTINCT FROM n.starts_at OR o.kind IS DISTINCT FROM n.kind"

    def pairs(rows: str) -> str:
        return f"""
            INSERT INTO {NOTED_MONTHS} (month, organisation_id)
            SELECT DISTINCT {meeting_month}, CASE WHEN many THEN NULL ELSE r.organisation_id END
            FROM {rows} r JOIN {MEETINGS} m ON m.id = r.meeting_id;"""

    moves = "\n".join(
        f"UPDATE {table} l SET starts_at = n.starts_at FROM old_rows o JOIN new_rows n ON n.id = o.id "
        "WHERE l.meeting_id = n.id AND o.starts_at IS DISTINCT FROM n.starts_at;"
        for table in START_LINKS
    )
    both = "(SELECT meeting_id, organisation_id FROM old_rows UNION SELECT meeting_id, organisation_id FROM new_rows)"
    return {
        "partners_meeting_link_start()": f"""
        BEGIN
            NEW.starts_at := (SELECT starts_at FROM {MEETINGS} WHERE id = NEW.meeting_id);
            RETURN NEW;
        END""",
        "partners_meeting_moved()": f"""
        BEGIN
            {moves}
            RETURN NULL;
        END""",
        "partners_figures_note(days date[])": f"""
            INSERT INTO {NOTED_DAYS} (day) SELECT DISTINCT d FROM unnest(days) d WHERE d IS NOT NULL;
        """,
        "partners_figures_note_meetings()": f"""
        BEGIN
            IF TG_OP = 'INSERT' THEN
                PERFORM partners_figures_note(ARRAY(SELECT DISTINCT {row_day} FROM new_rows r));
            ELSIF TG_OP = 'DELETE' THEN
                PERFORM partners_figures_note(ARRAY(SELECT DISTINCT {row_day} FROM old_rows r));
            ELSE
                PERFORM partners_figures_note(ARRAY(
                    SELECT DISTINCT {row_day} FROM (
                        SELECT o.starts_at FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed}
                        UNION ALL
                        SELECT n.starts_at FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed}
                    ) r
                ));
                -- A meeting moved to another month moves its organisations' counts with it.
                INSERT INTO {NOTED_MONTHS} (month, organisation_id)
                SELECT DISTINCT date_trunc('month', {_day("moved.starts_at", zone)})::date, mo.organisation_id
                FROM (
                    SELECT o.id, o.starts_at FROM old_rows o JOIN new_rows n ON n.id = o.id
                    WHERE o.starts_at IS DISTINCT FROM n.starts_at
                    UNION ALL
                    SELECT n.id, n.starts_at FROM old_rows o JOIN new_rows n ON n.id = o.id
                    WHERE o.starts_at IS DISTINCT FROM n.starts_at
                ) moved
                JOIN partners_meeting_organisations mo ON mo.meeting_id = moved.id;
            END IF;
            RETURN NULL;
        END""",
        "partners_figures_note_links()": f"""
        DECLARE
            many boolean;
        BEGIN
            IF TG_TABLE_NAME = 'partners_meeting_organisations' THEN
                IF TG_OP = 'INSERT' THEN
                    many := (SELECT count(*) > {MANY_LINKS} FROM new_rows);
                    {pairs("new_rows")}
                ELSIF TG_OP = 'DELETE' THEN
                    many := (SELECT count(*) > {MANY_LINKS} FROM old_rows);
                    {pairs("old_rows")}
                ELSE
                    many := (SELECT count(*) > {MANY_LINKS} FROM new_rows);
                    {pairs(both)}
                END IF;
            END IF;
            IF TG_OP = 'INSERT' THEN
                PERFORM partners_figures_note(ARRAY(
                    SELECT DISTINCT {meeting_day} FROM new_rows r JOIN {MEETINGS} m ON m.id = r.meeting_id
                ));
            ELSIF TG_OP = 'DELETE' THEN
                PERFORM partners_figures_note(ARRAY(
                    SELECT DISTINCT {meeting_day} FROM old_rows r JOIN {MEETINGS} m ON m.id = r.meeting_id
                ));
            ELSE
                PERFORM partners_figures_note(ARRAY(
                    SELECT DISTINCT {meeting_day}
                    FROM (SELECT meeting_id FROM old_rows UNION SELECT meeting_id FROM new_rows) r
                    JOIN {MEETINGS} m ON m.id = r.meeting_id
                ));
            END IF;
            RETURN NULL;
        END""",
        # An organisation that changes kind moves its meetings from one partner kind to another.
        "partners_figures_note_organisations()": f"""
        BEGIN
            PERFORM partners_figures_note(ARRAY(
                SELECT DISTINCT {meeting_day}
                FROM old_rows o JOIN new_rows n ON n.id = o.id
                JOIN partners_meeting_organisations mo ON mo.organisation_id = n.id
                JOIN {MEETINGS} m ON m.id = mo.meeting_id
                WHERE o.kind IS DISTINCT FROM n.kind
            ));
            RETURN NULL;
        END""",
        # TRUNCATE has no transition table: start over, every day with meetings is counted again on the next read.
        "partners_figures_reset()": f"""
        BEGIN
            {" ".join(f"DELETE FROM {table};" for table in DERIVED)}
            PERFORM partners_figures_note(ARRAY(SELECT DISTINCT {row_day} FROM {MEETINGS} r));
            INSERT INTO {NOTED_MONTHS} (month) SELECT DISTINCT date_trunc('month', {row_day})::date FROM {MEETINGS} r;
            RETURN NULL;
        END""",
        # The per-event invitation counts (installed by migration 0023).
        **event_counts.functions(),
        # The kept columns of the lists (migration 0022).
        **kept_functions(),
    }


LANGUAGE = {"partners_figures_note(days date[])": ("void", "sql")}


def triggers() -> list[Trigger]:
    found = [
        Trigger(f"{table}_start", table, "BEFORE INSERT OR UPDATE", "ROW", "partners_meeting_link_start")
        for table in START_LINKS
    ]
    found.append(
        Trigger(
            f"{MEETINGS}_moved",
            MEETINGS,
            "AFTER UPDATE",
            "STATEMENT",
            "partners_meeting_moved",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        )
    )
    noting = [(MEETINGS, "partners_figures_note_meetings")]
    noting += [(table, "partners_figures_note_links") for table in FIGURE_LINKS]
    noting += [(ORGANISATIONS, "partners_figures_note_organisations")]
    for table, function in noting:
        events = [("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows")]
        if table != ORGANISATIONS:
            found.append(
                Trigger(f"{table}_figures_truncate", table, "AFTER TRUNCATE", "STATEMENT", "partners_figures_reset")
            )
            events += [("insert", "NEW TABLE AS new_rows"), ("delete", "OLD TABLE AS old_rows")]
        for event, referencing in events:
            found.append(
                Trigger(f"{table}_figures_{event}", table, f"AFTER {event.upper()}", "STATEMENT", function, referencing)
            )
    found += event_counts.triggers()  # the per-event invitation counts (migration 0023)
    found += kept_triggers()  # the lists' kept columns (migration 0022)
    return found


# --- Kept columns -------------------------------------------------------------------------------------------------

AFFILIATIONS = "partners_affiliation"
CONTACTS = "partners_contact"
FOLLOW_UPS = "partners_followup"
ORGANISATION_MEETINGS = "partners_meeting_organisations"
CONTACT_MEETINGS = "partners_meeting_contacts"
KEEPING = "partners.keeping"  # the setting that is "on" while a recount writes the kept columns


@dataclass(frozen=True)
class Kept:
    """Kept columns of ``table`` derived from ``source``: its rows' ``key`` names the rows of ``table`` to recount."""

    name: str  # the recount function is partners_kept_<name>(ids bigint[])
    table: str
    columns: dict[str, str]  # column -> its value for the row ``t.id`` (a correlated expression), in SQL
    empty: dict[str, str]  # column -> its value with nothing to derive from (a new row, after a TRUNCATE)
    source: str
    key: str


KEPT = [
    Kept(
        "contact_counts",
        ORGANISATIONS,
        {
            "contact_count": f"(SELECT count(DISTINCT a.contact_id) FROM {AFFILIATIONS} a "
            "WHERE a.organisation_id = t.id AND a.end_date IS NULL)"
        },
        {"contact_count": "0"},
        AFFILIATIONS,
        "organisation_id",
    ),
    Kept(
        # The current affiliations in the order the contact page lists them: the primary one, else the latest begun.
        "primaries",
        CONTACTS,
        {
            "primary_organisation_id": "p.organisation_id",
            "primary_organisation_name": "p.name",
            "primary_title": "p.title",
        },
        {"primary_organisation_id": "NULL", "primary_organisation_name": "NULL", "primary_title": "NULL"},
        AFFILIATIONS,
        "contact_id",
    ),
    Kept(
        "open_follow_ups",
        MEETINGS,
        {"open_follow_ups": f"(SELECT count(*) FROM {FOLLOW_UPS} f WHERE f.meeting_id = t.id AND f.done_at IS NULL)"},
        {"open_follow_ups": "0"},
        FOLLOW_UPS,
        "meeting_id",
    ),
    Kept(
        "organisation_meetings",
        ORGANISATIONS,
        {
            "latest_meeting_at": f"(SELECT max(l.starts_at) FROM {ORGANISATION_MEETINGS} l WHERE l.organisation_id = t.id)"
        },
        {"latest_meeting_at": "NULL"},
        ORGANISATION_MEETINGS,
        "organisation_id",
    ),
    Kept(
        "contact_meetings",
        CONTACTS,
        {"latest_meeting_at": f"(SELECT max(l.starts_at) FROM {CONTACT_MEETINGS} l WHERE l.contact_id = t.id)"},
        {"latest_meeting_at": "NULL"},
        CONTACT_MEETINGS,
        "contact_id",
    ),
]
PRIMARY = (
    f"LEFT JOIN LATERAL (SELECT a.organisation_id, o.name, NULLIF(a.title, '') AS title FROM {AFFILIATIONS} a "
    f"JOIN {ORGANISATIONS} o ON o.id = a.organisation_id WHERE a.contact_id = t.id AND a.end_date IS NULL "
    "ORDER BY a.is_primary DESC, a.start_date DESC NULLS LAST, a.id LIMIT 1) p ON true"
)
LANGUAGE.update({f"partners_kept_{kept.name}(ids bigint[])": ("void", "plpgsql") for kept in KEPT})
KEEPING_TABLES = list(dict.fromkeys(kept.table for kept in KEPT))
SOURCES = list(dict.fromkeys(kept.source for kept in KEPT))


def _recount(kept: Kept, rows: str) -> str:
    """The UPDATE that recounts ``kept`` for the rows whose ids ``rows`` (a subquery of ``id``) gives."""
    names = ", ".join(kept.columns)
    values = ", ".join(f"{expression} AS {column}" for column, expression in kept.columns.items())
    joined = PRIMARY if kept.name == "primaries" else ""
    found, stored = (", ".join(f"{side}.{c}" for c in kept.columns) for side in ("v", "x"))
    return (
        f"UPDATE {kept.table} x SET ({names}) = ROW({found}) FROM (SELECT t.id, {values} FROM {rows} t {joined}) v "
        f"WHERE x.id = v.id AND ROW({stored}) IS DISTINCT FROM ROW({found})"
    )


def _keeping(statements: str) -> str:
    """``statements`` run with the guard open (and the setting as it was afterwards: recounts nest)."""
    return f"""
        DECLARE
            was text := coalesce(current_setting('{KEEPING}', true), '');
        BEGIN
            PERFORM set_config('{KEEPING}', 'on', true);
            {statements}
            PERFORM set_config('{KEEPING}', was, true);
            RETURN NULL;
        END"""


def kept_functions() -> dict[str, str]:
    found = {}
    for kept in KEPT:
        found[f"partners_kept_{kept.name}(ids bigint[])"] = f"""
        DECLARE
            was text := coalesce(current_setting('{KEEPING}', true), '');
        BEGIN
            PERFORM set_config('{KEEPING}', 'on', true);
            {_recount(kept, "(SELECT DISTINCT id FROM unnest(ids) id WHERE id IS NOT NULL)")};
            PERFORM set_config('{KEEPING}', was, true);
        END"""
    for source in SOURCES:
        recounts = [kept for kept in KEPT if kept.source == source]

        def perform(rows: str, recounts=recounts) -> str:
            return "\n".join(f"PERFORM partners_kept_{k.name}(ARRAY(SELECT {k.key} FROM {rows}));" for k in recounts)

        found[f"partners_kept_from_{source.removeprefix('partners_')}()"] = f"""
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {perform("new_rows")}
            ELSIF TG_OP = 'DELETE' THEN
                {perform("old_rows")}
            ELSE
                {perform("(SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r")}
            END IF;
            RETURN NULL;
        END"""
        empties = [f"{k.table} SET ({', '.join(k.empty)}) = ROW({', '.join(k.empty.values())})" for k in recounts]
        found[f"partners_kept_reset_{source.removeprefix('partners_')}()"] = _keeping(
            "\n".join(f"UPDATE {empty};" for empty in empties)
        )
    # A renamed organisation is renamed on its contacts.
    # A join by hash of the two transition tables (an EXISTS would be planned as a nested loop: 20k x 20k rows on a
    # bulk update), then the contacts by their index.
    found["partners_kept_organisation_names()"] = _keeping(f"""
            UPDATE {CONTACTS} c SET primary_organisation_name = r.name
            FROM (SELECT n.id, n.name FROM old_rows o JOIN new_rows n ON n.id = o.id
                  WHERE o.name IS DISTINCT FROM n.name) r
            WHERE c.primary_organisation_id = r.id;""")
    # Only a recount writes a kept column: any other write keeps what was there (a new row starts empty).
    for table in KEEPING_TABLES:
        columns = {c: e for kept in KEPT if kept.table == table for c, e in kept.empty.items()}
        kept_old = "\n".join(f"NEW.{c} := OLD.{c};" for c in columns)
        kept_new = "\n".join(f"NEW.{c} := {e};" for c, e in columns.items())
        found[f"partners_kept_guard_{table.removeprefix('partners_')}()"] = f"""
        BEGIN
            IF coalesce(current_setting('{KEEPING}', true), '') <> 'on' THEN
                IF TG_OP = 'INSERT' THEN
                    {kept_new}
                ELSE
                    {kept_old}
                END IF;
            END IF;
            RETURN NEW;
        END"""
    return found


def kept_triggers() -> list[Trigger]:
    found = []
    for source in SOURCES:
        short = source.removeprefix("partners_")
        for event, referencing in [
            ("insert", "NEW TABLE AS new_rows"),
            ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("delete", "OLD TABLE AS old_rows"),
        ]:
            found.append(
                Trigger(
                    f"{source}_kept_{event}",
                    source,
                    f"AFTER {event.upper()}",
                    "STATEMENT",
                    f"partners_kept_from_{short}",
                    referencing,
                )
            )
        found.append(
            Trigger(f"{source}_kept_truncate", source, "AFTER TRUNCATE", "STATEMENT", f"partners_kept_reset_{short}")
        )
    found.append(
        Trigger(
            f"{ORGANISATIONS}_kept_names",
            ORGANISATIONS,
            "AFTER UPDATE",
            "STATEMENT",
            "partners_kept_organisation_names",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        )
    )
    for table in KEEPING_TABLES:
        guard = f"partners_kept_guard_{table.removeprefix('partners_')}"
        found.append(Trigger(f"{table}_kept_guard", table, "BEFORE INSERT OR UPDATE", "ROW", guard))
    return found


def install_kept(execute) -> None:
    """Create (or replace) the kept columns' functions and triggers only, and recount every row."""
    for signature, body in kept_functions().items():
        returns, language = LANGUAGE.get(signature, ("trigger", "plpgsql"))
        execute(f"CREATE OR REPLACE FUNCTION {signature} RETURNS {returns} LANGUAGE {language} AS $${body}$$")
    for trigger in kept_triggers():
        execute(f"DROP TRIGGER IF EXISTS {trigger.name} ON {trigger.table}")
        execute(trigger.definition().replace(" ON public.", " ON "))
    refresh_kept(execute)


def _recount_triggers() -> list[Trigger]:
    return [trigger for trigger in kept_triggers() if trigger.level == "STATEMENT"]


def suspend_kept(execute) -> None:
    """Switch the recounting triggers off for a bulk load (``generate_data``); ``resume_kept()`` recounts once.

    The guards stay on: rows loaded meanwhile start empty. In the load's transaction only (``ALTER TABLE``).
    """
    execute("SET CONSTRAINTS ALL IMMEDIATE")
    for trigger in _recount_triggers():
        execute(f"ALTER TABLE {trigger.table} DISABLE TRIGGER {trigger.name}")


def resume_kept(execute) -> None:
    execute("SET CONSTRAINTS ALL IMMEDIATE")
    for trigger in _recount_triggers():
        execute(f"ALTER TABLE {trigger.table} ENABLE TRIGGER {trigger.name}")
    refresh_kept(execute)


def refresh_kept(execute) -> None:
    """Recount every kept column of every row: one statement per kept value, over the whole table (which the planner
    then joins by hash, not row by row as it would an array it cannot size)."""
    execute(f"SELECT set_config('{KEEPING}', 'on', true)")
    for kept in KEPT:
        execute(_recount(kept, f"(SELECT id FROM {kept.table})"))
    execute(f"SELECT set_config('{KEEPING}', '', true)")


def install(execute, zone: str) -> None:
    """Create (or replace) every function and trigger, bring every link's start up to date and note every day.

    ``execute`` runs one statement (``schema_editor.execute`` or ``cursor.execute``). Safe to run again: the result
    is the same database, with every day's figures recounted on the next read. The kept columns' functions and
    triggers are left to ``install_kept()`` (migration 0022 adds their columns; migration 0013 runs this before).
    """
    kept_signatures, kept_names = set(kept_functions()), {trigger.name for trigger in kept_triggers()}
    # The per-event invitation counts likewise: their table comes with migration 0023, which installs them.
    kept_signatures |= set(event_counts.functions())
    kept_names |= {trigger.name for trigger in event_counts.triggers()}
    for signature, body in functions(zone).items():
        if signature in kept_signatures:
            continue
        returns, language = LANGUAGE.get(signature, ("trigger", "plpgsql"))
        execute(f"CREATE OR REPLACE FUNCTION {signature} RETURNS {returns} LANGUAGE {language} AS $${body}$$")
    for trigger in triggers():
        if trigger.name in kept_names:
            continue
        execute(f"DROP TRIGGER IF EXISTS {trigger.name} ON {trigger.table}")
        execute(trigger.definition().replace(" ON public.", " ON "))
    for table in START_LINKS:
        execute(
            f"UPDATE {table} l SET starts_at = m.starts_at FROM {MEETINGS} m "
            "WHERE m.id = l.meeting_id AND l.starts_at IS DISTINCT FROM m.starts_at"
        )
    row_day = _day("r.starts_at", zone)
    execute(f"SELECT partners_figures_note(ARRAY(SELECT DISTINCT {row_day} FROM {MEETINGS} r))")
    execute(
        f"INSERT INTO {NOTED_MONTHS} (month) SELECT DISTINCT date_trunc('month', {row_day})::date FROM {MEETINGS} r"
    )


def uninstall(execute) -> None:
    for trigger in triggers():
        execute(f"DROP TRIGGER IF EXISTS {trigger.name} ON {trigger.table}")
    for signature in functions("UTC"):
        execute(f"DROP FUNCTION IF EXISTS {signature}")


def uninstall_kept(execute) -> None:
    """Drop the kept columns' triggers and functions (before the columns themselves go)."""
    for trigger in kept_triggers():
        execute(f"DROP TRIGGER IF EXISTS {trigger.name} ON {trigger.table}")
    for signature in kept_functions():
        execute(f"DROP FUNCTION IF EXISTS {signature}")
