"""The personal start page is made of panels that apps contribute.

Two kinds of panel: per organisation of the person (``register_start_panel``: a provider gets
the request and the person's ``OrgAccess`` there, and runs inside that organisation's scope),
and personal ones that belong to no organisation (``register_personal_panel``: the platform
admin's queue). A provider returns ``None`` when it has nothing for this person, so each role
sees only its own tasks; ``order`` puts tasks before figures before the person's own status.

A provider must cost a fixed number of queries, whatever the person follows or holds: the start
page is opened fifty times a day (``tests/core/test_start_pages.py`` counts them per role).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django_scopes import scope

from zorgwijs.lib.http import ZorgwijsRequest
from zorgwijs.organisations.access import OrgAccess, org_access_for

# Conventional orders, so apps that do not know each other still line up the way
# docs/screens.md asks: what waits for the person first, then their team, then themselves.
ORDER_TASKS = 10
ORDER_TEAM = 20
ORDER_ORGANISATION = 30
ORDER_OWN = 50
ORDER_OTHER = 70


@dataclass(frozen=True)
class StartPanel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


PanelProvider = Callable[[HttpRequest, OrgAccess], StartPanel | None]
PersonalProvider = Callable[[HttpRequest], StartPanel | None]
_PROVIDERS: list[PanelProvider] = []
_PERSONAL: list[PersonalProvider] = []


def register_start_panel(provider: PanelProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def register_personal_panel(provider: PersonalProvider) -> None:
    if provider not in _PERSONAL:
        _PERSONAL.append(provider)


def _render(request: HttpRequest, panels: list[StartPanel], extra: dict) -> list[SafeString]:
    return [
        SafeString(render_to_string(p.template, {**p.context, **extra}, request=request))  # nosec B703 - rendered by render_to_string, autoescaped
        for p in sorted(panels, key=lambda p: p.order)
    ]


def org_panels(request: HttpRequest, access: OrgAccess) -> list[SafeString]:
    """The panels of one organisation for this person, rendered in their order."""
    with scope(organisation=access.organisation.pk):
        panels = [p for p in (provider(request, access) for provider in _PROVIDERS) if p]
        return _render(request, panels, {"access": access})


def personal_panels(request: HttpRequest) -> list[SafeString]:
    panels = [p for p in (provider(request) for provider in _PERSONAL) if p]
    return _render(request, panels, {})


def start_sections(request: ZorgwijsRequest) -> list[tuple[OrgAccess, list[SafeString]]]:
    """Per organisation of the person: its panels, rendered, in their order."""
    sections = []
    for membership in request.memberships:
        access = org_access_for(request.user, membership.organisation.slug)
        sections.append((access, org_panels(request, access)))
    return sections
