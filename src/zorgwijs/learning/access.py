"""Named access helpers: each answers 404 for what the caller may not see.

Inside ``/o/<org_slug>/`` the scope already limits rows to the organisation; these add who
within it: the learner their own route, a werkbegeleider the routes and steps they guide, the
coordinator every route. Blueprints and curricula are shared content: an organisation sees its
own, its networks' and the curricula schools publish.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from zorgwijs.organisations.access import OrgAccess
from zorgwijs.organisations.models import Membership, NetworkMembership, Visibility
from zorgwijs.organisations.visibility import Viewer

from .models import (
    Blueprint,
    Curriculum,
    PriorLearning,
    PriorState,
    Route,
    RouteStep,
    RouteTemplate,
)


def _one(queryset: QuerySet, pk: int):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _network_ids(organisation_id: int) -> QuerySet:
    return NetworkMembership.objects.filter(organisation_id=organisation_id).values("network_id")


def blueprints_for(access: OrgAccess) -> QuerySet[Blueprint]:
    """The organisation's own blueprints and those of its networks."""
    org = access.organisation
    return Blueprint.objects.filter(
        Q(organisation=org) | Q(network_id__in=_network_ids(org.pk))
    ).select_related("network", "organisation")


def get_blueprint(access: OrgAccess, blueprint_id: int) -> Blueprint:
    return _one(blueprints_for(access), blueprint_id)


def get_own_blueprint(access: OrgAccess, blueprint_id: int) -> Blueprint:
    return _one(Blueprint.objects.filter(organisation=access.organisation), blueprint_id)


def curricula_for(access: OrgAccess) -> QuerySet[Curriculum]:
    """Curricula schools publish, those shared in the organisation's networks, and its own."""
    org = access.organisation
    partners = NetworkMembership.objects.filter(network_id__in=_network_ids(org.pk)).values(
        "organisation_id"
    )
    return Curriculum.objects.filter(
        Q(organisation=org)
        | Q(visibility=Visibility.PUBLIC)
        | Q(visibility=Visibility.NETWORK, organisation_id__in=partners)
    ).select_related("organisation")


def get_curriculum(access: OrgAccess, curriculum_id: int) -> Curriculum:
    return _one(curricula_for(access), curriculum_id)


def routes_for_office(access: OrgAccess) -> QuerySet[Route]:
    """Every route of the organisation (coordinator, praktijkopleider)."""
    return Route.objects.filter(organisation=access.organisation)


def get_route(access: OrgAccess, route_id: int) -> Route:
    return _one(
        routes_for_office(access).select_related("membership__user", "blueprint", "mentor__user"),
        route_id,
    )


def get_step_of_route(route: Route, step_id: int) -> RouteStep:
    return _one(RouteStep.objects.filter(route=route), step_id)


def own_routes(access: OrgAccess) -> QuerySet[Route]:
    return Route.objects.filter(
        organisation=access.organisation, membership=access.membership
    ).exclude(state="draft")


def get_own_step(access: OrgAccess, step_id: int) -> RouteStep:
    return _one(
        RouteStep.objects.filter(route__in=own_routes(access)).select_related("route"), step_id
    )


def guided_steps(access: OrgAccess) -> QuerySet[RouteStep]:
    """Steps of active routes this member guides: as the route's werkbegeleider or the step's."""
    me = access.membership
    return RouteStep.objects.filter(
        Q(route__mentor=me) | Q(supervisor=me),
        organisation=access.organisation,
        route__state="active",
    ).exclude(route__membership=me)


def get_guided_step(access: OrgAccess, step_id: int) -> RouteStep:
    return _one(
        guided_steps(access).select_related("route__membership__user", "item", "department"),
        step_id,
    )


def get_member(access: OrgAccess, membership_id: int) -> Membership:
    return _one(
        access.visible_memberships("people.view_all").active().select_related("user"),
        membership_id,
    )


def prior_inbox(access: OrgAccess) -> QuerySet[PriorLearning]:
    return (
        PriorLearning.objects.filter(organisation=access.organisation, state=PriorState.PENDING)
        .exclude(membership=access.membership)
        .select_related("membership__user", "submitted_by")
    )


def get_pending_prior(access: OrgAccess, prior_id: int) -> PriorLearning:
    return _one(prior_inbox(access), prior_id)


# Pages outside an organisation (search results): what a signed-in viewer's organisations see.


def shared_blueprint(viewer: Viewer, blueprint_id: int) -> Blueprint:
    own = set(viewer.org_ids)
    blueprint = Blueprint.objects.filter(pk=blueprint_id, state="published").first()
    if blueprint is None:
        raise Http404
    if blueprint.organisation_id in own:
        return blueprint
    if (
        blueprint.network_id
        and NetworkMembership.objects.filter(
            network_id=blueprint.network_id, organisation_id__in=own
        ).exists()
    ):
        return blueprint
    raise Http404


def shared_template(viewer: Viewer, template_id: int) -> RouteTemplate:
    template = RouteTemplate.objects.filter(pk=template_id).select_related("blueprint").first()
    if template is None:
        raise Http404
    if template.organisation_id in viewer.org_ids:
        return template
    if template.visibility == Visibility.NETWORK and template.organisation_id in (
        viewer.network_org_ids
    ):
        return template
    raise Http404
