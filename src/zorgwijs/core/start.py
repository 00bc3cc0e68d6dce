"""The personal start page is made of panels that apps contribute per organisation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django_scopes import scope

from zorgwijs.lib.http import ZorgwijsRequest
from zorgwijs.organisations.access import OrgAccess, org_access_for


@dataclass(frozen=True)
class StartPanel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


PanelProvider = Callable[[HttpRequest, OrgAccess], StartPanel | None]
_PROVIDERS: list[PanelProvider] = []


def register_start_panel(provider: PanelProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def start_sections(request: ZorgwijsRequest) -> list[tuple[OrgAccess, list[SafeString]]]:
    """Per organisation of the person: its panels, rendered, in their order."""
    sections = []
    for membership in request.memberships:
        access = org_access_for(request.user, membership.organisation.slug)
        with scope(organisation=access.organisation.pk):
            panels = [p for p in (provider(request, access) for provider in _PROVIDERS) if p]
            html = [
                render_to_string(p.template, {**p.context, "access": access}, request=request)
                for p in sorted(panels, key=lambda p: p.order)
            ]
        sections.append((access, [SafeString(h) for h in html]))  # nosec B703 - panels rendered by render_to_string, autoescaped
    return sections
