"""The core: archive, import, anchoring and export, with no Qt import anywhere below here."""
