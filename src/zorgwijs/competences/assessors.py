"""Who may assess an item (sign off a practical assessment, be named assessor on a record).

The assessor role only opens the sign-off screens. For an item, an assessor must either be
competent in it themselves on the date of the assessment — the one status definition, valid
or expiring with the recency rule met (``status.QUALIFIED``) — or be named assessor for it by
a coordinator (``AuthorisedAssessor``: e.g. the supplier's trainer of a device nobody on the
ward holds yet). ``qualification_register`` enforces it for every record that names an
assessor: sign-off, import, API.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.organisations.capabilities import members_with_capability
from zorgwijs.organisations.models import Membership, Organisation

from .models import AuthorisedAssessor, CompetenceItem, PassportLine
from .status import QUALIFIED, line_status, status_case

# Who reaches the sign-off screens: the people a coordinator can name assessor for an item.
SIGN_OFF = "competences.sign_off"


def may_assess(*, membership: Membership, item: CompetenceItem, on: datetime.date) -> bool:
    if AuthorisedAssessor.objects.filter(membership=membership, item=item).exists():
        return True
    line = PassportLine.objects.filter(membership=membership, item=item).first()
    return line is not None and line_status(line, on) in QUALIFIED


def assessable_item_ids(*, membership: Membership, on: datetime.date) -> set[int]:
    """The items ``membership`` may assess on ``on``: two indexed queries."""
    named = AuthorisedAssessor.objects.filter(membership=membership).values_list(
        "item_id", flat=True
    )
    held = (
        PassportLine.objects.filter(membership=membership)
        .annotate(status=status_case(on=on))
        .filter(status__in=QUALIFIED)
        .values_list("item_id", flat=True)
    )
    return set(named) | set(held)


def refusal(*, name: str, item: CompetenceItem, on: datetime.date) -> str:
    return _(
        "%(name)s is op %(date)s zelf niet bekwaam voor %(item)s en is er geen aangewezen "
        "beoordelaar voor."
    ) % {"name": name, "item": item.name, "date": on.strftime("%d-%m-%Y")}


def assessor_check(*, organisation_id: int, assessor, item: CompetenceItem, on: datetime.date):
    """Refuse a record that names ``assessor`` (a user) for ``item`` assessed on ``on``."""
    membership = Membership.objects.filter(organisation_id=organisation_id, user=assessor).first()
    if membership is None or not may_assess(membership=membership, item=item, on=on):
        raise ValidationError(
            {"assessor": refusal(name=assessor.full_name, item=item, on=on)}, code="assessor"
        )


def assessor_candidates(organisation: Organisation) -> QuerySet[Membership]:
    return (
        members_with_capability(SIGN_OFF)
        .filter(organisation=organisation)
        .active()
        .select_related("user")
        .order_by("user__full_name")
    )


def authorised_assessors(item: CompetenceItem) -> QuerySet[AuthorisedAssessor]:
    return (
        AuthorisedAssessor.objects.filter(item=item)
        .select_related("membership__user", "granted_by")
        .order_by("membership__user__full_name")
    )


@transaction.atomic
def assessor_authorise(
    *,
    actor,
    organisation: Organisation,
    item: CompetenceItem,
    membership: Membership,
    context: AuditContext | None = None,
) -> AuthorisedAssessor:
    """Name ``membership`` assessor for ``item`` (a coordinator's decision, audited)."""
    if item.organisation_id != organisation.pk or membership.organisation_id != organisation.pk:
        raise ValidationError(_("Deze beoordelaar of bekwaamheid hoort niet bij deze organisatie."))
    try:
        with transaction.atomic():
            authorisation = AuthorisedAssessor.objects.create(
                organisation=organisation, item=item, membership=membership, granted_by=actor
            )
    except IntegrityError:
        raise ValidationError(
            {"membership": _("Deze persoon is al aangewezen als beoordelaar.")}
        ) from None
    audit(
        "competences.assessor.authorised",
        kind="change",
        actor=actor,
        organisation=organisation,
        subject=membership.user,
        obj=authorisation,
        context=context,
        data={"item": item.name},
    )
    return authorisation


@transaction.atomic
def assessor_withdraw(
    *,
    actor,
    organisation: Organisation,
    authorisation: AuthorisedAssessor,
    context: AuditContext | None = None,
) -> None:
    """End a naming; records this person already signed off keep their assessor."""
    subject, item_name = authorisation.membership.user, authorisation.item.name
    authorisation.delete()
    audit(
        "competences.assessor.withdrawn",
        kind="change",
        actor=actor,
        organisation=organisation,
        subject=subject,
        context=context,
        data={"item": item_name},
    )


def assessor_user_ids(
    *, organisation_id: int, item: CompetenceItem, on: datetime.date, exclude_user_id: int
) -> list[int]:
    """The people who may decide a request for ``item`` on ``on``: the sign-off capability in
    the organisation today, and named assessor for the item or qualified in it themselves. Three
    queries, however many assessors there are; never the person asking."""
    from .status import status_case

    candidates = (
        members_with_capability(SIGN_OFF)
        .active()
        .filter(organisation_id=organisation_id)
        .exclude(user_id=exclude_user_id)
    )
    named = AuthorisedAssessor.objects.filter(item=item, membership__in=candidates).values_list(
        "membership__user_id", flat=True
    )
    held = (
        PassportLine.objects.filter(item=item, membership__in=candidates)
        .annotate(status=status_case(on=on))
        .filter(status__in=QUALIFIED)
        .values_list("membership__user_id", flat=True)
    )
    return sorted(set(named) | set(held))
