"""Accept a colleague's credential from another organisation as evidence here."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.lib.dates import calendar_day
from zorgwijs.organisations.models import Membership, Organisation

from ..models import CompetenceItem, CompetenceRecord, EvidenceKind
from ..services import derived_valid_until, qualification_register
from .issuing import shared_item_url
from .models import ASSESSMENT, COMPETENCY, LEARNING_PROGRAM
from .verifying import Verification

SOURCE = "credential"


@dataclass(frozen=True)
class Credit:
    """What a credential also counts for here, beside the passport item it is taken over as:
    a completed route's learning outcomes as prior learning (registered by the learning app,
    which depends on this one). ``credited`` and ``unmatched`` are worded for the
    coordinator's preview: nothing the credential covered is dropped unseen."""

    credited: tuple[str, ...]
    unmatched: tuple[str, ...]
    # Writes it for the member, dated on the day it was gained: inside the import's
    # transaction, under its one audit entry (returns what the record's note says of it).
    record: Callable[[object, Membership, datetime.date], str]


CreditFinder = Callable[[Organisation, Verification], Credit | None]
_FINDERS: list[CreditFinder] = []


def register_credit(finder: CreditFinder) -> None:
    if finder not in _FINDERS:
        _FINDERS.append(finder)


def credits_of(organisation: Organisation, verification: Verification) -> list[Credit]:
    """What a verified credential counts for here besides its item (read only)."""
    if not verification.ok:
        return []
    found = (finder(organisation, verification) for finder in _FINDERS)
    return [credit for credit in found if credit is not None]


def already_imported(*, membership: Membership, jti: str) -> CompetenceRecord | None:
    return CompetenceRecord.objects.filter(
        organisation_id=membership.organisation_id, source=SOURCE, external_ref=jti
    ).first()


# What each kind of credential proves, as passport evidence, best first: a passed test is a
# theory test, a completed route is competence gained elsewhere (prior learning), a
# qualification an external certificate or else prior learning.
_EVIDENCE_OF = {
    COMPETENCY: (EvidenceKind.CERTIFICATE, EvidenceKind.PRIOR_LEARNING),
    ASSESSMENT: (EvidenceKind.THEORY_TEST,),
    LEARNING_PROGRAM: (EvidenceKind.PRIOR_LEARNING,),
}


def _refusal(achievement_type: str, item: CompetenceItem) -> str:
    if achievement_type == ASSESSMENT:
        return _("Voor %(item)s telt een kennistoets niet als bewijs.") % {"item": item.name}
    if achievement_type == LEARNING_PROGRAM:
        return _(
            "Voor %(item)s telt een elders afgeronde leerroute (eerder verworven competentie) "
            "niet als bewijs."
        ) % {"item": item.name}
    return _("Voor deze bekwaamheid telt geen extern certificaat of eerder verworven competentie.")


def evidence_kind_of(verification: Verification, item: CompetenceItem) -> str:
    """The evidence a verified credential is in the passport, by what it was issued for
    (Open Badges' ``achievementType``); the item must accept it. Any other achievement is not
    ours to take over."""
    achievement_type = str(verification.achievement.get("achievementType") or "")
    wanted = _EVIDENCE_OF.get(achievement_type)
    if wanted is None:
        raise ValidationError(
            _(
                "Dit bewijs is geen bekwaamheid, behaalde toets of afgeronde leerroute; het kan "
                "niet worden overgenomen."
            )
        )
    for kind in wanted:
        if not item.evidence_kinds or kind in item.evidence_kinds:
            return kind
    raise ValidationError({"item": _refusal(achievement_type, item)})


def matching_item(organisation, verification: Verification) -> CompetenceItem | None:
    """The item here a verified credential is about, to pre-select: the item it is aligned to
    (a test's item; the same network template adopted here), else one of the same name."""
    if not verification.signature_valid:
        return None
    if verification.achievement.get("achievementType") == LEARNING_PROGRAM:
        # A route is aligned to its blueprint and outcomes, not to an item: the target role.
        aligned: list[tuple[str, str]] = []
    else:
        aligned = verification.aligned_items
    items = list(CompetenceItem.objects.filter(organisation=organisation, is_active=True))
    by_url = {shared_item_url(item): item for item in items}
    by_name = {item.name.casefold(): item for item in items}
    for _name, url in aligned:
        if url in by_url:
            return by_url[url]
    names = [name for name, _url in aligned] + [str(verification.achievement.get("name") or "")]
    return next((by_name[n.casefold()] for n in names if n.casefold() in by_name), None)


@transaction.atomic
def credential_import(
    *,
    actor,
    membership: Membership,
    item: CompetenceItem,
    verification: Verification,
    context: AuditContext | None = None,
) -> CompetenceRecord:
    """Register a qualification from a verified credential as the evidence it is: a passed
    test as a theory test (which completes a knowledge-test step of a route here), a completed
    route as prior learning, a qualification as a certificate; and what else it counts for
    here (``credits_of``: a route's outcomes as prior learning). Idempotent per credential
    (jti)."""
    if not verification.ok:
        raise ValidationError(_("Dit bewijs is niet geldig en kan niet worden overgenomen."))
    jti = verification.jti
    if not jti or len(jti) > 120:
        raise ValidationError(_("Dit bewijs heeft geen bruikbaar kenmerk."))
    earlier = already_imported(membership=membership, jti=jti)
    if earlier is not None:
        raise ValidationError(
            _("Dit bewijs is al overgenomen op %(date)s; er is niets toegevoegd.")
            % {"date": earlier.entered_at.strftime("%d-%m-%Y")}
        )
    assert verification.valid_from is not None, "an ok credential has its validFrom"
    occurred_on = calendar_day(verification.valid_from)  # the Dutch day it was gained
    issuer = verification.issuer.get("name") or verification.issuer.get("id")
    until = verification.valid_until.date() if verification.valid_until else None
    derived = derived_valid_until(item, occurred_on)
    valid_until = until if until and (derived is None or until < derived) else None
    reason = _("Overgenomen uit verifieerbaar bewijs van %(issuer)s") % {"issuer": issuer}
    gained_on = min(occurred_on, timezone.localdate())
    credited = [
        credit.record(actor, membership, gained_on)
        for credit in credits_of(membership.organisation, verification)
    ]
    return qualification_register(
        actor=actor,
        membership=membership,
        item=item,
        occurred_on=gained_on,
        evidence_kind=evidence_kind_of(verification, item),
        valid_until=valid_until,
        valid_until_reason=reason if valid_until else "",
        backdate_reason=reason,
        note="; ".join(
            [
                _("%(reason)s: %(label)s, %(name)s (%(id)s)")
                % {
                    "reason": reason,
                    "label": verification.achievement_label,
                    "name": verification.achievement.get("name", ""),
                    "id": jti,
                },
                *filter(None, credited),
            ]
        ),
        source=SOURCE,
        external_ref=jti,
        context=context,
    )
