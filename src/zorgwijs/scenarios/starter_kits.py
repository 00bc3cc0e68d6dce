"""Starter kits (docs/scenarios.md, "Starter kits"): a network's editors mark a network space as
a practice guide; a member organisation copies its pages, in their structure, into a space of
its own that keeps "based on starter kit X, version Y"."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.knowledge.access import SpaceAccess
from zorgwijs.knowledge.models import Page, Space
from zorgwijs.knowledge.services.pages import page_create
from zorgwijs.knowledge.services.spaces import space_create
from zorgwijs.organisations.access import org_access_for, organisation_ids_of
from zorgwijs.organisations.models import Organisation, Visibility
from zorgwijs.vocabulary.access import may_edit

from .models import StarterKit, StarterKitCopy


def kits_for(user) -> list[StarterKit]:
    """The starter kits of the networks the user's organisations belong to."""
    return list(
        StarterKit.objects.filter(
            network__memberships__organisation_id__in=organisation_ids_of(user)
        )
        .select_related("space", "network")
        .distinct()
    )


def get_kit_for_member(user, kit_id: int) -> StarterKit:
    kit = next((k for k in kits_for(user) if k.pk == kit_id), None)
    if kit is None:
        raise Http404
    return kit


def copy_organisations(user, kit: StarterKit) -> list[Organisation]:
    """The user's organisations in the kit's network where they may make a space."""
    organisations = Organisation.objects.filter(
        pk__in=organisation_ids_of(user), networks=kit.network
    ).order_by("name")
    return [o for o in organisations if org_access_for(user, o.slug).can("knowledge.manage")]


@transaction.atomic
def starter_kit_mark(*, actor, space: Space, context: AuditContext | None = None) -> StarterKit:
    """Make a network's space its starter kit (the network's editors)."""
    if space.network_id is None:
        raise ValidationError(_("Alleen een ruimte van een netwerk kan een startpakket zijn."))
    if not may_edit(actor, space.network_id):
        raise ValidationError(_("Alleen de redactie van het netwerk maakt een startpakket."))
    if StarterKit.objects.filter(space=space).exists():
        raise ValidationError(_("Deze ruimte is al een startpakket."))
    kit = StarterKit.objects.create(network_id=space.network_id, space=space, created_by=actor)
    record(
        "scenarios.starter_kit.marked",
        kind="change",
        actor=actor,
        obj=kit,
        context=context,
        data={"space": space.slug},
    )
    return kit


@transaction.atomic
def starter_kit_release(
    *, actor, kit: StarterKit, context: AuditContext | None = None
) -> StarterKit:
    """A new version of the kit: copies made from now on record it."""
    if not may_edit(actor, kit.network_id):
        raise ValidationError(_("Alleen de redactie van het netwerk brengt een versie uit."))
    locked = StarterKit.objects.select_for_update().get(pk=kit.pk)
    locked.version += 1
    locked.save(update_fields=["version"])
    record(
        "scenarios.starter_kit.released",
        kind="change",
        actor=actor,
        obj=locked,
        context=context,
        data={"version": locked.version},
    )
    return locked


def tree(space: Space) -> list[Page]:
    """The kit's pages, parents before their children, in their order."""
    pages = list(
        Page.objects.filter(space=space)
        .select_related("current_revision")
        .order_by("position", "title", "pk")
    )
    ordered: list[Page] = []
    placed: set[int | None] = {None}
    while len(ordered) < len(pages):
        ready = [p for p in pages if p.pk not in placed and p.parent_id in placed]
        if not ready:  # a parent outside the space: treat the rest as top-level
            ready = [p for p in pages if p.pk not in placed]
        ordered.extend(ready)
        placed.update(p.pk for p in ready)
    return ordered


@transaction.atomic
def starter_kit_copy(
    *,
    actor,
    kit: StarterKit,
    organisation: Organisation,
    name: str,
    context: AuditContext | None = None,
) -> Space:
    """Copy the kit into a new space of ``organisation`` (visible to its members), page by page
    in the kit's structure; the copy keeps the kit and version it came from."""
    if organisation not in copy_organisations(actor, kit):
        raise ValidationError(
            {
                "organisation": _(
                    "Kies een organisatie in dit netwerk waar je kennisruimtes beheert."
                )
            }
        )
    space = space_create(
        actor=actor,
        organisation=organisation,
        name=name,
        kind=kit.space.kind,
        visibility=Visibility.ORGANISATION,
        description=_("Gebaseerd op startpakket %(kit)s, versie %(n)s.")
        % {"kit": kit.space.name, "n": kit.version},
        context=context,
    )
    copies: dict[int, Page] = {}
    for page in tree(kit.space):
        revision = page.current_revision
        if revision is None:
            continue
        copies[page.pk] = page_create(
            actor=actor,
            space=space,
            title=revision.title,
            body=revision.body,
            parent=copies.get(page.parent_id) if page.parent_id else None,
        )
        Page.objects.filter(pk=copies[page.pk].pk).update(position=page.position)
    StarterKitCopy.objects.create(
        kit=kit, version=kit.version, space=space, organisation=organisation, created_by=actor
    )
    record(
        "scenarios.starter_kit.copied",
        kind="change",
        actor=actor,
        organisation=organisation,
        obj=space,
        context=context,
        data={"kit": kit.pk, "version": kit.version, "pages": len(copies)},
    )
    return space


def space_section(access: SpaceAccess) -> dict | None:
    """What a space's page shows about starter kits (knowledge.sections): a kit says so and
    offers the copy; a copy names the kit and version it is based on; a network space offers
    its editors to make it a kit."""
    space = access.space
    kit = StarterKit.objects.filter(space=space).first()
    copy = (
        StarterKitCopy.objects.filter(space=space).select_related("kit__space").first()
        if kit is None
        else None
    )
    signed_in = access.viewer.is_authenticated
    if kit is not None:
        return {"kit": kit, "can_copy": signed_in, "can_release": _may_edit(access, kit.network_id)}
    if copy is not None:
        return {"based_on": copy}
    if space.network_id and signed_in and _may_edit(access, space.network_id):
        return {"can_mark": True, "space": space}
    return None


def _may_edit(access: SpaceAccess, network_id: int) -> bool:
    from zorgwijs.accounts.models import User

    if access.viewer.user_id is None:
        return False
    user = User.objects.filter(pk=access.viewer.user_id).first()
    return may_edit(user, network_id)
