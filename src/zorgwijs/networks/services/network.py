"""Writes of a network's home: its profile, convenant, roles, topics and actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.accounts.models import User
from zorgwijs.audit.services import record
from zorgwijs.lib.uploads import validate_upload
from zorgwijs.organisations.models import Network

from ..models import Action, Convenant, NetworkProfile, NetworkRole, RoleKind, Signatory, Topic
from ..search_index import network_events_index

CONVENANT_TYPES = (".pdf",)
CONVENANT_MAX_MB = 10


def _audit(action: str, *, actor: User | None, obj, request=None, **data: Any) -> None:
    record(action, kind="change", actor=actor, obj=obj, request=request, data=data)


@transaction.atomic
def profile_save(
    *, actor: User, network: Network, data: dict[str, Any], request: HttpRequest | None = None
) -> NetworkProfile:
    profile, _created = NetworkProfile.objects.select_for_update().get_or_create(network=network)
    for name in ("about", "public_home", "open_to_individuals", "anonymous_reactions", "terms"):
        if name in data:
            setattr(profile, name, data[name])
    if profile.open_to_individuals and not profile.public_home:
        raise ValidationError(
            {
                "open_to_individuals": _(
                    "Zet eerst de openbare startpagina aan: wie nog geen lid is, moet het "
                    "netwerk kunnen vinden."
                )
            }
        )
    if profile.open_to_individuals and not profile.terms.strip():
        raise ValidationError(
            {"terms": _("Schrijf de deelnamevoorwaarden die nieuwe deelnemers accepteren.")}
        )
    profile.save()
    network_events_index(network)
    _audit("networks.profile.saved", actor=actor, obj=profile, request=request, network=network.pk)
    return profile


@transaction.atomic
def convenant_save(
    *,
    actor: User,
    network: Network,
    data: dict[str, Any],
    document=None,
    request: HttpRequest | None = None,
) -> Convenant:
    if document is not None:
        validate_upload(document, extensions=CONVENANT_TYPES, max_mb=CONVENANT_MAX_MB)
    convenant = Convenant.objects.filter(network=network).first() or Convenant(network=network)
    convenant.title = data["title"]
    convenant.signed_on = data["signed_on"]
    convenant.summary = data.get("summary", "")
    if document is not None:
        convenant.document = document
    convenant.full_clean()
    convenant.save()
    _audit("networks.convenant.saved", actor=actor, obj=convenant, request=request)
    return convenant


@transaction.atomic
def signatory_add(
    *, actor: User, convenant: Convenant, data: dict[str, Any], request=None
) -> Signatory:
    organisation = data.get("organisation")
    name = data.get("organisation_name") or (organisation.name if organisation else "")
    if not name:
        raise ValidationError({"organisation_name": _("Kies een organisatie of vul een naam in.")})
    if convenant.signatories.filter(organisation_name__iexact=name).exists():
        raise ValidationError({"organisation_name": _("Deze organisatie staat er al bij.")})
    signatory = Signatory.objects.create(
        convenant=convenant,
        organisation=organisation,
        organisation_name=name,
        signed_by=data.get("signed_by", ""),
    )
    _audit("networks.signatory.added", actor=actor, obj=signatory, request=request)
    return signatory


@transaction.atomic
def role_give(
    *, actor: User, network: Network, user: User, role: str, request: HttpRequest | None = None
) -> NetworkRole:
    if role not in RoleKind.values:
        raise ValidationError({"role": _("Kies een rol.")})
    if NetworkRole.objects.filter(network=network, user=user, role=role).exists():
        raise ValidationError({"email": _("Deze persoon heeft deze rol al.")})
    given = NetworkRole.objects.create(network=network, user=user, role=role)
    record(
        "networks.role.given",
        kind="change",
        actor=actor,
        subject=user,
        obj=given,
        request=request,
        data={"network": network.pk, "role": role},
    )
    return given


@transaction.atomic
def role_take(*, actor: User, role: NetworkRole, request: HttpRequest | None = None) -> None:
    if (
        role.role == RoleKind.COORDINATOR
        and not NetworkRole.objects.filter(network=role.network_id, role=RoleKind.COORDINATOR)
        .exclude(pk=role.pk)
        .exists()
        and not actor.is_platform_admin
    ):
        raise ValidationError(_("Het netwerk houdt minstens één coördinator."))
    record(
        "networks.role.taken",
        kind="change",
        actor=actor,
        subject=role.user,
        obj=role,
        request=request,
        data={"network": role.network_id, "role": role.role},
    )
    role.delete()


@transaction.atomic
def participant_join(
    *, actor: User, network: Network, accepted_terms: bool, request: HttpRequest | None = None
) -> NetworkRole:
    """Someone joins on their own: the network must be open to individuals, the person must
    have a confirmed e-mail address and accept the network's terms."""
    profile = NetworkProfile.objects.filter(network=network).first()
    if profile is None or not profile.open_to_individuals:
        raise ValidationError(_("Dit netwerk neemt geen losse deelnemers aan."))
    if not accepted_terms:
        raise ValidationError(
            {"accept_terms": _("Accepteer de deelnamevoorwaarden om mee te doen.")}
        )
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(
        user=actor, email__iexact=actor.email, verified=True
    ).exists():
        raise ValidationError(
            _("Bevestig eerst je e-mailadres; daarna kun je je aanmelden voor het netwerk.")
        )
    if NetworkRole.objects.filter(network=network, user=actor, role=RoleKind.PARTICIPANT).exists():
        raise ValidationError(_("Je doet al mee met dit netwerk."))
    role = NetworkRole.objects.create(
        network=network, user=actor, role=RoleKind.PARTICIPANT, terms_accepted_at=timezone.now()
    )
    _audit(
        "networks.participant.joined", actor=actor, obj=role, request=request, network=network.pk
    )
    return role


@transaction.atomic
def topic_save(
    *,
    actor: User,
    network: Network,
    data: dict[str, Any],
    topic: Topic | None = None,
    request: HttpRequest | None = None,
) -> Topic:
    if topic is None:
        highest = Topic.objects.filter(network=network).aggregate(n=Max("number"))["n"] or 0
        topic = Topic(network=network, number=highest + 1)
    topic.title = data["title"]
    topic.description = data.get("description", "")
    topic.save()
    _audit("networks.topic.saved", actor=actor, obj=topic, request=request)
    return topic


@transaction.atomic
def action_save(
    *,
    actor: User,
    topic: Topic,
    data: dict[str, Any],
    action: Action | None = None,
    request: HttpRequest | None = None,
) -> Action:
    if action is None:
        action = Action(topic=topic, position=topic.actions.count())
    for name in ("title", "description", "owner_organisation", "owner_name", "status"):
        if name in data:
            setattr(action, name, data[name] if data[name] is not None else None)
    if action.owner_name is None:
        action.owner_name = ""
    action.full_clean(exclude=["topic"])
    action.save()
    if "projects" in data:
        action.projects.set(data["projects"])
    if "spaces" in data:
        action.spaces.set(data["spaces"])
    _audit("networks.action.saved", actor=actor, obj=action, request=request, topic=topic.pk)
    return action
