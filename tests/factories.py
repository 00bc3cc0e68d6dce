"""factory_boy factories for the foundation models. Use them inside ``scopes_disabled()``."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from zorgwijs.accounts.models import User
from zorgwijs.organisations.models import (
    Department,
    JobFunction,
    Membership,
    Network,
    Organisation,
    OrganisationKind,
    RoleAssignment,
)

PASSWORD = "Zorgwijs-test-2026!"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Ziekenhuis {n}")
    slug = factory.Sequence(lambda n: f"zh-{n}")
    kind = OrganisationKind.HOSPITAL
    province = "utrecht"
    require_mfa_for_sensitive_roles = False


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Netwerk {n}")
    slug = factory.Sequence(lambda n: f"netwerk-{n}")


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Afdeling {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from zorgwijs.organisations.services import department_create

        return department_create(
            organisation=kwargs["organisation"],
            name=kwargs["name"],
            parent=kwargs.get("parent"),
        )


class JobFunctionFactory(DjangoModelFactory):
    class Meta:
        model = JobFunction

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Functie {n}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    employee_number = factory.Sequence(lambda n: f"{100000 + n}")


def give_role(membership: Membership, role: str, departments=()) -> RoleAssignment:
    assignment = RoleAssignment.objects.create(
        organisation=membership.organisation, membership=membership, role=role
    )
    if departments:
        assignment.departments.set(departments)
    return assignment
