"""Qt item models that fetch from the archive lazily."""
