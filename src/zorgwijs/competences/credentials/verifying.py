"""Verify a credential the way an outside verifier would: the key from the issuer's published
JWKS (a JWT) or its published profile's Multikey (Data Integrity), and the status from its
published status list in the same form. Both are fetched from this platform
in-process by URL lookup; there is no outbound network, so issuers elsewhere are reported as
not verifiable here."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from . import dataintegrity, jose
from .issuing import decoded_bit
from .models import achievement_label
from .urls import jwks_url

# A route's credential names every outcome it covered (with its level): tens of kilobytes.
# Canonicalising a crafted one is bounded by ``dataintegrity.MAX_N_DEGREE_HASHES``.
MAX_TOKEN_LENGTH = 200_000


class NotFetchable(Exception):
    pass


def fetch(url: str) -> tuple[str, str]:
    """GET a URL of this platform in-process: (content type, body)."""
    base = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        raise NotFetchable(url)
    try:
        match = resolve(parts.path)
    except Resolver404 as error:
        raise NotFetchable(url) from error
    if getattr(match.func, "zorgwijs_access", (None,))[0] != "public":
        raise NotFetchable(url)  # only public documents, never a signed-in page
    request = RequestFactory().get(parts.path + (f"?{parts.query}" if parts.query else ""))
    response = match.func(request, *match.args, **match.kwargs)
    if response.status_code != 200:
        raise NotFetchable(url)
    return response.get("Content-Type", ""), response.content.decode()


def _published_key(kid: str):
    _type, body = fetch(jwks_url())
    for jwk in json.loads(body).get("keys", []):
        if jwk.get("kid") == kid:
            return jose.jwk_public_key(jwk)
    return None


def _parse_time(value) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


@dataclass
class Verification:
    token: str
    signature_valid: bool = False
    problems: list[str] = field(default_factory=list)
    credential: dict = field(default_factory=dict)
    revoked: bool | None = None
    expired: bool = False
    not_yet_valid: bool = False
    valid_from: datetime.datetime | None = None
    valid_until: datetime.datetime | None = None
    # "jwt" (VC-JOSE) or "data-integrity" (eddsa-rdfc-2022, JSON-LD)
    form: str = "jwt"

    @property
    def ok(self) -> bool:
        return (
            self.signature_valid
            and self.revoked is False
            and not self.expired
            and not self.not_yet_valid
            and not self.problems
        )

    @property
    def jti(self) -> str:
        return str(self.credential.get("id") or self.credential.get("jti") or "")

    @property
    def issuer(self) -> dict:
        issuer = self.credential.get("issuer")
        return issuer if isinstance(issuer, dict) else {"id": issuer}

    @property
    def subject(self) -> dict:
        subject = self.credential.get("credentialSubject")
        return subject if isinstance(subject, dict) else {}

    @property
    def achievement(self) -> dict:
        achievement = self.subject.get("achievement")
        return achievement if isinstance(achievement, dict) else {}

    @property
    def aligned_items(self) -> list[tuple[str, str]]:
        """The competence items the achievement is aligned to: (name, url)."""
        return [
            (str(a.get("targetName", "")), str(a.get("targetUrl", "")))
            for a in self.achievement.get("alignment") or []
            if isinstance(a, dict)
        ]

    @property
    def achievement_label(self) -> str:
        """What the achievement is, as Open Badges types it: a passed test or a completed
        route is no competence declaration, and a verifier should not read it as one."""
        return str(achievement_label(self.achievement.get("achievementType")))

    @property
    def person_name(self) -> str:
        for identity in self.subject.get("identifier") or []:
            if (
                isinstance(identity, dict)
                and identity.get("identityType") == "name"
                and not identity.get("hashed")
            ):
                return str(identity.get("identityHash", ""))
        return str(self.subject.get("name", ""))


def credential_verify(token: str, *, now: datetime.datetime | None = None) -> Verification:
    """Verify a credential in either form: a compact JWS, or JSON with a Data Integrity proof."""
    now = now or timezone.now()
    result = Verification(token=token.strip())
    if not result.token or len(result.token) > MAX_TOKEN_LENGTH:
        result.problems.append(_("Dit is geen verifieerbaar bewijs (JWT)."))
        return result
    if result.token.startswith("{"):
        return _verify_document(result, now)
    try:
        header, payload = jose.unverified_parts(result.token)
    except jose.JoseError:
        result.problems.append(_("Dit is geen verifieerbaar bewijs (JWT)."))
        return result
    if not _verify_signature(result, header, payload):
        return result
    result.credential = payload
    _check_shape_and_dates(result, now)
    _check_status(result)
    return result


def _verify_document(result: Verification, now: datetime.datetime) -> Verification:
    result.form = "data-integrity"
    try:
        secured = json.loads(result.token)
        if not isinstance(secured, dict):
            raise ValueError("not an object")
        proof = dataintegrity.unverified_proof(secured)
    except (ValueError, dataintegrity.DataIntegrityError):
        result.problems.append(_("Dit is geen verifieerbaar bewijs met een geldige opbouw."))
        return result
    issuer = secured.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    method = str(proof["verificationMethod"])
    if not isinstance(issuer_id, str) or not method.startswith(issuer_id + "#"):
        result.problems.append(_("De sleutel hoort niet bij de uitgever van dit bewijs."))
        return result
    key = _published_multikey(method)
    if key is None:
        result.problems.append(
            _(
                "De uitgever is op dit platform niet bekend; dit bewijs kan "
                "hier niet worden gecontroleerd."
            )
        )
        return result
    try:
        result.credential = dataintegrity.verify(secured, key)
    except dataintegrity.DataIntegrityError:
        result.problems.append(
            _(
                "De handtekening klopt niet: het bewijs is veranderd of "
                "niet door deze uitgever gemaakt."
            )
        )
        return result
    result.signature_valid = True
    _check_shape_and_dates(result, now)
    _check_status(result)
    return result


def _published_multikey(method: str):
    """The key ``method`` names, from the controller's published profile: a Multikey listed
    under ``verificationMethod`` and authorised under ``assertionMethod``."""
    controller = method.split("#", 1)[0]
    try:
        _type, body = fetch(controller)
        profile = json.loads(body)
    except (NotFetchable, ValueError):
        return None
    if method not in (profile.get("assertionMethod") or []):
        return None
    for entry in profile.get("verificationMethod") or []:
        if (
            isinstance(entry, dict)
            and entry.get("id") == method
            and entry.get("type") == "Multikey"
            and entry.get("controller") == controller
        ):
            try:
                return dataintegrity.multikey_public_key(entry.get("publicKeyMultibase"))
            except dataintegrity.DataIntegrityError:
                return None
    return None


def _verify_signature(result: Verification, header: dict, payload: dict) -> bool:
    kid, issuer = str(header.get("kid", "")), payload.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(issuer_id, str) or not kid.startswith(issuer_id + "#"):
        result.problems.append(_("De sleutel hoort niet bij de uitgever van dit bewijs."))
        return False
    try:
        key = _published_key(kid)
    except NotFetchable:
        key = None
    if key is None:
        result.problems.append(
            _(
                "De uitgever is op dit platform niet bekend; dit bewijs kan "
                "hier niet worden gecontroleerd."
            )
        )
        return False
    try:
        jose.verify(result.token, key)
    except jose.JoseError:
        result.problems.append(
            _(
                "De handtekening klopt niet: het bewijs is veranderd of "
                "niet door deze uitgever gemaakt."
            )
        )
        return False
    result.signature_valid = True
    return True


def _check_shape_and_dates(result: Verification, now: datetime.datetime) -> None:
    types = result.credential.get("type") or []
    if "VerifiableCredential" not in types or "OpenBadgeCredential" not in types:
        result.problems.append(_("Dit is geen Open Badges-bewijs."))
    result.valid_from = _parse_time(result.credential.get("validFrom"))
    result.valid_until = _parse_time(result.credential.get("validUntil"))
    if result.valid_from is None:
        result.problems.append(_("Het bewijs heeft geen geldige begindatum."))
    elif result.valid_from > now:
        result.not_yet_valid = True
    if result.valid_until is not None and result.valid_until < now:
        result.expired = True


def _check_status(result: Verification) -> None:
    status = result.credential.get("credentialStatus")
    if not isinstance(status, dict) or status.get("type") != "BitstringStatusListEntry":
        result.problems.append(_("Het bewijs heeft geen intrekkingsstatus."))
        return
    try:
        _type, body = fetch(str(status.get("statusListCredential", "")))
        if result.form == "jwt":
            status_list = _verified_jwt_list(body)
        else:
            status_list = _verified_document_list(body)
        if status_list.get("issuer") != result.issuer.get("id"):
            raise ValueError("status list of another issuer")
        subject = status_list["credentialSubject"]
        if subject.get("statusPurpose") != "revocation":
            raise ValueError("not a revocation list")
        result.revoked = decoded_bit(subject["encodedList"], int(status["statusListIndex"]))
    except (
        NotFetchable,
        jose.JoseError,
        dataintegrity.DataIntegrityError,
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        OSError,
    ):
        result.problems.append(_("De intrekkingsstatus kon niet worden gecontroleerd."))


def _verified_jwt_list(token: str) -> dict:
    header, _payload = jose.unverified_parts(token)
    key = _published_key(str(header.get("kid", "")))
    if key is None:
        raise jose.JoseError("unknown key")
    return jose.verify(token, key)


def _verified_document_list(body: str) -> dict:
    secured = json.loads(body)
    method = str(dataintegrity.unverified_proof(secured)["verificationMethod"])
    if not method.startswith(f"{secured.get('issuer')}#"):
        raise dataintegrity.DataIntegrityError("key of another issuer")
    key = _published_multikey(method)
    if key is None:
        raise dataintegrity.DataIntegrityError("unknown key")
    return dataintegrity.verify(secured, key)
