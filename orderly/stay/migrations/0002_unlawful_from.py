"""The first day present unlawfully, kept with each stay, and the overstay index on it."""

from django.db import migrations, models

# The day after the last lawful day, or the entry day for a stay no rule allowed; empty for the
# exempt. One statement, in the database's own date arithmetic: there may be millions of stays.
_FILL = {
    "sqlite": "UPDATE stay_authorizedstay SET unlawful_from = CASE WHEN authorized_until IS NULL "
    "THEN entered_on ELSE date(authorized_until, '+1 day') END WHERE NOT exempt",
    "postgresql": "UPDATE stay_authorizedstay SET unlawful_from = CASE WHEN authorized_until IS "
    "NULL THEN entered_on ELSE authorized_until + 1 END WHERE NOT exempt",
}


def fill(connection):
    """Give every stay its first unlawful day (also called by the tests)."""
    with connection.cursor() as cursor:
        cursor.execute(_FILL[connection.vendor])


def fill_unlawful_from(apps, schema_editor):
    fill(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("stay", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="authorizedstay",
            name="stay_open_or_late",
        ),
        migrations.AddField(
            model_name="authorizedstay",
            name="unlawful_from",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="authorizedstay",
            name="authorized_until",
            field=models.DateField(blank=True, help_text="Empty: no basis, or exempt", null=True),
        ),
        migrations.RunPython(fill_unlawful_from, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="authorizedstay",
            index=models.Index(
                condition=models.Q(
                    ("exempt", False),
                    models.Q(
                        ("exited_on__isnull", True),
                        ("exited_on__gte", models.F("unlawful_from")),
                        _connector="OR",
                    ),
                ),
                fields=["unlawful_from", "exited_on", "entered_on", "person", "region", "exempt"],
                name="stay_open_or_late",
            ),
        ),
    ]
