"""The one status definition reads two more line columns: when the person first qualified
(a qualification counts from its date) and until when the item's recency rule is met.

Lines of items without a recency rule get ``date.max`` there (the rule is always met), so the
status CASE decides from the line alone; the covering index gets both columns, so the
dashboard and the team matrix still read no table rows.
"""

import datetime

from django.db import migrations, models
from django.db.models import Q


def no_rule_is_always_met(apps, schema_editor):
    PassportLine = apps.get_model("competences", "PassportLine")
    no_rule = (
        Q(item__recency_count__isnull=True)
        | Q(item__recency_count=0)
        | Q(item__recency_months__isnull=True)
        | Q(item__recency_months=0)
    )
    PassportLine.objects.filter(no_rule).update(recency_until=datetime.date.max)


def back_to_null(apps, schema_editor):
    PassportLine = apps.get_model("competences", "PassportLine")
    PassportLine.objects.filter(recency_until=datetime.date.max).update(recency_until=None)


class Migration(migrations.Migration):
    dependencies = [("competences", "0008_authorised_assessors")]

    operations = [
        migrations.RemoveIndex(
            model_name='passportline',
            name='line_member_status',
        ),
        migrations.AddIndex(
            model_name='passportline',
            index=models.Index(fields=['membership', 'level', 'item', 'suspended', 'exempt_until', 'ever_qualified', 'first_qualified_on', 'valid_until', 'expiring_from', 'in_progress', 'recency_until'], name='line_member_status'),
        ),
        migrations.RunPython(no_rule_is_always_met, back_to_null),
    ]
