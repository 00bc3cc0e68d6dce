"""Finding 14: the team matrix and "wie is bekwaam" disagreed.

One definition of "may perform independently on date D" (``status.py``) drives every surface.
This builds varied histories — recency met and not met, expiring, expired, exempt, suspended,
in progress, voided, revoked, future-dated — through the services, then asks every surface over
HTTP and checks that they agree for every person × item: the team matrix, the roster (on many
dates), the passport, the compliance figures, the evidence pack and the credentials page.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from tests.api.conftest import ApiClient, make_token
from tests.competences.factories import DeviceFactory
from tests.factories import MembershipFactory, UserFactory
from tests.signin import sign_in
from zorgwijs.competences import services
from zorgwijs.competences.models import (
    CompetenceRecord,
    ItemKind,
    PassportLine,
    ProfileItem,
    RecordKind,
    RequirementProfile,
)
from zorgwijs.competences.requirements import requirements_refresh
from zorgwijs.competences.sign_off import sign_off_request
from zorgwijs.competences.standing import standing_recompute
from zorgwijs.competences.status import COMPETENT, QUALIFIED, STATUSES, line_status, status_case

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"
TODAY = timezone.localdate()
ORG = f"/organisations/{SLUG}"


def _ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def _qualify(ctx, days_ago: int, **extra):
    return services.qualification_register(
        **ctx,
        occurred_on=_ago(days_ago),
        evidence_kind="elearning",
        backdate_reason="Overgenomen",
        **extra,
    )


def _perform(ctx, days_ago: int):
    if ctx["item"].recency_count:
        services.performance_log(**ctx, occurred_on=_ago(days_ago), backdate_reason="Logboek")


def _future_dated(ctx):
    """A qualification dated after today, as another system may deliver it."""
    membership, item = ctx["membership"], ctx["item"]
    CompetenceRecord.objects.create(
        organisation_id=membership.organisation_id,
        person_id=membership.user_id,
        item=item,
        kind=RecordKind.QUALIFICATION,
        occurred_on=TODAY + datetime.timedelta(days=5),
        valid_until=TODAY + datetime.timedelta(days=370),
        evidence_kind="elearning",
        source="other",
    )
    standing_recompute(membership=membership, item=item)


def _reason(service):
    return lambda ctx: service(**ctx, reason="Test")


SCENARIOS = {
    "never": lambda ctx: None,
    "valid and practised": lambda ctx: (_qualify(ctx, 30), _perform(ctx, 10)),
    "valid, no practice": lambda ctx: _qualify(ctx, 200),
    "practice lapsed": lambda ctx: (_qualify(ctx, 300), _perform(ctx, 250)),
    "expiring": lambda ctx: (
        _qualify(ctx, 100, valid_until=_ago(-10), valid_until_reason="Test"),
        _perform(ctx, 5),
    ),
    "expired": lambda ctx: (_qualify(ctx, 400), _perform(ctx, 20), _perform(ctx, 10)),
    "exempt": lambda ctx: services.exemption_grant(**ctx, reason="Test", ends_on=_ago(-30)),
    "suspended": lambda ctx: (_qualify(ctx, 30), _reason(services.competence_suspend)(ctx)),
    "revoked": lambda ctx: (_qualify(ctx, 30), _reason(services.competence_revoke)(ctx)),
    "voided": lambda ctx: services.record_void(
        **{k: v for k, v in ctx.items() if k != "item"}, record=_qualify(ctx, 30), reason="Fout"
    ),
    "in progress": lambda ctx: sign_off_request(
        actor=ctx["actor"], membership=ctx["membership"], item=ctx["item"], performed_on=TODAY
    ),
    "lapsed, asked again": lambda ctx: (
        _qualify(ctx, 400),
        sign_off_request(
            actor=ctx["actor"], membership=ctx["membership"], item=ctx["item"], performed_on=TODAY
        ),
    ),
    "future-dated": _future_dated,
}


@pytest.fixture
def histories(world):
    """13 people × 3 items, each cell a different scenario, in a required profile."""
    with scopes_disabled():
        items = [
            DeviceFactory(
                organisation=world.org_a,
                name="Intra-aortale ballonpomp",
                validity_months=12,
                warning_days=30,
                recency_count=2,
                recency_months=6,
            ),
            DeviceFactory(organisation=world.org_a, name="Infuuspomp", warning_days=60),
            DeviceFactory(
                organisation=world.org_a,
                kind=ItemKind.TRAINING,
                risk_profile="",
                name="BLS",
                validity_months=None,
            ),
        ]
        profile = RequirementProfile.objects.create(organisation=world.org_a, name="Hart")
        profile.departments.add(world.cardiology)
        for item in items:
            ProfileItem.objects.create(profile=profile, item=item)
        people = [
            MembershipFactory(
                organisation=world.org_a,
                user=UserFactory(full_name=f"Persoon {n:02d}"),
                primary_department=world.cathlab if n % 2 else world.cardiology,
            )
            for n in range(len(SCENARIOS))
        ]
    names = list(SCENARIOS)
    with scope(organisation=world.org_a.pk):
        requirements_refresh(organisation=world.org_a)
        for n, membership in enumerate(people):
            for shift, item in enumerate(items):
                scenario = names[(n + shift * 5) % len(names)]
                ctx = {"actor": world.admin_a.user, "membership": membership, "item": item}
                SCENARIOS[scenario](ctx)
    return items


def _required_lines(world) -> list[PassportLine]:
    with scopes_disabled():
        return list(
            PassportLine.objects.filter(organisation=world.org_a, level="required").select_related(
                "membership__user", "item"
            )
        )


def test_every_surface_agrees_for_every_person_and_item(client, world, histories):
    api = ApiClient(make_token(world.admin_a.user))
    lines = _required_lines(world)
    expected = {(line.membership_id, line.item_id): line_status(line, TODAY) for line in lines}
    # The scenarios reach every status, so the comparison covers each of them.
    assert set(expected.values()) == set(STATUSES)

    passports = {}
    for membership_id in {m for m, _ in expected}:
        body = api.get(f"{ORG}/members/{membership_id}/passport").json()
        for line in body["lines"]:
            if line["level"] == "required":
                passports[(membership_id, line["item"]["id"])] = line["status"]
                assert line["recency_missed"] == (line["status"] == "supervised")
    assert passports == expected

    matrix = api.get(f"{ORG}/team-matrix").json()
    cells = {
        (person["membership_id"], int(item_id)): status
        for person in matrix["people"]
        for item_id, status in person["cells"].items()
    }
    assert cells == expected

    for item in histories:
        roster = api.get(f"{ORG}/items/{item.pk}/competent").json()
        listed = {
            p["membership_id"]: p["status"] for d in roster["departments"] for p in d["people"]
        }
        assert listed == {
            m: s for (m, i), s in expected.items() if i == item.pk and s in COMPETENT
        }, item.name

    compliance = api.get(f"{ORG}/compliance").json()
    assert compliance["required"] == len(expected)
    assert compliance["competent"] == sum(s in COMPETENT for s in expected.values())
    assert compliance["expiring"] == sum(s == "expiring" for s in expected.values())

    sign_in(client, world.admin_a.user)
    export = client.get(
        reverse("competences:evidence_pack", kwargs={"org_slug": SLUG}), {"formaat": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[1]
    exported = {(row[0], row[3]): row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert exported == {
        (line.membership.user.full_name, line.item.name): str(
            STATUSES[expected[(line.membership_id, line.item_id)]].label
        )
        for line in lines
    }

    credentials_url = reverse("competences:credentials_mine", kwargs={"org_slug": SLUG})
    for membership in {line.membership for line in lines}:
        sign_in(client, membership.user)
        page = client.get(credentials_url).content.decode()
        issuable = {int(pk) for pk in re.findall(r'name="item" value="(\d+)"', page)}
        assert issuable == {
            i for (m, i), s in expected.items() if m == membership.pk and s in QUALIFIED
        }, membership.user.full_name


DATES = [-400, -200, -100, -31, -5, 0, 3, 10, 29, 31, 60, 200, 400]


@pytest.mark.parametrize("offset", DATES)
def test_roster_and_sql_agree_with_python_on_every_date(world, histories, offset):
    """The roster (SQL CASE over the lines) and ``line_status`` (Python) on dates around
    qualifications, expiry, recency and the future-dated record."""
    on = TODAY + datetime.timedelta(days=offset)
    api = ApiClient(make_token(world.admin_a.user))
    lines = _required_lines(world)
    with scopes_disabled():
        sql = dict(
            PassportLine.objects.filter(organisation=world.org_a, level="required")
            .annotate(status=status_case(on=on))
            .values_list("pk", "status")
        )
    assert sql == {line.pk: line_status(line, on) for line in lines}
    for item in histories:
        roster = api.get(f"{ORG}/items/{item.pk}/competent", on=on.isoformat()).json()
        listed = {p["membership_id"] for d in roster["departments"] for p in d["people"]}
        assert listed == {
            line.membership_id
            for line in lines
            if line.item_id == item.pk and line_status(line, on) in COMPETENT
        }
