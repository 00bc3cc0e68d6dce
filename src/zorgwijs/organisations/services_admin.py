"""Writes behind the organisation admin screens and the platform's network screens.

Each service is keyword-only, owns its transaction and records one audit entry of kind
"change". Views and forms validate input; services re-check the invariants that protect data
(same organisation, no cycles in the tree, never delete a membership).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from allauth.socialaccount.models import SocialApp
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgwijs.accounts.models import User
from zorgwijs.audit.services import record

from . import services
from .models import (
    Department,
    JobFunction,
    Membership,
    Network,
    NetworkMembership,
    Organisation,
    Role,
    RoleAssignment,
)
from .selectors_admin import admin_count, department_blockers
from .signals import announce_membership_changes

SSO_PROVIDER = "openid_connect"


def _audit(action: str, *, actor, organisation, obj=None, subject=None, data=None) -> None:
    record(action, kind="change", actor=actor, organisation=organisation, subject=subject,
           obj=obj, data=data or {})


def _same_org(organisation: Organisation, *objects: Any) -> None:
    for obj in objects:
        if obj is not None and obj.organisation_id != organisation.pk:
            raise ValidationError(_("Dit hoort bij een andere organisatie."))


# Organisation settings


ORGANISATION_FIELDS = (
    "name", "kind", "province", "region", "require_mfa_for_sensitive_roles",
    "require_mfa_for_everyone", "sso_email_domains",
)


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, **values: Any) -> Organisation:
    # Compare with the stored row: a ModelForm may already have changed ``organisation``.
    fresh = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = {}
    for name in ORGANISATION_FIELDS:
        if name in values and getattr(fresh, name) != values[name]:
            setattr(fresh, name, values[name])
            changed[name] = values[name]
    if changed:
        fresh.full_clean()
        fresh.save()
        _audit("organisations.organisation.updated", actor=actor, organisation=fresh,
               obj=fresh, data={"changed": sorted(changed)})
    return fresh


@transaction.atomic
def organisation_sso_save(
    *, actor: User, organisation: Organisation, name: str, client_id: str, secret: str,
    server_url: str,
) -> SocialApp:
    """Create or update the organisation's OpenID Connect app; an empty secret keeps the old one."""
    app = organisation.sso_app or SocialApp(provider=SSO_PROVIDER,
                                            provider_id=f"org-{organisation.slug}")
    created = app.pk is None
    app.name = name[:40]
    app.client_id = client_id
    if secret:
        app.secret = secret
    app.settings = {**(app.settings or {}), "server_url": server_url}
    app.save()
    if created:
        organisation.sso_app = app
        organisation.save(update_fields=["sso_app"])
    # Never the secret in the log; only whether it changed.
    _audit("organisations.sso.saved", actor=actor, organisation=organisation, obj=app,
           data={"created": created, "server_url": server_url, "secret_changed": bool(secret)})
    return app


@transaction.atomic
def organisation_sso_remove(*, actor: User, organisation: Organisation) -> None:
    app = organisation.sso_app
    if app is None:
        return
    organisation.sso_app = None
    organisation.save(update_fields=["sso_app"])
    _audit("organisations.sso.removed", actor=actor, organisation=organisation, obj=app)
    app.delete()


# Departments


@transaction.atomic
def department_add(
    *, actor: User, organisation: Organisation, name: str, code: str = "",
    parent: Department | None = None,
) -> Department:
    _same_org(organisation, parent)
    department = services.department_create(
        organisation=organisation, name=name, parent=parent, code=code
    )
    _audit("organisations.department.created", actor=actor, organisation=organisation,
           obj=department, data={"name": name, "parent": getattr(parent, "pk", None)})
    return department


@transaction.atomic
def department_update(
    *, actor: User, department_id: int, organisation: Organisation, name: str, code: str,
    parent: Department | None,
) -> Department:
    """Rename and/or move a department; moving under itself or a descendant is refused."""
    _same_org(organisation, parent)
    department = Department.objects.select_for_update().get(
        organisation=organisation, pk=department_id
    )
    if parent is not None and parent.path.startswith(department.path):
        raise ValidationError(
            {"parent": _("Een afdeling kan niet onder zichzelf of een eigen onderafdeling vallen.")}
        )
    before = {"name": department.name, "code": department.code, "parent": department.parent_id}
    department.name, department.code = name, code
    if department.parent_id != getattr(parent, "pk", None):
        department = services.department_move(department=department, parent=parent)
    else:
        department.full_clean(exclude=["path"])
        department.save(update_fields=["name", "code"])
    after = {"name": name, "code": code, "parent": getattr(parent, "pk", None)}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        _audit("organisations.department.updated", actor=actor, organisation=organisation,
               obj=department, data={"changes": changes})
    return department


@transaction.atomic
def department_delete(*, actor: User, department: Department) -> None:
    """Delete an empty department; anything still attached is explained, never cascaded."""
    reasons = department_blockers(department=department)
    if reasons:
        raise ValidationError(reasons)
    organisation = department.organisation
    _audit("organisations.department.deleted", actor=actor, organisation=organisation,
           obj=department, data={"name": department.name, "path": department.path})
    department.delete()


# Job functions


@transaction.atomic
def job_function_save(
    *, actor: User, organisation: Organisation, job_function: JobFunction | None = None,
    name: str, code: str = "", big_registered: bool = False,
) -> JobFunction:
    created = job_function is None
    job_function = job_function or JobFunction(organisation=organisation)
    _same_org(organisation, job_function)
    job_function.name, job_function.code = name, code
    job_function.big_registered = big_registered
    job_function.full_clean()
    job_function.save()
    _audit(
        "organisations.job_function.created" if created else "organisations.job_function.updated",
        actor=actor, organisation=organisation, obj=job_function, data={"name": name},
    )
    return job_function


# People


MEMBERSHIP_FIELDS = (
    "employee_number", "job_function", "primary_department", "line_manager", "start_date",
    "end_date",
)


def _check_membership_refs(organisation: Organisation, values: dict[str, Any],
                           extra_departments: Iterable[Department]) -> None:
    _same_org(organisation, values.get("job_function"), values.get("primary_department"),
              values.get("line_manager"), *extra_departments)


@transaction.atomic
def member_add(
    *, actor: User, organisation: Organisation, email: str, full_name: str,
    extra_departments: Iterable[Department] = (), **values: Any,
) -> Membership:
    """Add a person; an existing account with this e-mail address is reused, never duplicated."""
    extra_departments = list(extra_departments)
    _check_membership_refs(organisation, values, extra_departments)
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    user_created = user is None
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError({"email": _("Deze persoon heeft al een dienstverband bij deze "
                                          "organisatie.")})
    membership = Membership(organisation=organisation, user=user,
                            **{k: v for k, v in values.items() if k in MEMBERSHIP_FIELDS})
    membership.full_clean()
    membership.save()
    membership.extra_departments.set(extra_departments)
    _audit("organisations.membership.created", actor=actor, organisation=organisation,
           subject=user, obj=membership, data={"user_created": user_created})
    announce_membership_changes(organisation, [membership.pk])
    return membership


def _value_for_log(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@transaction.atomic
def membership_update(
    *, actor: User, membership: Membership, extra_departments: Iterable[Department] | None = None,
    **values: Any,
) -> Membership:
    organisation = membership.organisation
    extra = list(extra_departments) if extra_departments is not None else None
    _check_membership_refs(organisation, values, extra or [])
    if values.get("line_manager") is not None and values["line_manager"].pk == membership.pk:
        raise ValidationError({"line_manager": _("Iemand kan niet zijn eigen leidinggevende "
                                                 "zijn.")})
    fresh = Membership.objects.select_for_update().get(pk=membership.pk)
    changes = {}
    for name in MEMBERSHIP_FIELDS:
        if name in values:
            old = getattr(fresh, name)
            if _value_for_log(old) != _value_for_log(values[name]):
                changes[name] = [_value_for_log(old), _value_for_log(values[name])]
            setattr(fresh, name, values[name])
    fresh.full_clean()
    fresh.save()
    if extra is not None:
        old_ids = sorted(fresh.extra_departments.values_list("pk", flat=True))
        new_ids = sorted(d.pk for d in extra)
        if old_ids != new_ids:
            fresh.extra_departments.set(extra)
            changes["extra_departments"] = [old_ids, new_ids]
    if changes:
        _audit("organisations.membership.updated", actor=actor, organisation=organisation,
               subject=fresh.user, obj=fresh, data={"changes": changes})
    if changes.keys() & {"job_function", "primary_department", "extra_departments"}:
        announce_membership_changes(organisation, [fresh.pk])
    return fresh


@transaction.atomic
def membership_end(*, actor: User, membership: Membership, end_date: datetime.date) -> Membership:
    """End an employment on ``end_date``. Memberships are never deleted: history stays."""
    fresh = Membership.objects.select_for_update().get(pk=membership.pk)
    fresh.end_date = end_date
    fresh.full_clean()
    fresh.save(update_fields=["end_date", "updated_at"])
    _audit("organisations.membership.ended", actor=actor, organisation=fresh.organisation,
           subject=fresh.user, obj=fresh, data={"end_date": end_date.isoformat()})
    return fresh


# Roles


@transaction.atomic
def role_grant(
    *, actor: User, membership: Membership, role: str, departments: Iterable[Department] = (),
) -> RoleAssignment:
    organisation = membership.organisation
    departments = list(departments)
    _same_org(organisation, *departments)
    if role not in Role.values:
        raise ValidationError({"role": _("Kies een bestaande rol.")})
    if role == Role.MANAGER and not departments:
        raise ValidationError({"departments": _("Kies minstens één afdeling voor een "
                                                "leidinggevende.")})
    if RoleAssignment.objects.filter(membership=membership, role=role).exists():
        raise ValidationError({"role": _("Deze persoon heeft deze rol al.")})
    assignment = RoleAssignment.objects.create(
        organisation=organisation, membership=membership, role=role
    )
    if role == Role.MANAGER:
        assignment.departments.set(departments)
    _audit("organisations.role.granted", actor=actor, organisation=organisation,
           subject=membership.user, obj=assignment,
           data={"role": role, "departments": [d.pk for d in departments]})
    return assignment


@transaction.atomic
def role_set_departments(
    *, actor: User, assignment: RoleAssignment, departments: Iterable[Department]
) -> RoleAssignment:
    departments = list(departments)
    organisation = assignment.organisation
    _same_org(organisation, *departments)
    if assignment.role == Role.MANAGER and not departments:
        raise ValidationError({"departments": _("Kies minstens één afdeling voor een "
                                                "leidinggevende.")})
    assignment.departments.set(departments)
    _audit("organisations.role.departments_changed", actor=actor, organisation=organisation,
           subject=assignment.membership.user, obj=assignment,
           data={"role": assignment.role, "departments": [d.pk for d in departments]})
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    organisation = assignment.organisation
    if assignment.role == Role.ADMIN and admin_count(organisation=organisation) <= 1:
        raise ValidationError(_("Er moet minstens één organisatiebeheerder overblijven."))
    user = assignment.membership.user
    _audit("organisations.role.revoked", actor=actor, organisation=organisation, subject=user,
           obj=assignment, data={"role": assignment.role})
    assignment.delete()


# Networks (platform admin)


@transaction.atomic
def network_create(*, actor: User, name: str, slug: str, kind: str, region: str = "",
                   description: str = "") -> Network:
    network = Network(name=name, slug=slug, kind=kind, region=region, description=description)
    network.full_clean()
    network.save()
    _audit("organisations.network.created", actor=actor, organisation=None, obj=network,
           data={"name": name})
    return network


@transaction.atomic
def network_member_add(*, actor: User, network: Network,
                       organisation: Organisation) -> NetworkMembership:
    if NetworkMembership.objects.filter(network=network, organisation=organisation).exists():
        raise ValidationError({"organisation": _("Deze organisatie is al lid van dit netwerk.")})
    membership = NetworkMembership.objects.create(network=network, organisation=organisation)
    _audit("organisations.network.member_added", actor=actor, organisation=organisation,
           obj=membership, data={"network": network.pk})
    return membership


@transaction.atomic
def network_member_remove(*, actor: User, membership: NetworkMembership) -> None:
    _audit("organisations.network.member_removed", actor=actor,
           organisation=membership.organisation, obj=membership,
           data={"network": membership.network_id})
    membership.delete()


@transaction.atomic
def network_contact_set(*, actor: User, membership: NetworkMembership,
                        contact: User | None) -> NetworkMembership:
    from .selectors_admin import organisation_admin_users

    if contact is not None and not organisation_admin_users(
        organisation_ids=[membership.organisation_id]
    ).filter(pk=contact.pk).exists():
        raise ValidationError({"contact_person": _("Kies een beheerder van deze organisatie.")})
    membership.contact_person = contact
    membership.save(update_fields=["contact_person"])
    _audit("organisations.network.contact_set", actor=actor,
           organisation=membership.organisation, subject=contact, obj=membership,
           data={"network": membership.network_id})
    return membership
