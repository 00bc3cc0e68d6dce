"""Verify a credential the way an outside verifier would: the key from the issuer's published
JWKS and the status from its published status list. Both are fetched from this platform
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

from . import jose
from .issuing import decoded_bit
from .urls import jwks_url

MAX_TOKEN_LENGTH = 20_000


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
    now = now or timezone.now()
    result = Verification(token=token.strip())
    if not result.token or len(result.token) > MAX_TOKEN_LENGTH:
        result.problems.append(_("Dit is geen verifieerbaar bewijs (JWT)."))
        return result
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
        _type, token = fetch(str(status.get("statusListCredential", "")))
        header, payload = jose.unverified_parts(token)
        key = _published_key(str(header.get("kid", "")))
        if key is None or payload.get("issuer") != result.issuer.get("id"):
            raise jose.JoseError("status list of another issuer")
        payload = jose.verify(token, key)
        encoded = payload["credentialSubject"]["encodedList"]
        result.revoked = decoded_bit(encoded, int(status["statusListIndex"]))
    except (NotFetchable, jose.JoseError, KeyError, ValueError, TypeError, OSError):
        result.problems.append(_("De intrekkingsstatus kon niet worden gecontroleerd."))
