"""Creating spaces and joining them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from zorgwijs.audit.services import record as audit

from ..models import MembershipStatus, Space, SpaceMembership, SpaceRole
from ..signals import emit


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "ruimte"
    slug, n = base, 2
    while Space.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def space_create(
    *,
    actor,
    organisation,
    name: str,
    kind: str,
    visibility: str,
    description: str = "",
    competence_items=(),
    network=None,
    request=None,
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
        request=request,
        data={"name": name, "visibility": visibility},
    )
    emit("space.created", space, actor)
    return space


@transaction.atomic
def membership_request(*, actor, space: Space, request=None) -> SpaceMembership:
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
            request=request,
        )
        emit("space.membership_requested", membership, actor)
    return membership
