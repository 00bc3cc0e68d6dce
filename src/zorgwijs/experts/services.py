"""Writes of people: the profile, and contact requests (send, accept, decline). Each service
owns its transaction, its audit entry and its e-mail; addresses travel only on acceptance."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.core.email import email_send

from .models import SPOKEN_LANGUAGES, ContactRequest, ContactStatus, ExpertProfile, Reach
from .selectors import claimable_projects, verified_items

if TYPE_CHECKING:
    from collections.abc import Iterable

    from zorgwijs.accounts.models import User
    from zorgwijs.competences.models import CompetenceItem
    from zorgwijs.projects.models import Project, Theme

MAX_REQUESTS_PER_DAY = 5
MAX_MESSAGE = 2000
PROFILE_FIELDS = ("listed", "reach", "headline", "about", "thinks_along", "languages")


# --- Profile -----------------------------------------------------------------------------------


def _check_profile(
    data: dict[str, Any], projects: list[Project], shown_items: list[CompetenceItem], user: User
) -> None:
    errors: dict[str, str] = {}
    if data.get("reach") not in Reach.values:
        errors["reach"] = _("Kies wie je profiel mag vinden.")
    known = {code for code, _name in SPOKEN_LANGUAGES}
    if any(code not in known for code in data.get("languages") or []):
        errors["languages"] = _("Kies talen uit de lijst.")
    allowed = set(claimable_projects(user).values_list("pk", flat=True))
    if any(p.pk not in allowed for p in projects):
        errors["projects"] = _(
            "Je kunt alleen projecten van je eigen organisatie kiezen, of projecten waarbij je "
            "als contactpersoon staat."
        )
    verified = set(verified_items(user).values_list("pk", flat=True))
    if any(item.pk not in verified for item in shown_items):
        errors["shown_items"] = _("Je kunt alleen bekwaamheden tonen die nu geldig zijn.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def profile_save(
    *,
    actor: User,
    data: dict[str, Any],
    themes: Iterable[Theme],
    projects: Iterable[Project] = (),
    shown_items: Iterable[CompetenceItem] = (),
    context: AuditContext | None = None,
) -> ExpertProfile:
    """Create or change the actor's own profile (only ever their own)."""
    projects, shown_items = list(projects), list(shown_items)
    _check_profile(data, projects, shown_items, actor)
    profile, _created = ExpertProfile.objects.get_or_create(user=actor)
    was_listed = profile.listed
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    profile.save()
    profile.themes.set(themes)
    profile.projects.set(projects)
    profile.shown_items.set(shown_items)
    record(
        "experts.profile.saved",
        kind="change",
        actor=actor,
        subject=actor,
        obj=profile,
        context=context,
        data={"listed": profile.listed, "was_listed": was_listed, "reach": profile.reach},
    )
    return profile


# --- Contact requests ---------------------------------------------------------------------------


def _conflict(text: str) -> ValidationError:
    """A refusal at the message field that the API answers with 409."""
    return ValidationError({"message": ValidationError(text, code="conflict")})


def _check_request(sender: User, recipient: User, message: str) -> None:
    if sender.pk == recipient.pk:
        raise ValidationError({"message": _("Je kunt jezelf geen contactverzoek sturen.")})
    if not message.strip():
        raise ValidationError({"message": _("Schrijf een kort bericht: wie je bent en waarom.")})
    if len(message) > MAX_MESSAGE:
        raise ValidationError(
            {"message": _("Je bericht is te lang (hoogstens %(n)s tekens).") % {"n": MAX_MESSAGE}}
        )
    since = timezone.now() - datetime.timedelta(days=1)
    sent_today = ContactRequest.objects.filter(sender=sender, created_at__gte=since).count()
    if sent_today >= MAX_REQUESTS_PER_DAY:
        raise ValidationError(
            {
                "message": _(
                    "Je hebt het afgelopen etmaal al %(n)s contactverzoeken gestuurd; dat is het "
                    "maximum. Probeer het morgen opnieuw."
                )
                % {"n": MAX_REQUESTS_PER_DAY}
            }
        )
    open_between = ContactRequest.objects.filter(status=ContactStatus.OPEN).filter(
        Q(sender=sender, recipient=recipient) | Q(sender=recipient, recipient=sender)
    )
    for existing in open_between:
        if existing.sender_id == sender.pk:
            text = _("Je hebt %(name)s al een verzoek gestuurd. Wacht op het antwoord.")
        else:
            text = _("%(name)s heeft jou al een verzoek gestuurd. Beantwoord dat eerst.")
        raise _conflict(text % {"name": recipient.full_name})


@transaction.atomic
def contact_request_send(
    *, actor: User, profile: ExpertProfile, message: str, context: AuditContext | None = None
) -> ContactRequest:
    """Send ``message`` to the person of ``profile`` (which the caller fetched as visible to
    ``actor``). The e-mail carries the sender's name, never the sender's address."""
    message = (message or "").strip()
    recipient = profile.user
    _check_request(actor, recipient, message)
    try:
        with transaction.atomic():
            contact = ContactRequest.objects.create(
                sender=actor, recipient=recipient, message=message
            )
    except IntegrityError:  # a second request for the pair raced this one
        text = _("Je hebt %(name)s al een verzoek gestuurd. Wacht op het antwoord.")
        raise _conflict(text % {"name": recipient.full_name}) from None
    record(
        "experts.contact.sent",
        kind="change",
        actor=actor,
        subject=recipient,
        obj=contact,
        context=context,
    )
    email_send(
        to_user=recipient,
        template="experts/contact_request",
        context={
            "sender_name": actor.full_name,
            "message": message,
            "path": contact.get_absolute_url(),
        },
    )
    return contact


def _decide(actor: User, contact: ContactRequest, status: str) -> None:
    if contact.recipient_id != actor.pk:
        raise ValidationError(_("Alleen de ontvanger kan dit verzoek beantwoorden."))
    if not contact.is_open:
        raise ValidationError(_("Dit verzoek is al beantwoord."), code="conflict")
    contact.status = status
    contact.decided_at = timezone.now()
    contact.save(update_fields=["status", "decided_at"])


@transaction.atomic
def contact_request_accept(
    *, actor: User, contact: ContactRequest, context: AuditContext | None = None
) -> ContactRequest:
    """The recipient accepts: both get the other's e-mail address."""
    contact = ContactRequest.objects.select_for_update().get(pk=contact.pk)
    _decide(actor, contact, ContactStatus.ACCEPTED)
    record(
        "experts.contact.accepted",
        kind="change",
        actor=actor,
        subject=contact.sender,
        obj=contact,
        context=context,
    )
    path = contact.get_absolute_url()
    pair = ((contact.sender, contact.recipient), (contact.recipient, contact.sender))
    for to_user, other in pair:
        email_send(
            to_user=to_user,
            template="experts/contact_accepted",
            context={"other_name": other.full_name, "other_email": other.email, "path": path},
        )
    return contact


@transaction.atomic
def contact_request_decline(
    *, actor: User, contact: ContactRequest, context: AuditContext | None = None
) -> ContactRequest:
    """The recipient declines: the sender hears so politely; no address changes hands."""
    contact = ContactRequest.objects.select_for_update().get(pk=contact.pk)
    _decide(actor, contact, ContactStatus.DECLINED)
    record(
        "experts.contact.declined",
        kind="change",
        actor=actor,
        subject=contact.sender,
        obj=contact,
        context=context,
    )
    email_send(
        to_user=contact.sender,
        template="experts/contact_declined",
        context={"other_name": contact.recipient.full_name, "path": reverse("experts:index")},
    )
    return contact
