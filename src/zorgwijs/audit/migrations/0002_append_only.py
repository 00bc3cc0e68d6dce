"""Make the audit table append-only in the database itself."""

from django.db import migrations

from zorgwijs.audit.db import INSTALL, REMOVE


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_run(INSTALL), _run(REMOVE))]
