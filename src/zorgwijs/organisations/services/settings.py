"""An organisation's own settings and its single sign-on app, changed by its admin."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.models import SocialApp
from django.db import transaction

from zorgwijs.accounts.models import User
from zorgwijs.audit.context import AuditContext

from ..models import Organisation
from ._common import apply_changes, audit

SSO_PROVIDER = "openid_connect"
ORGANISATION_FIELDS = (
    "name",
    "kind",
    "province",
    "region",
    "require_mfa_for_sensitive_roles",
    "require_mfa_for_everyone",
    "sso_email_domains",
)


@transaction.atomic
def organisation_update(
    *,
    actor: User,
    organisation: Organisation,
    context: AuditContext | None = None,
    **values: Any,
) -> Organisation:
    # Compare with the stored row: a ModelForm may already have changed ``organisation``.
    fresh = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = apply_changes(fresh, values, ORGANISATION_FIELDS)
    if changed:
        fresh.full_clean()
        fresh.save()
        audit(
            "organisations.organisation.updated",
            actor=actor,
            organisation=fresh,
            obj=fresh,
            context=context,
            data={"changed": sorted(changed)},
        )
    return fresh


@transaction.atomic
def organisation_sso_save(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    client_id: str,
    secret: str,
    server_url: str,
    context: AuditContext | None = None,
) -> SocialApp:
    """Create or update the organisation's OpenID Connect app; an empty secret keeps the old one."""
    app = organisation.sso_app or SocialApp(
        provider=SSO_PROVIDER, provider_id=f"org-{organisation.slug}"
    )
    created = app.pk is None
    app.name = name[:40]
    app.client_id = client_id
    if secret:
        app.secret = secret
    app.settings = {**(app.settings or {}), "server_url": server_url}
    app.save()
    if created:
        organisation.sso_app = app
        organisation.save(update_fields=["sso_app"])
    # Never the secret in the log; only whether it changed.
    audit(
        "organisations.sso.saved",
        actor=actor,
        organisation=organisation,
        obj=app,
        context=context,
        data={"created": created, "server_url": server_url, "secret_changed": bool(secret)},
    )
    return app


@transaction.atomic
def organisation_sso_remove(
    *, actor: User, organisation: Organisation, context: AuditContext | None = None
) -> None:
    app = organisation.sso_app
    if app is None:
        return
    organisation.sso_app = None
    organisation.save(update_fields=["sso_app"])
    audit(
        "organisations.sso.removed",
        actor=actor,
        organisation=organisation,
        obj=app,
        context=context,
    )
    app.delete()
