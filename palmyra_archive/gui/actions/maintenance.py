"""The reliability features the main window gets with one call: Tools › Verify archive…,
File › Back up archive…, the automatic backup at start, and noticing other processes' writes.

Kept out of ``main_window.py`` so the window stays composition only.
"""

from __future__ import annotations

from ..dialogs.version_review import install_version_review_action
from ..workers.external_changes import ExternalChangeWatcher
from .backup import install_backup_action, schedule_auto_backup
from .verify import install_verify_action


def install_maintenance(window, *, auto_backup: bool = True) -> None:
    window.verify_action = install_verify_action(window)
    window.backup_action = install_backup_action(window)
    window.version_review_action = install_version_review_action(window)
    window.external_changes = ExternalChangeWatcher(
        window.hub, lambda: window.archive, window,
        own_work_running=lambda: window.runner.busy)
    window.runner.task_finished.connect(window.external_changes.absorb)
    window.external_changes.archive_hold_reported.connect(
        lambda report: _tell_hold_report(window, report))
    if auto_backup:
        schedule_auto_backup(window)


def _tell_hold_report(window, report) -> None:
    """A reopened archive is a status message; one the app had to stop writing to is a dialog
    (said once per sentence, not at every poll)."""
    if report.reopened:
        window.statusBar().showMessage(report.message, 15000)
        return
    told: set[str] = getattr(window, "_hold_reports_told", set())
    if report.message in told:
        return
    told.add(report.message)
    window._hold_reports_told = told
    from ...core.store.errors import ArchiveError
    from ..common.errors import show_error
    show_error(window, ArchiveError(report.message))
