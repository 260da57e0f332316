"""Database triggers written as SQL per vendor (the member counters, the cell of the admission
day): the one place that runs a vendor's statements from a migration."""


def execute(schema_editor, statements_by_vendor: dict) -> None:
    """Run the statements of the schema editor's vendor (a list, or a callable making it)."""
    statements = statements_by_vendor[schema_editor.connection.vendor]
    for statement in statements() if callable(statements) else statements:
        schema_editor.execute(statement, params=None)
