from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django_scopes import scopes_disabled

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view, public_view
from zorgwijs.lib.forms import ModelChoiceField, form_page, int_or_none, model_choice_field_of
from zorgwijs.lib.http import OrgRequest
from zorgwijs.organisations.models import Organisation
from zorgwijs.organisations.selectors import get_membership_for_actor

from ..models import CompetenceItem, PassportLine
from ..status import line_status
from .contexts import DID_CONTEXT, MULTIKEY_CONTEXT, OB_CONTEXT, VC_CONTEXT
from .dataintegrity import public_multikey
from .importing import already_imported, credential_import, credits_of, matching_item
from .issuing import (
    ISSUABLE,
    VC_JWT,
    credential_issue,
    credential_revoke,
    credential_wallet_form,
    status_list_document,
    status_list_token,
)
from .jose import jwk_public_key
from .models import IssuedCredential, IssuerKey
from .selectors import TEAM, credential_for, credential_open
from .urls import issuer_id, jwks_url, status_list_url
from .verifying import MAX_TOKEN_LENGTH, credential_verify

# --- The employee's own credentials -----------------------------------------------------------


@org_view("competences.view_own")
def credentials_mine(request: OrgRequest, org_slug: str) -> HttpResponse:
    """Share a valid qualification as a credential; see, download and revoke issued ones."""
    access = request.org_access
    membership = access.membership
    today = timezone.localdate()
    if request.method == "POST":
        item = CompetenceItem.objects.filter(
            organisation=access.organisation, pk=int_or_none(request.POST.get("item")) or 0
        ).first()
        if item is None:
            raise Http404
        try:
            credential = credential_issue(
                actor=request.user, membership=membership, item=item, context=audit_context(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("competences:credentials_mine", org_slug=org_slug)
        messages.success(request, _("Je bewijs is klaar om te downloaden."))
        return redirect(
            "competences:credential_detail", org_slug=org_slug, credential_id=credential.pk
        )
    lines = PassportLine.objects.filter(membership=membership).select_related("item")
    issuable = [line.item for line in lines if line_status(line, today) in ISSUABLE]
    issued = IssuedCredential.objects.filter(
        organisation=access.organisation, person=request.user
    ).select_related("item")
    return render(
        request,
        "competences/credentials/mine.html",
        {
            "issuable": sorted(issuable, key=lambda i: (i.kind, i.name)),
            "issued": issued,
        },
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reden van intrekken"), max_length=300)


@org_view("competences.view_own")
def credential_detail(request: OrgRequest, org_slug: str, credential_id: int) -> HttpResponse:
    access = request.org_access
    form = RevokeForm(request.POST or None)
    if request.method == "POST":
        credential, own = credential_for(access, credential_id)
        if not (own or access.can("competences.register")):
            raise PermissionDenied
        if form.is_valid():
            try:
                credential_revoke(
                    actor=request.user,
                    credential=credential,
                    reason=form.cleaned_data["reason"],
                    context=audit_context(request),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Het bewijs is ingetrokken."))
            return redirect(
                "competences:credential_detail", org_slug=org_slug, credential_id=credential.pk
            )
    credential, own = credential_open(access, credential_id, context=audit_context(request))
    download = request.GET.get("download")
    if download in ("1", "wallet"):
        return _download(request, credential, wallet=download == "wallet")
    return form_page(
        request,
        "competences/credentials/detail.html",
        form,
        credential=credential,
        own=own,
        can_revoke=own or access.can("competences.register"),
        verification=credential_verify(credential.token),
    )


def _download(request: OrgRequest, credential: IssuedCredential, *, wallet: bool) -> HttpResponse:
    """The credential as a file: as a JWT, or for a wallet with a Data Integrity proof
    (``application/vc``, JSON-LD), made now for one issued before that form existed."""
    if wallet:
        document = credential.document or credential_wallet_form(
            actor=request.user, credential=credential, context=audit_context(request)
        )
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2), content_type="application/vc"
        )
        name = f"bewijs-{credential.pk}-open-badge.json"
    else:
        response = HttpResponse(credential.token, content_type=f"application/{VC_JWT}")
        name = f"bewijs-{credential.pk}.jwt"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


# --- Accepting a credential from elsewhere ----------------------------------------------------


class ImportForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Verifieerbaar bewijs"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=MAX_TOKEN_LENGTH,
    )
    upload = forms.FileField(label=gettext_lazy("Of upload het bestand"), required=False)
    item = ModelChoiceField(
        label=gettext_lazy("Overnemen als bekwaamheid"),
        queryset=CompetenceItem.objects.none(),
        required=False,
    )
    name_checked = forms.BooleanField(
        label=gettext_lazy(
            "De naam in het bewijs wijkt af; ik heb gecontroleerd dat het om deze medewerker gaat."
        ),
        required=False,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "item").queryset = CompetenceItem.objects.filter(
            organisation=organisation, is_active=True
        ).order_by("kind", "name")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("upload")
        if upload is not None:
            if (upload.size or 0) > MAX_TOKEN_LENGTH:
                raise ValidationError(_("Dit bestand is te groot voor een bewijs."))
            data["token"] = upload.read().decode("utf-8", errors="replace")
        if not (data.get("token") or "").strip():
            raise ValidationError(_("Plak het bewijs of upload het bestand."))
        return data


@org_view("competences.register")
def credential_import_view(request: OrgRequest, org_slug: str, membership_id: int) -> HttpResponse:
    access = request.org_access
    membership = get_membership_for_actor(access, membership_id, TEAM)
    form = ImportForm(request.POST or None, request.FILES or None, organisation=access.organisation)
    verification = None
    if request.method == "POST" and form.is_valid():
        verification = credential_verify(form.cleaned_data["token"])
        item = form.cleaned_data["item"] or matching_item(access.organisation, verification)
        if verification.ok and request.POST.get("action") == "import":
            if _import(request, form, membership, item, verification):
                return redirect(
                    "competences:person_passport", org_slug=org_slug, membership_id=membership.pk
                )
        elif not form.cleaned_data["item"] and item is not None:
            data = request.POST.copy()  # the form's data, to show the item found
            data["item"] = str(item.pk)
            form.data = data
    duplicate = (
        already_imported(membership=membership, jti=verification.jti)
        if verification and verification.ok
        else None
    )
    return form_page(
        request,
        "competences/credentials/import.html",
        form,
        member=membership,
        verification=verification,
        duplicate=duplicate,
        credits=credits_of(access.organisation, verification) if verification else [],
        name_differs=bool(
            verification
            and verification.ok
            and verification.person_name.casefold() != membership.user.full_name.casefold()
        ),
    )


def _import(request, form, membership, item, verification) -> bool:
    if item is None:
        form.add_error("item", _("Kies als welke bekwaamheid je dit bewijs overneemt."))
        return False
    differs = verification.person_name.casefold() != membership.user.full_name.casefold()
    if differs and not form.cleaned_data["name_checked"]:
        form.add_error("name_checked", _("Bevestig dat het bewijs bij deze medewerker hoort."))
        return False
    try:
        credential_import(
            actor=request.user,
            membership=membership,
            item=item,
            verification=verification,
            context=audit_context(request),
        )
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
        return False
    messages.success(request, _("Het bewijs is overgenomen als %(item)s.") % {"item": item})
    return True


# --- Public documents: verification page, keys, issuer profiles, status lists ----------------


@public_view
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone pastes or opens a credential and sees what it says and whether it holds. The page
    shows only what the credential itself contains."""
    token = request.POST.get("bewijs") or request.GET.get("bewijs") or ""
    upload = request.FILES.get("bestand")
    if upload is not None and (upload.size or 0) <= MAX_TOKEN_LENGTH:
        token = upload.read().decode("utf-8", errors="replace")
    result = credential_verify(token) if token.strip() else None
    response = render(
        request,
        "competences/credentials/verify.html",
        {"result": result, "token": token if result else ""},
    )
    response["Cache-Control"] = "no-store"
    # ``?bewijs=<jwt>`` carries a person's name: the site-wide ``same-origin`` Referrer-Policy
    # keeps it from other sites. Not ``no-referrer``: under it Chromium posts this page's form
    # with ``Origin: null``, which the CSRF check must refuse.
    response["Referrer-Policy"] = "same-origin"
    return response


@public_view
@cache_control(max_age=300, public=True)
def jwks(request: HttpRequest) -> HttpResponse:
    """Every issuer's public keys (retired ones too: older credentials stay verifiable)."""
    keys = list(IssuerKey.objects.order_by("pk").values_list("public_jwk", flat=True))
    return JsonResponse({"keys": keys}, content_type="application/jwk-set+json")


def _organisation(request: HttpRequest) -> Organisation:
    organisation = Organisation.objects.filter(slug=request.GET.get("org") or "").first()
    if organisation is None:
        raise Http404
    return organisation


def _issuers():
    """Organisations that issue credentials here: the public directory of issuers."""
    ids = IssuerKey.objects.values("organisation_id")
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def _profile(organisation: Organisation) -> dict:
    return {"id": issuer_id(organisation), "type": ["Profile"], "name": organisation.name}


def _controller(organisation: Organisation) -> dict:
    """The issuer's keys as Multikeys, so Data Integrity verifiers resolve a proof's
    ``verificationMethod`` here (and see it is authorised for ``assertionMethod``). Retired
    keys stay listed: older credentials stay verifiable."""
    controller = issuer_id(organisation)
    keys = IssuerKey.objects.filter(organisation=organisation).order_by("pk")
    methods = [
        {
            "id": key.kid,
            "type": "Multikey",
            "controller": controller,
            "publicKeyMultibase": public_multikey(jwk_public_key(key.public_jwk)),
        }
        for key in keys
    ]
    return {"verificationMethod": methods, "assertionMethod": [m["id"] for m in methods]}


@public_view
def issuer(request: HttpRequest) -> HttpResponse:
    """An issuer's Open Badges profile (only the organisation's public name) with ``?org=``,
    which is also the controller document of its keys; without it, the directory of issuers
    on this platform. Every member must be a term of its contexts: Data Integrity verifiers
    frame it in JSON-LD safe mode (the JWKS is linked from the directory instead)."""
    if not request.GET.get("org"):
        return JsonResponse(
            {"issuers": [_profile(o) for o in _issuers()], "jwks": jwks_url()},
            json_dumps_params={"ensure_ascii": False},
        )
    organisation = _organisation(request)
    profile = {
        "@context": [VC_CONTEXT, OB_CONTEXT, DID_CONTEXT, MULTIKEY_CONTEXT],
        **_profile(organisation),
        **_controller(organisation),
    }
    return JsonResponse(profile, json_dumps_params={"ensure_ascii": False})


@public_view
def status_list(request: HttpRequest) -> HttpResponse:
    """An issuer's status list credential with ``?org=`` (``&vorm=ld``: the same bits with a
    Data Integrity proof, for credentials in that form); without it, an index of the lists."""
    if not request.GET.get("org"):
        return JsonResponse({"statusLists": [status_list_url(o, 1) for o in _issuers()]})
    organisation = _organisation(request)
    number = request.GET.get("lijst", "1")
    if not number.isdigit():
        raise Http404
    with scopes_disabled():
        if request.GET.get("vorm") == "ld":
            response = HttpResponse(
                json.dumps(status_list_document(organisation=organisation, number=int(number))),
                content_type="application/vc",
            )
        else:
            token = status_list_token(organisation=organisation, number=int(number))
            response = HttpResponse(token, content_type=f"application/{VC_JWT}")
    response["Cache-Control"] = "max-age=60"
    return response
