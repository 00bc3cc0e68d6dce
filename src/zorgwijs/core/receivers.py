from __future__ import annotations

from django.http import Http404

from zorgwijs.organisations.access import active_memberships_of, org_access_for

from .context_processors import remember_nav_org
from .navigation import NavOrg


def remember_first_organisation(sender, request, user, **kwargs) -> None:
    """At sign-in the menu starts in the person's first organisation, before they open one."""
    if request is None or not hasattr(request, "session"):
        return
    memberships = active_memberships_of(user)
    if not memberships:
        return
    try:
        access = org_access_for(user, memberships[0].organisation.slug)
    except Http404:
        return
    remember_nav_org(request, NavOrg.of(access))
