"""Backup and restore of the whole database (`ptdv backup`, `ptdv restore`).

SQLite: the online backup API (a consistent copy while the application runs).
PostgreSQL: `pg_dump` / `pg_restore` in the custom format (Debian: postgresql-client).
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _pg_env() -> tuple[list[str], dict]:
    settings = connection.settings_dict
    args = ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
    if settings["USER"]:
        args += ["-U", settings["USER"]]
    env = {**os.environ}
    if settings["PASSWORD"]:
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"Không tìm thấy lệnh {name}: hãy cài gói postgresql-client "
            "(apt-get install postgresql-client)."
        )
    return found


def backup(path: Path) -> Path:
    """Write a consistent copy of the database to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return path
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        command = [_tool("pg_dump"), "-Fc", "--no-owner", *args, "-f", str(path)]
        result = subprocess.run(
            [*command, connection.settings_dict["NAME"]], env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump không thành công: {result.stderr.strip()}")
        return path
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")


def restore(path: Path) -> None:
    """Replace the whole database with the backup at `path`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không có tệp sao lưu «{path}».")
    if connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"Tệp sao lưu «{path}» bị hỏng.")
            connection.ensure_connection()
            source.backup(connection.connection)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"Tệp «{path}» không phải là bản sao lưu SQLite: {error}") from error
        finally:
            source.close()
        return
    if connection.vendor == "postgresql":
        connection.close()  # no session of ours holds a lock on what is dropped
        args, env = _pg_env()
        command = [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            "-d",
            connection.settings_dict["NAME"],
            str(path),
        ]
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_restore không thành công: {result.stderr.strip()}")
        return
    raise BackupError(f"Chưa hỗ trợ khôi phục cơ sở dữ liệu {connection.vendor}.")


def table_summary() -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows (in primary-key order): two
    databases with equal summaries hold the same data. Used by the restore drill."""
    summary = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                count += 1
                digest.update(repr(tuple(_plain(value) for value in row)).encode())
            summary[table] = (count, digest.hexdigest())
    return summary


def _plain(value):
    if isinstance(value, memoryview):
        return bytes(value)
    return value
