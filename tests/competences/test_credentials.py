"""Verifiable credentials: issued with our own JWS code, verified here with PyJWT (independent)."""

from __future__ import annotations

import datetime
import json

import jwt
import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import DeviceFactory, authorised_assessor, required_device
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.credentials.issuing import credential_issue, decoded_bit
from zorgwijs.competences.credentials.models import IssuedCredential, IssuerKey
from zorgwijs.competences.credentials.verifying import credential_verify
from zorgwijs.competences.models import CompetenceRecord
from zorgwijs.competences.services import competence_revoke, qualification_register

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"


@pytest.fixture
def pump(world):
    pump = required_device(world, "Infuuspomp Volumat", [world.cardiology, world.surgery])
    authorised_assessor(world.manager_a, pump)
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=pump,
            occurred_on=timezone.localdate() - datetime.timedelta(days=3),
            evidence_kind="practical",
            assessor=world.manager_a.user,
        )
    return pump


@pytest.fixture
def credential(world, pump):
    with scope(organisation=world.org_a.pk):
        return credential_issue(actor=world.employee_a.user, membership=world.employee_a, item=pump)


@pytest.fixture
def target_item(world):
    with scopes_disabled():
        return DeviceFactory(
            organisation=world.org_b,
            name="Infuuspomp Volumat",
            evidence_kinds=["practical", "certificate"],
        )


def _public_key(client, kid):
    keys = client.get(reverse("credentials:jwks")).json()["keys"]
    jwk = next(k for k in keys if k["kid"] == kid)
    return jwt.PyJWK.from_dict(jwk)


def test_issued_credential_verifies_with_pyjwt(client, world, credential):
    header = jwt.get_unverified_header(credential.token)
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    key = _public_key(client, header["kid"])
    claims = jwt.decode(credential.token, key, algorithms=["EdDSA"], options={"verify_aud": False})
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert claims["issuer"]["name"] == "Rivierenland Ziekenhuis"
    assert header["kid"].startswith(claims["issuer"]["id"] + "#")
    assert claims["credentialSubject"]["achievement"]["name"] == "Infuuspomp Volumat"
    assert claims["credentialSubject"]["identifier"][0]["identityHash"] == "Eva Medewerker"
    assert claims["validFrom"].endswith("Z") and claims["validUntil"]
    status = claims["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusListIndex"] == str(credential.status_index)
    assert claims["jti"] == claims["id"] == credential.jti


def test_status_list_verifies_with_pyjwt_and_revocation_sets_the_bit(client, world, credential):
    claims = jwt.decode(credential.token, options={"verify_signature": False})
    url = claims["credentialStatus"]["statusListCredential"]
    path = url.split("127.0.0.1:8000", 1)[1]

    def bit() -> bool:
        response = client.get(path)
        assert response["Content-Type"] == "application/vc+jwt"
        token = response.content.decode()
        key = _public_key(client, jwt.get_unverified_header(token)["kid"])
        status = jwt.decode(token, key, algorithms=["EdDSA"])
        assert status["credentialSubject"]["type"] == "BitstringStatusList"
        return decoded_bit(status["credentialSubject"]["encodedList"], credential.status_index)

    assert bit() is False
    sign_in(client, world.employee_a.user)
    detail = reverse(
        "competences:credential_detail", kwargs={"org_slug": SLUG, "credential_id": credential.pk}
    )
    client.post(detail, {"reason": "Telefoon kwijt"})
    assert bit() is True


def test_private_key_is_encrypted_at_rest(world, credential):
    key = IssuerKey.objects.get(organisation=world.org_a)
    assert "BEGIN" not in key.private_key_encrypted and "d" not in key.public_jwk


def test_verification_page_shows_what_the_credential_says(client, world, credential):
    response = client.post(reverse("credentials:verify"), {"bewijs": credential.token})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Geldig bewijs" in body and "Eva Medewerker" in body and "Infuuspomp Volumat" in body
    assert world.employee_a.user.email not in body  # nothing beyond the credential


def test_tampered_credential_is_rejected(client, world, credential):
    head, body, signature = credential.token.split(".")
    claims = jwt.decode(credential.token, options={"verify_signature": False})
    claims["credentialSubject"]["achievement"]["name"] = "ECMO"
    forged_body = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    forged = f"{head}.{forged_body}.{signature}"
    with pytest.raises(jwt.InvalidSignatureError):
        key = _public_key(client, jwt.get_unverified_header(forged)["kid"])
        jwt.decode(forged, key, algorithms=["EdDSA"])
    result = credential_verify(forged)
    assert not result.ok and not result.signature_valid
    page = client.post(reverse("credentials:verify"), {"bewijs": forged}).content.decode()
    assert "Niet geldig" in page and "handtekening klopt niet" in page


def test_revoked_credential_shows_revoked(client, world, pump, credential):
    with scope(organisation=world.org_a.pk):
        competence_revoke(
            actor=world.admin_a.user, membership=world.employee_a, item=pump, reason="Incident"
        )
    result = credential_verify(credential.token)
    assert result.signature_valid and result.revoked is True and not result.ok
    page = client.post(reverse("credentials:verify"), {"bewijs": credential.token})
    assert "ingetrokken door de uitgever" in page.content.decode()


def test_expired_credential_shows_expired(world, credential):
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=800)
    result = credential_verify(credential.token, now=later)
    assert result.signature_valid and result.expired and not result.ok


def test_employee_issues_from_own_passport_and_downloads(client, world, pump):
    sign_in(client, world.employee_a.user)
    mine = reverse("competences:credentials_mine", kwargs={"org_slug": SLUG})
    assert (
        "Deel als verifieerbaar bewijs"
        in client.get(
            reverse("competences:my_passport", kwargs={"org_slug": SLUG})
        ).content.decode()
    )
    response = client.post(mine, {"item": pump.pk})
    assert response.status_code == 302
    with scopes_disabled():
        credential = IssuedCredential.objects.get(person=world.employee_a.user)
    download = client.get(response["Location"] + "?download=1")
    assert download["Content-Type"] == "application/vc+jwt"
    assert download.content.decode() == credential.token
    assert AuditEntry.objects.filter(action="competences.credential.issued").exists()


def test_only_valid_qualifications_can_be_issued(client, world, pump):
    sign_in(client, world.colleague_a.user)  # required, never qualified
    client.post(
        reverse("competences:credentials_mine", kwargs={"org_slug": SLUG}), {"item": pump.pk}
    )
    with scopes_disabled():
        assert not IssuedCredential.objects.exists()


def test_others_credentials(client, world, credential):
    url = reverse(
        "competences:credential_detail", kwargs={"org_slug": SLUG, "credential_id": credential.pk}
    )
    sign_in(client, world.colleague_a.user)
    assert client.get(url).status_code == 404
    sign_in(client, world.outsider_b.user)
    assert client.get(url).status_code == 404
    sign_in(client, world.manager_a.user)
    assert client.get(url).status_code == 200  # Eva is in his department
    assert client.post(url, {"reason": "x"}).status_code == 403  # but he may not revoke


def _import(client, world, token, item, action="import"):
    sign_in(client, world.outsider_b.user)
    url = reverse(
        "competences:credential_import",
        kwargs={"org_slug": "noorderzorg", "membership_id": world.outsider_b.pk},
    )
    return client.post(
        url, {"token": token, "item": item.pk, "action": action, "name_checked": "on"}
    )


@pytest.fixture
def coordinator_b(world):
    from tests.factories import give_role
    from zorgwijs.organisations.models import Role

    with scopes_disabled():
        give_role(world.outsider_b, Role.COORDINATOR)
    world.org_b.require_mfa_for_sensitive_roles = False
    world.org_b.save()
    return world.outsider_b


def test_import_into_another_organisation_is_idempotent(
    client, world, credential, target_item, coordinator_b
):
    response = _import(client, world, credential.token, target_item)
    assert response.status_code == 302
    with scopes_disabled():
        records = CompetenceRecord.objects.filter(organisation=world.org_b, source="credential")
        assert records.count() == 1
        record = records.get()
        assert record.external_ref == credential.jti and record.evidence_kind == "certificate"
        assert record.occurred_on == timezone.localdate() - datetime.timedelta(days=3)
    again = _import(client, world, credential.token, target_item)
    assert again.status_code in (200, 400)
    assert "al overgenomen" in again.content.decode()
    with scopes_disabled():
        assert (
            CompetenceRecord.objects.filter(organisation=world.org_b, source="credential").count()
            == 1
        )


def test_revoked_credential_is_not_imported(client, world, credential, target_item, coordinator_b):
    with scope(organisation=world.org_a.pk):
        from zorgwijs.competences.credentials.issuing import credential_revoke

        credential_revoke(actor=world.employee_a.user, credential=credential, reason="Fout")
    response = _import(client, world, credential.token, target_item)
    assert response.status_code == 200
    with scopes_disabled():
        assert not CompetenceRecord.objects.filter(organisation=world.org_b).exists()


def test_employee_may_not_import(client, world, credential):
    sign_in(client, world.employee_a.user)
    url = reverse(
        "competences:credential_import",
        kwargs={"org_slug": SLUG, "membership_id": world.employee_a.pk},
    )
    assert client.get(url).status_code == 403


def test_public_documents_show_no_private_data(client, world, credential):
    keys = client.get(reverse("credentials:jwks")).json()["keys"]
    assert keys and all("d" not in key and key["kty"] == "OKP" for key in keys)
    profile = client.get(reverse("credentials:issuer"), {"org": SLUG}).json()
    assert profile["name"] == "Rivierenland Ziekenhuis" and profile["type"] == ["Profile"]
    claims = jwt.decode(credential.token, options={"verify_signature": False})
    assert profile["id"] == claims["issuer"]["id"]
    assert client.get(reverse("credentials:issuer"), {"org": "bestaat-niet"}).status_code == 404
    directory = client.get(reverse("credentials:issuer")).json()["issuers"]
    assert directory == [{k: profile[k] for k in ("id", "type", "name")}]
    lists = client.get(reverse("credentials:status_list")).json()["statusLists"]
    assert lists == [claims["credentialStatus"]["statusListCredential"]]


def test_issuer_elsewhere_is_not_verifiable_here(world, credential):
    from zorgwijs.competences.credentials.verifying import NotFetchable, fetch

    with pytest.raises(NotFetchable):
        fetch("https://example.org/.well-known/jwks.json")
    with pytest.raises(NotFetchable):  # a signed-in page is never fetched, even on this host
        fetch("http://127.0.0.1:8000/o/rivierenland/paspoort/")
    claims = jwt.decode(credential.token, options={"verify_signature": False})
    claims["issuer"]["id"] = "https://example.org/issuer"
    token = jwt.encode(
        claims,
        "a-secret-key-that-is-long-enough-for-hs256",
        algorithm="HS256",
        headers={"kid": "https://example.org/issuer#1"},
    )
    result = credential_verify(token)
    assert not result.ok and "niet bekend" in result.problems[0]


def test_import_page_checks_first_and_matches_the_item(
    client, world, credential, target_item, coordinator_b
):
    sign_in(client, world.outsider_b.user)
    url = reverse(
        "competences:credential_import",
        kwargs={"org_slug": "noorderzorg", "membership_id": world.outsider_b.pk},
    )
    assert client.get(url).status_code == 200
    response = client.post(url, {"token": credential.token, "action": "check"})
    body = response.content.decode()
    assert "Geldig bewijs" in body and "Eva Medewerker" in body and "Neem over" in body
    assert f'value="{target_item.pk}" selected' in body  # matched by name
    # the name in the credential is not Olaf's: importing needs an explicit check
    response = client.post(
        url, {"token": credential.token, "action": "import", "item": target_item.pk}
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not CompetenceRecord.objects.filter(organisation=world.org_b).exists()


def test_credentials_page_query_count_does_not_grow(client, world, pump, credential):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, world.employee_a.user)
    url = reverse("competences:credentials_mine", kwargs={"org_slug": SLUG})

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    queries()  # first request: session work
    few = queries()
    with scopes_disabled():
        items = [DeviceFactory(organisation=world.org_a) for _ in range(4)]
    with scope(organisation=world.org_a.pk):
        for item in items:
            qualification_register(
                actor=world.admin_a.user,
                membership=world.employee_a,
                item=item,
                occurred_on=timezone.localdate(),
                evidence_kind="practical",
            )
            credential_issue(actor=world.employee_a.user, membership=world.employee_a, item=item)
    assert queries() == few
