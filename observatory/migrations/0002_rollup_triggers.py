"""Triggers that record, for every write to the tables the observatory's summary reads, the communes it touched
(observatory_rollupchange). The summary's cells of those communes are computed again before the next read.

PostgreSQL: statement-level triggers with transition tables (one insert per statement and commune, so that a bulk load
of millions of rows costs one grouped insert); the log is append-only, so writers never wait on each other or on the
refresh. SQLite: row-level triggers (its only kind). A change of a programme's code marks everything ("*")."""

from django.db import migrations

SITUATION = "casework_situation"
CHILDREN = ["casework_person", "casework_event", "casework_riskassessment", "casework_enrolment", "casework_committeeshare"]
EVERYTHING = ["casework_programme"]
LOG = "observatory_rollupchange"
OPERATIONS = {"INSERT": ["new_rows"], "UPDATE": ["old_rows", "new_rows"], "DELETE": ["old_rows"]}


def _communes_sql(table, rows):
    if table == SITUATION:
        return f"SELECT COALESCE(commune_id, '') AS c FROM {rows}"
    if table in EVERYTHING:
        return f"SELECT '*' AS c FROM {rows}"
    return f"SELECT COALESCE(s.commune_id, '') AS c FROM {rows} r JOIN {SITUATION} s ON s.id = r.situation_id"


def _operations(table):
    """A programme matters only when its code changes (a new one has no enrolment; one in use cannot be deleted)."""
    return {"UPDATE": OPERATIONS["UPDATE"]} if table in EVERYTHING else OPERATIONS


def postgres_statements():
    statements = []
    for table in [SITUATION, *CHILDREN, *EVERYTHING]:
        for operation, transitions in _operations(table).items():
            name = f"obs_rollup_{table.removeprefix('casework_')}_{operation.lower()}"
            union = " UNION ".join(_communes_sql(table, rows) for rows in transitions)
            referencing = " ".join(f"{'OLD' if rows == 'old_rows' else 'NEW'} TABLE AS {rows}" for rows in transitions)
            statements.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
                f"INSERT INTO {LOG} (commune) SELECT DISTINCT c FROM ({union}) AS touched; RETURN NULL; END; $$ LANGUAGE plpgsql;"
            )
            statements.append(
                f"CREATE TRIGGER {name} AFTER {operation} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
            )
    return statements


def postgres_drop():
    statements = []
    for table in [SITUATION, *CHILDREN, *EVERYTHING]:
        for operation in _operations(table):
            name = f"obs_rollup_{table.removeprefix('casework_')}_{operation.lower()}"
            statements += [f"DROP TRIGGER IF EXISTS {name} ON {table};", f"DROP FUNCTION IF EXISTS {name}();"]
    return statements


def _sqlite_row(table, row):
    if table == SITUATION:
        return f"INSERT INTO {LOG} (commune) VALUES (COALESCE({row}.commune_id, ''));"
    if table in EVERYTHING:
        return f"INSERT INTO {LOG} (commune) VALUES ('*');"
    return f"INSERT INTO {LOG} (commune) SELECT COALESCE(commune_id, '') FROM {SITUATION} WHERE id = {row}.situation_id;"


def sqlite_statements():
    statements = []
    for table in [SITUATION, *CHILDREN, *EVERYTHING]:
        for operation, transitions in _operations(table).items():
            name = f"obs_rollup_{table.removeprefix('casework_')}_{operation.lower()}"
            body = " ".join(_sqlite_row(table, "OLD" if rows == "old_rows" else "NEW") for rows in transitions)
            statements.append(f"CREATE TRIGGER {name} AFTER {operation} ON {table} FOR EACH ROW BEGIN {body} END;")
    return statements


def sqlite_drop():
    return [
        f"DROP TRIGGER IF EXISTS obs_rollup_{table.removeprefix('casework_')}_{operation.lower()};"
        for table in [SITUATION, *CHILDREN, *EVERYTHING]
        for operation in _operations(table)
    ]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": postgres_statements, "sqlite": sqlite_statements}.get(vendor)
    if statements is None:  # pragma: no cover - the project runs on these two
        raise RuntimeError(f"Maillage needs PostgreSQL or SQLite, not {vendor}")
    for statement in statements():
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": postgres_drop, "sqlite": sqlite_drop}[vendor]():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("observatory", "0001_rollup"),
        ("casework", "0013_fill_name_keys_referents_grid_snapshots"),
    ]

    operations = [migrations.RunPython(create, drop)]
