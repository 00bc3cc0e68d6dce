"""Load the demo world into an empty database (idempotent: loading twice changes nothing)."""

from __future__ import annotations

import base64
import datetime
import hashlib
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django_scopes import scope, scopes_disabled

from zorgwijs.accounts.mfa_policy import mfa_required_for
from zorgwijs.accounts.models import User
from zorgwijs.experts.demo import experts_demo_load
from zorgwijs.monitor.demo import monitor_demo_load
from zorgwijs.needs.demo import needs_demo_load
from zorgwijs.networks.demo import networks_demo_load
from zorgwijs.organisations.models import (
    Department,
    JobFunction,
    Membership,
    Network,
    NetworkMembership,
    Organisation,
    RoleAssignment,
)
from zorgwijs.organisations.services import department_create
from zorgwijs.projects.demo import projects_demo_load
from zorgwijs.scenarios.demo import scenarios_demo_load

from .world import EXTRA_MEMBERSHIPS, NETWORKS, ORGANISATIONS, PLATFORM_ADMIN, DemoOrganisation

DEMO_PASSWORD = "Zorgwijs-demo-2026"  # noqa: S105 - printed on purpose: it is the demo


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    roles: str
    totp_secret: str | None


def demo_totp_secret(email: str) -> str:
    """A stable TOTP secret per demo account, so the printed logins stay valid across runs."""
    digest = hashlib.sha256(f"zorgwijs-demo:{email}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


def demo_is_loaded() -> bool:
    return Organisation.objects.filter(slug=ORGANISATIONS[0].slug).exists()


@transaction.atomic
def demo_load() -> None:
    with scopes_disabled():
        _user(*PLATFORM_ADMIN, is_platform_admin=True, is_staff=True)
        for org in ORGANISATIONS:
            _load_organisation(org)
        for email, org_slug, function, department in EXTRA_MEMBERSHIPS:
            organisation = Organisation.objects.get(slug=org_slug)
            _membership(organisation, User.objects.get(email=email), function, department, "")
        for network in NETWORKS:
            _load_network(network)
        for user in User.objects.all():
            _enrol_totp_if_required(user)
        _load_competences()
        _load_knowledge()
        _load_incidents()  # after the spaces: the lesson is published to the pump's space
        _load_learning()  # after the competences: the route reads the passport
        _load_assessments()
        demo_content_load()


@transaction.atomic
def demo_content_load() -> None:
    """The vindplaats content (projects, needs, experts): idempotent by external ids, so it
    also fills a demo database made by an older version that did not have these apps yet."""
    with scopes_disabled():
        projects_demo_load()
        needs_demo_load()
        experts_demo_load()
        networks_demo_load()
        scenarios_demo_load()
        monitor_demo_load()


def demo_logins() -> list[DemoLogin]:
    with scopes_disabled():
        logins = []
        for user in User.objects.filter(email__endswith=".demo").order_by("email"):
            roles = sorted(
                {a.get_role_display() for a in RoleAssignment.objects.filter(membership__user=user)}
            )
            if user.is_platform_admin:
                roles.insert(0, "Platformbeheerder")
            has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
            secret = demo_totp_secret(user.email) if has_totp.exists() else None
            logins.append(
                DemoLogin(user.email, user.full_name, ", ".join(roles) or "Medewerker", secret)
            )
        return logins


def _user(email: str, name: str, **extra: object) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, **extra)
    return user


def _load_organisation(spec: DemoOrganisation) -> None:
    organisation = Organisation.objects.create(
        slug=spec.slug, name=spec.name, kind=spec.kind, province=spec.province, region=spec.region
    )
    for path in spec.departments:
        _department(organisation, path)
    for name in spec.functions:
        JobFunction.objects.create(organisation=organisation, name=name)
    for number, person in enumerate(spec.people, start=1001):
        user = _user(person.email, person.name)
        membership = _membership(
            organisation, user, person.function, person.department, str(number)
        )
        for role in person.roles:
            assignment = RoleAssignment.objects.create(
                organisation=organisation, membership=membership, role=role
            )
            if person.managed:
                assignment.departments.set(
                    [_department(organisation, path) for path in person.managed]
                )


def _department(organisation: Organisation, path: str) -> Department:
    parent = None
    for name in path.split("/"):
        found = Department.objects.filter(organisation=organisation, parent=parent, name=name)
        parent = found.first() or department_create(
            organisation=organisation, name=name, parent=parent
        )
    assert parent is not None
    return parent


def _membership(
    organisation: Organisation, user: User, function: str, department: str, number: str
) -> Membership:
    return Membership.objects.create(
        organisation=organisation,
        user=user,
        employee_number=number,
        job_function=JobFunction.objects.get_or_create(organisation=organisation, name=function)[0],
        primary_department=_department(organisation, department),
        start_date=datetime.date(2019, 1, 1),
    )


def _load_network(spec: dict) -> None:
    network = Network.objects.create(
        slug=spec["slug"],
        name=spec["name"],
        kind=spec["kind"],
        region=spec["region"],
        description=spec["description"],
    )
    for org_slug, contact in zip(spec["members"], spec["contacts"], strict=True):
        NetworkMembership.objects.create(
            network=network,
            organisation=Organisation.objects.get(slug=org_slug),
            contact_person=User.objects.get(email=contact),
        )


def _first_role_holder(organisation: Organisation) -> User:
    assignment = (
        RoleAssignment.objects.filter(membership__organisation=organisation)
        .order_by("role")
        .select_related("membership__user")
        .first()
    )
    assert assignment is not None, "the demo gives every organisation a role holder"
    return assignment.membership.user


def _load_competences() -> None:
    from zorgwijs.competences.demo import (
        competences_demo_load,
        competences_function_profiles_demo_load,
        competences_network_demo_load,
    )

    for spec in ORGANISATIONS:
        organisation = Organisation.objects.get(slug=spec.slug)
        with scope(organisation=organisation.pk):
            competences_demo_load(organisation=organisation, actor=_first_role_holder(organisation))
    competences_network_demo_load(actor_of=_first_role_holder)
    competences_function_profiles_demo_load(actor_of=_first_role_holder)


def _load_incidents() -> None:
    from zorgwijs.incidents.demo import incidents_demo_load

    incidents_demo_load()


def _load_assessments() -> None:
    from zorgwijs.assessments.demo import assessments_demo_load

    assessments_demo_load()


def _load_knowledge() -> None:
    from zorgwijs.knowledge.demo import knowledge_demo_load

    knowledge_demo_load()


def _enrol_totp_if_required(user: User) -> None:
    if not mfa_required_for(user):
        return
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, demo_totp_secret(user.email))


def _load_learning() -> None:
    from zorgwijs.learning.demo import learning_demo_load

    learning_demo_load()
