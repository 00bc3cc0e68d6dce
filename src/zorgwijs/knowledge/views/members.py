"""Editors manage who belongs to a space: approve requests, invite, remove."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view
from zorgwijs.lib.forms import apply_service_errors
from zorgwijs.lib.http import AuthenticatedRequest

from ..access import get_space_for_editor
from ..models import MembershipStatus, SpaceMembership, SpaceRole
from ..services.spaces import membership_decide, membership_invite, membership_set_role


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        widget=forms.EmailInput({"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )
    role = forms.ChoiceField(label=gettext_lazy("Rol"), choices=SpaceRole.choices)


@login_view
def space_members(request: AuthenticatedRequest, space_slug: str) -> HttpResponse:
    access = get_space_for_editor(request, space_slug)
    form = InviteForm(request.POST if request.POST.get("action") == "invite" else None)
    if request.method == "POST":
        done = _act(request, access, form)
        if done:
            return redirect("knowledge:members", space_slug=space_slug)
    members = (
        SpaceMembership.objects.filter(space=access.space)
        .select_related("user")
        .order_by("status", "user__full_name")
    )
    return render(
        request,
        "knowledge/members.html",
        {
            "access": access,
            "space": access.space,
            "form": form,
            "requests": [m for m in members if m.status == MembershipStatus.REQUESTED],
            "members": [m for m in members if m.status != MembershipStatus.REQUESTED],
        },
        status=400 if form.errors else 200,
    )


def _act(request, access, form) -> bool:
    action = request.POST.get("action")
    try:
        if action == "invite":
            if not form.is_valid():
                return False
            membership_invite(
                actor=request.user,
                space=access.space,
                context=audit_context(request),
                **form.cleaned_data,
            )
            messages.success(
                request,
                _("Uitnodiging klaargezet; de persoon ziet die op de pagina van de ruimte."),
            )
            return True
        member = SpaceMembership.objects.filter(
            space=access.space, pk=request.POST.get("member") or 0
        ).first()
        if member is None or action not in {"approve", "remove", "role"}:
            raise Http404
        if action == "role":
            membership_set_role(
                actor=request.user,
                membership=member,
                role=request.POST.get("role", ""),
                context=audit_context(request),
            )
        else:
            membership_decide(
                actor=request.user,
                membership=member,
                approve=action == "approve",
                context=audit_context(request),
            )
        messages.success(request, _("Opgeslagen."))
    except ValidationError as error:
        if action == "invite":
            apply_service_errors(form, error)
            return False
        messages.error(request, " ".join(error.messages))
    return True
