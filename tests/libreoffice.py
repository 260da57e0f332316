"""LibreOffice in the tests: an exported workbook must open in Calc (read back as CSV), a
.docx must open in Writer (converted to PDF)."""

import atexit
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytest


@cache
def _profile() -> str:
    """One user profile for the whole run: LibreOffice builds a new profile on its first
    start in it (seconds each time), later starts reuse it. The runs are one after another,
    never two at once in one test process."""
    folder = tempfile.mkdtemp(prefix="ptdv-soffice-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return f"-env:UserInstallation=file://{folder}"


def soffice(package: str, *arguments: str, timeout: int) -> None:
    """Run LibreOffice headless with the shared profile; fails the test when it is missing."""
    if not shutil.which("soffice"):
        pytest.fail(f"Thiếu LibreOffice: chạy `make test` (tự cài gói {package}).")
    subprocess.run(
        ["soffice", _profile(), "--headless", *arguments],
        check=True,
        timeout=timeout,
        capture_output=True,
    )


def xlsx_as_csv(content: bytes, folder: Path, stem: str) -> str:
    """The workbook's first sheet as Calc reads it, as UTF-8 CSV text."""
    source = folder / f"{stem}.xlsx"
    source.write_bytes(content)
    soffice(
        "libreoffice-calc-nogui",
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76",  # UTF-8
        "--outdir",
        str(folder),
        str(source),
        timeout=120,
    )
    return (folder / f"{stem}.csv").read_text(encoding="utf-8")
