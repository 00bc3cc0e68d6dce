"""The organisation's audit log screen and CSV export."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.audit.services import record


def _url(world, name="log"):
    return reverse(f"organisations:audit:{name}", kwargs={"org_slug": world.org_a.slug})


@pytest.fixture
def auditor(client, world):
    return sign_in(client, world.admin_a.user, mfa=True)


def _seed(world):
    admin, employee = world.admin_a.user, world.employee_a.user
    record(
        "organisations.membership.viewed",
        kind="view",
        actor=admin,
        organisation=world.org_a,
        subject=employee,
    )
    record(
        "organisations.membership.updated",
        kind="change",
        actor=world.manager_a.user,
        organisation=world.org_a,
        subject=world.colleague_a.user,
    )
    record(
        "organisations.membership.viewed",
        kind="view",
        actor=world.outsider_b.user,
        organisation=world.org_b,
        subject=world.outsider_b.user,
        data={"secret": "van organisatie B"},
    )


def _actions(response, *, without_log_views=False):
    actions = [e.action for e in response.context["page"].entries]
    if without_log_views:  # earlier looks at the log itself are entries too
        actions = [a for a in actions if not a.startswith("audit.log.")]
    return actions


@pytest.mark.django_db
def test_requires_two_factor_session(client, world):
    sign_in(client, world.admin_a.user)
    for name in ("log", "export"):
        response = client.get(_url(world, name))
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:mfa_required")
    assert not AuditEntry.objects.filter(action__startswith="audit.log").exists()


@pytest.mark.django_db
def test_three_actors(client, world):
    for who, status in (("employee_a", 403), ("manager_a", 403), ("outsider_b", 404)):
        sign_in(client, getattr(world, who).user, mfa=True)
        assert client.get(_url(world)).status_code == status, who
        assert client.get(_url(world, "export")).status_code == status, who


@pytest.mark.django_db
def test_shows_only_own_organisation_and_is_audited(auditor, world):
    _seed(world)
    response = auditor.get(_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "organisations.membership.updated" in html
    assert "Olaf Buiten" not in html and "van organisatie B" not in html
    viewed = AuditEntry.objects.get(action="audit.log.viewed")
    assert viewed.kind == "view"
    assert viewed.actor_id == world.admin_a.user_id
    assert viewed.organisation_id == world.org_a.pk


@pytest.mark.django_db
def test_filters(auditor, world):
    _seed(world)
    employee = world.employee_a
    response = auditor.get(_url(world), {"persoon": employee.user.email})
    assert _actions(response) == ["organisations.membership.viewed"]
    # Filtering on one person is recorded about that person ("wie heeft mijn gegevens bekeken").
    logged = AuditEntry.objects.filter(action="audit.log.viewed").latest("id")
    assert logged.subject_user_id == employee.user_id
    assert logged.data["filters"] == {"persoon": employee.user.email}

    response = auditor.get(_url(world), {"persoon": employee.employee_number})
    assert _actions(response) == ["audit.log.viewed", "organisations.membership.viewed"]
    response = auditor.get(_url(world), {"door": "Mark"})
    assert _actions(response, without_log_views=True) == ["organisations.membership.updated"]
    response = auditor.get(_url(world), {"soort": "change"})
    assert _actions(response, without_log_views=True) == ["organisations.membership.updated"]
    response = auditor.get(_url(world), {"handeling": "organisations.membership.up"})
    assert _actions(response, without_log_views=True) == ["organisations.membership.updated"]
    response = auditor.get(_url(world), {"persoon": "niemand-bekend"})
    assert _actions(response, without_log_views=True) == []
    # Person filters only resolve people of this organisation (or an exact e-mail address).
    response = auditor.get(_url(world), {"door": "Olaf"})
    assert _actions(response, without_log_views=True) == []


@pytest.mark.django_db
def test_date_range(auditor, world):
    now = timezone.now()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                at=now - datetime.timedelta(days=days),
                kind="view",
                action=f"test.{days}",
                organisation_id=world.org_a.pk,
            )
            for days in (1, 10, 40)
        ]
    )
    today = timezone.localdate()
    response = auditor.get(
        _url(world),
        {
            "van": (today - datetime.timedelta(days=20)).isoformat(),
            "tot": (today - datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert _actions(response) == ["test.10"]
    response = auditor.get(_url(world), {"van": "2026-05-01", "tot": "2026-04-01"})
    assert "tot" in response.context["form"].errors


@pytest.mark.django_db
def test_keyset_paging_next_and_previous(auditor, world, django_assert_max_num_queries):
    start = timezone.now() - datetime.timedelta(days=1)
    # 120 entries, some sharing a timestamp, so the id breaks ties.
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                at=start + datetime.timedelta(seconds=i // 2),
                kind="view",
                action=f"test.{i:03}",
                organisation_id=world.org_a.pk,
            )
            for i in range(120)
        ]
    )
    with django_assert_max_num_queries(15):
        first = auditor.get(_url(world), {"handeling": "test."})
    page = first.context["page"]
    assert _actions(first) == [f"test.{i:03}" for i in range(119, 69, -1)]
    assert page.newer_cursor is None and page.older_cursor
    html = first.content.decode()
    assert "Volgende (ouder)" in html and "Vorige (nieuwer)" not in html

    second = auditor.get(_url(world), {"handeling": "test.", "voor": page.older_cursor})
    assert _actions(second) == [f"test.{i:03}" for i in range(69, 19, -1)]
    third = auditor.get(
        _url(world), {"handeling": "test.", "voor": second.context["page"].older_cursor}
    )
    assert _actions(third) == [f"test.{i:03}" for i in range(19, -1, -1)]
    assert third.context["page"].older_cursor is None

    back = auditor.get(
        _url(world), {"handeling": "test.", "na": third.context["page"].newer_cursor}
    )
    assert _actions(back) == _actions(second)
    back_again = auditor.get(
        _url(world), {"handeling": "test.", "na": back.context["page"].newer_cursor}
    )
    assert _actions(back_again) == _actions(first)
    assert back_again.context["page"].newer_cursor is None
    # Links keep the filters.
    assert re.search(r'href="\?handeling=test\.&amp;voor=\d+-\d+"', html)


@pytest.mark.django_db
def test_no_count_query(auditor, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _seed(world)
    with CaptureQueriesContext(connection) as queries:
        auditor.get(_url(world))
    audit_selects = [
        q["sql"]
        for q in queries.captured_queries
        if "audit_auditentry" in q["sql"] and q["sql"].startswith("SELECT")
    ]
    assert audit_selects and not any("COUNT(" in sql.upper() for sql in audit_selects)


@pytest.mark.django_db
def test_bad_cursor_is_ignored(auditor, world):
    _seed(world)
    response = auditor.get(_url(world), {"voor": "zomaar-iets"})
    assert response.status_code == 200
    assert len(response.context["page"].entries) >= 2


@pytest.mark.django_db
def test_csv_export_streams_filtered_rows_and_is_audited(auditor, world):
    _seed(world)
    record(
        "organisations.membership.updated",
        kind="change",
        actor=world.admin_a.user,
        organisation=world.org_a,
        subject=world.employee_a.user,
        data={"note": '=HYPERLINK("x")'},
    )
    response = auditor.get(_url(world, "export"), {"soort": "change"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["handeling"] for r in rows] == ["organisations.membership.updated"] * 2
    assert {r["betreft"] for r in rows} == {"Carl Chirurg", "Eva Medewerker"}
    assert all(r["soort"] == "change" for r in rows)
    assert "Olaf" not in body
    exported = AuditEntry.objects.get(action="audit.log.exported")
    assert exported.kind == "export"
    assert exported.data["filters"] == {"soort": "change"}
    assert exported.organisation_id == world.org_a.pk


@pytest.mark.django_db
def test_csv_neutralises_formulas(auditor, world):
    user = world.colleague_a.user
    user.full_name = "=cmd|' /C calc'!A0"
    user.save()
    record(
        "x.viewed", kind="view", actor=world.admin_a.user, organisation=world.org_a, subject=user
    )
    response = auditor.get(_url(world, "export"), {"handeling": "x."})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["betreft"].startswith("'=")


@pytest.mark.django_db
def test_menu_shows_audit_for_admin(auditor, world):
    html = auditor.get(
        reverse("organisations:dashboard", kwargs={"org_slug": world.org_a.slug})
    ).content.decode()
    assert _url(world) in html


def test_a_refused_filter_shows_no_rows(auditor, world):
    """A period that ends before it starts used to answer 200 with the whole, unfiltered log
    under the filter just typed, as if it were the result."""
    _seed(world)
    typed = {"handeling": "organisations.membership", "van": "2026-05-01", "tot": "2026-04-01"}
    response = auditor.get(_url(world), typed)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_tot-error"' in body
    assert 'value="organisations.membership"' in body and 'value="2026-04-01"' in body
    assert response.context["page"].entries == []
    assert "organisations.membership.updated" not in body
