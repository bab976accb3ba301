"""The triggers that keep each event's invitation counts per status (``EventInvitationCount``), installed by
migration ``0023_event_counts`` and declared with the others through ``reporting/triggers.py``.

Statement triggers with transition tables: an insert adds the new rows' (event, status) counts, a delete takes the old
rows' off (a count that reaches 0 goes: an event without invitations has no rows, and deleting an event, which
deletes its invitations, leaves none behind), an update moves them (a status change, an invitation moved to another
event). TRUNCATE (no transition table) empties the counts. ``install`` also recounts every event (the backfill).
"""

INVITATIONS = "partners_invitation"
COUNTS = "partners_eventinvitationcount"

_ADD = f"""
            ON CONFLICT (event_id, status) DO UPDATE SET count = {COUNTS}.count + EXCLUDED.count;"""


def functions() -> dict[str, str]:
    """Function name (with its arguments) → its body."""
    return {
        "partners_event_counts_note()": f"""
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO {COUNTS} (event_id, status, count)
                SELECT event_id, status, count(*) FROM new_rows GROUP BY event_id, status{_ADD}
            ELSIF TG_OP = 'DELETE' THEN
                UPDATE {COUNTS} c SET count = c.count - d.n
                FROM (SELECT event_id, status, count(*) AS n FROM old_rows GROUP BY event_id, status) d
                WHERE c.event_id = d.event_id AND c.status = d.status;
                -- An event's counts go with its last invitation (deleting the event deletes them all).
                DELETE FROM {COUNTS} c USING (SELECT DISTINCT event_id FROM old_rows) d
                WHERE c.event_id = d.event_id AND c.count = 0;
            ELSE
                INSERT INTO {COUNTS} (event_id, status, count)
                SELECT event_id, status, sum(n) FROM (
                    SELECT event_id, status, -1 AS n FROM old_rows
                    UNION ALL
                    SELECT event_id, status, 1 AS n FROM new_rows
                ) d
                GROUP BY event_id, status HAVING sum(n) <> 0{_ADD}
            END IF;
            RETURN NULL;
        END""",
        "partners_event_counts_reset()": f"""
        BEGIN
            DELETE FROM {COUNTS};
            RETURN NULL;
        END""",
    }


def triggers() -> list:
    from .triggers import Trigger  # the shared declaration (triggers.py lists these with its own)

    found = [
        Trigger(f"{INVITATIONS}_counts_{event}", INVITATIONS, f"AFTER {event.upper()}", "STATEMENT", function, ref)
        for event, function, ref in (
            ("insert", "partners_event_counts_note", "NEW TABLE AS new_rows"),
            ("update", "partners_event_counts_note", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("delete", "partners_event_counts_note", "OLD TABLE AS old_rows"),
        )
    ]
    found.append(
        Trigger(
            f"{INVITATIONS}_counts_truncate", INVITATIONS, "AFTER TRUNCATE", "STATEMENT", "partners_event_counts_reset"
        )
    )
    return found


def recount(execute) -> None:
    """Count every event's invitations again (the backfill; safe to run again)."""
    execute(f"DELETE FROM {COUNTS}")
    execute(
        f"INSERT INTO {COUNTS} (event_id, status, count) "
        f"SELECT event_id, status, count(*) FROM {INVITATIONS} GROUP BY event_id, status"
    )


def install(execute) -> None:
    """Create (or replace) the functions and triggers, then recount."""
    for signature, body in functions().items():
        execute(f"CREATE OR REPLACE FUNCTION {signature} RETURNS trigger LANGUAGE plpgsql AS $${body}$$")
    for trigger in triggers():
        execute(f"DROP TRIGGER IF EXISTS {trigger.name} ON {trigger.table}")
        execute(trigger.definition().replace(" ON public.", " ON "))
    recount(execute)


def uninstall(execute) -> None:
    for trigger in triggers():
        execute(f"DROP TRIGGER IF EXISTS {trigger.name} ON {trigger.table}")
    for signature in functions():
        execute(f"DROP FUNCTION IF EXISTS {signature}")
