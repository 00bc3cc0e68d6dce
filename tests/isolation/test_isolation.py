"""Tenant isolation for every URL pattern and every API operation, found automatically.

Each project view must declare its access (``zorgwijs.core.access``); each view and operation
that takes arguments is requested with organisation A's objects (``SAMPLES`` in urlwalk.py) as
the people who must not see them. A new view is covered the moment it has a URL.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.conftest import FAST_PASSWORD_HASHERS, make_world
from tests.factories import give_role
from tests.isolation.urlwalk import (
    KINDS,
    PUBLIC_CONTENT_ROUTES,
    MissingSample,
    Operation,
    Route,
    all_routes,
    api_operations,
    forget_samples_since,
    leaver_of,
    make_shared_samples,
    people_in,
    private_markers,
    project_routes,
    sample_kwargs,
)
from tests.signin import sign_in
from zorgwijs.organisations.capabilities import (
    MEMBER_CAPABILITIES,
    ROLE_CAPABILITIES,
    capabilities_for,
)
from zorgwijs.organisations.models import Role

ROUTES = all_routes()
ORG_ROUTES = [r for r in project_routes() if r.kind == "org"]
OTHER_ROUTES = [r for r in project_routes() if r.kind in {"public", "login", "platform_admin"}]
OPERATIONS = api_operations()
ADMIN_CAPABILITIES = capabilities_for({Role.ADMIN})
WRITE_METHODS = ("POST",)
MFA_REQUIRED = "accounts:mfa_required"


@pytest.fixture(scope="module")
def _walk_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world with every sample, made once per test worker inside a transaction that is
    rolled back at the end; each test runs in a savepoint of it (pytest-django's ``db``), so
    what a test's requests change is undone before the next. The samples every test needs
    (private markers, the leaver) are made here once; a test's own samples are made in the test
    and forgotten after it."""
    media = tmp_path_factory.mktemp("walk-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
        transaction.atomic(),
    ):
        world = make_world()
        make_shared_samples(world)
        yield world, media
        transaction.set_rollback(True)


@pytest.fixture
def world(_walk_world, db):
    world = _walk_world[0]
    shared = dict(world.__dict__["_samples"])
    yield world
    forget_samples_since(world, shared)


@pytest.fixture
def _media_in_tmp(settings, _walk_world):
    """The samples' uploaded files stay where the shared world put them."""
    settings.MEDIA_ROOT = _walk_world[1]


def _ids(items):
    return [str(item) for item in items]


def _login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(_login_url())


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _url(item: Route | Operation, world) -> str:
    try:
        return item.url(sample_kwargs(item.kwarg_names, world, item.name))
    except MissingSample as missing:
        pytest.fail(f"{item}: {missing}")


class Findings:
    """Collects every broken expectation of one URL, so one run shows them all."""

    def __init__(self, item):
        self.item = item
        self.problems: list[str] = []

    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.problems.append(message)

    def no_people(self, actor: str, method: str, response, memberships) -> None:
        leaked = people_in(_body(response), memberships)
        self.check(not leaked, f"{actor} {method} shows other people's data: {leaked}")

    def no_private(self, actor: str, method: str, response, markers: list[str]) -> None:
        body = _body(response)
        leaked = [marker for marker in markers if marker in body]
        self.check(not leaked, f"{actor} {method} sees private content: {leaked}")

    def assert_clean(self) -> None:
        if self.problems:
            pytest.fail(f"{self.item}:\n  - " + "\n  - ".join(self.problems), pytrace=False)


def _outside_actors(world) -> list[tuple[str, Client]]:
    """Signed-in people who must see nothing private of organisation A: a member of another
    organisation, and a person who left A (and kept an editor place in A's private space, a
    follow and a notification from before)."""
    return [
        ("outsider (org B)", sign_in(Client(), world.outsider_b.user)),
        ("leaver of org A", sign_in(Client(), leaver_of(world).user)),
    ]


def _request(client: Client, method: str, url: str, *, api: bool = False):
    if method == "GET":
        return client.get(url)
    if api:
        return client.generic(method, url, data=json.dumps({}), content_type="application/json")
    return client.post(url, data={})


def _samples_fit(found: Findings, actor: str, client: Client, url: str):
    """Someone who may use the view gets a page, not a 404: the samples point at real objects.

    A POST-only view (405 on GET) gets an empty POST, which may be refused as invalid (400).
    """
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, data={})
        ok = response.status_code < 500 and response.status_code not in {403, 404}
    else:
        ok = response.status_code == 200 or (
            response.status_code == 302
            and not response["Location"].startswith((_login_url(), reverse(MFA_REQUIRED)))
        )
    found.check(
        ok,
        f"{actor} {response.request['REQUEST_METHOD']}: {response.status_code}; "
        "do the SAMPLES fit this view?",
    )
    return response


# --- Every view declares its access -----------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES, ids=_ids(ROUTES))
def test_every_view_declares_access(route: Route):
    if route.is_project_view:
        assert route.access is not None, (
            f"{route} ({route.qualified_name}) has no declared access: decorate it with "
            "public_view, login_view, platform_admin_view or org_view(capability) from "
            "zorgwijs.core.access."
        )
        kind, capability = route.access
        assert kind in KINDS, f"{route}: unknown access kind {kind!r}"
        if kind == "org":
            assert "org_slug" in route.kwarg_names, f"{route}: an org_view needs <org_slug>"
            assert capability, f"{route}: an org_view names a capability"
    else:
        assert route.third_party_reason, (
            f"{route} ({route.qualified_name}) is neither a zorgwijs view nor an allowlisted "
            "third-party view: declare its access, or add its module to THIRD_PARTY_VIEWS in "
            "tests/isolation/urlwalk.py with the reason it is safe."
        )


def test_the_walk_finds_the_known_views():
    """Guards the walker itself: if it stopped descending into includes, it would find nothing."""
    templates = {str(r) for r in project_routes()}
    assert {"/", "/o/<org_slug>/", "/o/<org_slug>/mensen/<membership_id>/"} <= templates
    assert any(op.is_org for op in OPERATIONS)


# --- Organisation views -----------------------------------------------------------------------


@pytest.mark.parametrize("route", ORG_ROUTES, ids=_ids(ORG_ROUTES))
def test_org_view_isolation(route: Route, world, platform_admin):
    url = _url(route, world)
    capability = route.capability
    found = Findings(f"{route} -> {url} (capability {capability})")
    org_a_people = [world.admin_a, world.manager_a, world.employee_a, world.colleague_a]

    private = private_markers(world)
    for actor, client in _outside_actors(world):
        statuses = {}
        for method in ("GET", *WRITE_METHODS):
            response = _request(client, method, url)
            statuses[method] = response.status_code
            found.check(
                response.status_code in {404, 405},
                f"{actor} {method}: {response.status_code}, expected 404",
            )
            found.no_people(actor, method, response, org_a_people)
            found.no_private(actor, method, response, private)
        found.check(404 in statuses.values(), f"{actor} never got 404: {statuses}")

    employee = sign_in(Client(), world.employee_a.user)
    for method in ("GET", *WRITE_METHODS):
        response = _request(employee, method, url)
        status = response.status_code
        if capability in MEMBER_CAPABILITIES:
            # A POST-only view (an action on the member's own data) answers GET with 405.
            expected = {200, 302, 405} if method == "GET" else set(range(200, 500))
            found.check(status in expected, f"employee {method}: {status}, expected {expected}")
            found.no_people("employee", method, response, [world.colleague_a, world.outsider_b])
        else:
            found.check(
                status in {403, 404, 405},
                f"employee without {capability!r} {method}: {status}, expected 403 or 404",
            )

    anonymous = Client()
    for method in ("GET", *WRITE_METHODS):
        response = _request(anonymous, method, url)
        found.check(
            _is_login_redirect(response),
            f"anonymous {method}: {response.status_code}, expected a redirect to the login page",
        )
        found.no_private("anonymous", method, response, private)

    manager = sign_in(Client(), world.manager_a.user, mfa=True)
    response = manager.get(url)
    found.check(response.status_code < 500, f"manager GET: {response.status_code}")
    if response.status_code < 300:
        found.no_people("manager of Hartcentrum", "GET", response, [world.colleague_a])

    # The samples must point at real objects, or every check above would pass on a 404.
    # Admin A is given the role with the capability if admins lack it (e.g. assessor).
    roles = [r for r, caps in ROLE_CAPABILITIES.items() if capability in caps]
    if capability not in ADMIN_CAPABILITIES and roles:
        with scopes_disabled():
            give_role(world.admin_a, roles[0])
    admin = sign_in(Client(), world.admin_a.user, mfa=True)
    response = _samples_fit(found, "admin of org A", admin, url)
    found.no_people("admin of org A", "GET", response, [world.outsider_b])
    found.assert_clean()


# --- Other project views (public, login, platform admin) -------------------------------------


@pytest.mark.parametrize("route", OTHER_ROUTES, ids=_ids(OTHER_ROUTES))
def test_view_outside_organisations_isolation(route: Route, world, platform_admin):
    check_view_outside_organisations(route, world, platform_admin).assert_clean()


def check_view_outside_organisations(route: Route, world, platform_admin) -> Findings:
    """What a public, login or platform view shows to people outside organisation A: never
    A's people nor A's private content (``private_markers``), also when asked for it by its
    own words (``?q=``), and never A's object behind a URL argument."""
    url = _url(route, world)
    kind = route.kind
    found = Findings(f"{route} -> {url} ({kind})")
    org_a_people = [world.admin_a, world.manager_a, world.employee_a, world.colleague_a]
    everybody = [*org_a_people, world.outsider_b]
    points_at_org_a = bool(route.kwarg_names) and route.name not in PUBLIC_CONTENT_ROUTES
    private = private_markers(world)
    # Asked for by its title, a page may echo the question; any other marker (the project's
    # summary in a result) is a leak.
    asking = {"q": private[0]}
    unasked = private[1:]

    anonymous = Client()
    response = anonymous.get(url)
    found.check(response.status_code < 500, f"anonymous GET: {response.status_code}")
    found.no_private("anonymous", "GET", response, private)
    found.no_private("anonymous", "GET ?q=", anonymous.get(url, asking), unasked)
    if kind == "public":
        found.no_people("anonymous", "GET", response, everybody)
    else:
        found.check(
            _is_login_redirect(response),
            f"anonymous GET: {response.status_code}, expected a redirect to the login page",
        )

    for actor, client in _outside_actors(world):
        for method in ("GET", *WRITE_METHODS):
            response = _request(client, method, url)
            found.check(response.status_code < 500, f"{actor} {method}: {response.status_code}")
            found.no_people(actor, method, response, org_a_people)
            found.no_private(actor, method, response, private)
            if points_at_org_a:
                found.check(
                    not 200 <= response.status_code < 300,
                    f"{actor} {method} of org A's object: {response.status_code}, expected 404",
                )
            if kind == "platform_admin":
                found.check(
                    response.status_code in {403, 404, 405},
                    f"{actor} {method} of a platform page: {response.status_code}, expected 403",
                )
        found.no_private(actor, "GET ?q=", client.get(url, asking), unasked)

    employee = sign_in(Client(), world.employee_a.user)
    response = employee.get(url)
    found.check(response.status_code < 500, f"employee GET: {response.status_code}")
    found.no_people("employee", "GET", response, [world.colleague_a, world.outsider_b])
    if kind == "platform_admin":
        found.check(
            response.status_code in {403, 404},
            f"employee GET of a platform page: {response.status_code}, expected 403",
        )
        _samples_fit(found, "platform admin", sign_in(Client(), platform_admin, mfa=True), url)
    return found


# --- API operations ---------------------------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS, ids=_ids(OPERATIONS))
def test_every_api_operation_declares_access(operation: Operation):
    hint = (
        "pass openapi_extra=org_operation(capability) or PERSONAL_OPERATION "
        "(zorgwijs.api.access) to the router decorator"
    )
    hint += " or PUBLIC_OPERATION for content anyone may read"
    assert operation.scope in {"organisation", "personal", "space", "public"}, (
        f"{operation}: {hint}"
    )
    if operation.scope == "organisation":
        assert operation.is_org, f"{operation}: an organisation operation needs {{org_slug}}"
        assert operation.capability, f"{operation}: {hint}"
    else:
        assert not operation.is_org, f"{operation}: {{org_slug}} in a {operation.scope} operation"
    if operation.scope == "space" and operation.kwarg_names:
        # Shared content is reached through its space (get_space_for_viewer), never directly.
        assert "space_slug" in operation.kwarg_names, (
            f"{operation}: a space operation needs {{space_slug}}"
        )


@pytest.mark.parametrize("operation", OPERATIONS, ids=_ids(OPERATIONS))
def test_api_operation_isolation(operation: Operation, world):
    url = _url(operation, world)
    method = operation.method
    found = Findings(f"{operation} -> {url}")
    org_a_people = [world.admin_a, world.manager_a, world.employee_a, world.colleague_a]

    def call(client):
        return _request(client, method, url, api=True)

    if operation.secured:
        response = call(Client())
        found.check(response.status_code == 401, f"anonymous: {response.status_code}, not 401")
    if operation.scope == "public":
        _public_operation_checks(found, call, operation, world)

    private = private_markers(world)
    of_a_space = operation.scope == "space" and bool(operation.kwarg_names)
    for actor, client in _outside_actors(world):
        response = call(client)
        found.check(response.status_code < 500, f"{actor}: {response.status_code}")
        found.no_people(actor, method, response, org_a_people)
        found.no_private(actor, method, response, private)
        if operation.kwarg_names:
            found.check(
                not 200 <= response.status_code < 300,
                f"{actor}: {response.status_code} for organisation A's data",
            )
        if (operation.is_org or of_a_space) and method == "GET":
            # The sample space is organisation A's own (visibility organisation).
            found.check(response.status_code == 404, f"{actor}: {response.status_code}, not 404")

    response = call(sign_in(Client(), world.employee_a.user))
    found.check(response.status_code < 500, f"employee: {response.status_code}")
    found.no_people("employee", method, response, [world.colleague_a, world.outsider_b])
    if operation.is_org and operation.capability not in MEMBER_CAPABILITIES:
        # Writes may be refused as invalid (422) before the capability check: never 2xx.
        allowed = {403, 404} if method == "GET" else {403, 404, 405, 422}
        found.check(
            response.status_code in allowed,
            f"employee without {operation.capability!r}: {response.status_code}, "
            f"expected {sorted(allowed)}",
        )

    response = call(sign_in(Client(), world.manager_a.user, mfa=True))
    found.check(response.status_code < 500, f"manager: {response.status_code}")
    found.no_people("manager of Hartcentrum", method, response, [world.colleague_a])

    if method == "GET":
        response = call(sign_in(Client(), world.admin_a.user, mfa=True))
        found.check(
            response.status_code not in {404} and response.status_code < 500,
            f"admin of org A: {response.status_code}; do the SAMPLES fit this operation?",
        )
        found.no_people("admin of org A", method, response, [world.outsider_b])
    found.assert_clean()


def _public_operation_checks(found: Findings, call, operation: Operation, world) -> None:
    """A public operation answers anonymous callers (no 401) with exactly what the public pages
    show: never organisation A's private sample content, for anonymous callers nor for people
    of another organisation; an argument pointing at that private content is a 404 for them."""
    found.check(not operation.secured, "a public operation must not require authentication")
    private = private_markers(world)
    for actor, client in [("anonymous", Client()), *_outside_actors(world)]:
        response = call(client)
        body = _body(response)
        found.check(
            response.status_code not in {401, 403} and response.status_code < 500,
            f"{actor}: {response.status_code} from a public operation",
        )
        leaked = [marker for marker in private if marker in body]
        found.check(not leaked, f"{actor} sees private content: {leaked}")
        if operation.kwarg_names and operation.method == "GET":
            found.check(
                response.status_code == 404,
                f"{actor}: {response.status_code} for org A's private object, not 404",
            )
        # Ask for the private content by its own words (a search, a description to match);
        # the search itself is asked for every private sample, one searchable kind each.
        url = _url(operation, world)
        for words in private if "search" in url else private[:1]:
            if operation.method == "GET":
                asked = client.get(url, {"q": words})
            else:
                asked = client.generic(
                    operation.method,
                    url,
                    content_type="application/json",
                    data=json.dumps({"q": words, "description": words}),
                )
            leaked = [marker for marker in private if marker in _body(asked)]
            found.check(not leaked, f"{actor} asking for it sees private content: {leaked}")
