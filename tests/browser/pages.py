"""The GET pages the browser tests visit: the isolation test's URL walk, each page as someone
who may see it. A Django test client looks first, so that POST-only views and downloads (no
page to look at) are told apart from pages."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django_scopes import scopes_disabled

from tests.factories import give_role
from tests.isolation.urlwalk import (
    MissingSample,
    Route,
    _network_open_to_individuals,
    all_routes,
    sample_kwargs,
)
from tests.signin import sign_in
from zorgwijs.organisations.capabilities import MEMBER_CAPABILITIES, ROLE_CAPABILITIES
from zorgwijs.organisations.models import Role

# Third-party pages worth checking: allauth's pages are rendered in our shell with our
# templates (src/zorgwijs/templates/allauth/). Django admin and the API docs are not ours.
THIRD_PARTY_PAGES = ("allauth.",)

# Pages that are meant to answer with an error status (and still be a proper page).
ERROR_PAGES = {
    "accounts:mfa_required": 403,  # "sign in with two factors first"
    "socialaccount_login_error": 401,  # allauth: single sign-on failed
    "vocabulary:create": 403,  # "ask your network's editor": admin A's organisation has none
}


@dataclass(frozen=True)
class Page:
    route: Route
    actor: str  # anonymous; auto (anonymous, else mfa_user); admin_a; manager_a; platform_admin

    def __str__(self) -> str:
        return f"{self.route} as {self.actor}"


# Pages only for people who joined a network on their own (no member organisation): their
# knowledge need and their ballot in a round open to individuals.
PARTICIPANT_PAGES = {"networks:need_create", "networks:personal_ballot"}

# Pages of joining a network on one's own: they exist only for a network open to individuals
# (the isolation walk asks them of organisation A's closed network, where they are 404).
JOIN_PAGES = {"networks:join", "networks:join_confirm"}


def _kwargs(page: Page, world) -> dict[str, object]:
    kwargs = sample_kwargs(page.route.kwarg_names, world, page.route.name)
    if page.route.name in JOIN_PAGES:
        with scopes_disabled():
            kwargs["network_slug"] = _network_open_to_individuals(world).slug
    return kwargs


def _participant(world):
    """An individual participant of the samples' network, whose round lets individuals vote
    (made once per world)."""
    samples = world.__dict__.setdefault("_samples", {})
    if "_participant" not in samples:
        samples["_participant"] = _make_participant(world)
    return samples["_participant"]


def _make_participant(world):
    from tests.factories import UserFactory
    from tests.isolation.urlwalk import _priority_round
    from tests.networks.factories import give_network_role
    from zorgwijs.networks.models import RoleKind

    with scopes_disabled():
        priority_round = _priority_round(world)
        priority_round.individuals_vote = True
        priority_round.save(update_fields=["individuals_vote"])
        user = UserFactory(full_name="Ilse Individu")
        give_network_role(priority_round.network, user, RoleKind.PARTICIPANT)
    return user


def _org_actor(capability: str | None) -> str:
    if capability in ROLE_CAPABILITIES[Role.ADMIN] or capability in MEMBER_CAPABILITIES:
        return "admin_a"
    if capability in ROLE_CAPABILITIES[Role.MANAGER]:
        return "manager_a"
    for role, capabilities in ROLE_CAPABILITIES.items():
        if capability in capabilities:
            return f"admin_a+{role}"  # admin A, given the role that has it (e.g. assessor)
    return "nobody"  # no role has it: the test says so


def _actor(route: Route) -> str | None:
    if route.name in PARTICIPANT_PAGES:
        return "participant"
    if not route.is_project_view:
        third_party = route.qualified_name.startswith(THIRD_PARTY_PAGES)
        return "auto" if third_party and not route.kwarg_names else None
    # A public page with arguments shows one object; the samples are organisation A's private
    # objects (so the isolation test can check outsiders get 404), so a member of A opens it.
    public = "admin_a" if route.kwarg_names else "anonymous"
    return {
        "public": public,
        "login": "admin_a",
        "platform_admin": "platform_admin",
        "org": _org_actor(route.capability),
    }.get(route.kind or "")


def pages() -> list[Page]:
    found = []
    for route in all_routes():
        actor = _actor(route)
        if actor is not None:
            found.append(Page(route, actor))
    return found


def make_page_samples(world) -> None:
    """Every page's samples, made in the order of pages(): for a world that all page checks
    of a worker share (tests/browser/conftest.py page_world), so that each page shows the same
    data whichever pages were checked before it."""
    for page in pages():
        if page.actor == "participant":
            _participant(world)
        with suppress(MissingSample):  # that page's own check fails with the message
            _kwargs(page, world)


@dataclass
class Visit:
    path: str
    user: object | None
    actor: str
    status: int


def plan_visit(page: Page, world, platform_admin, mfa_user) -> Visit | None:
    """Who opens the page and what status to expect; None for a POST-only view or a download
    (after checking that the download works)."""
    if page.actor == "nobody":
        pytest.fail(f"{page.route}: no role has {page.route.capability!r}")
    path = page.route.url(_kwargs(page, world))
    users = {
        "anonymous": None,
        "auto": None,
        "admin_a": world.admin_a.user,
        "manager_a": world.manager_a.user,
        "platform_admin": platform_admin,
    }
    actor = page.actor
    if actor == "participant":
        user = _participant(world)
    elif "+" in actor:
        with scopes_disabled():
            give_role(world.admin_a, actor.split("+", 1)[1])
        user = world.admin_a.user
    else:
        user = users[actor]
    response = _probe(path, user)
    login = resolve_url(settings.LOGIN_URL)
    if actor == "auto" and response.status_code == 302 and response["Location"].startswith(login):
        actor, user = "admin_a (with TOTP)", mfa_user  # a page for signed-in people
        response = _probe(path, user)
    if actor == "anonymous" and response.status_code == 404 and page.route.kwarg_names:
        # A public view of an object that is not public (a knowledge space of organisation A
        # only): anonymous visitors rightly get 404, so look at it as a member of A.
        actor, user = "admin_a", world.admin_a.user
        response = _probe(path, user)
    if response.status_code == 405:
        return None  # POST-only: the isolation test covers it, there is no page to look at
    if "text/html" not in response.get("Content-Type", ""):
        # A download (CSV, recovery codes) or JSON (the API's own 404 at /api/v1/): no page.
        assert response.status_code < 500, f"{path} as {actor}: HTTP {response.status_code}"
        return None
    expected = ERROR_PAGES.get(page.route.name or "")
    assert response.status_code < 400 or response.status_code == expected, (
        f"{path} as {actor}: HTTP {response.status_code}"
    )
    return Visit(path, user, actor, expected or 200)


def _probe(path: str, user):
    client = Client()
    if user is not None:
        sign_in(client, user, mfa=True)
    return client.get(path)
