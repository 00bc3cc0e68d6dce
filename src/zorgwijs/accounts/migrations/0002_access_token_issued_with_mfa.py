from django.db import migrations, models
from django.db.models import Exists, OuterRef


def mark_tokens_made_after_two_factors(apps, schema_editor):
    """Existing tokens count as made with two factors when the person had set them up before."""
    AccessToken = apps.get_model("accounts", "AccessToken")
    Authenticator = apps.get_model("mfa", "Authenticator")
    earlier = Authenticator.objects.filter(
        user_id=OuterRef("user_id"), created_at__lte=OuterRef("created_at")
    )
    AccessToken.objects.filter(Exists(earlier)).update(issued_with_mfa=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesstoken",
            name="issued_with_mfa",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_tokens_made_after_two_factors, migrations.RunPython.noop),
    ]
