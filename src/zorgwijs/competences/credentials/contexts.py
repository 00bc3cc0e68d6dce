"""The JSON-LD contexts the canonicaliser may read: only the vendored copies, never the network.

The files are copied from their npm packages by the setup (`make assets`) into the vendored
static folder; the Open Badges context is looked up there by the very URL our credentials name,
so a package without that version stops the setup instead of signing under another context.
"""

from __future__ import annotations

import functools
import json

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Terms of the issuer's controller document (verificationMethod, assertionMethod, Multikey):
# named in the published profile so a verifier can frame it; we never canonicalise it here.
DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"

_FILES = {
    VC_CONTEXT: "credentials-v2.jsonld",
    OB_CONTEXT: "ob-v3p0-context-3.0.3.json",
}


class UnknownContext(ValueError):
    """A document names a context that is not bundled: it is not loaded from anywhere else."""


@functools.cache
def bundled(url: str) -> dict:
    name = _FILES.get(url)
    if name is None:
        raise UnknownContext(url)
    path = finders.find(f"vendor/jsonld/{name}")
    if not path or isinstance(path, list):
        raise ImproperlyConfigured(f"JSON-LD context {name} is missing: run `make assets`")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def document_loader(url: str, options: object = None) -> dict:
    """pyld's loader interface; only bundled contexts, anything else is refused."""
    return {"contextUrl": None, "documentUrl": url, "document": bundled(url)}
