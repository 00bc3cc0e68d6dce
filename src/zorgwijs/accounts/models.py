from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True, is_platform_admin=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Employment lives in organisations.Membership; a person may have several."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=200)
    language = models.CharField(
        _("taal"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(_("toegang tot Django-beheer"), default=False)
    is_platform_admin = models.BooleanField(_("platformbeheerder"), default=False)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name"]
        indexes = [
            # "Whom to approach" finds a project's contacts by e-mail in any letter case
            # (``Lower("email") IN (…)``, experts/ranking.py) on every project page: without
            # this index that read scanned every account.
            models.Index(Lower("email"), name="user_email_lower"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class AccessTokenQuerySet(models.QuerySet["AccessToken"]):
    def usable(self) -> AccessTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class AccessToken(models.Model):
    """Personal access token for the API. Only a SHA-256 of the secret is stored."""

    PREFIX = "zw_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("naam"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Did the person have two factors set up when the token was made? A token stands in for a
    # sign-in; for someone whose roles require two factors it must come from such an account,
    # not from the days before a promotion (accounts/mfa_policy.py: token_refusal).
    issued_with_mfa = models.BooleanField(default=False, editable=False)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("toegangstoken")
        verbose_name_plural = _("toegangstokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def new_secret(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
