"""Competence records and decided sign-offs are append-only in the database itself."""

from django.db import migrations

from zorgwijs.competences.db import COMPETENCE_EVIDENCE


class Migration(migrations.Migration):
    dependencies = [("competences", "0006_compliance_covering_indexes")]

    operations = [table.migration_operation() for table in COMPETENCE_EVIDENCE]
