"""Writes of a network's home: its profile, convenant, roles, topics and actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.accounts.models import User
from zorgwijs.accounts.selectors import email_confirmed
from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.lib.uploads import validate_upload
from zorgwijs.organisations.models import Network, NetworkMembership, Organisation

from ..models import (
    Action,
    Convenant,
    FormerMember,
    NetworkProfile,
    NetworkRole,
    RoleKind,
    Signatory,
    Topic,
)
from ..search_index import network_events_index, network_index
from ..selectors import organisation_admin_by_email

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import Model

CONVENANT_TYPES = (".pdf",)
CONVENANT_MAX_MB = 10


def _audit(
    action: str, *, actor: User | None, obj: Model, context: AuditContext | None = None, **data: Any
) -> None:
    record(action, kind="change", actor=actor, obj=obj, context=context, data=data)


@transaction.atomic
def profile_save(
    *, actor: User, network: Network, data: dict[str, Any], context: AuditContext | None = None
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
    _audit("networks.profile.saved", actor=actor, obj=profile, context=context, network=network.pk)
    return profile


@transaction.atomic
def convenant_save(
    *,
    actor: User,
    network: Network,
    data: dict[str, Any],
    document: UploadedFile | None = None,
    context: AuditContext | None = None,
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
    network_index(network)
    _audit("networks.convenant.saved", actor=actor, obj=convenant, context=context)
    return convenant


@transaction.atomic
def signatory_add(
    *, actor: User, convenant: Convenant, data: dict[str, Any], context: AuditContext | None = None
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
    _audit("networks.signatory.added", actor=actor, obj=signatory, context=context)
    return signatory


@transaction.atomic
def role_give(
    *, actor: User, network: Network, user: User, role: str, context: AuditContext | None = None
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
        context=context,
        data={"network": network.pk, "role": role},
    )
    return given


@transaction.atomic
def role_take(*, actor: User, role: NetworkRole, context: AuditContext | None = None) -> None:
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
        context=context,
        data={"network": role.network_id, "role": role.role},
    )
    role.delete()


@transaction.atomic
def participant_join(
    *, actor: User, network: Network, accepted_terms: bool, context: AuditContext | None = None
) -> NetworkRole:
    """Someone joins on their own: the network must be open to individuals, the person must
    accept the network's terms and have an address known to be theirs
    (``accounts.selectors.email_confirmed``: confirmed by the mailed link, or vouched for by
    the organisation they work at). A signed-in person of another organisation therefore joins
    at once, without a mail."""
    profile = NetworkProfile.objects.filter(network=network).first()
    if profile is None or not profile.open_to_individuals:
        raise ValidationError(_("Dit netwerk neemt geen losse deelnemers aan."))
    if not accepted_terms:
        raise ValidationError(
            {"accept_terms": _("Accepteer de deelnamevoorwaarden om mee te doen.")}
        )
    if not email_confirmed(actor):
        raise ValidationError(
            _("Bevestig eerst je e-mailadres; daarna kun je je aanmelden voor het netwerk.")
        )
    if NetworkRole.objects.filter(network=network, user=actor, role=RoleKind.PARTICIPANT).exists():
        raise ValidationError(_("Je doet al mee met dit netwerk."))
    role = NetworkRole.objects.create(
        network=network, user=actor, role=RoleKind.PARTICIPANT, terms_accepted_at=timezone.now()
    )
    _audit(
        "networks.participant.joined", actor=actor, obj=role, context=context, network=network.pk
    )
    return role


@transaction.atomic
def participant_signup(
    *,
    network: Network,
    full_name: str,
    email: str,
    password: str,
    context: AuditContext | None = None,
) -> User | None:
    """An account for someone who wants to join ``network`` on their own (it must be open to
    individuals). The address is not confirmed yet: a link to confirm it is mailed, and only a
    confirmed address may join (``participant_join``). An address that already has an account
    gets a mail to sign in instead, and nothing is created; the page answers the same either
    way, so it does not tell who has an account. Returns the new account, or ``None``."""
    from allauth.account.models import EmailAddress

    from ..tasks import send_signup_email

    profile = NetworkProfile.objects.filter(network=network).first()
    if profile is None or not profile.open_to_individuals or not profile.public_home:
        raise ValidationError(_("Dit netwerk neemt geen losse deelnemers aan."))
    email = User.objects.normalize_email(email).strip()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        other = EmailAddress.objects.select_related("user").filter(email__iexact=email).first()
        existing = other.user if other is not None else None
    if existing is not None:
        if existing.is_active:
            send_signup_email(existing, network, "exists")
        return None
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    _audit(
        "networks.participant.signed_up",
        actor=user,
        obj=user,
        context=context,
        network=network.pk,
    )
    send_signup_email(user, network, "confirm")
    return user


def participant_confirm_send(*, actor: User, network: Network) -> None:
    """Mail the link that confirms ``actor``'s address again (it got lost, or expired). An
    account without allauth's record of its address (someone who left their organisation)
    gets one, unconfirmed, so that the link has an address to confirm."""
    from allauth.account.models import EmailAddress

    from ..tasks import send_signup_email

    if not EmailAddress.objects.filter(user=actor, email__iexact=actor.email).exists():
        EmailAddress.objects.create(
            user=actor,
            email=actor.email,
            primary=not EmailAddress.objects.filter(user=actor, primary=True).exists(),
            verified=False,
        )
    send_signup_email(actor, network, "confirm")


@transaction.atomic
def participant_confirm(*, key: str, network: Network, context: AuditContext | None = None) -> User:
    """Confirm an address with the key of the mailed link; refused (at the page) when the key
    is wrong or has expired."""
    from allauth.account.models import EmailConfirmationHMAC

    confirmation = EmailConfirmationHMAC.from_key(key)
    if confirmation is None:
        raise ValidationError(
            _(
                "Deze bevestigingslink klopt niet of is verlopen. Log in en vraag op deze "
                "pagina een nieuwe aan."
            )
        )
    address = confirmation.email_address
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
        _audit(
            "networks.participant.email_confirmed",
            actor=address.user,
            obj=address.user,
            context=context,
            network=network.pk,
        )
    return address.user


@transaction.atomic
def topic_save(
    *,
    actor: User,
    network: Network,
    data: dict[str, Any],
    topic: Topic | None = None,
    context: AuditContext | None = None,
) -> Topic:
    if topic is None:
        highest = Topic.objects.filter(network=network).aggregate(n=Max("number"))["n"] or 0
        topic = Topic(network=network, number=highest + 1)
    topic.title = data["title"]
    topic.description = data.get("description", "")
    topic.save()
    network_index(network)
    _audit("networks.topic.saved", actor=actor, obj=topic, context=context)
    return topic


@transaction.atomic
def action_save(
    *,
    actor: User,
    topic: Topic,
    data: dict[str, Any],
    action: Action | None = None,
    context: AuditContext | None = None,
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
    network_index(topic.network)
    _audit("networks.action.saved", actor=actor, obj=action, context=context, topic=topic.pk)
    return action


def _reindex_members(network: Network) -> None:
    """Search documents that name the network's members as owners, again: its events and
    contributions, and the learning blueprints it shares."""
    from zorgwijs.learning.models import Blueprint, BlueprintState
    from zorgwijs.learning.search_index import blueprint_index

    network_events_index(network)
    for blueprint in Blueprint.objects.filter(network=network, state=BlueprintState.PUBLISHED):
        blueprint_index(blueprint)


@transaction.atomic
def member_add(
    *,
    actor: User,
    network: Network,
    organisation: Organisation | None,
    contact_email: str = "",
    context: AuditContext | None = None,
) -> NetworkMembership:
    """A coordinator makes an organisation of the platform a member, with its contact person
    for the core team (one of its administrators; optional, chosen later on the management
    page). An organisation that was a member before joins again: its earlier membership stays
    among the former members."""
    if organisation is None:
        raise ValidationError({"organisation": _("Kies een organisatie uit de lijst.")})
    # Lock the network's row: two coordinators adding the same organisation at once get one
    # membership and one clear refusal (the unique constraint stays the last word).
    Network.objects.select_for_update().filter(pk=network.pk).first()
    if NetworkMembership.objects.filter(network=network, organisation=organisation).exists():
        raise ValidationError(
            {
                "organisation": ValidationError(
                    _("Deze organisatie is al lid van dit netwerk."), code="conflict"
                )
            }
        )
    contact = None
    if contact_email.strip():
        contact = organisation_admin_by_email(organisation, contact_email)
        if contact is None:
            # The same answer whether or not the address has an account elsewhere.
            raise ValidationError(
                {
                    "contact_email": _(
                        "%(organisation)s heeft geen beheerder met dit e-mailadres. De "
                        "contactpersoon is een beheerder van de organisatie zelf."
                    )
                    % {"organisation": organisation.name}
                }
            )
    membership = NetworkMembership.objects.create(
        network=network, organisation=organisation, contact_person=contact
    )
    _reindex_members(network)
    record(
        "networks.membership.added",
        kind="change",
        actor=actor,
        organisation=organisation,
        subject=contact,
        obj=membership,
        context=context,
        data={"network": network.pk},
    )
    return membership


@transaction.atomic
def member_contact_set(
    *,
    actor: User,
    membership: NetworkMembership,
    contact: User | None,
    context: AuditContext | None = None,
) -> NetworkMembership:
    """A coordinator chooses the member organisation's contact person (one of its
    administrators) or none."""
    if (
        contact is not None
        and organisation_admin_by_email(membership.organisation, contact.email) is None
    ):
        raise ValidationError({"contact_person": _("Kies een beheerder van deze organisatie.")})
    previous = membership.contact_person_id
    membership.contact_person = contact
    membership.save(update_fields=["contact_person"])
    record(
        "networks.membership.contact_set",
        kind="change",
        actor=actor,
        organisation=membership.organisation,
        subject=contact,
        obj=membership,
        context=context,
        data={"network": membership.network_id, "previous": previous},
    )
    return membership


@transaction.atomic
def member_end(
    *, actor: User, membership: NetworkMembership, context: AuditContext | None = None
) -> FormerMember:
    """End an organisation's membership. It is kept among the network's former members (from
    when until when); the ``NetworkMembership`` goes, so from now on the organisation's people
    see the network as outsiders do. Coordinators and editors keep their role: a role is the
    person's, not their organisation's. The convenant's signatories stay as they are."""
    locked = (
        NetworkMembership.objects.select_for_update()
        .select_related("organisation", "network")
        .filter(pk=membership.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(_("Deze organisatie is al geen lid meer van dit netwerk."))
    former = FormerMember.objects.create(
        network=locked.network,
        organisation=locked.organisation,
        organisation_name=locked.organisation.name,
        joined_on=locked.joined_on,
        ended_on=timezone.localdate(),
        ended_by=actor,
    )
    record(
        "networks.membership.ended",
        kind="change",
        actor=actor,
        organisation=locked.organisation,
        obj=former,
        context=context,
        data={
            "network": locked.network_id,
            "joined_on": locked.joined_on.isoformat(),
            "contact_person": locked.contact_person_id,
        },
    )
    locked.delete()
    _reindex_members(locked.network)
    return former
