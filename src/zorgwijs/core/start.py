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
from typing import TYPE_CHECKING, cast

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django_scopes import scope

from zorgwijs.lib.http import ZorgwijsRequest
from zorgwijs.notifications.context_processors import UNREAD_ATTRIBUTE
from zorgwijs.notifications.selectors import unread_count
from zorgwijs.organisations.access import OrgAccess, org_accesses_of

from .data_cache import cached

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

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
    accesses = org_accesses_of(request.user, list(request.memberships))
    return [(access, org_panels(request, access)) for access in accesses]


def start_body(request: ZorgwijsRequest) -> SafeString:
    """The signed-in start page below its greeting: the personal panels, the panels per
    organisation and "what changed in what I follow", rendered.

    Kept per person, language and day under the data generation (``data_cache``): any write
    to the data the panels read makes a new one, so the next page load shows it."""
    key = f"start:{request.user.pk}:{translation.get_language()}:{timezone.localdate()}"
    # Only for a signed-in person (core.views.home), which the type checker cannot follow.
    body, unread = cached(
        key, lambda: (_start_body(request), unread_count(cast("User", request.user)))
    )
    # The header's unread count comes with it: one cache read instead of a COUNT query.
    setattr(request, UNREAD_ATTRIBUTE, unread)
    return SafeString(body)  # nosec B703 - rendered by render_to_string, autoescaped


def _start_body(request: ZorgwijsRequest) -> str:
    return render_to_string(
        "core/_start_body.html",
        {"sections": start_sections(request), "personal": personal_panels(request)},
        request=request,
    )
