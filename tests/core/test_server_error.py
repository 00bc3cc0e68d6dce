"""What an uncaught exception answers: 503 with Retry-After while the database is away."""

from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from zorgwijs import urls
from zorgwijs.core.views import server_error


def _answer_to(error: Exception):
    try:
        raise error
    except Exception:
        return server_error(RequestFactory().get("/o/x/paspoort/"))


def test_the_database_away_is_a_503_that_says_to_try_again():
    for error in (OperationalError("server closed the connection"), InterfaceError("closed")):
        response = _answer_to(error)
        assert response.status_code == 503 and int(response["Retry-After"]) > 0
        assert "niet bereikbaar" in response.content.decode()


def test_any_other_fault_is_a_500():
    response = _answer_to(ValueError("a bug"))
    assert response.status_code == 500 and "Er ging iets mis" in response.content.decode()


def test_the_project_uses_this_handler():
    assert urls.handler500 == "zorgwijs.core.views.server_error"
