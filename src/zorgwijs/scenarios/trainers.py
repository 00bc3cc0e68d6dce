"""The trainer standard of a network: which template it is, who holds it, and runs counting
as trainings given.

A trainer standard is a competence item template of the network (models/trainers.py), so the
passport keeps its status like any other item: the organisation adopts the template and requires
it of its trainers. "Trainer zoeken" lists the people who hold it today and chose to show it on
their expert profile (docs/experts.md: opt-in, reach, only the item's name leaves the passport);
of them it shows name, organisation and that the standard is valid, nothing else.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.competences.models import CompetenceItem, PassportLine
from zorgwijs.competences.services import performance_log
from zorgwijs.competences.status import status_case
from zorgwijs.experts.models import ExpertProfile
from zorgwijs.networks.models import NetworkRole, RoleKind
from zorgwijs.organisations.models import Membership, Network, Organisation
from zorgwijs.organisations.visibility import Viewer
from zorgwijs.vocabulary.access import may_edit

from .models import ScenarioRun, TrainerStandard

# A standard that holds today: valid or expiring (the passport's verified statuses).
HOLDS = ("valid", "expiring")


@dataclass(frozen=True)
class Trainer:
    name: str
    organisation: str
    profile_url: str


def networks_of_viewer(viewer: Viewer):
    """The networks the viewer's organisations belong to."""
    return Network.objects.filter(memberships__organisation_id__in=viewer.org_ids).distinct()


def get_network_for_member(*, viewer: Viewer, network_slug: str) -> Network:
    """A network one of the viewer's organisations belongs to, else 404."""
    network = networks_of_viewer(viewer).filter(slug=network_slug).first()
    if network is None:
        raise Http404
    return network


def trainer_networks(viewer: Viewer) -> list[Network]:
    """The viewer's networks that have a trainer standard (one query)."""
    return list(
        networks_of_viewer(viewer)
        .filter(pk__in=TrainerStandard.objects.values("network_id"))
        .order_by("name")
    )


def standards_of(network: Network) -> list[TrainerStandard]:
    return list(TrainerStandard.objects.filter(network=network).select_related("item"))


def adoptions_of(standard: TrainerStandard):
    """The member organisations' own items adopted from the standard's template."""
    return CompetenceItem.objects.filter(
        adopted_from=standard.item, organisation__networks=standard.network
    )


def may_keep_standard(user, network: Network) -> bool:
    """Who chooses the network's trainer standard: its coordinators and editorial board
    (``NetworkRole``), the editors of its member organisations (the same people who keep its
    vocabulary and starter kits) and platform admins."""
    if user is None or not user.is_authenticated:
        return False
    if getattr(user, "is_platform_admin", False) or may_edit(user, network.pk):
        return True
    return NetworkRole.objects.filter(
        network=network, user=user, role__in=[RoleKind.COORDINATOR, RoleKind.EDITOR]
    ).exists()


def get_network_for_keeper(*, user, network_slug: str) -> Network:
    """The network whose trainer standard ``user`` may choose, else 404 (also to its other
    people: the screen is not theirs to know about, like the network's management pages)."""
    network = Network.objects.filter(slug=network_slug).first()
    if network is None or not may_keep_standard(user, network):
        raise Http404
    return network


def standard_candidates(network: Network):
    """The network's active templates that are not yet one of its trainer standards."""
    return CompetenceItem.objects.filter(
        network=network, organisation__isnull=True, is_active=True, trainer_standard__isnull=True
    ).order_by("name", "pk")


@transaction.atomic
def trainer_standard_set(
    *, actor, network: Network, item: CompetenceItem, context: AuditContext | None = None
) -> TrainerStandard:
    """Mark a template the network shares as its trainer standard. Refused at the field: an
    actor who does not keep the network's standard, an item that is not the network's template,
    and one that is a standard already."""
    if not may_keep_standard(actor, network):
        raise ValidationError(
            {"item": _("Alleen de coördinator of de redactie van het netwerk kiest de standaard.")}
        )
    if TrainerStandard.objects.filter(item=item).exists():
        raise ValidationError({"item": _("Deze bekwaamheid is al een trainersstandaard.")})
    standard = TrainerStandard(network=network, item=item)
    standard.full_clean()
    standard.save()
    record(
        "scenarios.trainer_standard.set",
        kind="change",
        actor=actor,
        obj=standard,
        context=context,
        data={"network": network.slug, "item": item.name},
    )
    return standard


@transaction.atomic
def trainer_standard_remove(
    *, actor, standard: TrainerStandard, context: AuditContext | None = None
) -> None:
    """The network no longer uses this template as a trainer standard. The template, its
    adoptions and every passport line stay: only "Trainer zoeken" stops listing it."""
    if not may_keep_standard(actor, standard.network):
        raise ValidationError(
            _("Alleen de coördinator of de redactie van het netwerk kiest de standaard.")
        )
    record(
        "scenarios.trainer_standard.removed",
        kind="change",
        actor=actor,
        obj=standard,
        context=context,
        data={"network": standard.network.slug, "item": standard.item.name},
    )
    standard.delete()


def trainers_for(
    *, viewer: Viewer, standard: TrainerStandard, on: datetime.date | None = None
) -> list[Trainer]:
    """People who hold the standard on ``on`` and show it on a profile the viewer may find.

    Three queries: the lines that hold, the profiles within reach that show an adoption, and
    which adoption each profile shows."""
    on = on or timezone.localdate()
    adoptions = list(adoptions_of(standard).select_related("organisation"))
    if not adoptions or not viewer.is_authenticated:
        return []
    by_id = {item.pk: item for item in adoptions}
    with scopes_disabled():  # lines of other organisations: ids only, nothing of them shown
        holding = set(
            PassportLine.objects.filter(
                item_id__in=by_id, membership__in=Membership.objects.active(on)
            )
            .annotate(status=status_case(on=on))
            .filter(status__in=HOLDS)
            .values_list("membership__user_id", "item_id")
        )
    profiles = (
        ExpertProfile.objects.visible_to(viewer)
        .filter(shown_items__in=by_id)
        .select_related("user")
        .distinct()
    )
    shown = ExpertProfile.shown_items.through.objects.filter(
        expertprofile__in=profiles, competenceitem_id__in=by_id
    ).values_list("expertprofile_id", "competenceitem_id")
    shows: dict[int, list[int]] = {}
    for profile_id, item_id in shown:
        shows.setdefault(profile_id, []).append(item_id)
    trainers = []
    for profile in profiles:
        for item_id in sorted(shows.get(profile.pk, [])):
            if (profile.user_id, item_id) in holding:
                organisation = by_id[item_id].organisation
                trainers.append(
                    Trainer(
                        name=profile.user.full_name,
                        organisation=organisation.name if organisation else "",
                        profile_url=profile.get_absolute_url(),
                    )
                )
    return sorted(set(trainers), key=lambda t: (t.name, t.organisation))


def run_counts_as_training(*, run: ScenarioRun, actor, context: AuditContext | None = None) -> int:
    """A recorded run is a training given: log it as a performance of every trainer standard
    the trainer holds a passport line for in the run's organisation (its recency rule counts
    trainings per period). Returns the number of performances logged."""
    organisation: Organisation = run.organisation
    with scopes_disabled():
        membership = (
            Membership.objects.active(run.held_on)
            .filter(organisation=organisation, user=actor)
            .first()
        )
        if membership is None:
            return 0
        lines = list(
            PassportLine.objects.filter(
                membership=membership,
                item__adopted_from__trainer_standard__isnull=False,
                item__recency_count__isnull=False,
            ).select_related("item")
        )
        for line in lines:
            performance_log(
                actor=actor,
                membership=membership,
                item=line.item,
                occurred_on=run.held_on,
                note=_("Training gegeven met scenario: %(title)s") % {"title": run.scenario.title},
                backdate_reason=_("Uitvoering van een scenario vastgelegd"),
                context=context,
            )
    return len(lines)
