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
"""

from dataclasses import dataclass

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
    return found


def install(execute, zone: str) -> None:
    """Create (or replace) every function and trigger, bring every link's start up to date and note every day.

    ``execute`` runs one statement (``schema_editor.execute`` or ``cursor.execute``). Safe to run again: the result
    is the same database, with every day's figures recounted on the next read.
    """
    for signature, body in functions(zone).items():
        returns, language = LANGUAGE.get(signature, ("trigger", "plpgsql"))
        execute(f"CREATE OR REPLACE FUNCTION {signature} RETURNS {returns} LANGUAGE {language} AS $${body}$$")
    for trigger in triggers():
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
