"""LibreOffice in the tests: an exported workbook must open in Calc (read back as CSV)."""

import shutil
import subprocess
from pathlib import Path

import pytest


def xlsx_as_csv(content: bytes, folder: Path, stem: str) -> str:
    """The workbook's first sheet as Calc reads it, as UTF-8 CSV text."""
    if not shutil.which("soffice"):
        pytest.fail("Thiếu LibreOffice: chạy `make test` (tự cài gói libreoffice-calc-nogui).")
    source = folder / f"{stem}.xlsx"
    source.write_bytes(content)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # UTF-8
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        timeout=120,
    )
    return (folder / f"{stem}.csv").read_text(encoding="utf-8")
