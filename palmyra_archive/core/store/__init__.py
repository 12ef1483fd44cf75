"""The archive file and the plumbing every room stands on: connections and the hold on
the file, migrations and the schema, the event log and change notices (with their undo
payloads, payloads.py), errors, cancellation
and progress, records, paths, the clock, file modes, backups, integrity checks and
the clean-up of what a killed run left. Knows no domain: nothing here imports a room.

The managers name ``core.archive.Archive`` as their ``archive`` parameter's type, imported only
under ``if TYPE_CHECKING:`` (the façade builds them; no import at run time, so no cycle).

May import: archive
"""
