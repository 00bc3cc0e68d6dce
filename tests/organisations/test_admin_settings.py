"""Organisation settings and the organisation's single sign-on app."""

import pytest
from allauth.socialaccount.models import SocialApp
from django.urls import reverse

from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import Organisation


def _url(world, name):
    return reverse(f"organisations:{name}", kwargs={"org_slug": world.org_a.slug})


@pytest.fixture
def admin(client, world):
    sign_in(client, world.admin_a.user)
    return client


SETTINGS = {
    "org-name": "Rivierenland Zorg",
    "org-kind": "ziekenhuis",
    "org-province": "gelderland",
    "org-region": "Rivierenland",
    "org-require_mfa_for_sensitive_roles": "on",
    "org-require_mfa_for_everyone": "on",
    "org-sso_email_domains": "rivierenland.nl, @RLZ.nl",
}


@pytest.mark.django_db
def test_update_settings(admin, world):
    response = admin.post(_url(world, "admin_settings"), SETTINGS)
    assert response.status_code == 302
    org = Organisation.objects.get(pk=world.org_a.pk)
    assert org.name == "Rivierenland Zorg" and org.province == "gelderland"
    assert org.require_mfa_for_everyone and org.require_mfa_for_sensitive_roles
    assert org.sso_domains() == ["rivierenland.nl", "rlz.nl"]
    entry = AuditEntry.objects.get(action="organisations.organisation.updated")
    assert "require_mfa_for_everyone" in entry.data["changed"]


@pytest.mark.django_db
def test_invalid_domain_is_a_field_error_and_input_kept(admin, world):
    response = admin.post(
        _url(world, "admin_settings"), {**SETTINGS, "org-sso_email_domains": "geen domein"}
    )
    assert response.status_code == 400
    assert "sso_email_domains" in response.context["form"].errors
    assert 'value="Rivierenland Zorg"' in response.content.decode()
    assert Organisation.objects.get(pk=world.org_a.pk).name == "Rivierenland Ziekenhuis"
    assert "<title>Instellingen · Rivierenland Ziekenhuis" in response.content.decode()


@pytest.mark.django_db
def test_sso_app_created_linked_and_updated_without_leaking_secret(admin, world):
    data = {
        "sso-name": "Entra ID",
        "sso-server_url": "https://login.example.org/tenant/v2.0",
        "sso-client_id": "client-123",
        "sso-secret": "geheim-1",
    }
    assert admin.post(_url(world, "admin_sso"), data).status_code == 302
    org = Organisation.objects.get(pk=world.org_a.pk)
    app = org.sso_app
    assert app.provider == "openid_connect"
    assert app.client_id == "client-123" and app.secret == "geheim-1"
    assert app.settings == {"server_url": "https://login.example.org/tenant/v2.0"}

    # An empty secret keeps the stored one.
    data.update({"sso-client_id": "client-456", "sso-secret": ""})
    assert admin.post(_url(world, "admin_sso"), data).status_code == 302
    app.refresh_from_db()
    assert app.client_id == "client-456" and app.secret == "geheim-1"
    assert SocialApp.objects.count() == 1
    entries = AuditEntry.objects.filter(action="organisations.sso.saved")
    assert entries.count() == 2
    assert all("geheim" not in str(e.data) for e in entries)

    page = admin.get(_url(world, "admin_settings")).content.decode()
    assert "geheim-1" not in page


@pytest.mark.django_db
def test_sso_requires_secret_and_https(admin, world):
    response = admin.post(
        _url(world, "admin_sso"),
        {
            "sso-name": "Entra ID",
            "sso-server_url": "http://login.example.org",
            "sso-client_id": "client-123",
            "sso-secret": "",
        },
    )
    assert response.status_code == 400
    errors = response.context["sso_form"].errors
    assert "server_url" in errors and "secret" in errors
    assert SocialApp.objects.count() == 0


@pytest.mark.django_db
def test_sso_remove(admin, world):
    admin.post(
        _url(world, "admin_sso"),
        {
            "sso-name": "Entra ID",
            "sso-server_url": "https://login.example.org",
            "sso-client_id": "c",
            "sso-secret": "s",
        },
    )
    assert admin.post(_url(world, "admin_sso"), {"remove": "1"}).status_code == 302
    assert Organisation.objects.get(pk=world.org_a.pk).sso_app is None
    assert SocialApp.objects.count() == 0
    assert AuditEntry.objects.filter(action="organisations.sso.removed").exists()
