"""Issue and revoke credentials; build the status list an issuer publishes."""

from __future__ import annotations

import base64
import datetime
import gzip
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.organisations.models import Membership

from ..models import CompetenceItem, CompetenceRecord, EvidenceKind, PassportLine, RecordKind
from ..status import QUALIFIED, line_status
from . import dataintegrity, jose
from .contexts import OB_CONTEXT, VC_CONTEXT
from .keys import issuer_key, private_key
from .models import COMPETENCY, STATUS_LIST_SIZE, IssuedCredential
from .urls import issuer_id, status_list_url

VC_JWT = "vc+jwt"
ISSUABLE = QUALIFIED


def _day_start(day: datetime.date) -> str:
    """The day's start in UTC, but never after now: in the first hour of a Dutch day the UTC
    date is still yesterday's, and a verifier refuses a credential that is not yet valid."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    return min(start, timezone.now()).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    return achievement_urn(f"competence-item/{item.pk}")


def shared_item_url(item: CompetenceItem) -> str:
    """An item as the organisations of a network share it: its network template when it was
    adopted from one, so another adopter of that template recognises it in a credential."""
    return achievement_urn(f"competence-item/{item.adopted_from_id or item.pk}")


def achievement_urn(key: str) -> str:
    """A stable id for an achievement of this platform, the same in every credential."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/{key}"))


@dataclass(frozen=True)
class Target:
    """Something an achievement is aligned to, as an Open Badges ``Alignment``: a competence
    item, a blueprint, or a learning outcome (with its ``code``, the blueprint as its
    ``framework`` and its work process as its ``description``). A ``level`` (Miller, 1-4) is
    the level the achievement required of it, stated as a result the person reached."""

    name: str
    url: str
    type: str = "ceasn:Competency"
    code: str = ""
    framework: str = ""
    description: str = ""
    level: int | None = None
    level_name: str = ""

    def alignment(self) -> dict:
        alignment = {
            "type": ["Alignment"],
            "targetName": self.name,
            "targetUrl": self.url,
            "targetType": self.type,
        }
        for term, value in (
            ("targetCode", self.code),
            ("targetFramework", self.framework),
            ("targetDescription", self.description),
        ):
            if value:
                alignment[term] = value
        return alignment


@dataclass(frozen=True)
class Award:
    """What a credential states, whatever was achieved (a qualification, a passed test, a
    completed route): an achievement for a person, with dates and evidence."""

    achievement_id: str
    achievement_type: str
    name: str
    description: str
    criteria: str
    person_name: str
    valid_from: datetime.date
    valid_until: datetime.date | None = None
    evidence: tuple[tuple[str, str], ...] = ()
    # A scored achievement (a test): the score and the pass mark, both in percent.
    score_percent: int | None = None
    pass_percent: int | None = None
    # When the learning took place (a route): the subject's activity dates.
    activity_start: datetime.date | None = None
    activity_end: datetime.date | None = None
    # What the achievement is aligned to: a test's competence item (its ``shared_item_url``, so
    # an importer can take it over as that item); a route's blueprint and learning outcomes.
    targets: tuple[Target, ...] = ()


def qualification_award(*, organisation, person, item: CompetenceItem, record) -> Award:
    evidence = dict(EvidenceKind.choices).get(record.evidence_kind, "")
    return Award(
        achievement_id=achievement_id(item),
        achievement_type=COMPETENCY,
        name=item.name,
        description=item.description or str(item.get_kind_display()),
        criteria=_(
            "Bekwaam verklaard door %(org)s volgens het eigen bekwaamheidsbeleid (%(kind)s)."
        )
        % {"org": organisation.name, "kind": item.get_kind_display()},
        person_name=person.full_name,
        valid_from=record.occurred_on,
        valid_until=record.valid_until,
        evidence=((str(evidence), record.occurred_on.isoformat()),) if evidence else (),
    )


def credential_document(
    *, organisation, award: Award, jti: str, status_url: str, status_index: int
) -> dict:
    """The unsecured Open Badges credential (VC Data Model 2.0) stating ``award``."""
    credential: dict = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": jti,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{award.name} — {organisation.name}",
        "issuer": {"id": issuer_id(organisation), "type": ["Profile"], "name": organisation.name},
        "validFrom": _day_start(award.valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": award.person_name,
                }
            ],
            "achievement": {
                "id": award.achievement_id,
                "type": ["Achievement"],
                "achievementType": award.achievement_type,
                "name": award.name,
                "description": award.description,
                "criteria": {"narrative": award.criteria},
            },
        },
        "credentialStatus": {
            "id": f"{status_url}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": status_url,
        },
    }
    subject = credential["credentialSubject"]
    if award.targets:
        subject["achievement"]["alignment"] = [target.alignment() for target in award.targets]
    if award.score_percent is not None:
        result_id = f"{award.achievement_id}-score"  # a stable id per achievement, not per person
        subject["achievement"]["resultDescription"] = [
            {
                "id": achievement_urn(f"result/{result_id}"),
                "type": ["ResultDescription"],
                "name": _("Score"),
                "resultType": "Percent",
                "requiredValue": str(award.pass_percent or 0),
            }
        ]
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": subject["achievement"]["resultDescription"][0]["id"],
                "value": str(award.score_percent),
            }
        ]
    leveled = [target for target in award.targets if target.level is not None]
    if leveled:
        _levels(subject, leveled)
    if award.activity_start:
        subject["activityStartDate"] = award.activity_start.isoformat()
    if award.activity_end:
        subject["activityEndDate"] = award.activity_end.isoformat()
    if award.valid_until:
        credential["validUntil"] = _day_end(award.valid_until)
    if award.evidence:
        credential["evidence"] = [
            {"type": ["Evidence"], "name": name, "description": description}
            for name, description in award.evidence
        ]
    return credential


def _levels(subject: dict, targets: list[Target]) -> None:
    """Per target with a level, a ``RubricCriterionLevel`` result: the achievement's
    ``resultDescription`` says which level it required of what (its alignment), the subject's
    ``result`` that the person reached it. Ids are stable per target and level, not per
    person."""
    descriptions, results = [], []
    for target in targets:
        level_id = achievement_urn(f"level/{target.level}")
        description_id = achievement_urn(f"result/{target.url}/level")
        descriptions.append(
            {
                "id": description_id,
                "type": ["ResultDescription"],
                "name": f"{target.code} {target.name}".strip(),
                "alignment": [target.alignment()],
                "resultType": "RubricCriterionLevel",
                "requiredLevel": level_id,
                "rubricCriterionLevel": [
                    {
                        "id": level_id,
                        "type": ["RubricCriterionLevel"],
                        "name": target.level_name or str(target.level),
                        "level": str(target.level),
                    }
                ],
            }
        )
        results.append(
            {
                "type": ["Result"],
                "resultDescription": description_id,
                "achievedLevel": level_id,
                "status": "Completed",
            }
        )
    subject["achievement"].setdefault("resultDescription", []).extend(descriptions)
    subject.setdefault("result", []).extend(results)


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def secured_jwt(*, organisation, award: Award, jti: str, status_index: int, key, issued) -> str:
    """VC-JOSE: the credential as the claims set of a compact JWS."""
    document = credential_document(
        organisation=organisation,
        award=award,
        jti=jti,
        status_url=status_list_url(organisation, 1),
        status_index=status_index,
    )
    payload = {**document, "iss": issuer_id(organisation), "jti": jti}
    payload["iat"] = int(issued.timestamp())
    return jose.sign(payload, private_key(key), kid=key.kid, typ=VC_JWT)


def secured_data_integrity(
    *, organisation, award: Award, jti: str, status_index: int, key, issued
) -> dict:
    """The same credential with an ``eddsa-rdfc-2022`` proof; its status points at the status
    list in the same form (the same bits as the JWT's)."""
    document = credential_document(
        organisation=organisation,
        award=award,
        jti=jti,
        status_url=status_list_url(organisation, 1, linked_data=True),
        status_index=status_index,
    )
    return dataintegrity.sign(
        document, private_key(key), verification_method=key.kid, created=_timestamp(issued)
    )


def award_issue(*, organisation, person, award: Award, **row) -> IssuedCredential:
    """Store a credential for ``award`` in both forms at a random free status index; ``row``
    names what it was issued for (the caller owns the transaction and the audit entry)."""
    key = issuer_key(organisation)
    for _attempt in range(20):
        index = secrets.randbelow(STATUS_LIST_SIZE)
        jti = f"urn:uuid:{uuid.uuid4()}"
        issued = timezone.now()
        forms = {
            "organisation": organisation,
            "award": award,
            "jti": jti,
            "status_index": index,
            "key": key,
            "issued": issued,
        }
        try:
            with transaction.atomic():
                return IssuedCredential.objects.create(
                    organisation=organisation,
                    person=person,
                    jti=jti,
                    status_list=1,
                    status_index=index,
                    valid_until=award.valid_until,
                    name=award.name[:300],
                    token=secured_jwt(**forms),
                    document=secured_data_integrity(**forms),
                    **row,
                )
        except IntegrityError:
            continue  # that status index was taken: draw another
    raise ValidationError(_("De statuslijst is vol."))


def learning_award_issue(
    *,
    actor,
    organisation,
    person,
    award: Callable[[], Award],
    achieved: dict,
    action: str,
    data: dict,
    item: CompetenceItem | None = None,
    context: AuditContext | None = None,
) -> IssuedCredential:
    """The learner's credential for one learning achievement (``achieved``: ``{"attempt": …}``
    or ``{"route": …}``, locked and checked by the caller): the unrevoked one again if there is
    one, else a new one for ``award()``, audited as ``action`` with ``data`` and its jti."""
    existing = IssuedCredential.objects.filter(
        organisation=organisation, revoked_at__isnull=True, **achieved
    ).first()
    if existing is not None:
        return existing
    credential = award_issue(
        organisation=organisation, person=person, award=award(), item=item, **achieved
    )
    audit(
        action,
        kind="change",
        actor=actor,
        organisation=organisation,
        subject=person,
        obj=credential,
        context=context,
        data={**data, "jti": credential.jti},
    )
    return credential


@transaction.atomic
def credential_issue(
    *, actor, membership: Membership, item: CompetenceItem, context: AuditContext | None = None
) -> IssuedCredential:
    """Issue a credential for the member's valid qualification in ``item``."""
    today = timezone.localdate()
    record = issuable_record(membership=membership, item=item, on=today)
    if record is None:
        raise ValidationError(_("Alleen een geldige bekwaamheid kan als bewijs worden gedeeld."))
    organisation = membership.organisation
    award = qualification_award(
        organisation=organisation, person=membership.user, item=item, record=record
    )
    credential = award_issue(
        organisation=organisation, person=membership.user, award=award, item=item, record=record
    )
    audit(
        "competences.credential.issued",
        kind="change",
        actor=actor,
        organisation=organisation,
        subject=membership.user,
        obj=credential,
        context=context,
        data={"item": item.name, "jti": credential.jti},
    )
    return credential


@transaction.atomic
def credential_wallet_form(
    *, actor, credential: IssuedCredential, context: AuditContext | None = None
) -> dict:
    """The Data Integrity form of a credential issued before that form existed: made once, for
    the same credential (id, status index, qualification), signed now."""
    credential = IssuedCredential.objects.select_for_update().get(pk=credential.pk)
    if credential.document is not None:
        return credential.document
    if credential.item is None or credential.record is None:
        # Learning credentials (a test, a route) were issued with both forms from the start.
        raise ValidationError(_("Dit bewijs heeft geen wallet-vorm."))
    organisation = credential.organisation
    award = qualification_award(
        organisation=organisation,
        person=credential.person,
        item=credential.item,
        record=credential.record,
    )
    credential.document = secured_data_integrity(
        organisation=organisation,
        award=award,
        jti=credential.jti,
        status_index=credential.status_index,
        key=issuer_key(organisation),
        issued=timezone.now(),
    )
    credential.save(update_fields=["document"])
    audit(
        "competences.credential.secured",
        kind="change",
        actor=actor,
        organisation=organisation,
        subject=credential.person,
        obj=credential,
        context=context,
        data={"jti": credential.jti, "form": dataintegrity.CRYPTOSUITE},
    )
    return credential.document


@transaction.atomic
def credential_revoke(
    *, actor, credential: IssuedCredential, reason: str, context: AuditContext | None = None
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
        context=context,
        data={"jti": credential.jti, "reason": credential.revoked_reason},
    )
    return credential


def revoked_indexes(*, organisation, number: int) -> list[int]:
    """Indexes whose bit is set: revoked by hand, or the qualification behind them was revoked
    or corrected away (records are append-only, so this never flips back); for a passed test,
    the test result was corrected away in the passport; for a completed route, the route is no
    longer completed."""
    revocation = CompetenceRecord.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        person_id=OuterRef("person_id"),
        item_id=OuterRef("item_id"),
        kind=RecordKind.REVOCATION,
        occurred_on__gte=OuterRef("record__occurred_on"),
    )
    voided = CompetenceRecord.objects.filter(voids_id=OuterRef("record_id"))
    test_voided = CompetenceRecord.objects.filter(voids_id=OuterRef("attempt__record_id"))
    return list(
        IssuedCredential.objects.filter(organisation=organisation, status_list=number)
        .filter(
            Q(revoked_at__isnull=False)
            | Exists(revocation)
            | Exists(voided)
            | Exists(test_voided)
            | (Q(route__isnull=False) & ~Q(route__state="completed"))
        )
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


def _status_list_credential(*, organisation, number: int, url: str, now: datetime.datetime) -> dict:
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(organisation),
        "validFrom": _timestamp(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked_indexes(organisation=organisation, number=number)),
        },
    }


def status_list_token(*, organisation, number: int) -> str:
    """The status list for JWT credentials, itself a ``vc+jwt``."""
    key = issuer_key(organisation)
    now = timezone.now()
    url = status_list_url(organisation, number)
    payload = _status_list_credential(organisation=organisation, number=number, url=url, now=now)
    payload.update({"iss": issuer_id(organisation), "iat": int(now.timestamp())})
    return jose.sign(payload, private_key(key), kid=key.kid, typ=VC_JWT)


def status_list_document(*, organisation, number: int) -> dict:
    """The same list (the same bits) with a Data Integrity proof, for the wallet form."""
    key = issuer_key(organisation)
    now = timezone.now()
    url = status_list_url(organisation, number, linked_data=True)
    document = _status_list_credential(organisation=organisation, number=number, url=url, now=now)
    return dataintegrity.sign(
        document, private_key(key), verification_method=key.kid, created=_timestamp(now)
    )
