"""A NUL character in a query string never reaches the database: it is dropped before any view
reads the query, on pages and in the API alike."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/begrippen/?q=a%00b",
        "/begrippen/skos.ttl?netwerk=%00",
        "/kennisbehoeften/?regio=x%00",
        "/zoeken/?q=%00",
        "/projecten/?thema%00=1",
        "/api/v1/needs?region=a%00b",
    ],
)
def test_a_nul_in_the_query_is_dropped_not_a_database_error(client, url):
    assert client.get(url).status_code == 200


def test_the_view_reads_the_query_without_the_nul(client):
    with_nul = client.get("/begrippen/?q=closed%00-loop")
    without = client.get("/begrippen/?q=closed-loop")
    assert with_nul.status_code == 200
    assert with_nul.context["q"] == without.context["q"] == "closed-loop"
