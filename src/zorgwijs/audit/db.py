"""Database triggers that make the audit table append-only (UPDATE, DELETE, TRUNCATE raise).

Used by the migration, and by the test suite's flush between browser tests, which takes the
triggers down and puts them back the way a DBA's retention job would (docs/audit.md).
"""

from __future__ import annotations

INSTALL = {
    "sqlite": [
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditentry
           BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_auditentry
           BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON audit_auditentry
           FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
        """CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_auditentry
           FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()""",
    ],
}

REMOVE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_no_update",
        "DROP TRIGGER IF EXISTS audit_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditentry",
        "DROP TRIGGER IF EXISTS audit_no_update_delete ON audit_auditentry",
    ],
}
