"""Receiving xAPI statements as a learning record store would, for mapped activities only.

A statement is refused with the reason (nothing stored) when its id is missing or was
received before, its actor is no single agent or no current member of the organisation, its
verb is not ``passed``/``completed``, its activity is not mapped to an item or module, or its
result does not count. A valid one registers the qualification (evidence: e-learning) through
the passport's service, or for a module completes the person's open route steps for that
module (through the learning app, ``module_proven``), and is stored with it, once: the
statement id is unique per organisation.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit
from zorgwijs.competences.models import EvidenceKind
from zorgwijs.competences.services import qualification_register
from zorgwijs.organisations.models import Membership, Organisation

from ..models import XapiActivity, XapiStatement
from ..signals import module_proven

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

PASSED = "http://adlnet.gov/expapi/verbs/passed"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERBS = (PASSED, COMPLETED)


def _refuse(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _statement_id(statement: dict) -> uuid.UUID:
    raw = statement.get("id")
    if not raw:
        raise _refuse(
            "id", _("Geef de statement een id (UUID): zo verwerken we hem precies één keer.")
        )
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise _refuse("id", _("Het statement-id is geen UUID.")) from None


def _actor(organisation: Organisation, actor: Any) -> Membership:
    """The member the actor names by exactly one identifier (mbox, mbox_sha1sum, or account
    with the person's personnel number)."""
    if not isinstance(actor, dict) or actor.get("objectType", "Agent") != "Agent":
        raise _refuse("actor", _("De actor moet één persoon zijn (objectType Agent)."))
    identifiers = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in actor]
    if len(identifiers) != 1:
        raise _refuse(
            "actor", _("Noem de persoon met precies één kenmerk: mbox, mbox_sha1sum of account.")
        )
    members = Membership.objects.filter(organisation=organisation).active()
    kind = identifiers[0]
    value = actor[kind]
    found: list[Membership] = []
    if kind == "mbox" and isinstance(value, str) and value.lower().startswith("mailto:"):
        found = list(members.filter(user__email__iexact=value[7:]).select_related("user"))
    elif kind == "mbox_sha1sum" and isinstance(value, str):
        found = [
            m
            for m in members.select_related("user")
            if hashlib.sha1(f"mailto:{m.user.email}".encode(), usedforsecurity=False).hexdigest()
            == value.lower()  # xAPI defines this hash of the address; it protects nothing
        ]
    elif kind == "account" and isinstance(value, dict) and value.get("name"):
        found = list(
            members.filter(
                ~Q(employee_number=""), employee_number=str(value["name"])
            ).select_related("user")
        )
    if len(found) != 1:
        raise _refuse(
            "actor",
            _("De actor is geen (huidige) medewerker van deze organisatie: %(actor)s")
            % {"actor": str(value)[:120]},
        )
    return found[0]


def _score(result: dict) -> Decimal | None:
    score = result.get("score") or {}
    if not isinstance(score, dict):
        raise _refuse("result", _("result.score moet een object zijn."))
    if "scaled" in score:
        try:
            scaled = Decimal(str(score["scaled"]))
        except InvalidOperation:
            raise _refuse("result", _("result.score.scaled is geen getal.")) from None
        if not Decimal(-1) <= scaled <= Decimal(1):
            raise _refuse("result", _("result.score.scaled ligt tussen -1 en 1."))
        return scaled
    if "raw" in score and "max" in score:
        try:
            raw, top = Decimal(str(score["raw"])), Decimal(str(score["max"]))
            low = Decimal(str(score.get("min", 0)))
        except InvalidOperation:
            raise _refuse("result", _("result.score is geen getal.")) from None
        if top <= low or not low <= raw <= top:
            raise _refuse("result", _("result.score.raw ligt niet tussen min en max."))
        return ((raw - low) / (top - low)).quantize(Decimal("0.0001"))
    return None


def _counts(verb: str, result: dict, scaled: Decimal | None, activity: XapiActivity) -> None:
    if result.get("success") is False:
        raise _refuse("result", _("Het resultaat is niet geslaagd (success: false)."))
    if verb == COMPLETED and result.get("completion") is False:
        raise _refuse("result", _("Het resultaat is niet voltooid (completion: false)."))
    if activity.min_scaled_score is not None:
        if scaled is None:
            raise _refuse("result", _("Voor deze activiteit is een score nodig."))
        if scaled < activity.min_scaled_score:
            raise _refuse(
                "result",
                _("De score %(score)s is lager dan het minimum %(min)s voor deze activiteit.")
                % {"score": scaled, "min": activity.min_scaled_score},
            )


def _occurred_at(statement: dict) -> datetime.datetime:
    raw = statement.get("timestamp")
    if raw is None:
        return timezone.now()
    moment = parse_datetime(str(raw)) if isinstance(raw, str) else None
    if moment is None or moment.tzinfo is None:
        raise _refuse("timestamp", _("timestamp is geen ISO 8601-tijdstip met tijdzone."))
    if moment > timezone.now() + datetime.timedelta(minutes=5):
        raise _refuse("timestamp", _("Een tijdstip in de toekomst kan niet."))
    return moment


@transaction.atomic
def statement_receive(
    *, actor: User, organisation: Organisation, statement: dict, context: AuditContext | None = None
) -> XapiStatement:
    """Check one statement and register what it proves; see the module's docstring."""
    if not isinstance(statement, dict):
        raise _refuse("statement", _("Een statement is een JSON-object."))
    statement_id = _statement_id(statement)
    earlier = XapiStatement.objects.filter(
        organisation=organisation, statement_id=statement_id
    ).first()
    if earlier is not None:
        raise _refuse(
            "id",
            _("Statement %(id)s is al ontvangen op %(when)s; hij telt maar één keer.")
            % {
                "id": statement_id,
                "when": timezone.localtime(earlier.received_at).strftime("%d-%m-%Y %H:%M"),
            },
            code="conflict",
        )
    member = _actor(organisation, statement.get("actor"))
    verb = (
        (statement.get("verb") or {}).get("id") if isinstance(statement.get("verb"), dict) else None
    )
    if verb not in VERBS:
        raise _refuse("verb", _("Alleen de werkwoorden passed en completed tellen als bewijs."))
    target = statement.get("object")
    iri = target.get("id") if isinstance(target, dict) else None
    activity = (
        XapiActivity.objects.filter(organisation=organisation, iri=iri)
        .select_related("item")
        .first()
        if isinstance(iri, str)
        else None
    )
    if activity is None:
        raise _refuse(
            "object",
            _(
                "De activiteit %(iri)s is niet gekoppeld aan een bekwaamheid of module van deze "
                "organisatie."
            )
            % {"iri": str(iri)[:200]},
        )
    result = statement.get("result") or {}
    if not isinstance(result, dict):
        raise _refuse("result", _("result moet een object zijn."))
    scaled = _score(result)
    _counts(verb, result, scaled, activity)
    occurred = _occurred_at(statement)
    on = timezone.localdate(occurred)
    item = activity.item
    record = None
    if item is not None:
        if EvidenceKind.ELEARNING not in item.evidence_kinds and item.evidence_kinds:
            raise _refuse("object", _("Voor deze bekwaamheid telt e-learning niet als bewijs."))
        record = qualification_register(
            actor=actor,
            membership=member,
            item=item,
            occurred_on=on,
            evidence_kind=EvidenceKind.ELEARNING,
            note=_("xAPI: %(verb)s %(iri)s")
            % {"verb": verb.rsplit("/", 1)[-1], "iri": activity.iri},
            backdate_reason=_("Tijdstip van het xAPI-statement"),
            source="xapi",
            external_ref=str(statement_id),
            context=context,
        )
    try:
        with transaction.atomic():
            stored = XapiStatement.objects.create(
                organisation=organisation,
                statement_id=statement_id,
                activity=activity,
                membership=member,
                verb=verb,
                scaled_score=scaled,
                occurred_at=occurred,
                received_by=actor,
                record=record,
                raw=statement,
            )
    except IntegrityError:  # the same id arrived at the same moment: the other one counts
        raise _refuse(
            "id", _("Dit statement is al ontvangen; hij telt maar één keer."), "conflict"
        ) from None
    audit(
        "assessments.xapi.received",
        kind="change",
        actor=actor,
        organisation=organisation,
        subject=member.user,
        obj=stored,
        context=context,
        data={
            "statement": str(statement_id),
            "activity": activity.iri,
            **({"item": item.name} if item is not None else {"module": activity.module}),
        },
    )
    if item is None:
        # In this transaction, after the statement is stored: a replay was refused above.
        module_proven.send(
            sender=XapiStatement,
            membership=member,
            module=activity.module,
            on=on,
            actor=actor,
            via="xapi",
            includes_test=False,
            reference=f"xapi-{statement_id}",
        )
    return stored
