"""One decorator for an organisation-scoped API operation, so it states its capability once.

``org_endpoint`` fills what every such operation repeats: the ``response=`` mapping with its
error answers, ``openapi_extra`` with ``x-zorgwijs-access`` (what the access walk checks), the
error list in the description, the ``org_slug`` path parameter, and running the body inside
``org_scope`` (404 for outsiders, 403 without the capability). The view receives the caller's
``OrgAccess`` instead of the slug::

    @org_endpoint(router, "GET", "/{org_slug}/departments", "organisation.view",
                  response=list[DepartmentOut], operation_id="departments_list",
                  summary="Afdelingen", description="The organisation's department tree …")
    def list_departments(request, access):
        ...
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

from ninja import Path, Router
from ninja.constants import NOT_SET

from zorgwijs.lib.http import ApiRequest

from .access import org_operation, org_scope
from .schemas import READ_ERRORS, SLUG_PATTERN, WRITE_ERRORS, describe, responses

OrgSlug = Path(
    ..., pattern=SLUG_PATTERN, max_length=60, description="Korte naam van de organisatie."
)
_SLUG_PARAMETER = inspect.Parameter(
    "org_slug", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=OrgSlug, annotation=str
)


def signature_with(view: Callable, parameter: inspect.Parameter) -> inspect.Signature:
    """``view(request, access, …)`` as django-ninja should see it: ``(request, …, parameter)``
    with the path ``parameter`` that ``access`` is resolved from before the other path and query
    parameters (their order is the OpenAPI order). Annotations are evaluated here, in the view's
    module, because ninja would look them up in this one."""
    request, _access, *rest = inspect.signature(view, eval_str=True).parameters.values()
    bodies = [p for p in rest if p.default is inspect.Parameter.empty]
    others = [p for p in rest if p.default is not inspect.Parameter.empty]
    return inspect.Signature([request, *bodies, parameter, *others])


def register_operation(
    router: Router,
    method: str,
    path: str,
    operation: Callable,
    *,
    access: dict,
    response,
    operation_id: str,
    summary: str,
    description: str,
    status: int = 200,
    errors: tuple[int, ...] | None = None,
    tags: list[str] | None = None,
    auth=NOT_SET,
) -> None:
    """Register ``operation`` with what every operation states: the ``response=`` mapping with
    its error answers (the read or write set by default), ``access`` as ``openapi_extra`` (what
    the access walk checks) and the error list in the description. ``auth=None`` only for a
    ``PUBLIC_OPERATION``, which reads its caller with ``caller_of``."""
    if errors is None:
        errors = READ_ERRORS if method == "GET" else WRITE_ERRORS
    router.api_operation(
        [method],
        path,
        response=responses(status, response, errors),
        operation_id=operation_id,
        tags=tags,
        auth=auth,
        openapi_extra=access,
        summary=summary,
        description=describe(description, errors),
    )(operation)


def org_endpoint(
    router: Router,
    method: str,
    path: str,
    capability: str,
    **options,
):
    """Register ``view(request, access, …)`` as ``method path`` on ``router``, answering
    ``status`` with ``response``; ``options`` are those of ``register_operation``."""

    def register(view: Callable) -> Callable:
        @functools.wraps(view)
        def operation(request: ApiRequest, org_slug: str, **values):
            with org_scope(request, org_slug, capability) as access:
                return view(request, access, **values)

        # inspect.signature reads it: django-ninja sees the view's parameters and the slug.
        operation.__signature__ = signature_with(view, _SLUG_PARAMETER)  # type: ignore[attr-defined]
        register_operation(
            router, method, path, operation, access=org_operation(capability), **options
        )
        return view

    return register
