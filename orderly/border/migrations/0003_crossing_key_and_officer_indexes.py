"""Indexes a crossing insert does not need to maintain.

* The idempotency key stays unique, now through a named constraint: ``unique=True`` also gave it
  a LIKE-pattern index on PostgreSQL that no query uses.
* The officer index covers only crossings that have an officer (imported ones do not).

The new guarantee is added before the old one is dropped, so the key is never unguarded.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("border", "0002_crossing_fk_indexes_covered"),
        ("registry", "0002_alter_person_date_of_birth"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="crossing",
            constraint=models.UniqueConstraint(
                fields=("idempotency_key",), name="crossing_idempotency_key"
            ),
        ),
        migrations.AlterField(
            model_name="crossing",
            name="idempotency_key",
            field=models.CharField(max_length=64),
        ),
        migrations.AddIndex(
            model_name="crossing",
            index=models.Index(
                condition=models.Q(("officer__isnull", False)),
                fields=["officer"],
                name="crossing_officer",
            ),
        ),
        migrations.AlterField(
            model_name="crossing",
            name="officer",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
