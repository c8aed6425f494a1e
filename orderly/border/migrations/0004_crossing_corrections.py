"""Crossing corrections: a correction points at the crossing recorded wrongly and at the one
standing in its place (none when struck out); neither crossing row is changed.

``source`` widens to hold "correction": on PostgreSQL a longer varchar is a catalogue change
only, with no rewrite of the crossings table.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("border", "0003_crossing_key_and_officer_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="crossing",
            name="source",
            field=models.CharField(
                choices=[
                    ("desk", "Border desk"),
                    ("offline", "Offline post"),
                    ("import", "Import"),
                    ("correction", "Correction"),
                ],
                max_length=12,
            ),
        ),
        migrations.CreateModel(
            name="CrossingCorrection",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("reason", models.CharField(max_length=300)),
                ("corrected_at", models.DateTimeField(help_text="When it was corrected, in UTC")),
                (
                    "corrected_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "crossing",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="correction",
                        to="border.crossing",
                    ),
                ),
                (
                    "replacement",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="replaces",
                        to="border.crossing",
                    ),
                ),
            ],
            options={
                "ordering": ["-corrected_at"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("replacement", models.F("crossing")), _negated=True),
                        name="correction_replaces_another",
                    )
                ],
            },
        ),
    ]
