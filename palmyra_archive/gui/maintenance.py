"""The reliability features the main window gets with one call: Tools › Verify archive…,
File › Back up archive…, the automatic backup at start, and noticing other processes' writes.

Kept out of ``main_window.py`` so the window stays composition only.
"""

from __future__ import annotations

from .backup_action import install_backup_action, schedule_auto_backup
from .dialogs.version_review import install_version_review_action
from .external_changes import ExternalChangeWatcher
from .verify_action import install_verify_action


def install_maintenance(window, *, auto_backup: bool = True) -> None:
    window.verify_action = install_verify_action(window)
    window.backup_action = install_backup_action(window)
    window.version_review_action = install_version_review_action(window)
    window.external_changes = ExternalChangeWatcher(
        window.hub, lambda: window.archive, window,
        own_work_running=lambda: window.runner.busy)
    window.runner.task_finished.connect(window.external_changes.absorb)
    if auto_backup:
        schedule_auto_backup(window)
