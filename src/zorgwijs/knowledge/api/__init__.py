"""/api/v1/knowledge/…: spaces, pages (read, revise) and questions, answers and
comments (list, ask, answer, edit, hide).

Spaces are shared across organisations, so these operations are not under
``/organisations/{org_slug}/``: ``space_endpoint`` (see ``knowledge/endpoints.py``) reaches
each one's space through ``get_space_for_viewer``, the same helper as the HTML views (404 for a
space the caller may not see, 403 for a reader who may not write), and marks it
``x-zorgwijs-access: {"scope": "space"}`` so the isolation test walks it as such.

One module per resource; each has its own router, mounted here on the one the API includes.
"""

from ninja import Router

from . import pages, posts, questions, spaces

router = Router(tags=["knowledge"])
for resource in (spaces, pages, questions, posts):
    router.add_router("", resource.router)

__all__ = ["router"]
