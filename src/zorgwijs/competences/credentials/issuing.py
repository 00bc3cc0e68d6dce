"""Issue and revoke credentials; build the status list an issuer publishes."""

from __future__ import annotations

import base64
import datetime
import gzip
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.services import record as audit
from zorgwijs.organisations.models import Membership

from ..models import CompetenceItem, CompetenceRecord, EvidenceKind, PassportLine, RecordKind
from ..status import QUALIFIED, line_status
from . import jose
from .keys import issuer_key, private_key
from .models import STATUS_LIST_SIZE, IssuedCredential
from .urls import issuer_id, status_list_url

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VC_JWT = "vc+jwt"
ISSUABLE = QUALIFIED


def _day_start(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _day_end(day: datetime.date) -> str:
    return f"{day.isoformat()}T23:59:59Z"


def issuable_record(
    *, membership: Membership, item: CompetenceItem, on: datetime.date
) -> CompetenceRecord | None:
    """The qualification behind a valid line: the latest standing record that covers ``on``."""
    line = PassportLine.objects.filter(membership=membership, item=item).first()
    if line is None or line_status(line, on) not in ISSUABLE:
        return None
    return (
        CompetenceRecord.objects.filter(
            organisation_id=membership.organisation_id,
            person_id=membership.user_id,
            item=item,
            kind=RecordKind.QUALIFICATION,
            voided_by__isnull=True,
            occurred_on__lte=on,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("-occurred_on", "-id")
        .first()
    )


def achievement_id(item: CompetenceItem) -> str:
    return "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/competence-item/{item.pk}")
    )


def credential_payload(
    *,
    organisation,
    person,
    item: CompetenceItem,
    record: CompetenceRecord,
    jti: str,
    status_list: int,
    status_index: int,
    issued: datetime.datetime,
) -> dict:
    issuer = issuer_id(organisation)
    status_url = status_list_url(organisation, status_list)
    evidence = dict(EvidenceKind.choices).get(record.evidence_kind, "")
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": jti,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{item.name} — {organisation.name}",
        "issuer": {"id": issuer, "type": ["Profile"], "name": organisation.name},
        "validFrom": _day_start(record.occurred_on),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": person.full_name,
                }
            ],
            "achievement": {
                "id": achievement_id(item),
                "type": ["Achievement"],
                "achievementType": "Competency",
                "name": item.name,
                "description": item.description or str(item.get_kind_display()),
                "criteria": {
                    "narrative": _(
                        "Bekwaam verklaard door %(org)s volgens het eigen bekwaamheidsbeleid "
                        "(%(kind)s)."
                    )
                    % {"org": organisation.name, "kind": item.get_kind_display()}
                },
            },
        },
        "credentialStatus": {
            "id": f"{status_url}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": status_url,
        },
        "iss": issuer,
        "jti": jti,
        "iat": int(issued.timestamp()),
    }
    if record.valid_until:
        credential["validUntil"] = _day_end(record.valid_until)
    if evidence:
        credential["evidence"] = [
            {
                "type": ["Evidence"],
                "name": str(evidence),
                "description": _day_start(record.occurred_on)[:10],
            }
        ]
    return credential


@transaction.atomic
def credential_issue(
    *, actor, membership: Membership, item: CompetenceItem, request=None
) -> IssuedCredential:
    """Issue a credential for the member's valid qualification in ``item``."""
    today = timezone.localdate()
    record = issuable_record(membership=membership, item=item, on=today)
    if record is None:
        raise ValidationError(_("Alleen een geldige bekwaamheid kan als bewijs worden gedeeld."))
    organisation = membership.organisation
    key = issuer_key(organisation)
    for _attempt in range(20):
        index = secrets.randbelow(STATUS_LIST_SIZE)
        jti = f"urn:uuid:{uuid.uuid4()}"
        issued = timezone.now()
        payload = credential_payload(
            organisation=organisation,
            person=membership.user,
            item=item,
            record=record,
            jti=jti,
            status_list=1,
            status_index=index,
            issued=issued,
        )
        try:
            with transaction.atomic():
                credential = IssuedCredential.objects.create(
                    organisation=organisation,
                    person=membership.user,
                    item=item,
                    record=record,
                    jti=jti,
                    status_list=1,
                    status_index=index,
                    valid_until=record.valid_until,
                    token=jose.sign(payload, private_key(key), kid=key.kid, typ=VC_JWT),
                )
            break
        except IntegrityError:
            continue  # that status index was taken: draw another
    else:
        raise ValidationError(_("De statuslijst is vol."))
    audit(
        "competences.credential.issued",
        kind="change",
        actor=actor,
        organisation=organisation,
        subject=membership.user,
        obj=credential,
        request=request,
        data={"item": item.name, "jti": jti},
    )
    return credential


@transaction.atomic
def credential_revoke(
    *, actor, credential: IssuedCredential, reason: str, request=None
) -> IssuedCredential:
    if credential.revoked_at is not None:
        raise ValidationError(_("Dit bewijs is al ingetrokken."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden.")})
    credential.revoked_at = timezone.now()
    credential.revoked_reason = reason.strip()
    credential.save(update_fields=["revoked_at", "revoked_reason"])
    audit(
        "competences.credential.revoked",
        kind="change",
        actor=actor,
        organisation=credential.organisation,
        subject=credential.person,
        obj=credential,
        request=request,
        data={"jti": credential.jti, "reason": credential.revoked_reason},
    )
    return credential


def revoked_indexes(*, organisation, number: int) -> list[int]:
    """Indexes whose bit is set: revoked by hand, or the qualification behind them was revoked
    or corrected away (records are append-only, so this never flips back)."""
    revocation = CompetenceRecord.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        person_id=OuterRef("person_id"),
        item_id=OuterRef("item_id"),
        kind=RecordKind.REVOCATION,
        occurred_on__gte=OuterRef("record__occurred_on"),
    )
    voided = CompetenceRecord.objects.filter(voids_id=OuterRef("record_id"))
    return list(
        IssuedCredential.objects.filter(organisation=organisation, status_list=number)
        .filter(Q(revoked_at__isnull=False) | Exists(revocation) | Exists(voided))
        .values_list("status_index", flat=True)
    )


def encoded_list(indexes: list[int], size: int = STATUS_LIST_SIZE) -> str:
    """GZIP-compressed bitstring, base64url, multibase prefix "u"; index 0 is the first
    (most significant) bit of the first byte."""
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=").decode()


def decoded_bit(encoded: str, index: int) -> bool:
    if not encoded.startswith("u"):
        raise ValueError("unknown multibase")
    raw = gzip.decompress(jose.b64url_decode(encoded[1:]))
    if index // 8 >= len(raw):
        raise ValueError("index outside the list")
    return bool(raw[index // 8] & (0x80 >> (index % 8)))


def status_list_token(*, organisation, number: int) -> str:
    url = status_list_url(organisation, number)
    key = issuer_key(organisation)
    now = timezone.now()
    payload = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(organisation),
        "validFrom": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked_indexes(organisation=organisation, number=number)),
        },
        "iss": issuer_id(organisation),
        "iat": int(now.timestamp()),
    }
    return jose.sign(payload, private_key(key), kid=key.kid, typ=VC_JWT)
