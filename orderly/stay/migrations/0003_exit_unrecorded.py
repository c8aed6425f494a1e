"""Stays whose exit was never recorded: closed by the next entry instead of left open.

Run `orderly stay refresh` after it, to decide those stays again (docs/deployment.md)."""

from django.db import migrations, models

# A kept stay still open although a later admitted crossing stands: only another entry can
# follow it so (an exit would have closed it). Until now such a stay stayed open for ever, and
# its traveller could be listed twice as overstaying. Closed here as the engine counts it, on
# its entry day; `orderly stay refresh` then decides it again as it stood before that entry.
# Plain SQL that both databases read alike: there may be millions of stays.
_CLOSE = """
UPDATE stay_authorizedstay SET exited_on = entered_on, exit_unrecorded = %s
WHERE exited_on IS NULL AND EXISTS (
    SELECT 1 FROM border_crossing AS later, border_crossing AS entry
    WHERE entry.id = stay_authorizedstay.entry_id
      AND later.person_id = entry.person_id
      AND later.outcome = 'admitted'
      AND later.occurred_at > entry.occurred_at
      AND NOT EXISTS (
          SELECT 1 FROM border_crossingcorrection AS correction
          WHERE correction.crossing_id = later.id
      )
)
"""


def close(connection):
    """Close every kept stay a later entry shows was left unseen (also called by the tests)."""
    with connection.cursor() as cursor:
        cursor.execute(_CLOSE, [True])


def close_stays_left_unseen(apps, schema_editor):
    close(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("stay", "0002_unlawful_from"),
        ("border", "0004_crossing_corrections"),
    ]

    operations = [
        migrations.AddField(
            model_name="authorizedstay",
            name="exit_unrecorded",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(close_stays_left_unseen, migrations.RunPython.noop),
    ]
