"""/api/v1/docs works offline under our Content-Security-Policy, and the schema documents
every operation."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from zorgwijs.api.main import api


@pytest.mark.django_db
def test_docs_page_loads_only_own_files_and_no_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(url.startswith("/") for url in urls), urls
    for url in urls:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
    # The only script element without src is the JSON data block, which browsers don't run.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' id="swagger-settings" type="application/json"']


def test_every_operation_is_documented():
    schema = api.get_openapi_schema()
    operations = [op for methods in schema["paths"].values() for op in methods.values()]
    assert len(operations) >= 16
    for operation in operations:
        assert operation["summary"] and operation["description"], operation["operationId"]
        codes = {str(code) for code in operation["responses"]}
        assert {"401", "422"} <= codes or codes == {"200", "401"}, operation["operationId"]
        assert any(code.startswith("2") for code in codes)


def test_path_parameters_are_named_consistently():
    # The isolation test fills path parameters by name: an organisation is always `org_slug`,
    # a knowledge space `space_slug`, a network `network_slug`, a row always `<thing>_id` (a
    # version of a scenario `version_number`); these four are the organisations app's.
    ours = {"org_slug", "membership_id", "department_id", "function_id"}
    slugs = {"org_slug", "space_slug", "network_slug"}
    for path, methods in api.get_openapi_schema()["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        assert all(n in slugs or re.fullmatch(r"[a-z_]+_(id|number)", n) for n in names), path
        tags = {t for op in methods.values() for t in op["tags"]}
        if tags & {"organisations", "departments", "job functions", "memberships", "roles"}:
            assert names <= ours, path


@pytest.mark.browser
def test_docs_render_in_a_browser_under_csp(live_server, transactional_db, browser):
    problems: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.on(
            "request",
            lambda req: (
                req.url.startswith(live_server.url)
                or req.url.startswith("data:")
                or problems.append(f"external request: {req.url}")
            ),
        )
        page.goto(live_server.url + "/api/v1/docs")
        page.wait_for_selector(".opblock-summary", timeout=20_000)
        assert page.locator(".opblock-summary").count() >= 16
        assert "Zorgwijs API" in page.locator(".info .title").inner_text()
    finally:
        context.close()
    assert problems == []
