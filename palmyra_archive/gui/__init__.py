"""The desktop app: PySide6 views over the core's service API (no SQL, no parsing here)."""
