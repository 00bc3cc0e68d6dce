"""Members a coordinator names assessor for an item they do not hold themselves."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('competences', '0007_evidence_append_only_in_database'),
        ('organisations', '0004_organisation_application'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuthorisedAssessor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('granted_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'aangewezen beoordelaar',
                'verbose_name_plural': 'aangewezen beoordelaars',
            },
        ),
        migrations.AddField(
            model_name='authorisedassessor',
            name='granted_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='authorisedassessor',
            name='item',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='competences.competenceitem'),
        ),
        migrations.AddField(
            model_name='authorisedassessor',
            name='membership',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.membership', verbose_name='beoordelaar'),
        ),
        migrations.AddField(
            model_name='authorisedassessor',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation'),
        ),
        migrations.AddConstraint(
            model_name='authorisedassessor',
            constraint=models.UniqueConstraint(fields=('membership', 'item'), name='uniq_authorised_assessor'),
        ),
    ]
