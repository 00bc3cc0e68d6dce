"""Browser journeys against the production-mode server `make prod-check` starts.

A journey is a person's visit: sign in through the real form (with a TOTP code where the role
needs two factors), do their work in Dutch, switch to English once while signed in and go on.
It fails on any response of 400 or more that it did not ask for, any console error and any CSP
violation (``Visit.check()``, also run automatically at the end of every journey).

Adding a role: put its demo account in ``ROLES`` and write ``journey_<role>.py`` with a
``test_…(visit)`` function that calls ``visit.sign_in("<role>")``. Selectors use URLs, form
field names and values rather than visible text, so one journey reads the same in both
languages; check the language with ``visit.expect_language()``.

Journeys run two at a time (pytest-xdist). The language switch is remembered on the person's
profile, so a journey signs in with demo accounts no other journey uses, or shares an
``@pytest.mark.xdist_group`` with the journeys that use them (they then run one after another,
``--dist loadgroup``) and leaves those profiles in Dutch.

Bad input first: a step that takes input submits one bad value before the good one, through
``visit.submit_refused(form, field)``: the server must answer 400 with the message at that field
(or, for imports, at the row), keep everything that was typed, and the journey then checks that
nothing changed (a count on a list page, or the record re-opened).
"""

from __future__ import annotations

import email
import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from pathlib import Path

import pyotp
import pytest

# The demo account that plays each role (see `make run` for the list).
ROLES = {
    "employee": "sophie@umc-zuidwest.demo",
    "manager": "leiding.hart@umc-zuidwest.demo",
    "employee (knowledge, incidents)": "noor@umc-zuidwest.demo",
    "employee asking a sign-off": "lucas@umc-zuidwest.demo",
    "assessor": "beoordelaar@umc-zuidwest.demo",
    "coordinator": "opleiding@umc-zuidwest.demo",
    "organisation admin": "beheer@lingestreek.demo",
    "platform admin": "platform@zorgwijs.demo",
    "HR adviser": "hr@hunzedal.demo",
    "trainer": "jeroen@lingestreek.demo",
    "network editor": "leercoach@hunzedal.demo",
    "network coordinator": "beheer@zorgacademie.demo",
    "network co-coordinator": "beheer@hunzedal.demo",
    "network writer": "marieke@hunzedal.demo",
}

RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
});
"""


def _wait_for_next_code(totp: pyotp.TOTP) -> None:
    time.sleep(totp.interval - time.time() % totp.interval + 1)


class Visit:
    """One person's browser context on the server, watching everything that goes wrong."""

    def __init__(self, browser, base_url: str, logins: dict, mail: Path) -> None:
        self.base_url = base_url
        self.logins = logins
        self.mail = mail
        self.problems: list[str] = []
        self.allowed_statuses: set[int] = set()
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 800}, locale="nl-NL", accept_downloads=True
        )
        self.context.set_default_timeout(60_000)
        self.context.add_init_script(RECORD_CSP_VIOLATIONS)
        self.context.on("console", self._console)
        self.context.on("weberror", lambda err: self.problems.append(f"uncaught: {err.error}"))
        self.context.on("requestfailed", self._request_failed)
        self.context.on("response", self._response)
        self.page = self.context.new_page()

    # --- watching --------------------------------------------------------------------------

    def _console(self, message) -> None:
        # "Failed to load resource" repeats a response the listener below reports.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    def _request_failed(self, request) -> None:
        # Leaving a page cancels what it still loads (a document, an htmx request on typing):
        # the browser's doing, not the server's; the server's errors arrive as responses.
        aborted = request.failure == "net::ERR_ABORTED"
        if not aborted or request.resource_type not in {"document", "xhr", "fetch"}:
            self.problems.append(f"request failed: {request.url} {request.failure}")

    def _response(self, response) -> None:
        if response.status >= 400 and response.status not in self.allowed_statuses:
            self.problems.append(
                f"HTTP {response.status}: {response.request.method} {response.url}"
            )

    @contextmanager
    def expecting(self, *statuses: int) -> Iterator[None]:
        """Responses with these statuses are what the journey asks for in this block."""
        self.allowed_statuses = set(statuses)
        try:
            yield
        finally:
            self.allowed_statuses = set()

    def check(self) -> None:
        """Fail on what went wrong so far, including CSP violations on the current page."""
        violations = self.page.evaluate("window.__cspViolations || []")
        problems = self.problems + [f"CSP on {self.page.url}: {v}" for v in violations]
        self.problems = []
        assert not problems, "\n  - ".join(["the journey met problems:", *problems])

    # --- doing -----------------------------------------------------------------------------

    def go(self, path: str):
        """Open a page; it must answer below 400."""
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.status < 400, f"{path}: HTTP {response.status}"
        self.check()
        return response

    def submit(self, form: str, button: str = "[type=submit]") -> None:
        """Press the submit button of the form matching the CSS selector ``form``."""
        with self.page.expect_navigation(wait_until="load") as navigation:
            self.page.locator(f"{form} {button}").first.click()
        if navigation.value and navigation.value.status == 400:  # say what the form refused
            messages = self.page.locator(".zw-error, [role=alert]").all_inner_texts()
            self.problems.append(f"refused on {self.page.url}: {messages}")
        self.check()

    def form_values(self, form: str) -> dict[str, object]:
        """What a person typed and chose in the form (not files, passwords or the CSRF token)."""
        return self.page.locator(form).first.evaluate(
            """form => Object.fromEntries([...form.elements]
                .filter(e => e.name && e.name !== 'csrfmiddlewaretoken'
                        && !['file', 'password', 'submit', 'button', 'hidden'].includes(e.type))
                .map(e => [e.name + (e.type === 'radio' ? '=' + e.value : ''),
                           ['checkbox', 'radio'].includes(e.type) ? e.checked
                           : e.multiple ? [...e.selectedOptions].map(o => o.value) : e.value]))"""
        )

    def field_error(self, form: str, field: str) -> str:
        """The message shown at a form field (``#<id>-error``, as the form templates write it)."""
        element = self.page.locator(f"{form} [name={field}]").first
        # A group of radios or checkboxes carries the message of the field: id_x, not id_x_0.
        field_id = re.sub(r"_\d+$", "", element.get_attribute("id") or "")
        error = self.page.locator(f"#{field_id}-error")
        assert error.count() == 1, f"no message at the field {field!r} on {self.page.url}"
        return error.inner_text().strip()

    def submit_refused(
        self, form: str, *fields: str, button: str = "[type=submit]", status: int = 400
    ) -> list[str]:
        """Submit a bad value: the answer is ``status`` (400), with a message at each of
        ``fields`` and every value that was typed still in the form. Returns the messages."""
        typed = self.form_values(form)
        with self.expecting(status), self.page.expect_navigation(wait_until="load") as navigation:
            self.page.locator(f"{form} {button}").first.click()
        assert navigation.value.status == status, f"{self.page.url}: {navigation.value.status}"
        self.check()
        messages = [self.field_error(form, field) for field in fields]
        assert all(messages), f"empty message at {fields} on {self.page.url}"
        kept = self.form_values(form)
        lost = {n: (v, kept.get(n)) for n, v in typed.items() if kept.get(n) != v}
        assert not lost, f"the form lost what was typed on {self.page.url}: {lost}"
        return messages

    def count(self, path: str, selector: str) -> int:
        """How many elements match ``selector`` on the page at ``path`` (to see nothing changed)."""
        self.go(path)
        return self.page.locator(selector).count()

    def sign_in(self, role: str) -> None:
        """Sign in through the login form as the role's demo account, with TOTP if it has one."""
        address = ROLES[role]
        account = self.logins["accounts"][address]
        self.go("/accounts/login/")
        self.page.fill("input[name=login]", address)
        self.page.fill("input[name=password]", self.logins["password"])
        self.submit("form:has(input[name=password])")
        if account["totp"]:
            assert "/2fa/" in self.page.url, f"{role}: expected the TOTP step, got {self.page.url}"
            self._enter_totp(account["totp"])
        signed_in = not any(step in self.page.url for step in ("/accounts/login/", "/2fa/auth"))
        assert signed_in, f"{role} was not signed in: {self.page.url}"

    def _enter_totp(self, secret: str) -> None:
        """Type the current code, as a person reads it off their phone. A code is refused when
        it expires between typing and the server's check (the server allows no tolerance) or
        when it was used already in its 30 s window (another journey signed the same person in
        just before); a person then waits for the next code and types that, and so does the
        journey, up to three times."""
        totp = pyotp.TOTP(secret)
        for _attempt in range(3):
            if totp.interval - time.time() % totp.interval < 6:
                _wait_for_next_code(totp)
            self.page.fill("input[name=code]", totp.now())
            self.submit("form:has(input[name=code])")
            if "/2fa/" not in self.page.url:
                return
            self.problems = []  # the refused code is not the journey's failure; the next may be
            _wait_for_next_code(totp)
        raise AssertionError(f"three TOTP codes refused on {self.page.url}")

    def switch_language(self, code: str) -> None:
        """Press the language switch in the page header, as a person does."""
        self.submit("form.zw-language", f"button[name=language][value={code}]")
        self.expect_language(code)

    def expect_language(self, code: str) -> None:
        assert self.page.locator("html").get_attribute("lang") == code, self.page.url

    def mails_to(self, address: str) -> list[email.message.EmailMessage]:
        """Messages the SMTP relay received for ``address`` so far."""
        messages = [
            email.message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in sorted(self.mail.glob("*.eml"))
        ]
        return [m for m in messages if address in m["X-Envelope-To"]]

    def wait_for_mail(self, address: str, subject: str, seconds: float = 60):
        """The task worker sends mail: wait until a message for ``address`` arrives."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for message in self.mails_to(address):
                if re.search(subject, message["Subject"]):
                    return message
            time.sleep(0.5)
        subjects = [m["Subject"] for m in self.mails_to(address)]
        raise AssertionError(f"no mail /{subject}/ to {address} within {seconds} s: {subjects}")


@pytest.fixture(scope="session")
def server() -> dict:
    """Where `make prod-check` started the server, and what `zorgwijs_demo` printed."""
    missing = [
        n
        for n in ("PROD_CHECK_URL", "PROD_CHECK_LOGINS", "PROD_CHECK_MAIL")
        if not os.environ.get(n)
    ]
    if missing:
        raise pytest.UsageError(f"run the journeys through `make prod-check` ({missing} unset)")
    return {
        "url": os.environ["PROD_CHECK_URL"],
        "logins": json.loads(Path(os.environ["PROD_CHECK_LOGINS"]).read_text()),
        "mail": Path(os.environ["PROD_CHECK_MAIL"]),
    }


@pytest.fixture
def new_visit(browser, server) -> Iterator:
    """Another person's browser in the same journey (an employee asks, an assessor approves)."""
    visits: list[Visit] = []

    def start() -> Visit:
        visits.append(Visit(browser, server["url"], server["logins"], server["mail"]))
        return visits[-1]

    yield start
    try:
        for journey in visits:
            journey.check()
    finally:
        for journey in visits:
            journey.context.close()


@pytest.fixture
def visit(new_visit) -> Visit:
    return new_visit()
