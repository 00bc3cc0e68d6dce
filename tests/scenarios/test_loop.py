"""The learning loop: a measure points at what it changed; every end shows the chain; the
coordinator sees done measures with before/after counts; reporters stay anonymous."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.knowledge.factories import make_page, make_space
from tests.scenarios.conftest import make_scenario
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.incidents.models import Incident, IncidentMeasure, Lesson, Status
from zorgwijs.organisations.models import Visibility
from zorgwijs.scenarios.models import LoopLink

pytestmark = pytest.mark.django_db
REPORTER = "Rita Melder"


@pytest.fixture
def loop(world, coordinator):
    """A named and an anonymous report about the same pump; a measure on the named one, done
    30 days ago, and a network lesson of it; a network page and a network scenario."""
    with scopes_disabled():
        world.employee_a.user.full_name = REPORTER
        world.employee_a.user.save()
        pump = DeviceFactory(organisation=world.org_a, name="Infuuspomp Agilia")
        now = timezone.now()

        def report(days: int, anonymous: bool) -> Incident:
            return Incident.objects.create(
                organisation=world.org_a,
                reporter=None if anonymous else world.employee_a.user,
                is_anonymous=anonymous,
                occurred_at=now - datetime.timedelta(days=days),
                location="Kamer 4",
                department=world.cathlab,
                device=pump,
                category="device",
                outcome="no_harm",
                severity="none",
                what_happened="De pomp liep vrij door.",
                status=Status.MEASURES,
            )

        named = report(60, anonymous=False)
        report(90, anonymous=True)
        report(5, anonymous=True)
        measure = IncidentMeasure.objects.create(
            organisation=world.org_a,
            incident=named,
            action="Werkinstructie aangepast",
            owner=coordinator,
            due_on=timezone.localdate(),
            done_on=timezone.localdate() - datetime.timedelta(days=30),
        )
        lesson = Lesson.objects.create(
            organisation=world.org_a,
            incident=named,
            title="Vrije loop na lijnwissel",
            summary="De klem ging te vroeg open.",
            learned="Eerst de lijn in de pomp.",
            visibility=Visibility.NETWORK,
        )
        space = make_space(world.org_a, visibility=Visibility.PUBLIC)
        page = make_page(space, world.admin_a.user, title="Lijn wisselen")
        private_space = make_space(world.org_b, slug="noord", visibility=Visibility.ORGANISATION)
        private_page = make_page(private_space, world.outsider_b.user, title="Geheim B")
    scenario = make_scenario(world, visibility=Visibility.PUBLIC, title="Heparine loopt vrij")
    return {
        "measure": measure,
        "incident": named,
        "lesson": lesson,
        "page": page,
        "private_page": private_page,
        "scenario": scenario,
        "pump": pump,
    }


def link_url(world, measure) -> str:
    return reverse(
        "scenarios_org:loop_link", kwargs={"org_slug": world.org_a.slug, "measure_id": measure.pk}
    )


def loop_section(html: str) -> str:
    """The learning-loop chain of a page (empty when it has none)."""
    start = html.find('<section class="zw-card zw-loop"')
    return html[start : html.index("</section>", start)] if start >= 0 else ""


def coordinator_client(coordinator) -> Client:
    return sign_in(Client(), coordinator.user, mfa=True)


def test_coordinator_links_a_measure_to_a_page_and_a_scenario(world, coordinator, loop):
    client = coordinator_client(coordinator)
    assert client.get(link_url(world, loop["measure"])).status_code == 200
    response = client.post(
        link_url(world, loop["measure"]), {"kind": "page", "page": loop["page"].pk}
    )
    assert response.status_code == 302
    response = client.post(
        link_url(world, loop["measure"]),
        {"kind": "scenario", "scenario": loop["scenario"].pk, "note": "Nieuw scenario"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        links = list(LoopLink.objects.order_by("pk"))
        assert [link.kind for link in links] == ["page", "scenario"]
        assert links[0].revision == loop["page"].current_revision
        assert links[1].scenario_version.number == loop["scenario"].version_number
        assert AuditEntry.objects.filter(action="scenarios.loop.linked").count() == 2
    detail = client.get(
        reverse(
            "incidents:detail",
            kwargs={"org_slug": world.org_a.slug, "incident_id": loop["incident"].pk},
        )
    ).content.decode()
    assert "Lijn wisselen, versie 1" in detail and "Heparine loopt vrij, versie 1" in detail


@pytest.mark.parametrize(
    "data, field",
    [
        ({"kind": "page"}, "page"),
        ({"kind": "scenario", "scenario": "99999999999999999999"}, "scenario"),
        ({"kind": "iets"}, "kind"),
        ({"kind": "page", "page": "private"}, "page"),
    ],
)
def test_bad_links_are_refused_at_the_field(world, coordinator, loop, data, field):
    if data.get("page") == "private":
        data = {**data, "page": loop["private_page"].pk}  # a page of B the coordinator cannot read
    response = coordinator_client(coordinator).post(link_url(world, loop["measure"]), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    with scopes_disabled():
        assert not LoopLink.objects.exists()


def test_only_triage_roles_link_and_other_organisations_get_404(world, coordinator, loop):
    employee = sign_in(Client(), world.colleague_a.user)
    assert employee.get(link_url(world, loop["measure"])).status_code == 403
    outsider = sign_in(Client(), world.outsider_b.user)
    assert outsider.get(link_url(world, loop["measure"])).status_code == 404
    missing = reverse(
        "scenarios_org:loop_link", kwargs={"org_slug": world.org_a.slug, "measure_id": 999999}
    )
    assert coordinator_client(coordinator).get(missing).status_code == 404


def _link_both(world, coordinator, loop):
    client = coordinator_client(coordinator)
    client.post(link_url(world, loop["measure"]), {"kind": "page", "page": loop["page"].pk})
    client.post(
        link_url(world, loop["measure"]), {"kind": "scenario", "scenario": loop["scenario"].pk}
    )


def test_every_end_shows_the_chain_and_never_the_reporter(world, coordinator, loop, crm):
    _link_both(world, coordinator, loop)
    page = loop["page"]
    urls = {
        "scenario": loop["scenario"].get_absolute_url(),
        "page": reverse(
            "knowledge:page", kwargs={"space_slug": page.space.slug, "page_id": page.pk}
        ),
        "lesson": reverse("lessons:detail", kwargs={"lesson_id": loop["lesson"].pk}),
    }
    # A trainer of another hospital in the network sees the chain and the lesson, not the
    # measure or the incident; the coordinator sees those too; nobody sees the reporter.
    other = sign_in(Client(), crm.trainer_b.user)
    for name, url in urls.items():
        page_html = other.get(url).content.decode()
        assert "Leerlus" in page_html, name
        assert "Vrije loop na lijnwissel" in page_html, name
        assert "Werkinstructie aangepast" not in page_html, name
        assert REPORTER not in page_html, name
    coordinator_view = coordinator_client(coordinator)
    for name, url in urls.items():
        page_html = coordinator_view.get(url).content.decode()
        assert "Werkinstructie aangepast" in page_html, name
        assert REPORTER not in page_html, name
    # Anonymous visitors of the public scenario and page: the chain without the network lesson.
    anonymous = Client().get(urls["scenario"]).content.decode()
    assert "Leerlus" in anonymous and "Vrije loop na lijnwissel" not in anonymous
    overview = coordinator_view.get(
        reverse("scenarios_org:loop", kwargs={"org_slug": world.org_a.slug})
    ).content.decode()
    assert REPORTER not in overview


def test_the_overview_counts_incidents_before_and_after_a_done_measure(world, coordinator, loop):
    _link_both(world, coordinator, loop)
    client = coordinator_client(coordinator)
    url = reverse("scenarios_org:loop", kwargs={"org_slug": world.org_a.slug})
    response = client.get(url)
    assert response.status_code == 200
    row = response.context["rows"][0]
    # Done 30 days ago: the reports of 60 and 90 days ago came before, the one of 5 days after.
    assert (row.before, row.after, row.after_days) == (2, 1, 30)
    assert [link.kind for link in row.links] == ["page", "scenario"]
    assert "Infuuspomp Agilia" in response.content.decode()
    assert sign_in(Client(), world.colleague_a.user).get(url).status_code == 403


def test_the_item_page_shows_the_chain(world, coordinator, loop):
    client = coordinator_client(coordinator)
    client.post(link_url(world, loop["measure"]), {"kind": "item", "item": loop["pump"].pk})
    page = client.get(
        reverse(
            "competences:item_edit",
            kwargs={"org_slug": world.org_a.slug, "item_id": loop["pump"].pk},
        )
    ).content.decode()
    assert "Leerlus" in page and "Vrije loop na lijnwissel" in page


def test_api_lists_and_creates_loop_links(world, coordinator, loop):
    from tests.api.conftest import ApiClient, make_token

    def as_actor(membership):
        return ApiClient(make_token(membership.user))

    url = f"/organisations/{world.org_a.slug}/loop-links"
    api = as_actor(coordinator)
    created = api.post(
        url,
        {"measure_id": loop["measure"].pk, "kind": "scenario", "target_id": loop["scenario"].pk},
    )
    assert created.status_code == 201, created.content
    assert created.json()["version"] == 1
    listed = api.get(url).json()
    assert [(x["kind"], x["target"]) for x in listed] == [("scenario", "Heparine loopt vrij")]
    assert REPORTER not in api.get(url).content.decode()
    refused = api.post(
        url,
        {"measure_id": loop["measure"].pk, "kind": "page", "target_id": loop["private_page"].pk},
    )
    assert refused.status_code == 400 and "target_id" in refused.json()["errors"]
    assert as_actor(world.colleague_a).get(url).status_code == 403
    assert as_actor(world.outsider_b).get(url).status_code == 404


def test_the_scenario_page_is_flat_in_loop_links(world, coordinator, loop, crm):
    """Links from several measures of several incidents cost no query each, for the
    coordinator (who sees the measures) and for a trainer of another hospital."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = loop["scenario"].get_absolute_url()
    viewers = {
        "coordinator": coordinator_client(coordinator),
        "other": sign_in(Client(), crm.trainer_b.user),
    }

    def queries() -> dict[str, int]:
        counts = {}
        for name, client in viewers.items():
            client.get(url)  # warm the session and caches
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts[name] = len(captured)
        return counts

    _link_both(world, coordinator, loop)
    one = queries()
    with scopes_disabled():
        for n in range(4):
            incident = Incident.objects.get(pk=loop["incident"].pk)
            incident.pk = None
            incident.save()
            measure = IncidentMeasure.objects.create(
                organisation=world.org_a,
                incident=incident,
                action=f"Maatregel {n}",
                owner=coordinator,
                due_on=timezone.localdate(),
            )
            Lesson.objects.create(
                organisation=world.org_a,
                incident=incident,
                title=f"Les {n}",
                summary="-",
                learned="-",
                visibility=Visibility.NETWORK,
            )
            coordinator_client(coordinator).post(
                link_url(world, measure), {"kind": "scenario", "scenario": loop["scenario"].pk}
            )
        assert LoopLink.objects.filter(kind="scenario").count() == 5
    many = queries()
    assert many == one
    assert max(many.values()) <= 20
    page = viewers["coordinator"].get(url).content.decode()
    assert "Maatregel 3" in page and "Les 3" in page


def test_a_measure_links_a_learning_route_step_without_naming_the_learner(
    world, coordinator, loop, committee, crm
):
    """The step a measure added to someone's route: linked by who follows every route, shown
    by its title to the organisation, to others only as "a learning route step"."""
    from tests.api.conftest import ApiClient, make_token
    from zorgwijs.learning.models import Blueprint, Route, RouteStep

    with scopes_disabled():
        world.colleague_a.user.full_name = "Lea Lerende"
        world.colleague_a.user.save()
        blueprint = Blueprint.objects.create(
            organisation=world.org_a, name="Infusie", target_role="Verpleegkundige"
        )
        route = Route.objects.create(
            organisation=world.org_a,
            membership=world.colleague_a,
            blueprint=blueprint,
            name="Infusie voor Lea Lerende",
            start_date=timezone.localdate(),
            created_by=coordinator.user,
            state="active",
            mentor=world.manager_a,
        )
        step = RouteStep.objects.create(
            organisation=world.org_a,
            route=route,
            kind="elearning",
            title="E-learning vrije loop voorkomen",
            hours=2,
        )
    url = link_url(world, loop["measure"])
    # The VIM committee triages incidents but does not follow people's routes: refused.
    committee_client = sign_in(Client(), committee.user, mfa=True)
    refused = committee_client.post(url, {"kind": "step", "step": step.pk})
    assert refused.status_code == 400 and refused.context["form"].errors["step"]
    client = coordinator_client(coordinator)
    assert "Infusie voor Lea Lerende" in client.get(url).content.decode()
    assert client.post(url, {"kind": "step", "step": step.pk}).status_code == 302
    with scopes_disabled():
        link = LoopLink.objects.get(kind="step")
        assert link.step == step and link.target == step
    api = ApiClient(make_token(coordinator.user))
    listed = api.get(f"/organisations/{world.org_a.slug}/loop-links").json()
    assert [(x["kind"], x["target"]) for x in listed] == [("step", step.title)]
    lesson = reverse("lessons:detail", kwargs={"lesson_id": loop["lesson"].pk})
    own = client.get(lesson).content.decode()
    assert "E-learning vrije loop voorkomen" in own and "Lea Lerende" not in own
    other = sign_in(Client(), crm.trainer_b.user).get(lesson).content.decode()
    assert "Leerroutestap" in other and "E-learning vrije loop voorkomen" not in other
    assert "Lea Lerende" not in other
    # The route's pages show the chain back: the coordinator (who triages) with the measure,
    # the learner on her step with the lesson but not the measure; never the reporter.
    org = world.org_a.slug
    route_page = client.get(
        reverse("learning:route", kwargs={"org_slug": org, "route_id": route.pk})
    ).content.decode()
    assert "Leerlus" in route_page and "Werkinstructie aangepast" in route_page
    learner = sign_in(Client(), world.colleague_a.user)
    mine = learner.get(
        reverse("learning:my_step", kwargs={"org_slug": org, "step_id": step.pk})
    ).content.decode()
    assert "Leerlus" in mine and "Vrije loop na lijnwissel" in mine
    assert "Werkinstructie aangepast" not in mine and REPORTER not in mine
    # The coordinator's step form, and the werkbegeleider's step page: the chain, with the
    # measure only for who triages; the reporter never.
    step_form = client.get(
        reverse(
            "learning:step_edit", kwargs={"org_slug": org, "route_id": route.pk, "step_id": step.pk}
        )
    ).content.decode()
    # (The form's werkbegeleider list names the organisation's members: the chain never.)
    chain = loop_section(step_form)
    assert "Leerlus" in chain and "Werkinstructie aangepast" in chain and REPORTER not in chain
    from tests.factories import give_role
    from zorgwijs.organisations.models import Role

    with scopes_disabled():
        give_role(world.manager_a, Role.WORK_SUPERVISOR)
    guide = sign_in(Client(), world.manager_a.user, mfa=True).get(
        reverse("learning:guide_step", kwargs={"org_slug": org, "step_id": step.pk})
    )
    assert guide.status_code == 200
    chain = loop_section(guide.content.decode())
    assert "Leerlus" in chain and "Vrije loop na lijnwissel" in chain
    assert "Werkinstructie aangepast" not in chain and REPORTER not in chain


def test_a_profile_and_a_knowledge_test_link_and_show_the_chain(world, coordinator, loop):
    """Item 8's passport and test ends: a measure that changed a requirement profile and a
    knowledge test; the incident names both, the profile page and the test's pages show the
    chain (the measure only to the triage roles), the reporter nowhere."""
    from tests.assessments.factories import medication_test
    from zorgwijs.competences.models import RequirementProfile

    with scopes_disabled():
        profile = RequirementProfile.objects.create(organisation=world.org_a, name="Infusie IC")
    test = medication_test(world, title="Pompberekening")
    client = coordinator_client(coordinator)
    url = link_url(world, loop["measure"])
    assert client.post(url, {"kind": "profile", "profile": profile.pk}).status_code == 302
    assert client.post(url, {"kind": "test", "test": test.pk}).status_code == 302
    with scopes_disabled():
        assert {link.kind: link.target for link in LoopLink.objects.all()} == {
            "profile": profile,
            "test": test,
        }
    org = world.org_a.slug
    incident = client.get(
        reverse("incidents:detail", kwargs={"org_slug": org, "incident_id": loop["incident"].pk})
    ).content.decode()
    assert "Vereistenprofiel: Infusie IC" in incident and "Kennistoets: Pompberekening" in incident
    pages = {
        "profile": reverse(
            "competences:profile_edit", kwargs={"org_slug": org, "profile_id": profile.pk}
        ),
        "test_edit": reverse("assessments:test_edit", kwargs={"org_slug": org, "test_id": test.pk}),
    }
    for name, page_url in pages.items():
        chain = loop_section(client.get(page_url).content.decode())
        assert "Leerlus" in chain and "Vrije loop na lijnwissel" in chain, name
        assert "Werkinstructie aangepast" in chain and REPORTER not in chain, name
    learner = sign_in(Client(), world.colleague_a.user)
    taking = learner.get(reverse("assessments:test", kwargs={"org_slug": org, "test_id": test.pk}))
    chain = loop_section(taking.content.decode())
    assert "Kennistoets: Pompberekening" in chain and "Vrije loop na lijnwissel" in chain
    assert "Werkinstructie aangepast" not in chain and REPORTER not in chain
    # A profile of another organisation is not linkable: refused at the field.
    with scopes_disabled():
        foreign = RequirementProfile.objects.create(organisation=world.org_b, name="Van B")
    refused = client.post(url, {"kind": "profile", "profile": foreign.pk})
    assert refused.status_code == 400 and refused.context["form"].errors["profile"]
