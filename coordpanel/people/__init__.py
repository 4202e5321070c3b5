"""The people directory: search, add, edit, status, and imports from office spreadsheets."""

from coordpanel.people import directory, importer, sheet, status

__all__ = ["directory", "importer", "sheet", "status"]
