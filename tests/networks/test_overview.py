"""The generated overview: drawn from the data (it changes when the data does), accessible,
the same content as its table, and downloadable as SVG and PDF."""

from __future__ import annotations

from xml.etree import ElementTree

from django.test import Client
from django.urls import reverse

from zorgwijs.networks.models import Action, Topic


def test_overview_follows_the_data(world, network):
    topic = Topic.objects.get(network=network)
    Action.objects.create(
        topic=topic, title="Werkbegeleiders opleiden", owner_organisation=world.org_a
    )
    url = reverse("networks:overview", kwargs={"network_slug": network.slug})
    page = Client().get(url).content.decode()
    assert 'role="img"' in page and '<title id="overview-title">' in page
    assert page.count("Werkbegeleiders opleiden") == 2  # in the picture and in the table
    svg = Client().get(url, {"formaat": "svg"})
    assert svg["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(svg.content)  # noqa: S314 - our own answer in a test
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "1. Leren in de praktijk" in texts and "Werkbegeleiders opleiden" in texts
    Action.objects.create(topic=topic, title="Leercoach per locatie")
    assert "Leercoach per locatie" in Client().get(url, {"formaat": "svg"}).content.decode()
    pdf = Client().get(url, {"formaat": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    png = Client().get(url, {"formaat": "png"})
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(png.content))
    assert image.width > 1000 and image.height > 100  # drawn at twice the SVG's size


def test_overview_of_a_closed_network_is_not_there(world):
    from tests.networks.factories import make_network

    closed = make_network(world.org_a, slug="besloten")
    url = reverse("networks:overview", kwargs={"network_slug": closed.slug})
    assert Client().get(url, {"formaat": "svg"}).status_code == 404
