from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zorgwijs.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        from . import signals  # noqa: F401 - connects the sign-in audit receivers

        # Django admin's own password form would skip the second factor, the rate limits and
        # the audit of allauth's sign-in; send people to allauth's sign-in instead.
        admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
