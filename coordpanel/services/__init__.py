"""Resident services (#16): resident requests, supplies and the case log; reads, rules and audited writes."""

from coordpanel.services import cases, fields, requests, supplies  # noqa: F401
