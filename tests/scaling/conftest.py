"""A `replica` alias pointed at the same server and database (a test mirror of `default`),
as CI runs it: what the router sends there must be right on the primary's data."""

from django.db import connections

if "replica" not in connections.settings:
    connections.settings["replica"] = {
        **connections.settings["default"],
        "TEST": {"MIRROR": "default"},
    }
