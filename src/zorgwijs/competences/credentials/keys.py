"""Per-organisation signing keys. The private key is encrypted at rest with AES-GCM under a key
derived (HKDF-SHA256) from CREDENTIALS_SECRET_KEY (SECRET_KEY unless set apart): a database dump
alone cannot sign credentials. Changing that secret therefore needs new issuer keys (old
credentials stay verifiable: the public keys stay published)."""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.conf import settings
from django.db import transaction

from .jose import b64url, b64url_decode, public_jwk
from .models import IssuerKey
from .urls import issuer_id

_INFO = b"zorgwijs credentials issuer key v1"


def _wrapping_key() -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"zorgwijs.credentials", info=_INFO
    ).derive(settings.CREDENTIALS_SECRET_KEY.encode())


def _encrypt(raw: bytes, associated: bytes) -> str:
    nonce = os.urandom(12)
    return b64url(nonce + AESGCM(_wrapping_key()).encrypt(nonce, raw, associated))


def _decrypt(blob: str, associated: bytes) -> bytes:
    data = b64url_decode(blob)
    return AESGCM(_wrapping_key()).decrypt(data[:12], data[12:], associated)


def issuer_key(organisation) -> IssuerKey:
    """The organisation's active key, created on first use."""
    key = IssuerKey.objects.filter(organisation=organisation, is_active=True).first()
    if key is not None:
        return key
    with transaction.atomic():
        private = Ed25519PrivateKey.generate()
        raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        kid = f"{issuer_id(organisation)}#key-{b64url(os.urandom(6))}"
        return IssuerKey.objects.create(
            organisation=organisation,
            kid=kid,
            public_jwk=public_jwk(private.public_key(), kid),
            private_key_encrypted=_encrypt(raw, kid.encode()),
        )


def private_key(key: IssuerKey) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(
        _decrypt(key.private_key_encrypted, key.kid.encode())
    )
