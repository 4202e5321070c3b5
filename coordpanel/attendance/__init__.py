"""Attendance at the gate shifts (#15): records and their rules, no-shows, hours, service-hours statements."""

from coordpanel.attendance import hours, noshows, records, statement

__all__ = ["hours", "noshows", "records", "statement"]
