"""The SQL CASE and the Python function must agree on every line."""

import datetime
import itertools

import pytest
from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from zorgwijs.competences.models import CompetenceItem, PassportLine
from zorgwijs.competences.status import line_status, status_case

TODAY = datetime.date(2026, 6, 15)
DATES = [
    None,
    TODAY - datetime.timedelta(days=5),
    TODAY,
    TODAY + datetime.timedelta(days=10),
    TODAY + datetime.timedelta(days=100),
]


@pytest.mark.django_db
def test_sql_case_matches_python(world):
    combos = list(itertools.product([False, True], DATES, DATES, [False, True], [False, True]))
    with scopes_disabled():
        items = CompetenceItem.objects.bulk_create(
            DeviceFactory.build(organisation=world.org_a) for _ in combos
        )
        PassportLine.objects.bulk_create(
            PassportLine(
                organisation=world.org_a,
                item=item,
                membership=world.employee_a,
                ever_qualified=ever,
                valid_until=until,
                expiring_from=until - datetime.timedelta(days=30) if until else None,
                exempt_until=exempt,
                suspended=suspended,
                in_progress=progress,
                level="required",
            )
            for item, (ever, until, exempt, suspended, progress) in zip(items, combos, strict=True)
        )
        lines = PassportLine.objects.annotate(sql_status=status_case(on=TODAY))
        mismatches = [
            (line.pk, line.sql_status, line_status(line, TODAY))
            for line in lines
            if line.sql_status != line_status(line, TODAY)
        ]
    assert len(combos) == 200 == len(lines)
    assert mismatches == []
