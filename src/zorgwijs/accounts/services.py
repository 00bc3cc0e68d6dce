"""Writes for accounts: personal access tokens. Each write is audited."""

from __future__ import annotations

import datetime

from allauth.mfa.utils import is_mfa_enabled
from django.db import transaction
from django.utils import timezone

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record

from .models import AccessToken, User


@transaction.atomic
def access_token_create(
    *,
    user: User,
    name: str,
    expires_at: datetime.datetime | None = None,
    context: AuditContext | None = None,
) -> tuple[AccessToken, str]:
    """Create a token and return it with its secret; only a hash of the secret is stored.

    The token remembers whether the person had two factors set up: someone who has them can
    only have signed in with them (or just proved them by setting them up).
    """
    secret = AccessToken.new_secret()
    token = AccessToken.objects.create(
        user=user,
        name=name,
        token_hash=AccessToken.hash_secret(secret),
        hint=secret[: len(AccessToken.PREFIX) + 4],
        expires_at=expires_at,
        issued_with_mfa=is_mfa_enabled(user),
    )
    record(
        "accounts.access_token.created",
        kind="change",
        actor=user,
        subject=user,
        obj=token,
        context=context,
        data={"name": name, "issued_with_mfa": token.issued_with_mfa},
    )
    return token, secret


@transaction.atomic
def access_token_revoke(
    *, actor: User, token: AccessToken, context: AuditContext | None = None
) -> AccessToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            "accounts.access_token.revoked",
            kind="change",
            actor=actor,
            subject=token.user,
            obj=token,
            context=context,
            data={"name": token.name},
        )
    return token
