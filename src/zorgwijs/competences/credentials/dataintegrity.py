"""W3C Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (Ed25519 over RDFC-1.0).

Per the cryptosuite: the proof configuration (the proof without ``proofValue``, with the
document's ``@context``) and the document without its proof are each canonicalised to N-Quads
with RDFC-1.0 (pyld's URDNA2015, the same algorithm) and hashed with SHA-256; the Ed25519
signature is over the proof configuration's hash followed by the document's hash, and
``proofValue`` is that signature in multibase base58btc (``z…``). The tests check our output
with an independent implementation (digitalbazaar's verifier, run by Node).
"""

from __future__ import annotations

import hashlib
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyld import jsonld
from pyld.canon import URDNA2015

from .contexts import UnknownContext, document_loader

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
# Multicodec prefix of an Ed25519 public key (0xed, varint-encoded) in a Multikey.
_ED25519_PUB = b"\xed\x01"


class DataIntegrityError(ValueError):
    pass


# RDFC-1.0 warns that crafted graphs ("poison graphs") can make canonicalisation take
# exponential time; the public check page canonicalises what anyone pastes. Our credentials need
# no n-degree hashing at all (every blank node has a unique first-degree hash), so a small
# budget refuses such graphs at once.
MAX_N_DEGREE_HASHES = 64


class _BoundedRdfc(URDNA2015):
    """pyld's RDFC-1.0 (URDNA2015) with a budget of n-degree hash calls."""

    def __init__(self, budget: int) -> None:
        super().__init__()
        self.budget = budget

    def hash_n_degree_quads(self, id_, issuer):
        self.budget -= 1
        if self.budget < 0:
            raise DataIntegrityError("too complex to canonicalise")
        return super().hash_n_degree_quads(id_, issuer)


def canonical(document: dict, *, budget: int = MAX_N_DEGREE_HASHES) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document, contexts from the bundle only.

    The same steps as ``jsonld.normalize(algorithm="URDNA2015")``: to an RDF dataset, then the
    canonicalisation algorithm -- here with a work budget."""
    try:
        dataset = jsonld.to_rdf(
            document, {"documentLoader": document_loader, "produceGeneralizedRdf": False}
        )
    except (jsonld.JsonLdError, UnknownContext) as error:
        raise DataIntegrityError("not canonicalisable with the bundled contexts") from error
    return _BoundedRdfc(budget).main(dataset, {"format": "application/n-quads"})


def _hash_data(document: dict, proof_config: dict) -> bytes:
    config_hash = hashlib.sha256(canonical(proof_config).encode()).digest()
    document_hash = hashlib.sha256(canonical(document).encode()).digest()
    return config_hash + document_hash


def multibase_b58(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode("ascii")


def multibase_b58_decode(text: object) -> bytes:
    if not isinstance(text, str) or not text.startswith("z"):
        raise DataIntegrityError("not multibase base58btc")
    try:
        return base58.b58decode(text[1:])
    except ValueError as error:
        raise DataIntegrityError("not base58") from error


def public_multikey(key: Ed25519PublicKey) -> str:
    """``publicKeyMultibase`` of a Multikey: ``z6Mk…``."""
    return multibase_b58(_ED25519_PUB + key.public_bytes(Encoding.Raw, PublicFormat.Raw))


def multikey_public_key(value: Any) -> Ed25519PublicKey:
    raw = multibase_b58_decode(value)
    if len(raw) != 34 or not raw.startswith(_ED25519_PUB):
        raise DataIntegrityError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def sign(document: dict, key: Ed25519PrivateKey, *, verification_method: str, created: str) -> dict:
    """The document with a ``proof``; ``document`` must have no proof of its own."""
    if "proof" in document:
        raise DataIntegrityError("document already has a proof")
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = key.sign(_hash_data(document, {"@context": document["@context"], **proof}))
    return {**document, "proof": {**proof, "proofValue": multibase_b58(signature)}}


def unverified_proof(secured: dict) -> dict:
    """The one ``eddsa-rdfc-2022`` assertion proof of a document, not yet trusted."""
    proof = secured.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        raise DataIntegrityError("no single proof")
    if (
        proof.get("type") != PROOF_TYPE
        or proof.get("cryptosuite") != CRYPTOSUITE
        or proof.get("proofPurpose") != PROOF_PURPOSE
        or not isinstance(proof.get("verificationMethod"), str)
    ):
        raise DataIntegrityError("unsupported proof")
    return proof


def verify(secured: dict, key: Ed25519PublicKey) -> dict:
    """Check the proof with ``key``; the document without its proof when it holds."""
    proof = unverified_proof(secured)
    signature = multibase_b58_decode(proof.get("proofValue"))
    document = {name: value for name, value in secured.items() if name != "proof"}
    if "@context" not in document:
        raise DataIntegrityError("no @context")
    config = {name: value for name, value in proof.items() if name != "proofValue"}
    config["@context"] = document["@context"]
    try:
        key.verify(signature, _hash_data(document, config))
    except InvalidSignature as error:
        raise DataIntegrityError("bad signature") from error
    return document
