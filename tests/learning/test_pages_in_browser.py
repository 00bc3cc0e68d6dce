"""The learner's and the werkbegeleider's pages in Chromium, on a laptop and a phone: the
learner reads the next step first and writes a reflection; the werkbegeleider opens the step
waiting for them and signs it off. No serious axe-core violations, no console errors."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests.browser.conftest import AXE, VIEWPORTS, session_cookie
from tests.factories import give_role
from zorgwijs.learning.models import RouteStep, StepNote
from zorgwijs.learning.selectors import next_step, route_steps
from zorgwijs.organisations.models import Role

from .factories import active_route, outline, xray

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SERIOUS = {"serious", "critical"}
ORG = "/o/rivierenland/leren"


def _axe(page, label: str) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{label}: {v['id']} {v['help']}" for v in result["violations"] if v["impact"] in SERIOUS
    ]


def _context(browser, live_server, user, viewport: str, errors: list[str]):
    # bypass_csp only so that axe can be injected.
    context = browser.new_context(viewport=VIEWPORTS[viewport], bypass_csp=True)
    context.add_cookies([session_cookie(user, live_server, mfa=True)])
    context.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load resource")
            and errors.append(m.text)
        ),
    )
    return context


def test_learner_and_werkbegeleider_follow_the_route(world, browser, live_server):
    plan = outline(world.org_a, world.admin_a.user, item=xray(world))
    route = active_route(world, plan.blueprint, mentor=world.manager_a)
    with scopes_disabled():
        give_role(world.manager_a, Role.WORK_SUPERVISOR)
        first = next_step(route_steps(route)).step
        internship = RouteStep.objects.get(route=route, kind="internship")
    problems: list[str] = []
    errors: list[str] = []
    for viewport in VIEWPORTS:
        learner = _context(browser, live_server, world.employee_a.user, viewport, errors).new_page()
        learner.goto(live_server.url + f"{ORG}/mijn-route/")
        card = learner.locator(".zw-next")
        assert first.title in card.inner_text()
        problems += _axe(learner, f"{viewport} mijn-route")
        card.get_by_role("link", name="Open deze stap").click()
        learner.get_by_label("Reflectie").fill(f"Geleerd op de {viewport}")
        learner.get_by_role("button", name="Bewaren").click()
        assert "Je reflectie is bewaard." in learner.content()
        assert f"Geleerd op de {viewport}" in learner.content()
        problems += _axe(learner, f"{viewport} mijn stap")
        learner.context.close()

    guide = _context(browser, live_server, world.manager_a.user, "phone", errors).new_page()
    guide.goto(live_server.url + f"{ORG}/begeleiden/")
    assert world.employee_a.user.full_name in guide.content()
    problems += _axe(guide, "phone begeleiden")
    guide.goto(live_server.url + f"{ORG}/begeleiden/stap/{internship.pk}/")
    problems += _axe(guide, "phone stap aftekenen")
    guide.locator("#id_s-comment").fill("Zelfstandig als omloop, goed overzicht.")
    guide.get_by_role("button", name="Stap aftekenen").click()
    assert "Stap afgetekend." in guide.content()
    guide.context.close()
    with scopes_disabled():
        done = RouteStep.objects.get(pk=internship.pk)
        assert done.is_done and done.done_by == world.manager_a.user
        assert StepNote.objects.filter(step=first, kind="reflection").count() == 2
    assert not errors, errors
    assert not problems, "\n".join(problems)


def test_the_learner_hands_in_evc_evidence_on_a_laptop_and_a_phone(
    world, browser, live_server, tmp_path
):
    from tests.browser.conftest import SCREENSHOTS
    from zorgwijs.learning.models import PriorLearning

    plan = outline(world.org_a, world.admin_a.user)
    active_route(world, plan.blueprint, mentor=world.manager_a)
    portfolio = tmp_path / "portfolio.pdf"
    portfolio.write_bytes(b"%PDF-1.4\n%%EOF\n")
    problems: list[str] = []
    errors: list[str] = []
    for viewport in VIEWPORTS:
        page = _context(browser, live_server, world.employee_a.user, viewport, errors).new_page()
        page.goto(live_server.url + f"{ORG}/mijn-route/")
        page.get_by_role("link", name="Al eerder geleerd? Lever bewijs in").click()
        problems += _axe(page, f"{viewport} eerder geleerd")
        page.get_by_label("IC-2 Werkt steriel").check()
        page.get_by_label("Niveau dat je bewijs laat zien").select_option("4")
        page.get_by_label("Behaald op").fill("2024-05-01")
        page.get_by_label("Toelichting").fill(f"OK-ervaring ({viewport})")
        # Without the portfolio: refused at the field, nothing typed is lost.
        page.get_by_role("button", name="Inleveren").click()
        assert page.locator("#id_evidence_file-error").is_visible()
        assert page.get_by_label("Toelichting").input_value() == f"OK-ervaring ({viewport})"
        page.screenshot(path=str(SCREENSHOTS / f"learning-my-prior-error-{viewport}.png"))
        page.get_by_label("Portfolio").set_input_files(str(portfolio))
        page.get_by_role("button", name="Inleveren").click()
        assert "Het telt zodra een beoordelaar het heeft geaccepteerd." in page.content()
        assert "Wacht op beoordeling" in page.content()
        problems += _axe(page, f"{viewport} ingeleverd")
        page.screenshot(path=str(SCREENSHOTS / f"learning-my-prior-{viewport}.png"), full_page=True)
        page.context.close()
    with scopes_disabled():
        assert PriorLearning.objects.filter(membership=world.employee_a).count() == 2
    assert not errors, errors
    assert not problems, "\n".join(problems)


def test_the_learner_shares_a_completed_route_as_an_open_badge(world, browser, live_server):
    from django.utils import timezone

    from tests.browser.conftest import SCREENSHOTS
    from zorgwijs.learning.models import RouteState

    plan = outline(world.org_a, world.admin_a.user, item=xray(world))
    route = active_route(world, plan.blueprint, mentor=world.manager_a)
    with scopes_disabled():
        route.state = RouteState.COMPLETED
        route.completed_at = timezone.now()
        route.save(update_fields=["state", "completed_at"])
    problems: list[str] = []
    errors: list[str] = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for viewport in VIEWPORTS:
        page = _context(browser, live_server, world.employee_a.user, viewport, errors).new_page()
        page.goto(live_server.url + f"{ORG}/mijn-route/")
        problems += _axe(page, f"{viewport} mijn-route afgerond")
        page.screenshot(
            path=str(SCREENSHOTS / f"learning-route-completed-{viewport}.png"), full_page=True
        )
        page.get_by_role("button", name="Deel als verifieerbaar bewijs (Open Badge)").click()
        page.wait_for_load_state("load")
        assert "Verifieerbaar bewijs: Interventiemedewerker" in page.locator("main").inner_text()
        page.context.close()
    assert not errors, errors
    assert not problems, "\n".join(problems)
