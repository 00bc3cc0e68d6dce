"""Submissions as versions, bad input, derived figures, and releases that hold back a change
that only one organisation made (differencing across versions and late members)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.monitor.conftest import Q1, Q2, row, submit, submit_in_window
from zorgwijs.audit.models import AuditEntry
from zorgwijs.monitor.indicators import FIGURE_FIELDS
from zorgwijs.monitor.models import FigureRow, Release, Submission, SubmissionStatus
from zorgwijs.monitor.services import (
    releases_publish_due,
    releases_refresh,
    settings_update,
    submission_confirm,
    submission_create,
    submission_derive,
)
from zorgwijs.organisations.models import NetworkMembership

pytestmark = pytest.mark.django_db


def _cells(network, quarter=Q1) -> dict:
    release = Release.objects.get(network=network, quarter=quarter)
    return {tuple(item[:4]): item[4] for item in release.cells}


def _counts():
    with scopes_disabled():
        return Submission.objects.count(), FigureRow.objects.count()


def test_a_quarter_is_published_once_its_window_has_closed(monitor_world):
    with time_machine.travel(datetime.date(2024, 4, 20)):
        for org in monitor_world.orgs[:4]:
            submit(org, [row(headcount=200)], actor=monitor_world.adviser.user)
        assert not Release.objects.exists()  # figures still coming in: nothing shown
        assert not releases_publish_due(monitor_world.network)
    with time_machine.travel(datetime.date(2024, 5, 20)):
        assert releases_publish_due(monitor_world.network)
    cells = _cells(monitor_world.network)
    assert cells[("headcount", "total", "", "")] == 800
    assert AuditEntry.objects.filter(action="monitor.submission.shared").count() == 4


def test_a_correction_is_a_new_version_with_a_reason(monitor_world):
    org = monitor_world.orgs[0]
    first = submit(org, [row(headcount=200)])
    with pytest.raises(ValidationError) as refused:
        submit(org, [row(headcount=210)])
    assert "reason" in refused.value.message_dict
    second = submit(org, [row(headcount=210)], reason="Telfout in de afdeling Cardiologie")
    with scopes_disabled():
        first.refresh_from_db()
        assert first.status == SubmissionStatus.SUPERSEDED
        assert first.rows.get().headcount == 200  # kept, not overwritten
    assert second.version == 2 and second.status == SubmissionStatus.SHARED


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"absence_percent": 130}, "rows"),
        ({"headcount": 10, "outflow_other": 11}, "rows"),
        ({"vacancies": 2, "vacancies_hard": 3}, "rows"),
    ],
)
def test_bad_rows_change_nothing(monitor_world, values, field):
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        submit(monitor_world.orgs[0], [row(**values)])
    assert field in refused.value.message_dict
    assert _counts() == before


def test_a_future_period_a_duplicate_row_and_mixed_rows_are_refused(monitor_world):
    org = monitor_world.orgs[0]
    before = _counts()
    future = timezone.localdate() + datetime.timedelta(days=120)
    with pytest.raises(ValidationError) as refused:
        submit(org, [row()], quarter=datetime.date(future.year, (future.month - 1) // 3 * 3 + 1, 1))
    assert "toekomst" in str(refused.value.message_dict["period"])
    with pytest.raises(ValidationError):
        submit(org, [row(), row()])
    with pytest.raises(ValidationError):
        submit(org, [row(), row(group="verpleging")])
    assert _counts() == before


def test_derived_figures_wait_for_confirmation(monitor_world, world):
    org = monitor_world.orgs[0]
    with scopes_disabled():
        MembershipFactory(
            organisation=org, user=UserFactory(), start_date=datetime.date(2024, 2, 1)
        )
        MembershipFactory(
            organisation=org,
            user=UserFactory(),
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2024, 3, 10),
        )
        for last_day in (datetime.date(2023, 12, 31), datetime.date(2024, 3, 31)):
            # Left on the last day of the previous quarter: outflow now. On the last day of
            # this quarter: still employed at its end, outflow in the next.
            MembershipFactory(
                organisation=org,
                user=UserFactory(),
                start_date=datetime.date(2019, 1, 1),
                end_date=last_day,
            )
        draft = submission_derive(
            actor=monitor_world.adviser.user,
            organisation=org,
            period_kind="quarter",
            period_start=Q1,
        )
        figures = draft.rows.get()
    assert draft.status == SubmissionStatus.DRAFT
    assert figures.inflow == 1 and figures.outflow_other == 2
    # A's six members without dates (four of the world, the adviser, the coordinator), the one
    # who started, and the one whose last day is the quarter's last.
    assert figures.headcount == 6 + 1 + 1
    assert not Release.objects.filter(network=monitor_world.network).exists()
    with scopes_disabled():
        submission_confirm(actor=monitor_world.adviser.user, submission=draft)
        draft.refresh_from_db()
    assert (
        draft.status == SubmissionStatus.SHARED and draft.confirmed_by == monitor_world.adviser.user
    )


def test_a_late_submission_of_one_organisation_is_held_back(monitor_world):
    """Q1 published with four organisations; a fifth sends Q1 later. Publishing the new total
    would give the fifth organisation's figure as the difference: it waits."""
    submit_in_window(
        monitor_world.network, [(o, [row(headcount=200)], Q1) for o in monitor_world.orgs[:4]]
    )
    before = _cells(monitor_world.network)
    assert before[("headcount", "total", "", "")] == 800
    submit(monitor_world.orgs[4], [row(headcount=137)])
    after = _cells(monitor_world.network)
    assert after == before
    release = Release.objects.get(network=monitor_world.network, quarter=Q1)
    assert release.pending == 1


def test_a_correction_of_one_organisation_is_held_back_and_released_with_others(monitor_world):
    orgs = monitor_world.orgs
    submit_in_window(monitor_world.network, [(o, [row(headcount=200)], Q1) for o in orgs[:5]])
    before = _cells(monitor_world.network)
    submit(orgs[0], [row(headcount=240)], reason="correctie")
    assert _cells(monitor_world.network) == before
    submit(orgs[1], [row(headcount=230)], reason="correctie")
    assert _cells(monitor_world.network) == before  # two changes: still a pair
    submit(orgs[2], [row(headcount=225)], reason="correctie")
    after = _cells(monitor_world.network)
    # Three changes (+40, +30, +25), none more than half of the change: published together.
    assert after[("headcount", "total", "", "")] == 240 + 230 + 225 + 200 + 200
    assert Release.objects.get(network=monitor_world.network, quarter=Q1).pending == 0


def test_an_organisation_that_joins_does_not_change_a_published_quarter_alone(monitor_world):
    submit_in_window(
        monitor_world.network,
        [
            (o, [row(headcount=h)], q)
            for o in monitor_world.orgs[:4]
            for q, h in ((Q1, 200), (Q2, 210))
        ],
    )
    newcomer = OrganisationFactory(slug="nieuwkomer")
    submit(newcomer, [row(headcount=90)])
    with scopes_disabled():
        NetworkMembership.objects.create(network=monitor_world.network, organisation=newcomer)
    before = _cells(monitor_world.network)
    releases_refresh(monitor_world.network)
    assert _cells(monitor_world.network) == before


def test_rules_are_validated_within_the_safe_bounds(monitor_world):
    with pytest.raises(ValidationError) as refused:
        settings_update(
            actor=None,
            network=monitor_world.network,
            values={
                "min_organisations": 2,
                "dominance_percent": 80,
                "min_denominator": 50,
                "rounding_base": 5,
            },
        )
    assert set(refused.value.message_dict) == {"min_organisations", "dominance_percent"}
    submit_in_window(
        monitor_world.network, [(o, [row(headcount=200)], Q1) for o in monitor_world.orgs[:4]]
    )
    assert _cells(monitor_world.network)[("headcount", "total", "", "")] == 800
    settings_update(
        actor=None,
        network=monitor_world.network,
        values={
            "min_organisations": 5,
            "dominance_percent": 50,
            "min_denominator": 50,
            "rounding_base": 5,
        },
    )
    assert _cells(monitor_world.network)[("headcount", "total", "", "")] is None


def test_three_months_make_a_quarter_and_two_do_not():
    from zorgwijs.monitor.quarters import combine_months

    def month(headcount, inflow, absence, fte):
        base = {name: 0.0 for name in FIGURE_FIELDS}
        base.update(
            sector="vvt",
            function_group="",
            headcount=headcount,
            inflow=inflow,
            absence_percent=absence,
            fte=fte,
        )
        return [base]

    quarter = combine_months(
        [month(100, 2, 4.0, 50), month(104, 3, 8.0, 50), month(108, 1, 6.0, 100)]
    )
    assert quarter[0]["headcount"] == 108  # a stock: the last month
    assert quarter[0]["inflow"] == 6  # a flow: summed
    assert quarter[0]["absence_percent"] == pytest.approx((4 * 50 + 8 * 50 + 6 * 100) / 200)


def test_months_and_their_quarter_cannot_both_be_shared(monitor_world):
    org = monitor_world.orgs[0]
    with scopes_disabled():
        submission_create(
            actor=None,
            organisation=org,
            period_kind="month",
            period_start=datetime.date(2024, 2, 1),
            rows=[row()],
        )
    with pytest.raises(ValidationError) as refused:
        submit(org, [row()])
    assert "period" in refused.value.message_dict
