from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.audit.models import AuditEntry
from zorgwijs.core.access import login_view, public_view
from zorgwijs.lib.http import AuthenticatedRequest

from .forms import AccessTokenForm, SSOStartForm
from .models import AccessToken
from .services import access_token_create, access_token_revoke
from .signin import sso_organisation_for_email


@login_view
def who_viewed_my_data(request: AuthenticatedRequest) -> HttpResponse:
    """ "Wie heeft mijn gegevens bekeken": every audit entry about the signed-in person."""
    entries = AuditEntry.objects.about_person(request.user.pk).order_by("-at", "-id")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/who_viewed.html", {"page": page})


@login_view
def mfa_required(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "accounts/mfa_required.html", status=403)


class TemporaryRedirect(HttpResponseRedirect):
    # 307: the browser repeats the POST (with its CSRF token) at the new address.
    status_code = 307


@public_view
@require_http_methods(["GET", "POST"])
def sso_start(request: HttpRequest) -> HttpResponse:
    """Single sign-on: find the organisation by the e-mail domain and go to its IdP.

    The browser re-posts to allauth's login URL of the organisation's OpenID Connect app, which
    starts the authorisation-code flow (allauth refuses to start it on a GET).
    """
    form = SSOStartForm(request.POST or None)
    context: dict[str, object] = {"sso_next": request.GET.get("next", "")}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        organisation = sso_organisation_for_email(email)
        if organisation is not None and organisation.sso_app is not None:
            provider = organisation.sso_app.get_provider(request)
            params = {"process": "login", "auth_params": urlencode({"login_hint": email})}
            next_url = form.cleaned_data.get("next") or ""
            if next_url and url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                params["next"] = next_url
            return TemporaryRedirect(provider.get_login_url(request, **params))
        context["sso_error"] = _(
            "Voor dit e-mailadres is geen inloggen via de organisatie ingesteld. Log in met je "
            "e-mailadres en wachtwoord."
        )
    elif request.method == "POST":
        context["sso_error"] = _("Vul een geldig e-mailadres in, bijvoorbeeld naam@ziekenhuis.nl.")
    context["sso_email"] = request.POST.get("email", "")
    status = 400 if "sso_error" in context else 200
    return render(request, "accounts/sso_start.html", context, status=status)


@login_view
@never_cache
@require_http_methods(["GET", "POST"])
def access_tokens(request: AuthenticatedRequest) -> HttpResponse:
    """List, and create, the signed-in person's personal access tokens for the API.

    A new token's secret is shown once, in the response to the POST; it is never stored.
    """
    form = AccessTokenForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        token, secret = access_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
            context=audit_context(request),
        )
        context.update(new_token=token, secret=secret, form=AccessTokenForm())
    context["tokens"] = AccessToken.objects.filter(user=request.user).order_by("-created_at")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "accounts/access_tokens.html", context, status=status)


@login_view
@require_POST
def access_token_revoke_view(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(AccessToken, pk=token_id, user=request.user)
    access_token_revoke(actor=request.user, token=token, context=audit_context(request))
    messages.success(request, _("Het token „%(name)s” is ingetrokken.") % {"name": token.name})
    return redirect("accounts:tokens")
