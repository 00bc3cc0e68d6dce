"""The start page and the passport come from the cache until the data changes: a write is seen
on the next page load, whichever way it was written (core/data_cache.py)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import required_device
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.models import PassportLine, RequirementLevel
from zorgwijs.competences.services import qualification_register
from zorgwijs.competences.sign_off import sign_off_request
from zorgwijs.core.data_cache import (
    _bump_on_commit,
    cached,
    data_generation,
    has_pending_writes,
    one_generation_per_request,
)

pytestmark = pytest.mark.django_db


def _commit() -> None:
    """What a commit does for the cache: the generation moves and the connection has no
    pending writes any more. The test's own transaction never commits, so this stands in."""
    if has_pending_writes(connection):
        for _, func, _ in connection.run_on_commit:
            if func is _bump_on_commit:
                func()
        connection.run_on_commit[:] = [
            c for c in connection.run_on_commit if c[1] is not _bump_on_commit
        ]


@pytest.fixture
def pump(world):
    pump = required_device(world, "Infuuspomp Alaris", [world.cardiology], profile="Hart")
    _commit()
    return pump


def _signed_in(client, user, mfa=False):
    sign_in(client, user, mfa=mfa)
    _commit()


def _get(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def _main(page: str) -> str:
    return page[page.index('<main id="main"') : page.index("</main>")]


def test_a_service_write_shows_on_the_next_start_page(client, world, pump):
    _signed_in(client, world.employee_a.user)
    home = reverse("core:home")
    first, computed = _get(client, home)
    assert "Je bent bekwaam voor 0 van 1 vereisten." in first
    again, served = _get(client, home)
    assert _main(again) == _main(first)
    assert served < computed  # from the cache: the panels' queries are not asked again
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=pump,
            occurred_on=timezone.localdate(),
            evidence_kind="practical",
        )
    _commit()
    after, _ = _get(client, home)
    assert "Je bent bekwaam voor 1 van 1 vereisten." in after


def test_a_service_write_shows_on_the_next_passport(client, world, pump):
    _signed_in(client, world.employee_a.user)
    url = reverse("competences:my_passport", kwargs={"org_slug": world.org_a.slug})
    first, _ = _get(client, url)
    assert "Aftekening aangevraagd" not in first
    with scope(organisation=world.org_a.pk):
        sign_off_request(
            actor=world.employee_a.user,
            membership=world.employee_a,
            item=pump,
            performed_on=timezone.localdate(),
        )
    _commit()
    after, _ = _get(client, url)
    assert "Aftekening aangevraagd: een beoordelaar beslist" in after


def test_a_bulk_update_shows_on_the_next_passport(client, world, pump):
    """``QuerySet.update`` sends no signal; the write watcher sees the SQL itself."""
    _signed_in(client, world.employee_a.user)
    url = reverse("competences:my_passport", kwargs={"org_slug": world.org_a.slug})
    assert ">aanbevolen<" not in _get(client, url)[0]
    with scopes_disabled():
        lines = PassportLine.objects.filter(membership=world.employee_a)
        assert lines.update(level=RequirementLevel.RECOMMENDED) == 1
    _commit()
    assert ">aanbevolen<" in _get(client, url)[0]


def test_a_write_another_team_member_causes_reaches_the_manager(client, world, pump):
    _signed_in(client, world.manager_a.user, mfa=True)
    home = reverse("core:home")
    assert "aanvraag om af te tekenen wacht" not in _get(client, home)[0]
    with scope(organisation=world.org_a.pk):
        sign_off_request(
            actor=world.employee_a.user,
            membership=world.employee_a,
            item=pump,
            performed_on=timezone.localdate(),
        )
    _commit()
    assert "1 aanvraag om af te tekenen wacht op een beoordelaar" in _get(client, home)[0]


def test_the_generation_moves_on_commit_and_not_for_the_audit_log(world):
    _commit()
    before = data_generation()
    assert cached("probe", lambda: "one") == "one"
    assert cached("probe", lambda: "two") == "one"
    with transaction.atomic():
        with scopes_disabled():
            PassportLine.objects.filter(pk=-1).update(level=F("level"))
        # Not yet committed: this connection reads fresh, and nobody else sees a new generation.
        assert has_pending_writes(connection)
        assert data_generation() == before
        assert cached("probe", lambda: "fresh") == "fresh"
    _commit()
    assert data_generation() > before
    assert cached("probe", lambda: "three") == "three"
    moved = data_generation()
    with scopes_disabled():
        AuditEntry.objects.filter(pk=-1).update(action="x")
    assert not has_pending_writes(connection)
    assert data_generation() == moved
    assert cached("probe", lambda: "four") == "three"
    with connection.cursor() as cursor:  # the task worker claiming a task: no page shows it
        cursor.execute(
            "UPDATE django_tasks_database_dbtaskresult SET status = status WHERE id IS NULL"
        )
    assert not has_pending_writes(connection)
    assert cached("probe", lambda: "five") == "three"


def test_a_raw_write_counts_too(world):
    _commit()
    before = data_generation()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE competences_passportline SET level = level WHERE id = -1")
    assert has_pending_writes(connection)
    _commit()
    assert data_generation() > before


@pytest.mark.django_db(transaction=True)
def test_an_autocommit_write_is_announced_before_the_next_cached_read():
    assert cached("probe", lambda: "one") == "one"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE competences_passportline SET level = level WHERE id = -1")
    assert not has_pending_writes(connection)  # no transaction: nothing waits for a commit
    assert cached("probe", lambda: "two") == "two"
    assert cached("probe", lambda: "three") == "two"


@pytest.mark.django_db(transaction=True)
def test_the_index_generation_comes_with_the_data_generation_once_per_request():
    from zorgwijs.search.selectors import index_generation, index_generation_forget

    cached("probe", lambda: "warm")
    index_generation()  # both are in the cache now
    with one_generation_per_request():
        with CaptureQueriesContext(connection) as captured:
            assert cached("probe", lambda: "cold") == "warm"
            first = index_generation()
            assert index_generation() == first
        assert len(captured) == 1, "one round trip: the generation, the index's and the entry"
        index_generation_forget()  # this request wrote to the index: read it again
        with CaptureQueriesContext(connection) as captured:
            index_generation()
        assert len(captured) >= 1
