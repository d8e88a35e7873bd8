"""Import of monthly reports: read any operator file, validate, store atomically, refresh."""
