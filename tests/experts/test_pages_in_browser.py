"""The people pages with real content (themes, projects, answers, verified competences,
a ranking with reasons, an accepted request) in Chromium: no serious axe-core violations and
no console errors, on a laptop and a phone."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.browser.conftest import AXE, VIEWPORTS, session_cookie
from tests.competences.factories import DeviceFactory
from tests.experts.conftest import make_profile, make_project
from tests.knowledge.factories import make_answer, make_question, make_space
from zorgwijs.competences.services import qualification_register
from zorgwijs.experts.services import contact_request_accept, contact_request_send
from zorgwijs.knowledge.services.questions import answer_accept
from zorgwijs.organisations.models import Visibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SERIOUS = {"serious", "critical"}
DESCRIPTION = "Minder valincidenten in het verpleeghuis met sensoren en valpreventie."


@pytest.fixture
def rich(world, themes):
    expert = world.admin_a.user
    project = make_project(world, world.org_a, themes=[themes["valpreventie"]])
    with scopes_disabled():
        space = make_space(world.org_a, slug="vallen", visibility=Visibility.PUBLIC)
        question = make_question(space, world.employee_a.user, title="Welke sensor werkt?")
        answer_accept(
            actor=world.employee_a.user, question=question, answer=make_answer(question, expert)
        )
        device = DeviceFactory(organisation=world.org_a, name="Tillift")
        qualification_register(
            actor=expert,
            membership=world.admin_a,
            item=device,
            occurred_on=timezone.localdate(),
            evidence_kind="practical",
        )
    profile = make_profile(
        expert,
        themes=[themes["valpreventie"], themes["dementie"]],
        projects=[project],
        thinks_along=True,
        headline="Valpreventie in de VVT",
        about="Tien jaar ervaring met valpreventie.",
        languages=["nl", "en"],
    )
    profile.shown_items.set([device])
    contact = contact_request_send(
        actor=world.employee_a.user, profile=profile, message="Mag ik je iets vragen?"
    )
    contact_request_accept(actor=expert, contact=contact)
    return profile, project, contact


def test_people_pages_with_content_are_accessible(rich, world, browser, live_server):
    profile, project, contact = rich
    paths = [
        "/mensen/",
        profile.get_absolute_url(),
        "/mensen/mijn-profiel/",
        "/mensen/verzoeken/",
        contact.get_absolute_url(),
        project.get_absolute_url(),
        f"/projecten/vergelijkbaar/?beschrijving={DESCRIPTION}",
    ]
    problems, errors = [], []

    def on_console(message) -> None:
        # "Failed to load resource" repeats what the response listener reports (or is the
        # browser's own favicon request).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"HTTP {response.status}: {response.url}")

    for viewport in VIEWPORTS:
        # bypass_csp only so that axe can be injected; console errors would show a CSP refusal
        # of our own files all the same.
        context = browser.new_context(viewport=VIEWPORTS[viewport], bypass_csp=True)
        context.add_cookies([session_cookie(world.employee_a.user, live_server)])
        page = context.new_page()
        page.on("console", on_console)
        page.on("response", on_response)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document)")
            problems += [
                f"{viewport} {path}: {v['id']} {v['help']}"
                for v in result["violations"]
                if v["impact"] in SERIOUS
            ]
        context.close()
        assert not errors, errors
    assert not problems, "\n".join(problems)
