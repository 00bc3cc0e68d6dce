"""Behind the TLS-terminating proxy every request comes from the proxy's address: the audit log
and the sign-up limit must record the client's, from the X-Forwarded-For entry the trusted
proxy added (``TRUSTED_PROXY_COUNT``), and ignore the header when no proxy is trusted."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.accounts.conftest import login
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import OrganisationApplication
from zorgwijs.organisations.services.applications import PER_IP_PER_HOUR

pytestmark = pytest.mark.django_db

APPLY = "/organisatie-aanmelden/"
PROXY = "10.0.0.2"


def _apply(client: Client, number: int, forwarded: str):
    data = {
        "name": f"Zorggroep {number}",
        "kind": "vvt",
        "province": "gelderland",
        "region": "Achterhoek",
        "contact_name": "Linda de Linde",
        "contact_email": f"linda{number}@zorg{number}.example",
        "contact_phone": "0314 123 456",
        "motivation": "Wij willen bekwaamheden bijhouden en leren van projecten in de regio.",
    }
    return client.post(APPLY, data, headers={"X-Forwarded-For": forwarded})


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_clients_address_is_recorded(world):
    # The part before the proxy's own entry is the client's to write: it is not believed.
    response = _apply(Client(REMOTE_ADDR=PROXY), 1, "198.51.100.66, 203.0.113.9")
    assert response.status_code == 302
    application = OrganisationApplication.objects.get()
    assert application.ip_address == "203.0.113.9"
    entry = AuditEntry.objects.get(action="organisations.application.submitted")
    assert entry.ip_address == "203.0.113.9"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_a_failed_sign_in_is_audited_with_the_clients_address(world):
    login(
        Client(REMOTE_ADDR=PROXY),
        world.employee_a.user.email,
        "fout-wachtwoord-1",
        headers={"X-Forwarded-For": "203.0.113.10"},
    )
    entry = AuditEntry.objects.filter(kind="signin").latest("at")
    assert entry.ip_address == "203.0.113.10"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_applicants_behind_the_same_proxy_are_limited_each_on_their_own(world):
    client = Client(REMOTE_ADDR=PROXY)
    for number in range(PER_IP_PER_HOUR + 2):
        response = _apply(client, number, f"203.0.113.{number + 1}")
        assert response.status_code == 302, response.content.decode()[:2000]


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_the_header_is_ignored(world):
    client = Client(REMOTE_ADDR="192.0.2.7")
    for number in range(PER_IP_PER_HOUR):
        assert _apply(client, number, f"203.0.113.{number + 1}").status_code == 302
    # Making up another address does not escape the limit.
    response = _apply(client, 99, "203.0.113.99")
    assert response.status_code == 400
    assert set(OrganisationApplication.objects.values_list("ip_address", flat=True)) == {
        "192.0.2.7"
    }
    entries = AuditEntry.objects.filter(action="organisations.application.submitted")
    assert set(entries.values_list("ip_address", flat=True)) == {"192.0.2.7"}
