"""Compact JWS with Ed25519 (alg "EdDSA", RFC 8037), written on ``cryptography`` directly.

Small on purpose: one algorithm, no negotiation. The tests verify its output with PyJWT, an
independent implementation.
"""

from __future__ import annotations

import base64
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


class JoseError(ValueError):
    pass


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise JoseError("not base64url") from error


def public_jwk(key: Ed25519PublicKey, kid: str) -> dict:
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": b64url(raw),
        "kid": kid,
        "alg": "EdDSA",
        "use": "sig",
    }


def jwk_public_key(jwk: dict) -> Ed25519PublicKey:
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise JoseError("unsupported key type")
    return Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))


def sign(payload: dict, key: Ed25519PrivateKey, *, kid: str, typ: str) -> str:
    header = {"alg": "EdDSA", "kid": kid, "typ": typ, "cty": typ.removesuffix("+jwt")}
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode())
        for part in (header, payload)
    )
    return f"{signing_input}.{b64url(key.sign(signing_input.encode('ascii')))}"


def unverified_parts(token: str) -> tuple[dict, dict]:
    """Header and payload, not yet trusted."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise JoseError("not a compact JWS")
    try:
        return json.loads(b64url_decode(parts[0])), json.loads(b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as error:
        raise JoseError("not JSON") from error


def verify(token: str, key: Ed25519PublicKey) -> dict:
    header, payload = unverified_parts(token)
    if header.get("alg") != "EdDSA":
        raise JoseError("unexpected algorithm")
    head, body, signature = token.strip().split(".")
    try:
        key.verify(b64url_decode(signature), f"{head}.{body}".encode("ascii"))
    except InvalidSignature as error:
        raise JoseError("bad signature") from error
    return payload
