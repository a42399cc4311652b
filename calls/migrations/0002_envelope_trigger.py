"""The sum of a call's awarded amounts never exceeds its envelope, checked by the database on every write of an award
or of the envelope.

PostgreSQL: the trigger locks the call's row (FOR UPDATE) before it sums its awards, so two transactions awarding at
once are checked one after the other, the second seeing the first's award once it is committed. SQLite: writes are
serialised by the database itself; the trigger sums and aborts."""

from django.db import migrations

MESSAGE = "calls_envelope_exceeded"

POSTGRES = f"""
CREATE OR REPLACE FUNCTION calls_award_within_envelope() RETURNS trigger AS $$
DECLARE
    call_envelope bigint;
    awarded bigint;
BEGIN
    SELECT envelope INTO call_envelope FROM calls_callforprojects WHERE id = NEW.call_id FOR UPDATE;
    SELECT COALESCE(SUM(amount), 0) INTO awarded FROM calls_award WHERE call_id = NEW.call_id;
    IF awarded > call_envelope THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER calls_award_envelope AFTER INSERT OR UPDATE ON calls_award
    FOR EACH ROW EXECUTE FUNCTION calls_award_within_envelope();

CREATE OR REPLACE FUNCTION calls_envelope_covers_awards() RETURNS trigger AS $$
BEGIN
    IF (SELECT COALESCE(SUM(amount), 0) FROM calls_award WHERE call_id = NEW.id) > NEW.envelope THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER calls_call_envelope BEFORE UPDATE OF envelope ON calls_callforprojects
    FOR EACH ROW EXECUTE FUNCTION calls_envelope_covers_awards();
"""

POSTGRES_DROP = """
DROP TRIGGER IF EXISTS calls_award_envelope ON calls_award;
DROP FUNCTION IF EXISTS calls_award_within_envelope();
DROP TRIGGER IF EXISTS calls_call_envelope ON calls_callforprojects;
DROP FUNCTION IF EXISTS calls_envelope_covers_awards();
"""

SQLITE_OVER = (
    "(SELECT COALESCE(SUM(amount), 0) FROM calls_award WHERE call_id = NEW.call_id)"
    " > (SELECT envelope FROM calls_callforprojects WHERE id = NEW.call_id)"
)
SQLITE = [
    f"CREATE TRIGGER calls_award_envelope_insert AFTER INSERT ON calls_award WHEN {SQLITE_OVER} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER calls_award_envelope_update AFTER UPDATE ON calls_award WHEN {SQLITE_OVER} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    "CREATE TRIGGER calls_call_envelope BEFORE UPDATE OF envelope ON calls_callforprojects "
    "WHEN (SELECT COALESCE(SUM(amount), 0) FROM calls_award WHERE call_id = NEW.id) > NEW.envelope "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS calls_award_envelope_insert;",
    "DROP TRIGGER IF EXISTS calls_award_envelope_update;",
    "DROP TRIGGER IF EXISTS calls_call_envelope;",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)
    else:  # pragma: no cover - the project runs on these two
        raise NotImplementedError(f"no envelope trigger for {vendor}")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("calls", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
