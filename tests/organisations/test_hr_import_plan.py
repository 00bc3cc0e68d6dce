"""HR import: validation reasons, dry run, apply, idempotency, deactivation, atomicity."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import MembershipFactory, UserFactory
from tests.organisations.test_hr_import_helpers import (
    csv_bytes,
    existing_rows,
    plan_for,
)
from zorgwijs.accounts.models import User
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.hr_import import HrImportPlanError, applying, hr_import_apply
from zorgwijs.organisations.models import Department, JobFunction, Membership

pytestmark = pytest.mark.django_db

NEW_PEOPLE = [
    [
        "5001",
        "Sanne de Vries",
        "sanne@rivierenland.example",
        "Cathlabverpleegkundige",
        "Hartcentrum/Cathlab",
        "",
        "2020-01-01",
        "",
    ],
    [
        "5002",
        "Bram Jansen",
        "Bram@Rivierenland.example",
        "Verpleegkundige",
        "Hartcentrum/Hartbewaking/Nacht",
        "5001",
        "15-03-2021",
        "",
    ],
    [
        "5003",
        "Fatima el Amrani",
        "fatima@rivierenland.example",
        "OK-assistent",
        "Snijdende specialismen/OK",
        "5001",
        "",
        "",
    ],
]


def snapshot_counts():
    with scopes_disabled():
        return (
            User.objects.count(),
            Membership.objects.count(),
            Department.objects.count(),
            JobFunction.objects.count(),
            AuditEntry.objects.count(),
            list(
                Membership.objects.order_by("pk").values_list(
                    "pk",
                    "end_date",
                    "job_function_id",
                    "primary_department_id",
                    "line_manager_id",
                    "employee_number",
                )
            ),
        )


def apply(world, data):
    plan = plan_for(world.org_a, data)
    assert plan.errors == []
    return plan, hr_import_apply(actor=world.admin_a.user, organisation=world.org_a, plan=plan)


def reasons(plan):
    return [(e.number, e.reason) for e in plan.errors]


# --- validation: each reason with its row number -------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["", "Jan", "jan@x.nl", "", "", "", "", ""], "Personeelsnummer ontbreekt."),
        (["9", "", "jan@x.nl", "", "", "", "", ""], "Naam ontbreekt."),
        (["9", "Jan", "", "", "", "", "", ""], "E-mailadres ontbreekt."),
        (["9", "Jan", "jan@@x", "", "", "", "", ""], "Ongeldig e-mailadres: jan@@x."),
        (["9", "Jan", "jan@x.nl", "", "", "", "2021-02-30", ""], "Ongeldige datum bij in dienst"),
        (
            ["9", "Jan", "jan@x.nl", "", "", "", "2021-01-01", "31-12-2020"],
            "Datum uit dienst (2020-12-31) ligt voor datum in dienst (2021-01-01).",
        ),
        (
            ["9", "Jan", "jan@x.nl", "", "", "777", "", ""],
            "Leidinggevende 777 staat niet in het bestand en is geen medewerker",
        ),
        (
            ["9", "Jan", "jan@x.nl", "", "", "9", "", ""],
            "Een medewerker kan niet zijn eigen leidinggevende zijn.",
        ),
    ],
)
def test_each_bad_row_has_its_row_number_and_reason(world, row, expected):
    good = ["8", "Piet", "piet@x.nl", "", "", "", "", ""]
    plan = plan_for(world.org_a, csv_bytes([good, row]))
    assert len(plan.errors) == 1
    assert plan.errors[0].number == 3
    assert expected in plan.errors[0].reason


def test_duplicates_in_the_file_point_to_the_first_row(world):
    plan = plan_for(
        world.org_a,
        csv_bytes(
            [
                ["1", "A", "a@x.nl", "", "", "", "", ""],
                ["1", "B", "b@x.nl", "", "", "", "", ""],
                ["2", "C", "A@x.nl", "", "", "", "", ""],
            ]
        ),
    )
    assert reasons(plan) == [
        (3, "Personeelsnummer 1 staat ook in rij 2."),
        (4, "E-mailadres a@x.nl staat ook in rij 2."),
    ]


def test_email_used_by_another_employee_number_in_the_organisation(world):
    with scopes_disabled():
        email, number = world.employee_a.user.email, world.employee_a.employee_number
    plan = plan_for(world.org_a, csv_bytes([["999", "Eva", email, "", "", "", "", ""]]))
    assert reasons(plan) == [
        (
            2,
            f"E-mailadres {email} is in deze organisatie al in gebruik bij personeelsnummer "
            f"{number}.",
        )
    ]


def test_manager_may_be_an_existing_member_not_in_the_file(world):
    number = world.manager_a.employee_number
    plan = plan_for(world.org_a, csv_bytes([["9", "Jan", "jan@x.nl", "", "", number, "", ""]]))
    assert plan.errors == []


def test_every_bad_row_is_listed(world):
    rows = [["", "Jan", f"jan{i}@x.nl", "", "", "", "", ""] for i in range(30)]
    plan = plan_for(world.org_a, csv_bytes(rows))
    assert [e.number for e in plan.errors] == list(range(2, 32))


def test_a_plan_with_errors_cannot_be_applied(world):
    plan = plan_for(world.org_a, csv_bytes([["", "Jan", "jan@x.nl", "", "", "", "", ""]]))
    before = snapshot_counts()
    with pytest.raises(HrImportPlanError):
        hr_import_apply(actor=world.admin_a.user, organisation=world.org_a, plan=plan)
    assert snapshot_counts() == before


def test_a_plan_for_another_organisation_cannot_be_applied(world):
    plan = plan_for(world.org_a, csv_bytes(NEW_PEOPLE))
    with pytest.raises(HrImportPlanError):
        hr_import_apply(actor=world.admin_a.user, organisation=world.org_b, plan=plan)


# --- dry run ---------------------------------------------------------------------------------


def test_dry_run_changes_nothing_and_lists_the_changes(world):
    before = snapshot_counts()
    plan = plan_for(world.org_a, csv_bytes(existing_rows(world) + NEW_PEOPLE))
    assert snapshot_counts() == before
    assert [c.row.employee_number for c in plan.creates] == ["5001", "5002", "5003"]
    assert plan.updates == []
    assert plan.deactivations == []
    # Hartcentrum exists (different case is the same department); its children do not.
    assert ["/".join(p) for p in plan.new_departments] == [
        "Hartcentrum/Hartbewaking",
        "Hartcentrum/Hartbewaking/Nacht",
        "Snijdende specialismen",
        "Snijdende specialismen/OK",
    ]
    assert plan.new_functions == ["Cathlabverpleegkundige", "OK-assistent"]
    assert plan.counts()["changes"] == 3 + 4 + 2


# --- apply -----------------------------------------------------------------------------------


def test_apply_creates_departments_functions_memberships_and_managers(world):
    apply(world, csv_bytes(existing_rows(world) + NEW_PEOPLE))
    with scopes_disabled():
        bram = Membership.objects.select_related(
            "user", "job_function", "primary_department", "line_manager"
        ).get(organisation=world.org_a, employee_number="5002")
        night = bram.primary_department
        assert night.name == "Nacht"
        assert night.parent.name == "Hartbewaking"
        assert night.parent.parent == world.cardiology
        assert night.path == f"{world.cardiology.path}{night.parent.pk}/{night.pk}/"
        assert night.depth == 2
        assert bram.job_function.name == "Verpleegkundige"
        assert bram.line_manager.employee_number == "5001"
        assert bram.start_date == datetime.date(2021, 3, 15)
        assert bram.user.email == "bram@rivierenland.example"
        assert bram.user.full_name == "Bram Jansen"
        assert not bram.user.has_usable_password()
        sanne = Membership.objects.get(organisation=world.org_a, employee_number="5001")
        assert sanne.primary_department == world.cathlab
        assert JobFunction.objects.filter(organisation=world.org_a, name="OK-assistent").exists()


def test_apply_writes_one_audit_entry_for_the_import_and_one_per_person(world):
    before = AuditEntry.objects.count()
    rows = existing_rows(world)
    rows[2][3] = "Teamleider"  # employee_a gets another function
    apply(world, csv_bytes(rows + NEW_PEOPLE))
    entries = list(AuditEntry.objects.order_by("id"))[before:]
    actions = [e.action for e in entries]
    assert actions.count("organisations.hr_import.applied") == 1
    assert actions.count("organisations.membership.imported") == 3
    updated = [e for e in entries if e.action == "organisations.membership.import_updated"]
    assert [(e.subject_user_id, e.data["fields"]) for e in updated] == [
        (world.employee_a.user_id, ["job_function"])
    ]
    assert {e.kind for e in entries} == {"change"}
    assert all(e.actor_id == world.admin_a.user_id for e in entries)


def test_reupload_of_the_same_file_changes_nothing(world):
    data = csv_bytes(existing_rows(world) + NEW_PEOPLE)
    apply(world, data)
    before = snapshot_counts()
    plan, result = apply(world, data)
    assert plan.change_count == 0
    assert result.change_count == 0
    assert snapshot_counts() == before


def test_update_lists_the_changed_fields(world):
    apply(world, csv_bytes(existing_rows(world) + NEW_PEOPLE))
    rows = existing_rows(world) + [list(r) for r in NEW_PEOPLE]
    rows[-1][1] = "Fatima El Amrani"
    rows[-1][5] = ""
    rows[-1][7] = "2030-01-01"
    plan = plan_for(world.org_a, csv_bytes(rows))
    assert [(u.row.employee_number, u.changes) for u in plan.updates] == [
        (
            "5003",
            {
                "full_name": ("Fatima el Amrani", "Fatima El Amrani"),
                "line_manager": ("5001", ""),
                "end_date": ("", "2030-01-01"),
            },
        )
    ]
    hr_import_apply(actor=None, organisation=world.org_a, plan=plan)
    with scopes_disabled():
        fatima = Membership.objects.select_related("user").get(employee_number="5003")
    assert fatima.user.full_name == "Fatima El Amrani"
    assert fatima.line_manager_id is None
    assert fatima.end_date == datetime.date(2030, 1, 1)


def test_missing_column_leaves_that_field_alone(world):
    header = ["personeelsnummer", "naam", "e-mail"]
    rows = [r[:3] for r in existing_rows(world)]
    plan = plan_for(world.org_a, csv_bytes(rows, header=header))
    assert plan.change_count == 0


def test_members_not_in_the_file_are_ended_today_not_deleted(world):
    with scopes_disabled():
        ended = MembershipFactory(organisation=world.org_a, end_date=datetime.date(2020, 1, 1))
    rows = [r for r in existing_rows(world) if r[0] != world.colleague_a.employee_number]
    plan, _ = apply(world, csv_bytes(rows))
    assert [m.id for m in plan.deactivations] == [world.colleague_a.pk]
    with scopes_disabled():
        world.colleague_a.refresh_from_db()
        ended.refresh_from_db()
    assert world.colleague_a.end_date == timezone.localdate()
    assert ended.end_date == datetime.date(2020, 1, 1)


def test_person_from_another_organisation_keeps_account_password_and_name(world):
    with scopes_disabled():
        olaf = world.outsider_b.user
    password = olaf.password
    row = ["6001", "O. Buiten", olaf.email.upper(), "", "", "", "", ""]
    plan, _ = apply(world, csv_bytes(existing_rows(world) + [row]))
    assert plan.creates[0].user_id == olaf.pk
    olaf.refresh_from_db()
    assert olaf.password == password and olaf.has_usable_password()
    assert olaf.full_name == "Olaf Buiten"
    with scopes_disabled():
        assert Membership.objects.get(organisation=world.org_a, user=olaf).employee_number == "6001"


def test_shared_person_email_cannot_be_changed_by_one_organisation(world):
    with scopes_disabled():
        MembershipFactory(organisation=world.org_b, user=world.employee_a.user)
    rows = existing_rows(world)
    rows[2][2] = "eva.nieuw@x.nl"
    plan = plan_for(world.org_a, csv_bytes(rows))
    assert [e.number for e in plan.errors] == [4]
    assert "andere organisatie" in plan.errors[0].reason


def test_member_without_employee_number_is_matched_by_email(world):
    with scopes_disabled():
        user = UserFactory(full_name="Nina Nummerloos")
        member = MembershipFactory(organisation=world.org_a, user=user, employee_number="")
    rows = existing_rows(world) + [["7001", "Nina Nummerloos", user.email, "", "", "", "", ""]]
    plan, _ = apply(world, csv_bytes(rows))
    assert plan.creates == []
    assert [u.changes for u in plan.updates] == [{"employee_number": ("", "7001")}]
    with scopes_disabled():
        member.refresh_from_db()
    assert member.employee_number == "7001"


def test_apply_is_all_or_nothing(world, monkeypatch):
    def explode(self):
        raise RuntimeError("database gone")

    monkeypatch.setattr(applying._Applier, "deactivate", explode)
    rows = existing_rows(world)[:-1] + NEW_PEOPLE
    before = snapshot_counts()
    plan = plan_for(world.org_a, csv_bytes(rows))
    with pytest.raises(RuntimeError):
        hr_import_apply(actor=world.admin_a.user, organisation=world.org_a, plan=plan)
    assert snapshot_counts() == before


def test_new_people_who_manage_each_other_both_get_their_manager(world):
    rows = existing_rows(world) + [
        ["8001", "A", "a@x.nl", "", "", "8002", "", ""],
        ["8002", "B", "b@x.nl", "", "", "8001", "", ""],
        ["8003", "C", "c@x.nl", "", "", "8002", "", ""],
    ]
    apply(world, csv_bytes(rows))
    with scopes_disabled():
        managers = dict(
            Membership.objects.filter(employee_number__startswith="800").values_list(
                "employee_number", "line_manager__employee_number"
            )
        )
    assert managers == {"8001": "8002", "8002": "8001", "8003": "8002"}
    plan = plan_for(world.org_a, csv_bytes(rows))
    assert plan.change_count == 0


def test_existing_member_gets_a_new_manager_who_is_new_in_the_file(world):
    rows = existing_rows(world)
    rows[2][5] = "9001"  # employee_a reports to a newcomer
    rows.append(
        ["9001", "Nieuwe Chef", "chef@x.nl", "Teamleider", "hartcentrum/CATHLAB", "", "", ""]
    )
    plan, _ = apply(world, csv_bytes(rows))
    assert plan.new_departments == []  # the path matches existing departments in any case
    with scopes_disabled():
        world.employee_a.refresh_from_db()
        chef = Membership.objects.get(employee_number="9001")
    assert world.employee_a.line_manager == chef
    assert chef.primary_department == world.cathlab


def test_someone_back_in_the_file_loses_the_end_date_again(world):
    everyone = existing_rows(world)
    without_carl = [r for r in everyone if r[0] != world.colleague_a.employee_number]
    apply(world, csv_bytes(without_carl))
    plan, _ = apply(world, csv_bytes(everyone))
    assert [(u.row.employee_number, u.changes) for u in plan.updates] == [
        (world.colleague_a.employee_number, {"end_date": (timezone.localdate().isoformat(), "")})
    ]
    with scopes_disabled():
        world.colleague_a.refresh_from_db()
    assert world.colleague_a.end_date is None
