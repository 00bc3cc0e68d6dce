"""Credentials secured with a Data Integrity proof (eddsa-rdfc-2022): issued and verified here
with pyld's RDFC-1.0, and checked by an independent verifier -- digitalbazaar's VC library from
the npm registry, run by Node offline on the documents our public endpoints published."""

from __future__ import annotations

import copy
import datetime
import json
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import jwt
import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.competences import test_credentials as jwt_form
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.credentials import dataintegrity
from zorgwijs.competences.credentials.contexts import UnknownContext, document_loader
from zorgwijs.competences.credentials.issuing import credential_revoke, decoded_bit
from zorgwijs.competences.credentials.keys import issuer_key, private_key
from zorgwijs.competences.credentials.models import IssuedCredential
from zorgwijs.competences.credentials.verifying import credential_verify
from zorgwijs.competences.models import CompetenceRecord

pytestmark = pytest.mark.django_db
SLUG = jwt_form.SLUG
# The JWT form's fixtures: a qualification, its credential, the other organisation's side.
pump = jwt_form.pump
credential = jwt_form.credential
target_item = jwt_form.target_item
coordinator_b = jwt_form.coordinator_b
NODE_VERIFIER = Path(__file__).parent / "node" / "verify_credential.mjs"


def _get(client: Client, url: str):
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)


def _json(client: Client, url: str) -> dict:
    response = _get(client, url)
    assert response.status_code == 200
    return json.loads(response.content)


def _published(client: Client, document: dict) -> dict[str, dict]:
    """What a verifier elsewhere would fetch: the issuer's profile and the status list."""
    issuer = document["issuer"]["id"]
    status_url = document["credentialStatus"]["statusListCredential"]
    return {issuer: _json(client, issuer), status_url: _json(client, status_url)}


def _node_verify(client: Client, document: dict) -> dict:
    node = shutil.which("node")
    assert node, "Node (Debian's nodejs) is needed for the independent verifier"
    completed = subprocess.run(  # noqa: S603 (our own script, no shell)
        [node, str(NODE_VERIFIER)],
        input=json.dumps({"credential": document, "documents": _published(client, document)}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_issued_with_a_data_integrity_proof_next_to_the_jwt(client, world, credential):
    document = credential.document
    claims = jwt.decode(credential.token, options={"verify_signature": False})
    proof = document["proof"]
    assert proof["type"] == "DataIntegrityProof" and proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod" and proof["proofValue"].startswith("z")
    assert proof["verificationMethod"] == jwt.get_unverified_header(credential.token)["kid"]
    assert proof["verificationMethod"].startswith(document["issuer"]["id"] + "#key-")
    # The same credential: same id, subject, dates and status index; only the list's form differs.
    for name in ("id", "@context", "type", "issuer", "credentialSubject", "validFrom"):
        assert document[name] == claims[name]
    assert document["credentialStatus"]["statusListIndex"] == str(credential.status_index)
    assert "vorm=ld" in document["credentialStatus"]["statusListCredential"]
    assert not {"iss", "jti", "iat"} & set(document)
    profile = _json(client, document["issuer"]["id"])
    methods = profile["verificationMethod"]
    method = next(m for m in methods if m["id"] == proof["verificationMethod"])
    assert method["type"] == "Multikey" and method["publicKeyMultibase"].startswith("z6Mk")
    assert method["controller"] == profile["id"] and method["id"] in profile["assertionMethod"]


def test_fresh_credential_verifies_here_and_with_the_independent_verifier(
    client, world, credential
):
    result = credential_verify(json.dumps(credential.document))
    assert result.ok and result.form == "data-integrity" and result.revoked is False
    assert result.person_name == "Eva Medewerker" and result.jti == credential.jti
    outside = _node_verify(client, credential.document)
    assert outside == {"verified": True, "revoked": False, "error": None}


def test_tampered_credential_is_rejected_by_both(client, world, credential):
    forged = copy.deepcopy(credential.document)
    forged["credentialSubject"]["achievement"]["name"] = "ECMO"
    result = credential_verify(json.dumps(forged))
    assert not result.ok and not result.signature_valid
    assert "handtekening klopt niet" in result.problems[0]
    outside = _node_verify(client, forged)
    assert outside["verified"] is False and outside["error"]
    page = client.post(reverse("credentials:verify"), {"bewijs": json.dumps(forged)})
    assert "Niet geldig" in page.content.decode()


def test_revoked_credential_is_revoked_in_both_lists(client, world, credential):
    with scope(organisation=world.org_a.pk):
        credential_revoke(actor=world.employee_a.user, credential=credential, reason="Kwijt")
    result = credential_verify(json.dumps(credential.document))
    assert result.signature_valid and result.revoked is True and not result.ok
    outside = _node_verify(client, credential.document)
    assert outside["revoked"] is True
    # The JWT list and the linked-data list carry the same bit.
    ld_list = _json(client, credential.document["credentialStatus"]["statusListCredential"])
    claims = jwt.decode(credential.token, options={"verify_signature": False})
    token = _get(client, claims["credentialStatus"]["statusListCredential"]).content.decode()
    jwt_list = jwt.decode(token, options={"verify_signature": False})
    encoded = ld_list["credentialSubject"]["encodedList"]
    assert encoded == jwt_list["credentialSubject"]["encodedList"]
    assert decoded_bit(encoded, credential.status_index) is True


def test_key_of_another_issuer_is_refused(client, world, credential):
    """Signed correctly, but with organisation B's key for organisation A's credential."""
    unsecured = {k: v for k, v in credential.document.items() if k != "proof"}
    with scopes_disabled():
        other = issuer_key(world.org_b)
    forged = dataintegrity.sign(
        unsecured,
        private_key(other),
        verification_method=other.kid,
        created=credential.document["proof"]["created"],
    )
    result = credential_verify(json.dumps(forged))
    assert not result.ok and "hoort niet bij de uitgever" in result.problems[0]
    # Claiming organisation A's key id while signing with B's key fails on the signature.
    forged["proof"]["verificationMethod"] = credential.document["proof"]["verificationMethod"]
    assert not credential_verify(json.dumps(forged)).signature_valid
    assert _node_verify(client, forged)["verified"] is False


def test_only_bundled_contexts_are_loaded(world, credential):
    with pytest.raises(UnknownContext):
        document_loader("https://example.org/context.json")
    document = copy.deepcopy(credential.document)
    document["@context"].append("https://example.org/context.json")
    result = credential_verify(json.dumps(document))
    assert not result.ok and not result.signature_valid


def test_expired_and_not_json(world, credential):
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=800)
    result = credential_verify(json.dumps(credential.document), now=later)
    assert result.signature_valid and result.expired and not result.ok
    for text in ("{not json", "[]", '{"proof": {"type": "Ed25519Signature2020"}}'):
        broken = credential_verify(text)
        assert not broken.ok and broken.problems


def test_employee_downloads_the_wallet_form(client, world, credential):
    sign_in(client, world.employee_a.user)
    url = reverse(
        "competences:credential_detail", kwargs={"org_slug": SLUG, "credential_id": credential.pk}
    )
    page = client.get(url).content.decode()
    assert "Download voor een wallet (Open Badges)" in page and ".jwt" not in page
    response = client.get(url, {"download": "wallet"})
    assert response["Content-Type"] == "application/vc"
    assert response["Content-Disposition"].endswith('-open-badge.json"')
    assert json.loads(response.content) == credential.document


def test_wallet_form_is_made_once_for_an_older_credential(client, world, credential):
    """Credentials issued before this form existed get it on first download, for the same id
    and status index, verifiable like a fresh one."""
    with scopes_disabled():
        IssuedCredential.objects.filter(pk=credential.pk).update(document=None)
    sign_in(client, world.employee_a.user)
    url = reverse(
        "competences:credential_detail", kwargs={"org_slug": SLUG, "credential_id": credential.pk}
    )
    first = json.loads(client.get(url, {"download": "wallet"}).content)
    assert first["id"] == credential.jti
    assert first["credentialStatus"]["statusListIndex"] == str(credential.status_index)
    assert json.loads(client.get(url, {"download": "wallet"}).content) == first
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="competences.credential.secured").count() == 1
    assert credential_verify(json.dumps(first)).ok


def test_either_form_is_imported_once(client, world, credential, target_item, coordinator_b):
    sign_in(client, world.outsider_b.user)
    url = reverse(
        "competences:credential_import",
        kwargs={"org_slug": "noorderzorg", "membership_id": world.outsider_b.pk},
    )
    data = {"item": target_item.pk, "action": "import", "name_checked": "on"}
    response = client.post(url, {**data, "token": json.dumps(credential.document)})
    assert response.status_code == 302
    again = client.post(url, {**data, "token": credential.token})  # the same credential as JWT
    assert "al overgenomen" in again.content.decode()
    with scopes_disabled():
        records = CompetenceRecord.objects.filter(organisation=world.org_b, source="credential")
        assert [r.external_ref for r in records] == [credential.jti]


def _clique(size: int) -> list[dict]:
    """Blank nodes that all point at each other: a "poison graph" for RDFC-1.0, whose n-degree
    hashing tries every permutation (unbounded, six nodes take seconds, eight minutes)."""
    ids = [f"_:n{i}" for i in range(size)]
    return [{"id": node, "name": [other for other in ids if other != node]} for node in ids]


def test_canonical_form_is_pyld_normalize_and_poison_graphs_are_refused(world, credential):
    from pyld import jsonld

    unsecured = {k: v for k, v in credential.document.items() if k != "proof"}
    expected = jsonld.normalize(
        unsecured,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader,
        },
    )
    assert dataintegrity.canonical(unsecured) == expected
    poison = {
        "@context": {"name": {"@id": "https://example.org/related", "@type": "@id"}, "id": "@id"},
        "@graph": _clique(8),
    }
    started = time.monotonic()
    with pytest.raises(dataintegrity.DataIntegrityError):
        dataintegrity.canonical(poison)
    assert time.monotonic() - started < 5
    # Pasted on the public check page inside a credential with a real key id: refused, quickly.
    forged = copy.deepcopy(credential.document)
    related = {"@id": "https://example.org/related", "@type": "@id"}
    forged["@context"] = [*forged["@context"], {"related": related}]
    forged["evidence"] = [
        {"id": node["id"], "type": ["Evidence"], "related": node["name"]} for node in _clique(8)
    ]
    started = time.monotonic()
    result = credential_verify(json.dumps(forged))
    assert not result.ok and not result.signature_valid
    assert time.monotonic() - started < 5
