"""Stays whose exit was never recorded: the column that says so.

The column has a database default, so a worker still running the previous version, which does
not know the column, can keep recording crossings while the upgrade runs. The stays are closed
in the next migration, in a transaction of its own, so that this one's lock on the table is
held only for as long as adding the column takes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stay", "0002_unlawful_from"),
        ("border", "0004_crossing_corrections"),
    ]

    operations = [
        migrations.AddField(
            model_name="authorizedstay",
            name="exit_unrecorded",
            field=models.BooleanField(default=False, db_default=False),
        ),
    ]
