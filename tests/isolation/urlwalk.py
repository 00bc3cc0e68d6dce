"""Every URL pattern of the project and every API operation, with sample arguments.

Shared by the isolation test and the browser tests. ``SAMPLES`` maps a URL keyword argument to
an object of organisation A of the ``world`` fixture; a view with an argument that has no sample
makes the tests fail (add one here), so a new view can never silently escape the checks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone
from django_scopes import scopes_disabled

PROJECT_PREFIX = "zorgwijs."

# Views that are not ours and carry no ``zorgwijs_access``; each prefix says why it is safe.
THIRD_PARTY_VIEWS: dict[str, str] = {
    # Sign-in, sign-up, password reset, e-mail, MFA and SSO pages: they show only the signed-in
    # person's own account (or nothing to anonymous visitors) and are django-allauth's own,
    # security-reviewed code. Our customisations live in zorgwijs.accounts.adapters.
    "allauth.": "django-allauth: the person's own account only",
    # Django admin: every view is wrapped in AdminSite.admin_view, which requires is_staff (only
    # platform staff have it) and checks model permissions per view.
    "django.contrib.admin.": "Django admin: is_staff and model permissions",
    "django.contrib.auth.admin": "Django admin (user admin): is_staff and model permissions",
    "django.contrib.contenttypes.views": "Django admin's 'view on site' redirect: is_staff",
    # set_language and the JavaScript catalog: no data, only the language cookie / UI strings.
    "django.views.i18n": "Django i18n: language switch and translations, no data",
    # Static files (only under DEBUG): files from the static folders, no data.
    "django.contrib.staticfiles.": "static files, no data",
    "django.views.static": "static files, no data",
    # Django's RedirectView (allauth's old /accounts/social/ paths, the admin's object URLs):
    # it only redirects and shows no data.
    "django.views.generic.base.RedirectView": "a redirect, no data",
    # django-ninja's views: the operations are walked one by one from the OpenAPI schema by the
    # API part of the isolation test; the schema and the docs page show no data.
    "ninja.": "django-ninja: operations are checked through the OpenAPI schema",
}

KINDS = {"public", "login", "platform_admin", "org"}


@dataclass(frozen=True)
class Route:
    """One URL pattern: its path template (``/o/<org_slug>/mensen/``) and its view."""

    template: str
    callback: Callable = field(compare=False)
    name: str | None = None

    @property
    def qualified_name(self) -> str:
        """``module.qualname`` of the view function or, for a class-based view, its class."""
        view = getattr(self.callback, "view_class", None) or self.callback
        while isinstance(view, functools.partial):
            view = view.func
        module = getattr(view, "__module__", "") or ""
        return f"{module}.{getattr(view, '__qualname__', type(view).__qualname__)}"

    @property
    def is_project_view(self) -> bool:
        return self.qualified_name.startswith(PROJECT_PREFIX)

    @property
    def third_party_reason(self) -> str | None:
        for prefix, reason in THIRD_PARTY_VIEWS.items():
            if self.qualified_name.startswith(prefix):
                return reason
        return None

    @property
    def access(self) -> tuple[str, str | None] | None:
        return getattr(self.callback, "zorgwijs_access", None)

    @property
    def kind(self) -> str | None:
        return self.access[0] if self.access else None

    @property
    def capability(self) -> str | None:
        return self.access[1] if self.access else None

    @property
    def kwarg_names(self) -> list[str]:
        return re.findall(r"<([A-Za-z_]\w*)>", self.template)

    def url(self, kwargs: dict[str, object]) -> str:
        return re.sub(r"<([A-Za-z_]\w*)>", lambda m: str(kwargs[m.group(1)]), self.template)

    def __str__(self) -> str:
        return self.template


def _regex_template(regex: str) -> str:
    """``^(?P<pk>[0-9]+)/change/$`` -> ``<pk>/change/`` (named groups become placeholders)."""
    out, i = [], 0
    while i < len(regex):
        if regex.startswith("(?P<", i):
            end = regex.index(">", i)
            name = regex[i + 4 : end]
            depth, j = 1, end + 1
            while depth:
                if regex[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(regex[j], 0)
                j += 1
            out.append(f"<{name}>")
            i = j
        elif regex[i] == "\\" and i + 1 < len(regex):
            out.append(regex[i + 1])
            i += 2
        else:
            out.append(regex[i])
            i += 1
    return "".join(out).lstrip("^").rstrip("$").replace("\\Z", "")


def _template_of(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", str(pattern._route))
    if isinstance(pattern, RegexPattern):
        return _regex_template(pattern._regex)
    return str(pattern)  # LocalePrefixPattern and friends


def walk(patterns=None, prefix: str = "/", namespace: str = "") -> Iterator[Route]:
    """Every URL pattern, recursively through includes, in resolver order."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        template = prefix + _template_of(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, template, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield Route(template, pattern.callback, name)


def all_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in walk():
        seen.setdefault(route.template, route)  # the first match wins, as in resolving
    return list(seen.values())


def project_routes(kind: str | None = None) -> list[Route]:
    routes = [r for r in all_routes() if r.is_project_view]
    if kind is not None:
        routes = [r for r in routes if r.kind == kind]
    return routes


# --- API --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    template: str  # /api/v1/organisations/{org_slug}/departments
    secured: bool
    operation_id: str = ""
    # ``x-zorgwijs-access`` from the schema (zorgwijs.api.access.org_operation / PERSONAL_OPERATION)
    access: tuple[tuple[str, str], ...] = ()

    @property
    def scope(self) -> str | None:
        return dict(self.access).get("scope")

    @property
    def capability(self) -> str | None:
        return dict(self.access).get("capability")

    @property
    def name(self) -> str:
        return f"api:{self.operation_id}"

    @property
    def kwarg_names(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.template)

    @property
    def is_org(self) -> bool:
        return "org_slug" in self.kwarg_names

    def url(self, kwargs: dict[str, object]) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: str(kwargs[m.group(1)]), self.template)

    def __str__(self) -> str:
        return f"{self.method} {self.template}"


def api_operations() -> list[Operation]:
    from zorgwijs.api.main import api

    schema = api.get_openapi_schema()
    ops = []
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            if method.lower() not in {"get", "post", "put", "patch", "delete"}:
                continue
            ops.append(
                Operation(
                    method=method.upper(),
                    template=path,
                    secured=bool(spec.get("security")),
                    operation_id=spec.get("operationId", ""),
                    access=tuple(sorted((spec.get("x-zorgwijs-access") or {}).items())),
                )
            )
    return ops


# --- Samples ----------------------------------------------------------------------------------

# Titles of organisation A's private samples, each found nowhere else: a page or API answer that
# contains one to someone outside organisation A (anonymous, another organisation's member, a
# person who left A) shows A's private content.
MARKERS: dict[str, str] = {
    "project": "Interne pilot Rivierenland",
    "need": "Interne kennisvraag Rivierenland",
    "space": "Besloten kennisruimte Rivierenland",
    "page": "Besloten werkinstructie Rivierenland",
    "question": "Besloten vraag over de Rivierenland-pomp",
    "incident": "Besloten melding: de Rivierenland-pomp gaf geen alarm.",
    "lesson": "Besloten les over de Rivierenland-lijn",
    "scenario": "Besloten scenario: reanimatie op de Rivierenland-hartbewaking",
    # A poster at the network-only conference of a network of organisation A (not public).
    "poster": "Besloten poster: leren op de Rivierenland-werkvloer",
}


def _first_function(world):
    return world.employee_a.job_function_id


def _once(make):
    """Make a sample object once per world, so arguments of one URL point at the same thing."""

    def sample(world):
        cache = world.__dict__.setdefault("_samples", {})
        if make.__name__ not in cache:
            cache[make.__name__] = make(world)
        return cache[make.__name__]

    return sample


@_once
def _network_open_to_individuals(world):
    """A public network that people outside its member organisations may join (the join
    pages: for any other network they answer 404)."""
    from tests.networks.factories import make_network

    return make_network(world.org_b, public=True, open_to_individuals=True, slug="open-netwerk")


@_once
def _network_membership(world):
    from tests.factories import NetworkFactory
    from zorgwijs.organisations.models import NetworkMembership

    network = NetworkFactory(name="Netwerk Rivierenland", slug="netwerk-rivierenland")
    return NetworkMembership.objects.create(network=network, organisation=world.org_a)


@_once
def _role_of_employee(world):
    """A role assignment of employee A (assessor: it adds no capabilities)."""
    from tests.factories import give_role
    from zorgwijs.organisations.models import Role

    return give_role(world.employee_a, Role.ASSESSOR)


@_once
def _token_of_employee(world):
    from zorgwijs.accounts.models import AccessToken

    secret = AccessToken.new_secret()
    return AccessToken.objects.create(
        user=world.employee_a.user,
        name="Rooster-koppeling",
        token_hash=AccessToken.hash_secret(secret),
        hint=secret[:8],
    )


@_once
def _competence_item(world):
    from tests.competences.factories import DeviceFactory

    return DeviceFactory(organisation=world.org_a, name="Infuuspomp Rivierenland")


@_once
def _item_with_recency_rule(world):
    from tests.competences.factories import DeviceFactory

    return DeviceFactory(
        organisation=world.org_a, name="ECMO Rivierenland", recency_count=3, recency_months=12
    )


def _item_of_a_network_member(world):
    """An item of organisation A while A belongs to a network (so it can be shared)."""
    _network_membership(world)
    return _competence_item(world)


def _profile_of_a_network_member(world):
    """A requirement profile of organisation A while A belongs to a network (so it can be
    shared)."""
    _network_membership(world)
    return _requirement_profile(world)


@_once
def _network_template(world):
    """A catalogue item shared in the network organisation A belongs to."""
    from tests.competences.factories import DeviceFactory

    return DeviceFactory(
        network=_network_membership(world).network,
        organisation=None,
        name="Infuuspomp (regionale afspraak)",
    )


@_once
def _network_profile_template(world):
    """A function profile shared in the network organisation A belongs to."""
    from zorgwijs.competences.models import ProfileItem, RequirementProfile

    template = RequirementProfile.objects.create(
        network=_network_membership(world).network, organisation=None, name="Werkbegeleider"
    )
    ProfileItem.objects.create(profile=template, item=_network_template(world))
    return template


@_once
def _priority_round(world):
    """An open prioritisation round of organisation A's (closed) network over a need A shares
    with the network, with A's ballot."""
    from zorgwijs.needs.services import need_create
    from zorgwijs.networks.models import BallotChoice, PriorityBallot, PriorityRound
    from zorgwijs.organisations.models import Visibility

    network = _network_home(world).network
    need = need_create(
        actor=world.admin_a.user,
        organisation=world.org_a,
        data={"title": "Scholing werkbegeleiders", "visibility": Visibility.NETWORK},
    )
    priority_round = PriorityRound.objects.create(
        network=network, title="Kennisagenda 2027", choices=1, opened_by=world.admin_a.user
    )
    priority_round.candidates.add(need)
    ballot = PriorityBallot.objects.create(
        round=priority_round, organisation=world.org_a, cast_by=world.admin_a.user
    )
    BallotChoice.objects.create(ballot=ballot, need=need, rank=1)
    return priority_round


@_once
def _hr_import_job(world):
    from zorgwijs.organisations.models import HrImportJob

    return HrImportJob.objects.create(
        organisation=world.org_a,
        created_by=world.admin_a.user,
        original_name="hr.csv",
        file="hr_import/hr.csv",
    )


@_once
def _credential_of_employee(world):
    """A verifiable credential issued for employee A's valid qualification."""

    from zorgwijs.competences.credentials.issuing import credential_issue
    from zorgwijs.competences.services import qualification_register

    item = _competence_item(world)
    qualification_register(
        actor=world.admin_a.user,
        membership=world.employee_a,
        item=item,
        occurred_on=timezone.localdate(),
        evidence_kind="practical",
    )
    return credential_issue(actor=world.employee_a.user, membership=world.employee_a, item=item)


@_once
def _qualification_import(world):
    """An upload of organisation A's qualification history, checked as an upload is (dry run
    with its counts; one row names an unknown employee number)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zorgwijs.competences.qualification_import.jobs import qualification_import_create

    rows = (
        "personeelsnummer,bekwaamheid,datum behaald,bewijs\nX-404,Reanimatie,2025-01-10,elearning\n"
    )
    return qualification_import_create(
        actor=world.admin_a.user,
        organisation=world.org_a,
        upload=SimpleUploadedFile("historie.csv", rows.encode(), content_type="text/csv"),
    )


@_once
def _sign_off_of_employee(world):
    """Employee A's pending request for an assessor's sign-off; admin A (given the assessor
    role by the walk) is named assessor for its item, so the request is in their inbox."""

    from zorgwijs.competences.models import AuthorisedAssessor, SignOffRequest

    AuthorisedAssessor.objects.get_or_create(
        organisation=world.org_a, membership=world.admin_a, item=_competence_item(world)
    )
    return SignOffRequest.objects.create(
        organisation=world.org_a,
        person=world.employee_a.user,
        item=_competence_item(world),
        requested_by=world.employee_a.user,
        performed_on=timezone.localdate(),
    )


@_once
def _requirement_profile(world):
    from zorgwijs.competences.models import RequirementProfile

    profile = RequirementProfile.objects.create(organisation=world.org_a, name="Cathlab")
    profile.departments.add(world.cathlab)
    return profile


@_once
def _incident(world):
    """A named report by employee A in the cathlab, in analysis, with a measure for her."""
    import datetime

    from zorgwijs.incidents.models import Incident, IncidentMeasure

    incident = Incident.objects.create(
        organisation=world.org_a,
        reporter=world.employee_a.user,
        occurred_at=timezone.now(),
        location="Behandelkamer 2",
        department=world.cathlab,
        device=_competence_item(world),
        category="device",
        outcome="near_miss",
        severity="none",
        status="in_analysis",
        what_happened=MARKERS["incident"],
    )
    IncidentMeasure.objects.create(
        organisation=world.org_a,
        incident=incident,
        action="Lijnen controleren bij start",
        owner=world.employee_a,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return incident


@_once
def _lesson(world):
    """A lesson organisation A keeps to itself (so outsiders and anonymous visitors get 404)."""
    from zorgwijs.incidents.models import Lesson

    return Lesson.objects.create(
        organisation=world.org_a,
        incident=_incident(world),
        title=MARKERS["lesson"],
        summary="Een pomp gaf geen alarm.",
        learned="Lijnen controleren.",
        visibility="organisation",
    )


@_once
def _knowledge(world):
    """A knowledge space of organisation A (visible to its members only) with a page, an
    attachment, employee A's suggestion, question and comment, and admin A's answer."""
    from types import SimpleNamespace

    from tests.knowledge.factories import (
        make_answer,
        make_page,
        make_pdf_attachment,
        make_question,
        make_space,
    )
    from zorgwijs.knowledge.services.pages import page_validate
    from zorgwijs.knowledge.services.questions import comment_add
    from zorgwijs.knowledge.services.suggestions import suggestion_create

    space = make_space(world.org_a, slug="infuuspomp-rivierenland", name=MARKERS["space"])
    page = make_page(space, world.admin_a.user, title=MARKERS["page"])
    # Validated, so the page is in the search index: a search for its title must not show it.
    page_validate(
        actor=world.admin_a.user, page=page, revision=page.current_revision, review_due=None
    )
    page.refresh_from_db()
    suggestion = suggestion_create(
        actor=world.employee_a.user,
        page=page,
        title=page.title,
        body="Stap 1: vullen en ontluchten.",
    )
    question = make_question(space, world.employee_a.user, title=MARKERS["question"])
    answer = make_answer(question, world.admin_a.user)
    return SimpleNamespace(
        space=space,
        page=page,
        revision=page.current_revision,
        attachment=make_pdf_attachment(page, world.admin_a.user),
        suggestion=suggestion,
        question=question,
        answer=answer,
        comment=comment_add(actor=world.employee_a.user, question=question, body="Welke lijn?"),
    )


@_once
def _private_project(world):
    """A project of organisation A that only its members may read (visibility organisation)."""
    from zorgwijs.organisations.models import Visibility
    from zorgwijs.projects.services import project_create

    return project_create(
        actor=world.admin_a.user,
        organisation=world.org_a,
        data={
            "title": MARKERS["project"],
            "summary": "Alleen voor Rivierenland.",
            "visibility": Visibility.ORGANISATION,
            "external_id": "rivierenland-1",
        },
    )


@_once
def _reaction_on_private_project(world):
    """Admin A's reaction on organisation A's private project (an owner's: approved at once)."""
    from zorgwijs.organisations.visibility import viewer_for
    from zorgwijs.projects.reactions import reaction_post

    user = world.admin_a.user
    return reaction_post(
        actor=user,
        viewer=viewer_for(user),
        project=_private_project(world),
        kind="reactie",
        text="Ook bij ons werkte dit.",
    )


@_once
def _attachment_of_private_project(world):
    """A PDF attachment of organisation A's private project."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zorgwijs.projects.attachments import attachment_add

    return attachment_add(
        actor=world.admin_a.user,
        project=_private_project(world),
        upload=SimpleUploadedFile("intern.pdf", b"%PDF-1.4\n%%EOF\n"),
        title="Intern verslag",
    )


def _project_import_job(world, organisation):
    from zorgwijs.projects.models import ProjectImportJob

    return ProjectImportJob.objects.create(
        organisation=organisation,
        created_by=world.admin_a.user,
        original_name="projecten.json",
        file="project_import/projecten.json",
        counts={"rows": 1, "new": 1, "changed": 0, "unchanged": 0, "errors": 0},
    )


@_once
def _org_project_import_job(world):
    """Organisation A's import of its own projects, checked and not yet applied."""
    return _project_import_job(world, world.org_a)


@_once
def _platform_project_import_job(world):
    """A platform admin's import of the platform's collection (no organisation)."""
    return _project_import_job(world, None)


@_once
def _organisation_application(world):
    """An open application of an organisation that wants to join (platform data)."""
    from zorgwijs.organisations.models import OrganisationApplication

    return OrganisationApplication.objects.create(
        name="Zorggroep Aanmelding",
        kind="vvt",
        province="utrecht",
        contact_name="Alex Aanvrager",
        contact_email="alex@aanmelding.example",
        motivation="Wij willen graag meedoen met Zorgwijs.",
    )


@_once
def _private_need(world):
    """A knowledge need of organisation A that only its members may read, with a colleague's
    "ik ook" and the private project linked as its answer."""
    from zorgwijs.needs.models import MeToo, NeedAnswer
    from zorgwijs.needs.services import need_create
    from zorgwijs.organisations.models import Visibility

    need = need_create(
        actor=world.admin_a.user,
        organisation=world.org_a,
        data={
            "title": MARKERS["need"],
            "description": "Alleen voor collega's van Rivierenland.",
            "visibility": Visibility.ORGANISATION,
        },
    )
    MeToo.objects.create(need=need, user=world.employee_a.user)
    NeedAnswer.objects.create(need=need, project=_private_project(world))
    return need


@_once
def _expert_profile(world):
    """Employee A's expert profile, findable only inside organisation A."""
    from zorgwijs.experts.models import ExpertProfile, Reach

    return ExpertProfile.objects.create(
        user=world.employee_a.user, listed=True, reach=Reach.ORGANISATION, headline="Cathlab"
    )


@_once
def _contact_request(world):
    """Admin A's open contact request to employee A's profile."""
    from zorgwijs.experts.models import ContactRequest

    _expert_profile(world)
    return ContactRequest.objects.create(
        sender=world.admin_a.user, recipient=world.employee_a.user, message="Mag ik iets vragen?"
    )


@_once
def _leaver(world):
    """Someone who left organisation A yesterday. While employed they were invited as editor
    of A's private space, followed it and were notified about its page; none of it may show
    now (docs/knowledge.md: a personal place rests on an employment)."""
    import datetime

    from tests.factories import MembershipFactory, UserFactory
    from zorgwijs.knowledge.models import SpaceMembership, SpaceRole
    from zorgwijs.notifications.models import Notification
    from zorgwijs.notifications.services import follow_set

    knowledge = _knowledge(world)
    membership = MembershipFactory(
        organisation=world.org_a,
        user=UserFactory(full_name="Lotte Vertrokken"),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    user = membership.user
    SpaceMembership.objects.create(space=knowledge.space, user=user, role=SpaceRole.EDITOR)
    follow_set(user=user, target=knowledge.space, following=True)
    Notification.objects.create(
        recipient=user,
        kind="page.revised",
        actor=world.admin_a.user,
        last_event_at=timezone.now(),
        page=knowledge.page,
    )
    return membership


def leaver_of(world):
    """The person who left organisation A (``_leaver``), made once per world."""
    with scopes_disabled():
        return _leaver(world)


@_once
def _learning(world):
    """Organisation A's published blueprint and employee A's approved route on it, guided by
    admin A (so the walk's admin sees the werkbegeleider's pages), a pending EVC of employee A,
    a route template of A, and a school's published curriculum."""
    from types import SimpleNamespace

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.learning.factories import active_route, outline, school_with_track
    from zorgwijs.learning.models import RouteTemplate
    from zorgwijs.learning.services.prior import prior_register

    plan = outline(world.org_a, world.admin_a.user, item=_competence_item(world))
    route = active_route(world, plan.blueprint, mentor=world.admin_a)
    prior = prior_register(
        actor=world.admin_a.user,
        membership=world.employee_a,
        kind="evc",
        achieved_on=timezone.localdate(),
        codes=["IC-3"],
        level=4,
        evidence_file=SimpleUploadedFile("portfolio.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    template = RouteTemplate.objects.create(
        organisation=world.org_a,
        blueprint=plan.blueprint,
        name="Gebaand pad Rivierenland",
        steps=[{"kind": "elearning", "title": "Module", "hours": 8, "outcomes": ["IC-1"]}],
        created_by=world.admin_a.user,
    )
    return SimpleNamespace(
        blueprint=plan.blueprint,
        route=route,
        step=route.steps.get(kind="internship"),
        prior=prior,
        template=template,
        curriculum=school_with_track({"IC-1": 2}),
    )


@_once
def _network_home(world):
    """The network organisation A belongs to (closed: not public), with admin A as its
    coordinator, a topic and action, an event for the network with a workshop, employee A's
    registration and her reaction waiting for approval."""
    import datetime
    from types import SimpleNamespace

    from zorgwijs.networks.models import (
        Action,
        Event,
        NetworkRole,
        Registration,
        Session,
        SessionReaction,
        Topic,
    )

    membership = _network_membership(world)
    network = membership.network
    role = NetworkRole.objects.create(network=network, user=world.admin_a.user, role="coordinator")
    topic = Topic.objects.create(network=network, number=1, title="Leren in de praktijk")
    action = Action.objects.create(topic=topic, title="Werkbegeleiders opleiden")
    starts = timezone.now() + datetime.timedelta(days=20)
    event = Event.objects.create(
        network=network,
        kind="conference",
        title="Werkconferentie Rivierenland",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        capacity=50,
    )
    session = Session.objects.create(
        event=event,
        title="Workshop leren in de praktijk",
        starts_at=starts + datetime.timedelta(hours=1),
        ends_at=starts + datetime.timedelta(hours=2),
    )
    registration = Registration.objects.create(
        event=event, user=world.employee_a.user, status="confirmed"
    )
    reaction = SessionReaction.objects.create(
        session=session, author=world.employee_a.user, text="Mooie workshop."
    )
    from django.core.files.base import ContentFile

    from zorgwijs.networks.models import Convenant, Poster

    convenant = Convenant(network=network, title="Convenant Rivierenland", signed_on="2018-07-09")
    convenant.document.save("convenant.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    convenant.save()
    event.poster_criteria = "Relevantie\nVormgeving"
    event.public_vote = True
    event.save()
    event.jury.add(world.admin_a.user)
    poster = Poster(
        event=event,
        title=MARKERS["poster"],
        organisation=world.org_a,
        organisation_name=world.org_a.name,
        abstract="Wat werkte.",
        submitted_by=world.employee_a.user,
        original_name="poster.pdf",
    )
    poster.file.save("poster.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    poster.save()
    from zorgwijs.networks.models import Contribution, MonthlyTheme

    theme = MonthlyTheme.objects.create(
        network=network, month="2026-11-01", title="Leren van elkaar", quote="Leren is altijd."
    )
    contribution = Contribution.objects.create(
        network=network,
        theme=theme,
        kind="column",
        title="Column in concept",
        body="Nog niet klaar.",
        author=world.admin_a.user,
    )
    from zorgwijs.networks.models import ContributionReaction

    reader_reaction = ContributionReaction.objects.create(
        contribution=contribution, author=world.employee_a.user, text="Herkenbaar."
    )
    return SimpleNamespace(
        theme=theme,
        contribution=contribution,
        reader_reaction=reader_reaction,
        poster=poster,
        membership=membership,
        network=network,
        role=role,
        topic=topic,
        action=action,
        event=event,
        session=session,
        registration=registration,
        reaction=reaction,
    )


# URL keyword argument -> a value that points at organisation A's data (world fixture). Add a
# line when a view gets a new argument; the samples are made inside scopes_disabled().
SAMPLES: dict[str, Callable[[object], object]] = {
    "org_slug": lambda w: w.org_a.slug,
    "membership_id": lambda w: w.employee_a.pk,
    "member_id": lambda w: w.employee_a.pk,
    "user_id": lambda w: w.employee_a.user_id,
    "person_id": lambda w: w.employee_a.user_id,
    "department_id": lambda w: w.cathlab.pk,
    "parent_id": lambda w: w.cardiology.pk,
    "function_id": _first_function,
    "job_function_id": _first_function,
    "organisation_id": lambda w: w.org_a.pk,
    "network_id": lambda w: _network_membership(w).network_id,
    "network_slug": lambda w: _network_home(w).network.slug,
    "assignment_id": lambda w: _role_of_employee(w).pk,
    "token_id": lambda w: _token_of_employee(w).pk,
    "item_id": lambda w: _competence_item(w).pk,
    "template_id": lambda w: _network_template(w).pk,
    "profile_template_id": lambda w: _network_profile_template(w).pk,
    "round_id": lambda w: _priority_round(w).pk,
    "job_id": lambda w: _hr_import_job(w).pk,
    "credential_id": lambda w: _credential_of_employee(w).pk,
    "import_id": lambda w: _qualification_import(w).pk,
    "sign_off_id": lambda w: _sign_off_of_employee(w).pk,
    "profile_id": lambda w: _requirement_profile(w).pk,
    "project_id": lambda w: _private_project(w).pk,
    "reaction_id": lambda w: _reaction_on_private_project(w).pk,
    "application_id": lambda w: _organisation_application(w).pk,
    "external_id": lambda w: _private_project(w).external_id,
    "incident_id": lambda w: _incident(w).pk,
    "measure_id": lambda w: _incident(w).measures.get().pk,
    "lesson_id": lambda w: _lesson(w).pk,
    "space_slug": lambda w: _knowledge(w).space.slug,
    "page_id": lambda w: _knowledge(w).page.pk,
    "revision_id": lambda w: _knowledge(w).revision.pk,
    "attachment_id": lambda w: _knowledge(w).attachment.pk,
    "suggestion_id": lambda w: _knowledge(w).suggestion.pk,
    "question_id": lambda w: _knowledge(w).question.pk,
    "answer_id": lambda w: _knowledge(w).answer.pk,
    "comment_id": lambda w: _knowledge(w).comment.pk,
    "need_id": lambda w: _private_need(w).pk,
    "expert_id": lambda w: _expert_profile(w).pk,
    "contact_request_id": lambda w: _contact_request(w).pk,
    "blueprint_id": lambda w: _learning(w).blueprint.pk,
    "route_id": lambda w: _learning(w).route.pk,
    "step_id": lambda w: _learning(w).step.pk,
    "curriculum_id": lambda w: _learning(w).curriculum.pk,
    "prior_id": lambda w: _learning(w).prior.pk,
    "route_template_id": lambda w: _learning(w).template.pk,
    "role_id": lambda w: _network_home(w).role.pk,
    "network_membership_id": lambda w: _network_home(w).membership.pk,
    "topic_id": lambda w: _network_home(w).topic.pk,
    "action_id": lambda w: _network_home(w).action.pk,
    "event_id": lambda w: _network_home(w).event.pk,
    "session_id": lambda w: _network_home(w).session.pk,
    "registration_id": lambda w: _network_home(w).registration.pk,
    "session_reaction_id": lambda w: _network_home(w).reaction.pk,
    "poster_id": lambda w: _network_home(w).poster.pk,
    "contribution_id": lambda w: _network_home(w).contribution.pk,
    "theme_id": lambda w: _network_home(w).theme.pk,
    "contribution_reaction_id": lambda w: _network_home(w).reader_reaction.pk,
    "scenario_id": lambda w: _private_scenario(w).pk,
    "version_number": lambda w: _private_scenario(w).version_number,
    "material_id": lambda w: _material_of_private_scenario(w).pk,
    "concept_id": lambda w: _concept_of_network(w).pk,
    "kit_id": lambda w: _starter_kit_of_network(w).pk,
    "submission_id": lambda w: _monitor_submission(w).pk,
    "upload_id": lambda w: _monitor_upload(w).pk,
    "calendar_import_id": lambda w: _calendar_import(w).pk,
    "year": lambda w: 2025,
}


@_once
def _private_scenario(world):
    """A training scenario of organisation A that only its members may read, ran once and
    edited once (two versions), with a review requested from nobody yet."""

    from zorgwijs.organisations.models import Visibility
    from zorgwijs.scenarios.services import run_record, scenario_create, scenario_update

    scenario = scenario_create(
        actor=world.employee_a.user,
        organisation=world.org_a,
        data={
            "title": MARKERS["scenario"],
            "summary": "Alleen voor de trainers van Rivierenland.",
            "visibility": Visibility.ORGANISATION,
        },
    )
    scenario_update(actor=world.employee_a.user, scenario=scenario, data={"duration_minutes": 30})
    run_record(
        actor=world.employee_a.user,
        scenario=scenario,
        organisation=world.org_a,
        held_on=timezone.localdate(),
        group_size=5,
    )
    return scenario


@_once
def _material_of_private_scenario(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zorgwijs.scenarios.services import material_add

    return material_add(
        actor=world.employee_a.user,
        scenario=_private_scenario(world),
        upload=SimpleUploadedFile("casus.pdf", b"%PDF-1.4\n%%EOF\n"),
        title="Casuskaart",
    )


@_once
def _concept_of_network(world):
    """A concept of the vocabulary of organisation A's network (public, like every concept),
    maintained by A's administrator."""
    from zorgwijs.vocabulary.services import ConceptData, concept_create

    return concept_create(
        actor=world.admin_a.user,
        network=_network_membership(world).network,
        data=ConceptData(
            pref={"nl": "Closed-loop communicatie", "en": "Closed-loop communication"},
            alt={"nl": ["terugkoppelen"]},
            definition_nl="De ontvanger herhaalt de opdracht en de zender bevestigt.",
        ),
    )


@_once
def _starter_kit_of_network(world):
    """A starter kit: a network space of organisation A's network with one page, made a kit by
    admin A (an administrator of a member organisation edits for the network)."""
    from tests.knowledge.factories import make_page, make_space
    from zorgwijs.organisations.models import Visibility
    from zorgwijs.scenarios.starter_kits import starter_kit_mark

    network = _network_membership(world).network
    space = make_space(
        None, slug="crm-starten", name="CRM starten", network=network, visibility=Visibility.NETWORK
    )
    make_page(space, world.admin_a.user, title="Stap 1: een kernteam")
    return starter_kit_mark(actor=world.admin_a.user, space=space)


# Routes whose URL argument names public content by design (never an organisation's private
# object): an outsider's 200 there is no leak. Each says why; people and markers stay checked.
PUBLIC_CONTENT_ROUTES: dict[str, str] = {
    "vocabulary:detail": "concepts are public shared vocabulary (docs/vocabulary.md)",
    "vocabulary:history": "a concept's history: its public definitions, editors' names hidden",
}


# Where one argument name means different things in different URLs: (URL name, argument).
ROUTE_SAMPLES: dict[tuple[str, str], Callable[[object], object]] = {
    # In /platform/netwerken/<network_id>/leden/<membership_id>/ it is a NetworkMembership.
    ("platform:network_member_remove", "membership_id"): lambda w: _network_membership(w).pk,
    ("competences:line_performed", "item_id"): lambda w: _item_with_recency_rule(w).pk,
    ("competences:item_share", "item_id"): lambda w: _item_of_a_network_member(w).pk,
    ("competences:profile_share", "profile_id"): lambda w: _profile_of_a_network_member(w).pk,
    ("platform:network_contact", "membership_id"): lambda w: _network_membership(w).pk,
    # Project attachments and import jobs share argument names with knowledge and HR import.
    ("projects:attachment", "attachment_id"): lambda w: _attachment_of_private_project(w).pk,
    ("projects:attachment_remove", "attachment_id"): (
        lambda w: _attachment_of_private_project(w).pk
    ),
    ("projects_org:import_job", "job_id"): lambda w: _org_project_import_job(w).pk,
    ("projects_org:import_apply", "job_id"): lambda w: _org_project_import_job(w).pk,
    ("projects:import_job", "job_id"): lambda w: _platform_project_import_job(w).pk,
    ("projects:import_apply", "job_id"): lambda w: _platform_project_import_job(w).pk,
}


@_once
def _monitor_submission(world):
    """Organisation A's HR figures for a quarter in the regional monitor."""
    import datetime

    from zorgwijs.monitor.models import FigureRow, Submission

    submission = Submission.objects.create(
        organisation=world.org_a,
        period_kind="quarter",
        period_start=datetime.date(2025, 1, 1),
        version=1,
        status="shared",
        source="form",
    )
    FigureRow.objects.create(
        organisation=world.org_a, submission=submission, sector="ziekenhuis", headcount=812
    )
    return submission


@_once
def _monitor_upload(world):
    from zorgwijs.monitor.models import FigureUpload

    return FigureUpload.objects.create(
        organisation=world.org_a,
        original_name="cijfers.csv",
        status="checked",
        created_by=world.admin_a.user,
    )


@_once
def _calendar_import(world):
    """Admin A's upload of a calendar for the network she coordinates, through the service
    that checks it (the dry run): two new events, not yet applied."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zorgwijs.networks.import_jobs import calendar_import_create

    events = "".join(
        f"BEGIN:VEVENT\r\nUID:overleg-{n}@netwerk\r\nSUMMARY:Netwerkoverleg {n}\r\n"
        f"DTSTART:2031041{n}T130000Z\r\nDTEND:2031041{n}T150000Z\r\nEND:VEVENT\r\n"
        for n in (1, 2)
    )
    header = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//zorgwijs//test//NL\r\n"
    ics = f"{header}{events}END:VCALENDAR\r\n"
    return calendar_import_create(
        actor=world.admin_a.user,
        network=_network_home(world).network,
        upload=SimpleUploadedFile("agenda.ics", ics.encode(), content_type="text/calendar"),
        kind="meeting",
        visibility="network",
    )


class MissingSample(LookupError):
    pass


def sample_kwargs(names: list[str], world, url_name: str | None = None) -> dict[str, object]:
    samplers = {n: ROUTE_SAMPLES.get((url_name or "", n), SAMPLES.get(n)) for n in names}
    missing = [n for n, sampler in samplers.items() if sampler is None]
    if missing:
        raise MissingSample(
            f"No sample for URL argument(s) {missing}: add an entry to SAMPLES in "
            "tests/isolation/urlwalk.py that returns organisation A's object (world fixture), "
            "so the isolation and accessibility tests can request this URL."
        )
    with scopes_disabled():
        return {name: sampler(world) for name, sampler in samplers.items()}


# --- Actors and checks ------------------------------------------------------------------------


def people_in(body: str, memberships) -> list[str]:
    """The names and e-mail addresses of ``memberships`` that appear in ``body``."""
    from html import escape

    found = []
    with scopes_disabled():
        for membership in memberships:
            user = membership.user
            for value in (user.full_name, user.email):
                if value and (value in body or escape(value) in body):
                    found.append(value)
    return found


def private_markers(world) -> list[str]:
    """Text of organisation A's private samples (``MARKERS`` and the texts of the private
    project and need) that nobody outside organisation A may ever be shown. The samples are
    made here, so every marker exists before a page is checked for it. The private project is
    first: it is indexed for search, so a search for its title must not reveal it."""
    with scopes_disabled():
        project = _private_project(world)
        need = _private_need(world)
        _knowledge(world)
        _lesson(world)
        _leaver(world)
        _private_scenario(world)
        _network_home(world)  # its poster is indexed for search
    others = [text for key, text in MARKERS.items() if key != "project"]
    return [project.title, project.summary, need.description, *others]


# Assessments (knowledge tests, checklists) ---------------------------------------------------


@_once
def _knowledge_test(world):
    """A test of organisation A with one numeric question, on an item that takes theory."""
    from decimal import Decimal

    from tests.competences.factories import DeviceFactory
    from zorgwijs.assessments.models import KnowledgeTest, Question, QuestionPool

    item = DeviceFactory(
        organisation=world.org_a,
        name="Injecties Rivierenland",
        kind="reserved",
        risk_profile="",
        evidence_kinds=["theory", "practical"],
    )
    test = KnowledgeTest.objects.create(organisation=world.org_a, item=item, title="Rekentoets")
    pool = QuestionPool.objects.create(organisation=world.org_a, test=test, name="Rekenen")
    Question.objects.create(
        organisation=world.org_a,
        pool=pool,
        kind="numeric",
        text="Hoeveel ml?",
        answer_value=Decimal("2.5"),
        tolerance=Decimal("0.05"),
        unit="ml",
    )
    return test


def _test_question(world):
    return _knowledge_test(world).pools.get().questions.get()


@_once
def _attempt_of_employee(world):
    """Employee A's open attempt (an admin of A may read it as an author)."""
    from zorgwijs.assessments.services import attempt_start

    return attempt_start(test=_knowledge_test(world), membership=world.employee_a)


@_once
def _checklist(world):
    from zorgwijs.assessments.models import Checklist, Criterion

    checklist = Checklist.objects.create(
        organisation=world.org_a, item=_knowledge_test(world).item, title="Injectie geven"
    )
    Criterion.objects.create(
        organisation=world.org_a, checklist=checklist, text="Controleert de patiënt", critical=True
    )
    return checklist


@_once
def _assessment_of_employee(world):
    """Employee A's practical assessment by admin A (named assessor), to be signed."""
    import datetime

    from zorgwijs.assessments.models import PracticalAssessment
    from zorgwijs.competences.models import AuthorisedAssessor

    checklist = _checklist(world)
    AuthorisedAssessor.objects.get_or_create(
        organisation=world.org_a, membership=world.admin_a, item=checklist.item
    )
    return PracticalAssessment.objects.create(
        organisation=world.org_a,
        checklist=checklist,
        candidate=world.employee_a,
        assessor=world.admin_a.user,
        performed_on=timezone.localdate(),
        criteria=[{"criterion_id": 0, "text": "Controleert", "critical": True, "result": "met"}],
        score_percent=100,
        outcome="passed",
        assessor_signed_at=datetime.datetime.now(tz=datetime.UTC),
    )


@_once
def _passed_attempt_of_admin(world):
    """Admin A's own passed attempt: only its owner may share it as a credential."""

    from zorgwijs.assessments.models import Attempt

    now = timezone.now()
    return Attempt.objects.create(
        organisation=world.org_a,
        test=_knowledge_test(world),
        membership=world.admin_a,
        state="passed",
        started_at=now,
        submitted_at=now,
        pass_percent=80,
        correct_count=1,
        question_count=1,
    )


@_once
def _completed_route_of_admin(world):
    """Admin A's own completed route: only its owner may share it as a credential."""
    import datetime

    from zorgwijs.learning.models import Route

    return Route.objects.create(
        organisation=world.org_a,
        membership=world.admin_a,
        blueprint=_learning(world).blueprint,
        name="Route van de beheerder",
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        state="completed",
        completed_at=timezone.now(),
        created_by=world.admin_a.user,
    )


SAMPLES.update(
    {
        "passed_attempt_id": lambda w: _passed_attempt_of_admin(w).pk,
        "completed_route_id": lambda w: _completed_route_of_admin(w).pk,
        "test_id": lambda w: _knowledge_test(w).pk,
        "test_question_id": lambda w: _test_question(w).pk,
        "attempt_id": lambda w: _attempt_of_employee(w).pk,
        "checklist_id": lambda w: _checklist(w).pk,
        "assessment_id": lambda w: _assessment_of_employee(w).pk,
    }
)


def make_shared_samples(world) -> None:
    """The samples every walk test needs (the private markers and the leaver), made before the
    tests of a walk that shares one world (test_isolation.py)."""
    private_markers(world)
    leaver_of(world)


def forget_samples_since(world, shared: dict[str, object]) -> None:
    """Forget the samples a test made: its rollback took their rows, so ``_once`` must make them
    again for the next test."""
    world.__dict__["_samples"] = dict(shared)
