"""Personal API: my notifications, marking them read, what I follow.

Every operation touches only the caller's own rows (``PERSONAL_OPERATION``); following checks
that the caller may read the object now and answers 404 otherwise, like the web pages.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import model_validator

from zorgwijs.api.access import NOT_FOUND, PERSONAL_OPERATION
from zorgwijs.api.paging import limit_param
from zorgwijs.api.schemas import MAX_ID, InputSchema, describe, responses
from zorgwijs.lib.http import ApiRequest

from .events import sentence
from .selectors import follows_of, notifications_of, unread_count
from .services import actor_name, follow_set, notifications_mark_read
from .targets import find_readable, title_of, url_of

router = Router(tags=["notifications"])

TargetKind = Literal["space", "page", "question", "incident"]
# A notification may also be about something addressed to the person (never followed).
NotificationTargetKind = Literal[
    "space",
    "page",
    "question",
    "incident",
    "sign_off",
    "profile",
    "route",
    "attempt",
    "contribution",
]
LIST_ERRORS = (401, 422)
BODY_ERRORS = (400, 401, 422)  # 400: a body that is not JSON
WRITE_ERRORS = (400, 401, 404, 422)


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="Soort gebeurtenis, bijvoorbeeld `page.revised`.")
    text: str = Field(description="De melding als zin, in de taal van de aanvraag.")
    target: NotificationTargetKind
    target_id: int
    title: str
    url: str
    actor: str | None = Field(description="Naam van wie het deed; leeg als niemand genoemd mag.")
    count: int = Field(description="Aantal samengevoegde gebeurtenissen (bulkwijzigingen).")
    last_event_at: datetime.datetime
    read: bool


class NotificationListOut(Schema):
    unread: int
    items: list[NotificationOut]


class MarkReadIn(InputSchema):
    ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list, max_length=1000, description="Meldingen om gelezen te markeren."
    )
    all: bool = Field(default=False, description="Markeer al je meldingen als gelezen.")

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        # Every field has a default, so ninja would read any JSON value (a number, a list) as
        # "nothing asked"; a body that is not an object is a mistake the caller should hear of.
        wrapped = getattr(data, "_obj", data)  # ninja hands schemas a DjangoGetter
        if not isinstance(wrapped, dict):
            raise ValueError("Verwacht een JSON-object.")
        return data


class MarkReadOut(Schema):
    marked: int


class FollowIn(InputSchema):
    target: TargetKind
    id: int = Field(ge=1, le=MAX_ID)


class FollowOut(Schema):
    target: TargetKind
    id: int
    title: str
    url: str
    following: bool


def _notification(n) -> dict:
    target = n.target
    actor = actor_name(n)
    title = title_of(target)
    return {
        "id": n.pk,
        "kind": n.kind,
        "text": sentence(n.kind, actor=actor, title=title, count=n.count),
        "target": n.target_kind,
        "target_id": target.pk,
        "title": title,
        "url": url_of(target, n.kind),
        "actor": actor or None,
        "count": n.count,
        "last_event_at": n.last_event_at,
        "read": n.read_at is not None,
    }


@router.get(
    "",
    response=responses(200, NotificationListOut, LIST_ERRORS),
    operation_id="notifications_list",
    openapi_extra=PERSONAL_OPERATION,
    summary="Mijn meldingen",
    description=describe(
        "Personal: the caller's notifications, unread first, newest first (at most `limit`).",
        LIST_ERRORS,
    ),
)
def list_notifications(request: ApiRequest, limit: int = limit_param()):
    user = request.auth
    rows = notifications_of(user)[:limit]
    return {"unread": unread_count(user), "items": [_notification(n) for n in rows]}


@router.post(
    "/read",
    response=responses(200, MarkReadOut, BODY_ERRORS),
    operation_id="notifications_mark_read",
    openapi_extra=PERSONAL_OPERATION,
    summary="Meldingen gelezen",
    description=describe(
        "Personal: mark the given notifications (or, with `all`, every one) of the caller read. "
        "Ids of other people's notifications are ignored.",
        LIST_ERRORS,
    ),
)
def mark_read(request: ApiRequest, payload: MarkReadIn):
    ids = None if payload.all else payload.ids
    return {"marked": notifications_mark_read(user=request.auth, ids=ids)}


def _follow_out(target, kind: str, following: bool) -> dict:
    return {
        "target": kind,
        "id": target.pk,
        "title": title_of(target),
        "url": url_of(target),
        "following": following,
    }


@router.get(
    "/follows",
    response=responses(200, list[FollowOut], LIST_ERRORS),
    operation_id="notifications_follows_list",
    openapi_extra=PERSONAL_OPERATION,
    summary="Wat ik volg",
    description=describe(
        "Personal: the spaces, pages, questions and incidents the caller follows.", LIST_ERRORS
    ),
)
def list_follows(request: ApiRequest):
    return [_follow_out(f.target, f.target_kind, True) for f in follows_of(request.auth)]


def _set(request: ApiRequest, payload: FollowIn, following: bool) -> dict:
    target = find_readable(request.auth, payload.target, payload.id)
    if target is None:
        raise HttpError(404, NOT_FOUND)
    follow_set(user=request.auth, target=target, following=following)
    return _follow_out(target, payload.target, following)


@router.post(
    "/follows",
    response=responses(200, FollowOut, WRITE_ERRORS),
    operation_id="notifications_follow",
    openapi_extra=PERSONAL_OPERATION,
    summary="Volgen",
    description=describe(
        "Personal: follow a space (with its pages and questions), page, question or incident "
        "the caller may read; 404 for anything else.",
        WRITE_ERRORS,
    ),
)
def follow(request: ApiRequest, payload: FollowIn):
    return _set(request, payload, True)


@router.post(
    "/follows/remove",
    response=responses(200, FollowOut, WRITE_ERRORS),
    operation_id="notifications_unfollow",
    openapi_extra=PERSONAL_OPERATION,
    summary="Niet meer volgen",
    description=describe(
        "Personal: stop following an object (also one covered by a followed space).",
        WRITE_ERRORS,
    ),
)
def unfollow(request: ApiRequest, payload: FollowIn):
    return _set(request, payload, False)
