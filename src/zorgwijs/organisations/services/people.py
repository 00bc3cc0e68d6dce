"""Memberships (people employed by an organisation), changed by an actor.

Memberships are never deleted: an employment ends on a date and its history stays. A change of
function, departments or dates is announced with ``memberships_changed`` inside the
transaction, so listeners (competence requirements) commit or roll back with it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import AuditContext

from ..models import Department, Membership, Organisation
from ..signals import announce_membership_changes
from ._common import apply_changes, audit, field_error, same_organisation

MEMBERSHIP_FIELDS = (
    "employee_number",
    "job_function",
    "primary_department",
    "line_manager",
    "start_date",
    "end_date",
)
# Changes that decide which competences someone needs.
ANNOUNCED = frozenset({"job_function", "primary_department", "extra_departments"})


def _check(membership: Membership, extra_departments: Iterable[Department]) -> None:
    same_organisation(
        membership.organisation,
        job_function=membership.job_function,
        primary_department=membership.primary_department,
        line_manager=membership.line_manager,
        extra_departments=list(extra_departments),
    )
    if membership.pk and membership.line_manager_id == membership.pk:
        raise field_error("line_manager", _("Iemand kan niet zijn eigen leidinggevende zijn."))
    number = membership.employee_number
    if (
        number
        and Membership.objects.filter(
            organisation_id=membership.organisation_id, employee_number=number
        )
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise field_error("employee_number", _("Dit personeelsnummer is al in gebruik."), "unique")


def _account_for(email: str, full_name: str) -> tuple[User, bool]:
    """The account with this e-mail address, or a new one without a password (the person signs
    in with single sign-on or sets a password through "wachtwoord vergeten")."""
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User(email=email, full_name=full_name)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user, True


@transaction.atomic
def membership_add(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    full_name: str,
    extra_departments: Iterable[Department] = (),
    context: AuditContext | None = None,
    invite: bool = True,
    **values: Any,
) -> Membership:
    """Employ a person; an existing account with this e-mail address is reused, never
    duplicated (its name stays as it is). ``invite``: e-mail them how to sign in
    (``invitations.py``); an approved application sends its own welcome instead."""
    extra_departments = list(extra_departments)
    user, user_created = _account_for(email, full_name)
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise field_error(
            "email", _("Deze persoon heeft al een dienstverband bij deze organisatie."), "conflict"
        )
    membership = Membership(
        organisation=organisation,
        user=user,
        **{k: v for k, v in values.items() if k in MEMBERSHIP_FIELDS},
    )
    _check(membership, extra_departments)
    membership.full_clean()
    membership.save()
    membership.extra_departments.set(extra_departments)
    audit(
        "organisations.membership.created",
        actor=actor,
        organisation=organisation,
        subject=user,
        obj=membership,
        context=context,
        data={"user_created": user_created},
    )
    announce_membership_changes(organisation, [membership.pk])
    if invite:
        from ..invitations import invitation_send

        invitation_send(membership, new_account=user_created)
    return membership


@transaction.atomic
def membership_update(
    *,
    actor: User,
    membership: Membership,
    extra_departments: Iterable[Department] | None = None,
    context: AuditContext | None = None,
    **values: Any,
) -> Membership:
    """Change a membership; fields left out stay, ``extra_departments=None`` keeps the list.
    Reads the stored row: a ModelForm may already have changed ``membership``."""
    fresh = Membership.objects.select_for_update().get(pk=membership.pk)
    extra = list(extra_departments) if extra_departments is not None else None
    changes = apply_changes(fresh, values, MEMBERSHIP_FIELDS)
    _check(fresh, extra or ())
    fresh.full_clean()
    fresh.save()
    if extra is not None:
        old_ids = sorted(fresh.extra_departments.values_list("pk", flat=True))
        new_ids = sorted(d.pk for d in extra)
        if old_ids != new_ids:
            fresh.extra_departments.set(extra)
            changes["extra_departments"] = [old_ids, new_ids]
    if changes:
        audit(
            "organisations.membership.updated",
            actor=actor,
            organisation=fresh.organisation,
            subject=fresh.user,
            obj=fresh,
            context=context,
            data={"changes": changes},
        )
    if changes.keys() & ANNOUNCED:
        announce_membership_changes(fresh.organisation, [fresh.pk])
    return fresh


@transaction.atomic
def membership_end(
    *,
    actor: User,
    membership: Membership,
    end_date: datetime.date,
    context: AuditContext | None = None,
) -> Membership:
    """End an employment on ``end_date``. Memberships are never deleted: history stays."""
    fresh = Membership.objects.select_for_update().get(pk=membership.pk)
    fresh.end_date = end_date
    fresh.full_clean()
    fresh.save(update_fields=["end_date", "updated_at"])
    audit(
        "organisations.membership.ended",
        actor=actor,
        organisation=fresh.organisation,
        subject=fresh.user,
        obj=fresh,
        context=context,
        data={"end_date": end_date.isoformat()},
    )
    return fresh
