"""Applications of organisations that want to join, and a platform admin's decision.

Anyone may apply (no account needed). Refusals are field errors and change nothing:
organisations that are already on the platform, a second open application for the same
organisation or e-mail address, and too many applications from one address or network in a
short time. Approval creates the organisation and invites the contact as its first admin: the
e-mail carries a link to set a password, and the first sign-in asks them to set up two-factor
sign-in (admins must use it, see ``accounts/mfa_policy.py``).
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scope

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import AuditContext
from zorgwijs.core.email import email_send, email_send_to_address

from ..models import Organisation, OrganisationApplication, OrganisationKind, Province, Role
from ._common import audit, field_error
from .people import membership_add
from .roles import role_grant

Status = OrganisationApplication.Status

# A real organisation applies once; these only stop floods (by address and by network).
PER_IP_PER_HOUR = 3
PER_EMAIL_PER_DAY = 3
MIN_MOTIVATION = 20
MAX_MOTIVATION = 3000
SLUG_LENGTH = 50
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")
_SPACES = re.compile(r"\s+")

APPLICATION_FIELDS = (
    "name",
    "kind",
    "province",
    "region",
    "contact_name",
    "contact_email",
    "contact_phone",
    "motivation",
)


def name_key(name: str) -> str:
    """What makes two names the same organisation: case, accents and punctuation aside."""
    return slugify(name)


def _normalise(data: dict) -> dict:
    values = {field: str(data.get(field) or "").strip() for field in APPLICATION_FIELDS}
    for field in ("name", "region", "contact_name", "contact_phone"):
        values[field] = _SPACES.sub(" ", values[field])
    values["contact_email"] = values["contact_email"].lower()
    return values


def _existing_organisation(name: str) -> Organisation | None:
    key = name_key(name)
    return Organisation.objects.filter(name__iexact=name).first() or next(
        (o for o in Organisation.objects.only("name") if name_key(o.name) == key), None
    )


def _check_duplicates(values: dict, exclude_pk: int | None = None) -> None:
    if not name_key(values["name"]):
        raise field_error("name", _("Vul de naam van de organisatie in."))
    if _existing_organisation(values["name"]) is not None:
        raise field_error(
            "name",
            _(
                "Deze organisatie staat al op Zorgwijs. Vraag de beheerder van uw organisatie "
                "om een account."
            ),
            "unique",
        )
    open_ones = OrganisationApplication.objects.filter(status=Status.OPEN)
    if exclude_pk is not None:
        open_ones = open_ones.exclude(pk=exclude_pk)
    if any(name_key(a.name) == name_key(values["name"]) for a in open_ones.only("name")):
        raise field_error(
            "name", _("Voor deze organisatie is al een aanmelding in behandeling."), "conflict"
        )
    if open_ones.filter(contact_email__iexact=values["contact_email"]).exists():
        raise field_error(
            "contact_email",
            _("Met dit e-mailadres is al een aanmelding in behandeling."),
            "conflict",
        )


def _check_content(values: dict) -> None:
    errors = {}
    for field, message in (
        ("name", _("Vul de naam van de organisatie in.")),
        ("contact_name", _("Vul de naam van de contactpersoon in.")),
        ("contact_email", _("Vul een e-mailadres in.")),
    ):
        if not values[field]:
            errors[field] = message
    if values["kind"] not in OrganisationKind.values:
        errors["kind"] = _("Kies de soort organisatie.")
    if values["province"] not in Province.values:
        errors["province"] = _("Kies een provincie.")
    if values["contact_phone"] and not _PHONE.match(values["contact_phone"]):
        errors["contact_phone"] = _("Dit lijkt geen telefoonnummer, bijvoorbeeld 030 123 45 67.")
    if len(values["motivation"]) < MIN_MOTIVATION:
        errors["motivation"] = _("Vertel in een paar zinnen waarom u wilt meedoen.")
    elif len(values["motivation"]) > MAX_MOTIVATION:
        errors["motivation"] = _("Gebruik hoogstens %(max)s tekens.") % {"max": MAX_MOTIVATION}
    if errors:
        raise ValidationError(errors)


def _check_rate(values: dict, ip: str | None) -> None:
    now = timezone.now()
    recent = OrganisationApplication.objects.filter(created_at__gte=now - datetime.timedelta(1))
    if recent.filter(contact_email__iexact=values["contact_email"]).count() >= PER_EMAIL_PER_DAY:
        raise field_error(
            "contact_email",
            _("Met dit e-mailadres zijn vandaag al aanmeldingen gedaan. Probeer het morgen."),
            "throttled",
        )
    last_hour = recent.filter(created_at__gte=now - datetime.timedelta(hours=1))
    if ip and last_hour.filter(ip_address=ip).count() >= PER_IP_PER_HOUR:
        raise ValidationError(
            _("Er zijn vanaf uw netwerk net al aanmeldingen gedaan. Probeer het over een uur."),
            code="throttled",
        )


@transaction.atomic
def application_submit(
    *, data: dict, language: str = "nl", context: AuditContext | None = None
) -> OrganisationApplication:
    """Store an application and confirm it to the applicant by e-mail. ``context``'s address
    limits floods; its actor is left out of the entry: anyone applies as nobody, signed in or
    not."""
    values = _normalise(data)
    ip = context.ip_address if context is not None else None
    _check_content(values)
    _check_rate(values, ip)
    _check_duplicates(values)
    application = OrganisationApplication(**values, language=language[:10], ip_address=ip)
    application.full_clean()
    application.save()
    audit(
        "organisations.application.submitted",
        actor=None,
        organisation=None,
        obj=application,
        context=AuditContext(actor=None, ip_address=ip),
        data={"name": application.name, "kind": application.kind},
    )
    email_send_to_address(
        address=application.contact_email,
        language=application.language,
        template="organisations/application_received",
        context={"organisation": application.name, "contact_name": application.contact_name},
    )
    return application


def _open(application: OrganisationApplication) -> OrganisationApplication:
    fresh = OrganisationApplication.objects.select_for_update().get(pk=application.pk)
    if fresh.status != Status.OPEN:
        raise ValidationError(
            _("Over deze aanmelding is al besloten (%(status)s).")
            % {"status": fresh.get_status_display()},
            code="conflict",
        )
    return fresh


def _free_slug(name: str) -> str:
    base = name_key(name)[:SLUG_LENGTH].strip("-") or "organisatie"
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base[: SLUG_LENGTH - 4]}-{number}"
        number += 1
    return slug


@transaction.atomic
def application_approve(
    *, actor: User, application: OrganisationApplication, context: AuditContext | None = None
) -> Organisation:
    """Create the organisation and make the contact its first admin, invited by e-mail."""
    fresh = _open(application)
    if _existing_organisation(fresh.name) is not None:
        raise field_error(
            "name", _("Er staat inmiddels een organisatie met deze naam op Zorgwijs."), "unique"
        )
    organisation = Organisation.objects.create(
        name=fresh.name,
        slug=_free_slug(fresh.name),
        kind=fresh.kind,
        province=fresh.province,
        region=fresh.region,
    )
    with scope(organisation=organisation.pk):
        membership = membership_add(
            actor=actor,
            organisation=organisation,
            email=fresh.contact_email,
            full_name=fresh.contact_name,
            context=context,
            invite=False,  # the approval mail below says how to start
        )
        role_grant(actor=actor, membership=membership, role=Role.ADMIN, context=context)
    user = membership.user
    if not user.has_usable_password() and user.language != fresh.language:
        user.language = fresh.language
        user.save(update_fields=["language"])
    fresh.status = Status.APPROVED
    fresh.decided_by = actor
    fresh.decided_at = timezone.now()
    fresh.organisation = organisation
    fresh.ip_address = None  # only needed for the rate limit while it is recent
    fresh.save(update_fields=["status", "decided_by", "decided_at", "organisation", "ip_address"])
    audit(
        "organisations.application.approved",
        actor=actor,
        organisation=organisation,
        subject=user,
        obj=fresh,
        context=context,
        data={"name": organisation.name, "slug": organisation.slug},
    )
    email_send(
        to_user=user,
        template="organisations/application_approved",
        context={
            "organisation": organisation.name,
            "org_slug": organisation.slug,
            # An existing account keeps its password; only a new one gets the set-up link.
            "set_password": not user.has_usable_password(),
        },
    )
    return organisation


@transaction.atomic
def application_decline(
    *,
    actor: User,
    application: OrganisationApplication,
    reason: str,
    context: AuditContext | None = None,
) -> OrganisationApplication:
    """Decline with a reason, which the applicant receives by e-mail."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise field_error("reason", _("Geef een reden; de aanvrager krijgt die te lezen."))
    fresh = _open(application)
    fresh.status = Status.DECLINED
    fresh.decided_by = actor
    fresh.decided_at = timezone.now()
    fresh.decline_reason = reason
    fresh.ip_address = None  # only needed for the rate limit while it is recent
    fresh.save(update_fields=["status", "decided_by", "decided_at", "decline_reason", "ip_address"])
    audit(
        "organisations.application.declined",
        actor=actor,
        organisation=None,
        obj=fresh,
        context=context,
        data={"name": fresh.name, "reason": reason},
    )
    email_send_to_address(
        address=fresh.contact_email,
        language=fresh.language,
        template="organisations/application_declined",
        context={
            "organisation": fresh.name,
            "contact_name": fresh.contact_name,
            "reason": reason,
        },
    )
    return fresh
