"""Move the search glossary into the platform's vocabulary, without losing a synonym."""

from django.db import migrations


def forwards(apps, schema_editor):
    from zorgwijs.vocabulary.glossary import import_entries

    entries = apps.get_model("search", "GlossaryEntry").objects.order_by("term")
    import_entries(
        ((e.term, e.variants.splitlines(), e.note) for e in entries),
        concept_model=apps.get_model("vocabulary", "Concept"),
        label_model=apps.get_model("vocabulary", "ConceptLabel"),
        revision_model=apps.get_model("vocabulary", "ConceptRevision"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("vocabulary", "0001_initial"),
        ("search", "0004_drop_fruitless_search"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
