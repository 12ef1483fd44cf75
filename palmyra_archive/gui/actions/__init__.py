"""The menus and toolbar and the commands they run: import, back up, verify, maintenance."""
