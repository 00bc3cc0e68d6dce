"""One decorator for a knowledge API operation, so it states once what the caller must be.

Spaces are shared across organisations, so these operations are not under
``/organisations/{org_slug}/`` and do not use ``org_endpoint``. ``space_endpoint`` fills the
same repeated parts (error answers, ``x-zorgwijs-access: {"scope": "space"}`` for the access
walk, the error list in the description) and, for a path with ``{space_slug}``, reaches the
space through ``get_space_for_viewer``, the helper the HTML views use: 404 for a space the
caller may not see, 403 for one who is not the ``role`` the operation needs. The view then
receives the caller's ``SpaceAccess`` instead of the slug::

    @space_endpoint(router, "POST", "/spaces/{space_slug}/questions", "member",
                    response=QuestionOut, status=201, operation_id="knowledge_question_ask",
                    summary="Vraag stellen", description="Ask a question …")
    def question_post(request, access, payload: QuestionIn):
        ...
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Literal

from django.http import HttpRequest
from ninja import Path, Router
from ninja.errors import HttpError

from zorgwijs.api.access import FORBIDDEN, PUBLIC_OPERATION, SPACE_OPERATION, caller_of
from zorgwijs.api.operations import register_operation, signature_with
from zorgwijs.organisations.visibility import remember_viewer, viewer_for

from .access import SpaceAccess, get_space_for_viewer

Role = Literal["viewer", "member", "editor"]

SpaceSlug = Path(
    ..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=80, description="Korte naam van de kennisruimte."
)
_SLUG_PARAMETER = inspect.Parameter(
    "space_slug", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=SpaceSlug, annotation=str
)


def space_access(request: HttpRequest, space_slug: str, role: Role) -> SpaceAccess:
    """The caller's access to the space: 404 if they may not see it, 403 if they may see it
    but are not a member (ask, answer) or editor (change pages) where ``role`` needs that."""
    access = get_space_for_viewer(request, space_slug)
    allowed = {"viewer": True, "member": access.is_member, "editor": access.can_edit}[role]
    if not allowed:
        raise HttpError(403, FORBIDDEN)
    return access


def space_endpoint(router: Router, method: str, path: str, role: Role | None, **options):
    """Register ``view`` as ``method path``; ``options`` are those of ``register_operation``.

    With a ``role`` the path holds ``{space_slug}`` and ``view(request, access, …)`` gets the
    space access; ``None`` is for operations across spaces, whose view filters by viewer itself.

    Reads (``GET``) are public operations, as the web pages of a space are: anyone may call
    them, also without an account (``auth=None``), and sees exactly the spaces the same
    visibility rule lets them read (public ones when signed out). Writes need a signed-in
    caller (401) who is a member or editor of the space.
    """
    if (role is None) == ("{space_slug}" in path):
        raise ValueError(f"{path}: a role goes with a {{space_slug}} path and only with one")
    public = method == "GET"
    if public and role not in (None, "viewer"):
        raise ValueError(f"{path}: a read is for viewers; writes need a member or editor")

    def register(view: Callable) -> Callable:
        def call(request: HttpRequest, *args, **values):
            if public:
                # The caller: a valid Bearer token's user, the session's, or anonymous.
                remember_viewer(request, viewer_for(caller_of(request)))
            return view(request, *args, **values)

        operation = functools.wraps(view)(call)
        if role is not None:

            @functools.wraps(view)
            def operation(request: HttpRequest, space_slug: str, **values):
                if public:
                    remember_viewer(request, viewer_for(caller_of(request)))
                return view(request, space_access(request, space_slug, role), **values)

            # inspect.signature reads it: django-ninja sees the view's parameters and the slug.
            operation.__signature__ = signature_with(view, _SLUG_PARAMETER)  # type: ignore[attr-defined]
        if public:
            options.setdefault("auth", None)
            options.setdefault("errors", (401, 404, 422))
        register_operation(
            router,
            method,
            path,
            operation,
            access=PUBLIC_OPERATION if public else SPACE_OPERATION,
            **options,
        )
        return view

    return register
