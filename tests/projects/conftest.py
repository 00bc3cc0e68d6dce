import pytest

from zorgwijs.projects.models import Theme


@pytest.fixture
def themes(db):
    return [
        Theme.objects.create(slug="valpreventie", name="Valpreventie"),
        Theme.objects.create(slug="anders-werken", name="Anders werken"),
    ]
