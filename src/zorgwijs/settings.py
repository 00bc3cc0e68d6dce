"""Zorgwijs settings: one module, configured from the environment.

SQLite in ``var/`` unless DATABASE_URL is set. Production sets DEBUG=0, SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL and EMAIL_URL (see docs/deploy.md).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("ZORGWIJS_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


DEBUG = env_bool("DEBUG", False)

# Fail closed: only the demo (DEBUG=1) may run on the key in this file. Everything that signs
# (sessions, password-reset links, CSRF) and the key that encrypts the credential-signing keys
# follow from these secrets, so a server without its own refuses to start.
DEV_SECRET_KEY = "django-insecure-zorgwijs-demo-only-never-in-production"  # noqa: S105
KNOWN_INSECURE_KEYS = {DEV_SECRET_KEY, "dev-only-insecure-key-set-SECRET_KEY-in-production"}


def secret_from_env(name: str, *, default: str | None = None) -> str:
    """The secret in ``name``; outside DEBUG a missing, short or published one is refused."""
    value = os.environ.get(name, "").strip() or default
    if DEBUG:
        return value or DEV_SECRET_KEY
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. With DEBUG off Zorgwijs refuses to run on a key from the "
            f"repository: set {name} to a long random value, e.g. the output of "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'` (docs/deploy.md)."
        )
    if value in KNOWN_INSECURE_KEYS or value.startswith("django-insecure-") or len(value) < 50:
        raise ImproperlyConfigured(
            f"{name} is the repository's demo key or shorter than 50 characters. With DEBUG "
            "off Zorgwijs needs a long random secret of its own (docs/deploy.md)."
        )
    return value


SECRET_KEY = secret_from_env("SECRET_KEY")
# Earlier keys, still accepted for existing sessions and links while a rotation settles.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
# Encrypts the organisations' credential-signing keys at rest (competences/credentials/keys.py).
# Its own setting, so SECRET_KEY can be rotated without making the stored signing keys unusable;
# it defaults to SECRET_KEY (installations that began before this setting keep working).
CREDENTIALS_SECRET_KEY = secret_from_env("CREDENTIALS_SECRET_KEY", default=SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "ninja",  # only for its static Swagger UI files: /api/v1/docs works offline under CSP
    "zorgwijs.core",
    "zorgwijs.accounts",
    "zorgwijs.audit",
    "zorgwijs.organisations",
    "zorgwijs.competences",
    "zorgwijs.incidents",
    "zorgwijs.knowledge",
    "zorgwijs.search",
    "zorgwijs.projects",
    "zorgwijs.needs",
    "zorgwijs.networks",
    "zorgwijs.notifications",
    "zorgwijs.experts",
    "zorgwijs.learning",
    "zorgwijs.assessments",
    "zorgwijs.scenarios",
    "zorgwijs.vocabulary",
    "zorgwijs.monitor",
    "zorgwijs.api",
    # After zorgwijs.core, whose db_worker command (the same worker, resuming what a killed one
    # left running) takes the name of django_tasks_db's.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "zorgwijs.core.middleware.DataCacheMiddleware",  # first: runs last on the way out
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zorgwijs.core.middleware.DropNulFromQueryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zorgwijs.core.middleware.PreferredLanguageMiddleware",
    "zorgwijs.accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "zorgwijs.accounts.middleware.SSOFormActionMiddleware",  # after CSPMiddleware
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "zorgwijs.organisations.middleware.OrganisationMiddleware",
]

ROOT_URLCONF = "zorgwijs.urls"
WSGI_APPLICATION = "zorgwijs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zorgwijs.core.context_processors.shell",
                "zorgwijs.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Connections are kept for a minute; a kept one is checked before a request's first query, so a
# database restart or failover costs a reconnect, not a 500 per app server process
# (tests/core/test_database_restart.py).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'zorgwijs.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the task worker and the web server write without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, with the signed-in person kept per data generation.
AUTHENTICATION_BACKENDS = [
    "zorgwijs.accounts.backends.ModelBackend",
    "zorgwijs.accounts.backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Sessions: rotate at login (Django does), absolute and idle timeouts (our middleware).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie (forms carry the token, htmx gets it from hx-headers).
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and env_bool("HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "zorgwijs_cache",
        # Start pages and passports keep an entry per person (docs/start-pages.md): Django's
        # default of 300 entries would cull them for more than ~150 people a day.
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }


def email_settings_from_url(url: str) -> dict[str, object]:
    """Translate EMAIL_URL (smtp://user:pass@host:port?tls=1, console:, locmem:) to settings."""
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme in {"console", "locmem", "dummy"}:
        return {"EMAIL_BACKEND": f"django.core.mail.backends.{scheme}.EmailBackend"}
    query = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
        "EMAIL_TIMEOUT": 10,
    }


globals().update(email_settings_from_url(os.environ.get("EMAIL_URL", "console:")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Zorgwijs <noreply@zorgwijs.localhost>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# django-allauth: e-mail login, no usernames, mandatory TOTP for sensitive roles (enforced by
# zorgwijs.accounts.mfa_policy), OpenID Connect apps per organisation.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "zorgwijs.accounts.adapters.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# A hospital's staff share one NAT address: failed sign-ins lock the account that was tried
# (5 in 5 minutes), the address only at a ceiling a password spray reaches and a ward does not.
# A password reset by e-mail lifts an account's lock (docs/security.md).
ACCOUNT_RATE_LIMITS = {
    "login": "100/m/ip",
    "login_failed": "50/5m/ip,5/5m/key",
    "reset_password": "20/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "5/m/ip",
}
# Behind the TLS-terminating proxy every request comes from the proxy's address; the sign-in
# limits per address need the client's, from the X-Forwarded-For entry the proxy added.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("HTTPS", False) else "http"
LOGIN_REDIRECT_URL = "core:home"
LOGIN_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Zorgwijs"
MFA_ADAPTER = "zorgwijs.accounts.adapters.MFAAdapter"  # no opting out when MFA is required
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # no reset mails to addresses without an account
SOCIALACCOUNT_ADAPTER = "zorgwijs.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "zorgwijs.core.logging.ClientErrorsWithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

SCOPES_DISABLED = False
