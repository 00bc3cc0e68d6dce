"""Dutch first: the language is the person's choice, never the browser's guess."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation

from .data_cache import announce_all, one_generation_per_request


class PreferredLanguageMiddleware:
    """Language from the language switch (cookie), else the person's profile, else Dutch."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def _language(request: HttpRequest) -> str:
        supported = {code for code, _ in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated:
            user = None
        if chosen in supported:
            if user is not None and user.language != chosen:
                # Remember the switch on the profile: e-mails follow the person's language.
                # ``request.user`` is a lazy proxy, so ask for the model, not ``type(user)``.
                get_user_model().objects.filter(pk=user.pk).update(language=chosen)
                user.language = chosen
            return chosen
        if user is not None and user.language in supported:
            return user.language
        return settings.LANGUAGE_CODE


class DropNulFromQueryMiddleware:
    """A NUL character (``%00``) is removed from query-string keys and values before any view
    reads them. PostgreSQL refuses NUL in text, so a search or filter that passed it on would be
    a 500 (a web scanner sends them by the hundred); a NUL carries no meaning in any filter, and
    nobody can type one, so dropping it keeps search's promise that any text gets an answer.
    Form fields refuse NUL themselves, at the field (``ProhibitNullCharactersValidator``)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in "".join(k + "".join(v) for k, v in request.GET.lists()):
            pairs = [(k, v) for k, values in request.GET.lists() for v in values]
            query = urlencode([(k.replace("\x00", ""), v.replace("\x00", "")) for k, v in pairs])
            request.GET = QueryDict(query)  # immutable, as the one Django made
        return self.get_response(request)


class DataCacheMiddleware:
    """The data cache around each request (``core/data_cache.py``): the generation is read
    once per request, and the request's autocommit writes make a new one before its response
    goes out, not after: a client that reads again at once — a person, or a test that ends and
    empties the database — meets the new generation, and no write of this request runs after
    the response was sent. ``request_finished`` still announces what a streamed response
    wrote while it was sent."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with one_generation_per_request():
            response = self.get_response(request)
            announce_all()
        return response
