"""OpenID Connect single sign-on per organisation, against a real identity provider.

The provider is a separate little Django project (tests/oidc_idp, django-oauth-toolkit with
OIDC and an RSA key generated here) running in its own process; Zorgwijs runs in pytest-django's
live server. A ``requests`` session plays the browser across both; Zorgwijs talks to the
provider's discovery, token, JWKS and userinfo endpoints itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialApp
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.accounts.conftest import csrf_token
from tests.factories import MembershipFactory, UserFactory, give_role
from tests.smtp import free_port
from zorgwijs.accounts.models import User
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import Role

REPO = Path(__file__).resolve().parents[2]
CLIENT_ID = "zorgwijs-rivierenland"
CLIENT_SECRET = "geheim-van-de-test-client"  # noqa: S105
IDP_PASSWORD = "idp-Wachtwoord-1"  # noqa: S105
IDP_PEOPLE = {
    "eva@rivierenland.nl": "Eva Medewerker",
    "onbekend@rivierenland.nl": "Onbekende Persoon",
    "olaf@noorderzorg.nl": "Olaf Buiten",
    "oud@rivierenland.nl": "Oud Medewerker",
}


@dataclass
class IdP:
    url: str
    env: dict[str, str]
    log: Path

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "django", *args],
            env=self.env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout


@pytest.fixture(scope="session")
def oidc_idp(tmp_path_factory):
    """Start the identity provider on a free port of 127.0.0.1 for the whole session."""
    workdir = tmp_path_factory.mktemp("oidc_idp")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = workdir / "oidc.key"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_idp.settings",
        "PYTHONPATH": str(REPO),
        "IDP_DB": str(workdir / "idp.sqlite3"),
        "IDP_KEY_FILE": str(key_file),
    }
    env.pop("DATABASE_URL", None)
    port = free_port()
    idp = IdP(f"http://127.0.0.1:{port}", env, workdir / "runserver.log")
    idp.manage("migrate", "--noinput", "-v", "0")
    with idp.log.open("w") as log:
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "django",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
                "--skip-checks",
            ],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(f"{idp.url}/o/.well-known/openid-configuration", process, idp.log)
        yield idp
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120  # shared 2-core machines can be slow to start it
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("identity provider stopped:\n" + log.read_text())
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("identity provider did not start:\n" + log.read_text())


@dataclass
class SSOWorld:
    app: SocialApp
    eva: User
    olaf: User
    leaver: User


@pytest.fixture
def sso(oidc_idp, live_server, world) -> SSOWorld:
    """Organisation A signs in through the provider for @rivierenland.nl addresses."""
    callback = f"{live_server.url}/accounts/oidc/rivierenland/login/callback/"
    oidc_idp.manage(
        "idp_setup",
        "--client-id",
        CLIENT_ID,
        "--client-secret",
        CLIENT_SECRET,
        "--redirect-uri",
        callback,
        *[
            arg
            for email, name in IDP_PEOPLE.items()
            for arg in ("--user", f"{email}:{IDP_PASSWORD}:{name}")
        ],
    )
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="rivierenland",
        name="Rivierenland Ziekenhuis",
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        settings={"server_url": f"{oidc_idp.url}/o"},
    )
    with scopes_disabled():
        world.org_a.sso_app = app
        world.org_a.sso_email_domains = "rivierenland.nl, rivierenland-zkh.nl"
        world.org_a.save()
        eva = world.employee_a.user
        eva.email = "eva@rivierenland.nl"
        eva.save()
        olaf = world.outsider_b.user
        olaf.email = "olaf@noorderzorg.nl"
        olaf.save()
        import datetime

        leaver = MembershipFactory(
            organisation=world.org_a,
            user=UserFactory(email="oud@rivierenland.nl"),
            end_date=datetime.date(2024, 1, 1),
        ).user
    return SSOWorld(app, eva, olaf, leaver)


def _sso_sign_in(live_server, oidc_idp, email: str, idp_login: str = "") -> requests.Response:
    """What a browser does: the SSO form on our login page, the IdP's login, back to us."""
    browser = requests.Session()
    login_page = browser.get(f"{live_server.url}{reverse('account_login')}", timeout=60)
    assert "Inloggen met je organisatie (SSO)" in login_page.text
    at_idp = browser.post(
        f"{live_server.url}{reverse('accounts:sso_start')}",
        data={"email": email, "csrfmiddlewaretoken": csrf_token(login_page.text)},
        timeout=60,
    )
    assert at_idp.url.startswith(f"{oidc_idp.url}/login/"), at_idp.url
    assert at_idp.history[0].status_code == 307  # re-posted to allauth's provider login URL
    authorize = [r for r in at_idp.history if r.url.startswith(f"{oidc_idp.url}/o/authorize/")]
    assert authorize and "login_hint=" in authorize[0].url and "code_challenge=" in authorize[0].url
    back = browser.post(
        at_idp.url,
        data={
            "username": idp_login or email,
            "password": IDP_PASSWORD,
            "next": re.search(r'name="next" value="([^"]*)"', at_idp.text)
            .group(1)
            .replace("&amp;", "&"),
            "csrfmiddlewaretoken": csrf_token(at_idp.text),
        },
        timeout=60,
    )
    back.browser = browser  # type: ignore[attr-defined]
    return back


@pytest.mark.django_db(transaction=True)
def test_member_signs_in_through_their_organisations_identity_provider(live_server, oidc_idp, sso):
    response = _sso_sign_in(live_server, oidc_idp, "eva@rivierenland.nl")
    assert response.status_code == 200, response.text[:2000]
    assert response.url == f"{live_server.url}/"
    assert "Goedendag, Eva" in response.text
    assert any(
        r.url.startswith(f"{live_server.url}/accounts/oidc/rivierenland/login/callback/")
        for r in response.history
    )
    account = SocialAccount.objects.get(user=sso.eva)
    assert account.provider == "rivierenland"
    assert sso.eva.has_usable_password() and User.objects.get(pk=sso.eva.pk).has_usable_password()
    entry = AuditEntry.objects.get(action="accounts.signed_in")
    assert entry.actor_id == sso.eva.pk and entry.subject_user_id == sso.eva.pk
    assert entry.data["methods"] == ["socialaccount"]

    # A second sign-in uses the now connected account.
    again = _sso_sign_in(live_server, oidc_idp, "eva@rivierenland.nl")
    assert "Goedendag, Eva" in again.text
    assert SocialAccount.objects.filter(user=sso.eva).count() == 1


@pytest.mark.django_db(transaction=True)
def test_unknown_person_is_refused_and_no_account_is_created(live_server, oidc_idp, sso):
    people = User.objects.count()
    response = _sso_sign_in(live_server, oidc_idp, "onbekend@rivierenland.nl")
    assert response.status_code == 403
    assert "Je kunt (nog) niet inloggen bij Zorgwijs" in response.text
    assert User.objects.count() == people
    assert not User.objects.filter(email__iexact="onbekend@rivierenland.nl").exists()
    assert not SocialAccount.objects.exists()
    entry = AuditEntry.objects.get(action="accounts.sign_in_failed")
    assert entry.actor_id is None
    assert entry.data == {
        "email": "onbekend@rivierenland.nl",
        "method": "sso",
        "reason": "unknown_person",
    }
    assert not AuditEntry.objects.filter(action="accounts.signed_in").exists()
    home = response.browser.get(f"{live_server.url}/", timeout=60)  # type: ignore[attr-defined]
    assert "Goedendag" not in home.text


@pytest.mark.django_db(transaction=True)
def test_provider_cannot_sign_in_people_of_another_organisation(live_server, oidc_idp, sso):
    # Olaf has a Zorgwijs account (organisation B); organisation A's provider vouches for him.
    # He starts with an address of organisation A, then signs in at its provider as himself.
    response = _sso_sign_in(
        live_server, oidc_idp, "olaf@rivierenland.nl", idp_login="olaf@noorderzorg.nl"
    )
    assert response.status_code == 403
    assert not SocialAccount.objects.exists()
    entry = AuditEntry.objects.get(action="accounts.sign_in_failed")
    assert entry.data["reason"] == "foreign_domain"
    assert entry.subject_user_id == sso.olaf.pk


@pytest.mark.django_db(transaction=True)
def test_former_employee_is_refused(live_server, oidc_idp, sso):
    response = _sso_sign_in(live_server, oidc_idp, "oud@rivierenland.nl")
    assert response.status_code == 403
    assert AuditEntry.objects.get(action="accounts.sign_in_failed").data["reason"] == (
        "not_a_member"
    )


@pytest.mark.django_db(transaction=True)
def test_a_manager_signed_in_by_sso_must_still_set_up_two_factors(
    live_server, oidc_idp, sso, world
):
    # Zorgwijs cannot see whether the IdP asked for a second factor: the policy still applies.
    with scopes_disabled():
        world.org_a.require_mfa_for_sensitive_roles = True
        world.org_a.save()
        give_role(world.employee_a, Role.MANAGER, departments=[world.cathlab])
    response = _sso_sign_in(live_server, oidc_idp, "eva@rivierenland.nl")
    assert response.url == f"{live_server.url}{reverse('mfa_activate_totp')}", response.url
    people = response.browser.get(  # type: ignore[attr-defined]
        f"{live_server.url}/o/rivierenland/mensen/", timeout=60, allow_redirects=False
    )
    assert people.status_code == 302
    assert people.headers["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_sso_form_explains_when_the_domain_has_no_sso(client, world):
    response = client.post(reverse("accounts:sso_start"), {"email": "iemand@elders.nl"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "geen inloggen via de organisatie ingesteld" in html
    assert 'id="id_sso_email-error"' in html and 'aria-invalid="true"' in html
    invalid = client.post(reverse("accounts:sso_start"), {"email": "geen-adres"})
    assert "Vul een geldig e-mailadres in" in invalid.content.decode()


@pytest.mark.django_db
def test_sso_start_redirects_with_307_to_allauths_provider_login(client, world):
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="rivierenland",
        name="Rivierenland",
        client_id="x",
        secret="y",
        settings={"server_url": "http://127.0.0.1:9/o"},
    )
    with scopes_disabled():
        world.org_a.sso_app = app
        world.org_a.sso_email_domains = "rivierenland.nl"
        world.org_a.save()
    response = client.post(
        reverse("accounts:sso_start"), {"email": "Eva@Rivierenland.NL", "next": "/account/inzage/"}
    )
    assert response.status_code == 307
    assert response.url.startswith("/accounts/oidc/rivierenland/login/?")
    assert "process=login" in response.url and "next=%2Faccount%2Finzage%2F" in response.url
    evil = client.post(
        reverse("accounts:sso_start"),
        {"email": "eva@rivierenland.nl", "next": "https://evil.example/"},
    )
    assert "evil" not in evil.url
    # A domain that merely contains the configured one does not match.
    assert (
        client.post(reverse("accounts:sso_start"), {"email": "x@nietrivierenland.nl"}).status_code
        == 400
    )


@pytest.mark.django_db
def test_sign_in_pages_allow_forms_to_lead_to_the_providers(client, world):
    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="rivierenland",
        name="Rivierenland",
        client_id="x",
        secret="y",
        settings={"server_url": "https://idp.rivierenland.example/realms/zorg"},
    )
    for url in (reverse("account_login"), reverse("accounts:sso_start")):
        policy = client.get(url)["Content-Security-Policy"]
        form_action = next(d for d in policy.split(";") if "form-action" in d)
        assert "'self'" in form_action and "https://idp.rivierenland.example" in form_action
    policy = client.get(reverse("core:home"))["Content-Security-Policy"]
    assert "idp.rivierenland.example" not in policy


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sso_in_a_real_browser_under_our_csp(live_server, oidc_idp, sso, browser):
    """Chromium follows the whole chain (307, 302 to the provider) and enforces our CSP."""
    context = browser.new_context()
    try:
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(f"{live_server.url}{reverse('account_login')}")
        page.fill("#id_sso_email", "eva@rivierenland.nl")
        page.click("text=Verder met je organisatie")
        page.wait_for_url(f"{oidc_idp.url}/login/**", timeout=60_000)
        page.fill("#id_username", "eva@rivierenland.nl")
        page.fill("#id_password", IDP_PASSWORD)
        page.click("text=Inloggen")
        page.wait_for_url(f"{live_server.url}/", timeout=60_000)
        assert "Goedendag, Eva" in page.content()
        assert not [p for p in problems if "Content Security Policy" in p], problems
    finally:
        context.close()
