"""Database triggers that make a table append-only (UPDATE, DELETE, TRUNCATE raise).

One mechanism for every table whose rows are evidence: the audit log here, the competence
records and decided sign-offs (``competences/db.py``). Used by the migrations that install
them, and by the test suite's flush between browser tests, which takes the triggers down and
puts them back the way a DBA's retention job would (docs/audit.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AppendOnly:
    """Triggers named ``<name>_…`` on ``table``.

    ``frozen_when`` (SQL over ``OLD``) limits the UPDATE refusal to rows in a final state, for
    tables whose rows are decided once (a pending request becomes approved, then never
    changes); without it every UPDATE is refused. DELETE and TRUNCATE are always refused.
    """

    name: str
    table: str
    message: str
    frozen_when: str = ""

    def install(self, vendor: str) -> list[str]:
        if vendor == "sqlite":
            when = f" FOR EACH ROW WHEN {self.frozen_when}" if self.frozen_when else ""
            return [
                f"""CREATE TRIGGER {self.name}_no_update BEFORE UPDATE ON {self.table}{when}
                   BEGIN SELECT RAISE(ABORT, '{self.message}'); END""",
                f"""CREATE TRIGGER {self.name}_no_delete BEFORE DELETE ON {self.table}
                   BEGIN SELECT RAISE(ABORT, '{self.message}'); END""",
            ]
        if vendor == "postgresql":
            function = f"{self.name}_append_only"
            statements = [
                f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
                   BEGIN RAISE EXCEPTION '{self.message}'; END; $$ LANGUAGE plpgsql"""
            ]
            if self.frozen_when:
                statements += [
                    f"""CREATE TRIGGER {self.name}_no_update BEFORE UPDATE ON {self.table}
                       FOR EACH ROW WHEN ({self.frozen_when}) EXECUTE FUNCTION {function}()""",
                    f"""CREATE TRIGGER {self.name}_no_delete BEFORE DELETE ON {self.table}
                       FOR EACH ROW EXECUTE FUNCTION {function}()""",
                ]
            else:
                statements.append(
                    f"""CREATE TRIGGER {self.name}_no_update_delete BEFORE UPDATE OR DELETE
                       ON {self.table} FOR EACH ROW EXECUTE FUNCTION {function}()"""
                )
            statements.append(
                f"""CREATE TRIGGER {self.name}_no_truncate BEFORE TRUNCATE ON {self.table}
                   FOR EACH STATEMENT EXECUTE FUNCTION {function}()"""
            )
            return statements
        return []

    def remove(self, vendor: str) -> list[str]:
        if vendor == "sqlite":
            return [
                f"DROP TRIGGER IF EXISTS {self.name}_no_update",
                f"DROP TRIGGER IF EXISTS {self.name}_no_delete",
            ]
        if vendor == "postgresql":
            return [
                f"DROP TRIGGER IF EXISTS {self.name}_{trigger} ON {self.table}"
                for trigger in ("no_truncate", "no_update_delete", "no_update", "no_delete")
            ]
        return []

    def migration_operation(self):
        """A ``RunPython`` that installs the triggers (and removes them when reversed)."""
        from django.db import migrations

        def run(statements):
            def apply(apps, schema_editor):
                for statement in statements(schema_editor.connection.vendor):
                    schema_editor.execute(statement)

            return apply

        return migrations.RunPython(run(self.install), run(self.remove))


AUDIT_LOG = AppendOnly("audit", "audit_auditentry", "audit log is append-only")

# What migration audit/0002_append_only installed (kept as it was for that migration).
INSTALL = {vendor: AUDIT_LOG.install(vendor) for vendor in ("sqlite", "postgresql")}
REMOVE = {vendor: AUDIT_LOG.remove(vendor) for vendor in ("sqlite", "postgresql")}
