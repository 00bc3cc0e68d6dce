"""Creating spaces and joining them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.organisations.models import Visibility

from ..models import MembershipStatus, Space, SpaceMembership, SpaceRole
from ..signals import emit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from zorgwijs.accounts.models import User
    from zorgwijs.competences.models import CompetenceItem
    from zorgwijs.organisations.models import Network, Organisation


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "ruimte"
    slug, n = base, 2
    while Space.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def space_create(
    *,
    actor: User,
    organisation: Organisation | None,
    name: str,
    kind: str,
    visibility: str,
    description: str = "",
    competence_items: Iterable[CompetenceItem] = (),
    network: Network | None = None,
    context: AuditContext | None = None,
) -> Space:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Geef de ruimte een naam.")})
    space = Space(
        owner_organisation=organisation,
        network=network,
        name=name,
        slug=_unique_slug(name),
        kind=kind,
        visibility=visibility,
        description=description,
        created_by=actor,
    )
    space.full_clean()
    space.save()
    space.competence_items.set(competence_items)
    SpaceMembership.objects.create(space=space, user=actor, role=SpaceRole.EDITOR)
    audit(
        "knowledge.space.created",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=space,
        context=context,
        data={"name": name, "visibility": visibility},
    )
    emit("space.created", space, actor)
    return space


@transaction.atomic
def membership_request(
    *, actor: User, space: Space, context: AuditContext | None = None
) -> SpaceMembership:
    if not space.open_to_requests:
        raise ValidationError(_("Voor deze ruimte kun je geen lidmaatschap aanvragen."))
    membership, created = SpaceMembership.objects.get_or_create(
        space=space, user=actor, defaults={"status": MembershipStatus.REQUESTED}
    )
    if created:
        audit(
            "knowledge.space.membership_requested",
            kind="change",
            actor=actor,
            organisation=space.owner_organisation,
            obj=space,
            context=context,
        )
        emit("space.membership_requested", membership, actor)
    return membership


@transaction.atomic
def membership_invite(
    *, actor: User, space: Space, email: str, role: str, context: AuditContext | None = None
) -> SpaceMembership:
    """Invite a person (of any organisation) by e-mail address; they accept on the space page."""
    from zorgwijs.accounts.models import User

    if role not in SpaceRole.values:
        raise ValidationError({"role": _("Kies een rol.")})
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"email": _("Er is geen account met dit e-mailadres.")})
    membership, created = SpaceMembership.objects.get_or_create(
        space=space, user=user, defaults={"role": role, "status": MembershipStatus.INVITED}
    )
    if not created:
        raise ValidationError({"email": _("Deze persoon staat al in de lijst.")})
    audit(
        "knowledge.space.member_invited",
        kind="change",
        actor=actor,
        organisation=space.owner_organisation,
        subject=user,
        obj=space,
        context=context,
        data={"role": role},
    )
    emit("space.member_invited", membership, actor)
    return membership


@transaction.atomic
def membership_decide(
    *, actor: User, membership: SpaceMembership, approve: bool, context: AuditContext | None = None
) -> None:
    """An editor approves a request (the person becomes a member) or removes someone."""
    space = membership.space
    if approve:
        if membership.status != MembershipStatus.REQUESTED:
            raise ValidationError(_("Er is geen aanvraag om goed te keuren."))
        membership.status = MembershipStatus.ACTIVE
        membership.save(update_fields=["status"])
    else:
        if membership.user_id == actor.pk:
            raise ValidationError(_("Je kunt jezelf niet verwijderen."))
        membership.delete()
    action = "member_approved" if approve else "member_removed"
    audit(
        f"knowledge.space.{action}",
        kind="change",
        actor=actor,
        organisation=space.owner_organisation,
        subject=membership.user,
        obj=space,
        context=context,
    )
    emit(f"space.{action}", space, actor)


@transaction.atomic
def invitation_accept(
    *, actor: User, membership: SpaceMembership, context: AuditContext | None = None
) -> None:
    if membership.user_id != actor.pk or membership.status != MembershipStatus.INVITED:
        raise ValidationError(_("Er is geen uitnodiging om aan te nemen."))
    membership.status = MembershipStatus.ACTIVE
    membership.save(update_fields=["status"])
    audit(
        "knowledge.space.invitation_accepted",
        kind="change",
        actor=actor,
        organisation=membership.space.owner_organisation,
        obj=membership.space,
        context=context,
    )
    emit("space.member_joined", membership.space, actor)


SETTINGS_FIELDS = ("name", "description", "kind", "visibility", "network", "open_to_requests")
SETTINGS_SETS = ("partner_organisations", "member_organisations", "member_departments")


@transaction.atomic
def space_update(
    *, actor: User, space: Space, data: dict, context: AuditContext | None = None
) -> Space:
    """An editor changes a space's settings. Who may read follows from the visibility on
    every read (pages, API, notifications at send time), so narrowing it takes effect at once;
    search asks the same rule when it runs (knowledge/search_index.py). A network space
    needs a network or at least one partner organisation; a space without an owner
    organisation cannot be organisation-only (``Space.clean``)."""
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("Geef de ruimte een naam.")})
    locked = Space.objects.select_for_update().get(pk=space.pk)
    before = {"visibility": locked.visibility, "name": locked.name}
    for field in SETTINGS_FIELDS:
        setattr(locked, field, data[field])
    locked.name = name
    partners = list(data["partner_organisations"])
    if locked.visibility == Visibility.NETWORK and locked.network is None and not partners:
        raise ValidationError(
            {
                "network": _(
                    "Kies een netwerk of ten minste één samenwerkende organisatie om de ruimte "
                    "mee te delen."
                )
            }
        )
    if locked.visibility != Visibility.NETWORK and locked.owner_organisation_id is not None:
        locked.network = None  # only a network space is shared with a network
    locked.full_clean(exclude=["slug", "created_by"])  # created_by may be empty (imports)
    locked.save()
    for field in SETTINGS_SETS:
        getattr(locked, field).set(data[field])
    locked.competence_items.set(data["competence_items"])
    audit(
        "knowledge.space.updated",
        kind="change",
        actor=actor,
        organisation=locked.owner_organisation,
        obj=locked,
        context=context,
        data={
            "name": locked.name,
            "visibility": locked.visibility,
            "visibility_before": before["visibility"],
        },
    )
    return locked


@transaction.atomic
def membership_set_role(
    *, actor: User, membership: SpaceMembership, role: str, context: AuditContext | None = None
) -> None:
    """An editor makes a personal member an editor of the space, or back a member."""
    if role not in SpaceRole.values:
        raise ValidationError({"role": _("Kies een rol.")})
    if membership.user_id == actor.pk:
        raise ValidationError(_("Je kunt je eigen rol niet wijzigen."))
    if membership.status == MembershipStatus.REQUESTED:
        raise ValidationError(_("Keur de aanvraag eerst goed."))
    membership.role = role
    membership.save(update_fields=["role"])
    audit(
        "knowledge.space.member_role_changed",
        kind="change",
        actor=actor,
        organisation=membership.space.owner_organisation,
        subject=membership.user,
        obj=membership.space,
        context=context,
        data={"role": role},
    )
