"""Stays whose exit was never recorded: closed by the next entry instead of left open.

Run `orderly stay refresh` after it, to decide those stays again (docs/deployment.md)."""

from django.db import migrations

# A kept stay still open although the next current admitted crossing after its entry is
# another entry. Until now such a stay stayed open for ever, and its traveller could be listed
# twice as overstaying. Closed here as the engine counts it, on its entry day; `orderly stay
# refresh` then decides it again as it stood before that entry.
#
# "Next" in the order the platform pairs crossings in: by instant, the entry first at one
# instant, then by id. A stay with an exit before the next entry is left alone: that exit
# closes it, and the refresh records it so.
#
# Plain SQL that both databases read alike (row values compare field by field, in order):
# there may be millions of stays.
_CLOSE = """
UPDATE stay_authorizedstay SET exited_on = entered_on, exit_unrecorded = %s
WHERE exited_on IS NULL AND EXISTS (
    SELECT 1 FROM border_crossing AS entry, border_crossing AS later
    WHERE entry.id = stay_authorizedstay.entry_id
      AND later.person_id = entry.person_id
      AND later.outcome = 'admitted'
      AND later.direction = 'entry'
      AND (later.occurred_at, later.direction, later.id)
          > (entry.occurred_at, entry.direction, entry.id)
      AND NOT EXISTS (
          SELECT 1 FROM border_crossingcorrection AS correction
          WHERE correction.crossing_id = later.id
      )
      AND NOT EXISTS (
          SELECT 1 FROM border_crossing AS leaving
          WHERE leaving.person_id = entry.person_id
            AND leaving.outcome = 'admitted'
            AND leaving.direction = 'exit'
            AND (leaving.occurred_at, leaving.direction, leaving.id)
                > (entry.occurred_at, entry.direction, entry.id)
            AND (leaving.occurred_at, leaving.direction, leaving.id)
                < (later.occurred_at, later.direction, later.id)
            AND NOT EXISTS (
                SELECT 1 FROM border_crossingcorrection AS correction
                WHERE correction.crossing_id = leaving.id
            )
      )
)
"""


def close(connection):
    """Close every kept stay the next entry shows was left unseen (also called by the tests)."""
    with connection.cursor() as cursor:
        cursor.execute(_CLOSE, [True])


def close_stays_left_unseen(apps, schema_editor):
    close(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("stay", "0003_exit_unrecorded"),
    ]

    operations = [
        migrations.RunPython(close_stays_left_unseen, migrations.RunPython.noop),
    ]
