"""The recency rule ("performed at least N times in the last M months"), apart from validity."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.signin import sign_in
from zorgwijs.competences.models import CompetenceRecord, PassportLine, RecordKind
from zorgwijs.competences.selectors import passport_rows
from zorgwijs.competences.services import performance_log, qualification_register
from zorgwijs.competences.services.catalogue import item_save
from zorgwijs.competences.standing import Standing
from zorgwijs.lib.dates import add_months

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def test_rule_holds_until_the_nth_latest_performance_leaves_the_window():
    item = DeviceFactory.build(recency_count=2, recency_months=6)
    standing = Standing(
        performed_on=[
            datetime.date(2026, 5, 10),
            datetime.date(2026, 3, 1),
            datetime.date(2025, 1, 1),
        ]
    )
    assert standing.recency_until(item) == datetime.date(2026, 8, 31)
    assert Standing(performed_on=[datetime.date(2026, 5, 10)]).recency_until(item) is None
    assert standing.recency_until(DeviceFactory.build()) == datetime.date.max  # no rule: met


@pytest.fixture
def arterial_line(world):
    """Qualified 300 days ago; the rule asks 3 performances in 6 months."""
    with scopes_disabled():
        item = DeviceFactory(
            organisation=world.org_a,
            name="Arteriële lijn",
            validity_months=24,
            recency_count=3,
            recency_months=6,
        )
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=item,
            occurred_on=_days_ago(300),
            evidence_kind="practical",
            backdate_reason="Overgenomen uit het oude systeem",
        )
    return item


def _line(world, item) -> PassportLine:
    with scope(organisation=world.org_a.pk):
        return PassportLine.objects.get(membership=world.employee_a, item=item)


def _log(world, item, days_ago: int) -> None:
    with scope(organisation=world.org_a.pk):
        performance_log(
            actor=world.employee_a.user,
            membership=world.employee_a,
            item=item,
            occurred_on=_days_ago(days_ago),
            backdate_reason="Logboek bijgewerkt",
        )


def test_performances_meet_the_rule_without_changing_validity(world, arterial_line):
    valid_until = _line(world, arterial_line).valid_until
    assert _line(world, arterial_line).recency_until is None  # one (the qualification), 300 d ago
    for days_ago in (100, 40, 20):
        _log(world, arterial_line, days_ago)
    line = _line(world, arterial_line)
    assert line.recency_until == add_months(_days_ago(100), 6) - datetime.timedelta(days=1)
    assert line.valid_until == valid_until
    with scope(organisation=world.org_a.pk):
        row = next(
            r
            for r in passport_rows(membership=world.employee_a, on=TODAY)
            if r.line.item_id == arterial_line.pk
        )
    assert row.status == "valid"


def test_passport_shows_a_qualified_person_who_lacks_practice_as_supervised(
    client, world, arterial_line
):
    sign_in(client, world.employee_a.user)
    html = client.get(reverse("competences:my_passport", kwargs={"org_slug": "rivierenland"}))
    assert "Onder begeleiding" in html.content.decode()


def _perform_url(world, membership, item) -> str:
    return reverse(
        "competences:line_performed",
        kwargs={"org_slug": "rivierenland", "membership_id": membership.pk, "item_id": item.pk},
    )


def _performed_records(world, item) -> int:
    with scope(organisation=world.org_a.pk):
        return CompetenceRecord.objects.filter(item=item, kind=RecordKind.PERFORMED).count()


def test_member_logs_own_performance(client, world, arterial_line):
    sign_in(client, world.employee_a.user)
    response = client.post(
        _perform_url(world, world.employee_a, arterial_line),
        {"uitvoering-occurred_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    assert _performed_records(world, arterial_line) == 1
    history = client.get(response.url).content.decode()
    assert "1 van 3 keer in deze periode" in history  # the qualification is 300 days ago


def test_future_date_is_refused_at_the_field_and_nothing_is_stored(client, world, arterial_line):
    sign_in(client, world.employee_a.user)
    response = client.post(
        _perform_url(world, world.employee_a, arterial_line),
        {
            "uitvoering-occurred_on": (TODAY + datetime.timedelta(days=2)).isoformat(),
            "uitvoering-note": "Mijn notitie blijft staan",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Een datum in de toekomst kan niet." in body
    assert "Mijn notitie blijft staan" in body
    assert _performed_records(world, arterial_line) == 0


def test_a_colleague_cannot_log_for_someone_else(client, world, arterial_line):
    sign_in(client, world.colleague_a.user)
    response = client.post(
        _perform_url(world, world.employee_a, arterial_line),
        {"uitvoering-occurred_on": TODAY.isoformat()},
    )
    assert response.status_code == 404
    assert _performed_records(world, arterial_line) == 0


def test_items_without_a_rule_take_no_performances(client, world):
    with scopes_disabled():
        item = DeviceFactory(organisation=world.org_a)
    sign_in(client, world.employee_a.user)
    response = client.post(
        _perform_url(world, world.employee_a, item), {"uitvoering-occurred_on": TODAY.isoformat()}
    )
    assert response.status_code == 404


def test_changing_the_rule_re_dates_every_line(world, arterial_line):
    _log(world, arterial_line, 10)
    assert _line(world, arterial_line).recency_until is None  # 2 of 3
    arterial_line.recency_count = 2
    with scope(organisation=world.org_a.pk):
        item_save(actor=world.admin_a.user, organisation=world.org_a, item=arterial_line)
    assert _line(world, arterial_line).recency_until == (
        add_months(_days_ago(300), 6) - datetime.timedelta(days=1)
    )


def test_api_passport_says_supervised_and_the_roster_leaves_them_out(client, world, arterial_line):
    sign_in(client, world.admin_a.user)
    api = "/api/v1/organisations/rivierenland"
    passport = client.get(f"{api}/members/{world.employee_a.pk}/passport").json()
    line = next(x for x in passport["lines"] if x["item"]["id"] == arterial_line.pk)
    assert line["status"] == "supervised" and line["recency_missed"] is True
    assert client.get(f"{api}/items/{arterial_line.pk}/competent").json()["departments"] == []
    for days_ago in (100, 40, 20):
        _log(world, arterial_line, days_ago)
    passport = client.get(f"{api}/members/{world.employee_a.pk}/passport").json()
    line = next(x for x in passport["lines"] if x["item"]["id"] == arterial_line.pk)
    assert line["status"] == "valid" and line["recency_missed"] is False
    roster = client.get(f"{api}/items/{arterial_line.pk}/competent").json()
    assert roster["departments"][0]["people"][0]["membership_id"] == world.employee_a.pk
