"""The career ladder as data: the framework format, loading, validation and queries."""
