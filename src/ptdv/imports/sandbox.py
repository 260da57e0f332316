"""Reading an uploaded file safely: limits checked before reading, then reading in a child
process with memory and CPU limits.

A 4,7 KB workbook with only cells A1 and XFD1048576 makes the reader allocate the whole
range (512 GiB) and abort the process. So:

1. `prescan` opens the .xlsx/.xlsm package without reading a sheet into memory: the expanded
   size of its parts, then each sheet's declared dimension and its cells (streamed), against
   the limits of `ptdv.imports.conf` (`MAX_EXPANDED_BYTES`, `MAX_SHEET_ROWS`, `MAX_COLUMNS`,
   `MAX_CELLS`). Formats without such a structure (.xls, .ods) rely on step 2.
2. `read_in_child` reads the file in a forked child with `resource.setrlimit` (address space,
   CPU seconds) and a wall-clock deadline. Whatever the reader does (abort, exhaust memory,
   loop), only the child dies: the worker gets a Vietnamese refusal and goes on. While it
   waits it calls `heartbeat`, which renews the job's lease.
"""

import faulthandler
import multiprocessing
import os
import re
import resource
import signal
import time
import traceback
import zipfile
from collections.abc import Callable
from io import BytesIO

from ptdv.imports.conf import limit
from ptdv.imports.reading import ZIP_MAGIC, FileRejected, Table, extension, read_table
from ptdv.imports.spec import Kind

CHUNK = 1024 * 1024
_CELL_REF = re.compile(rb"<c\b[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_DIMENSION = re.compile(rb"<dimension\b[^>]*?\bref=\"(?:[A-Z]+[0-9]+:)?([A-Z]{1,3})([0-9]{1,7})\"")
TOO_COMPLEX = (
    "Tệp «{name}» quá lớn hoặc quá phức tạp để đọc ({why}). Hãy mở tệp bằng Excel hoặc "
    "LibreOffice, xóa các ô thừa, lưu lại rồi tải lên; tệp lớn hãy chia thành nhiều tệp."
)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _refuse(name: str, why: str) -> FileRejected:
    return FileRejected(TOO_COMPLEX.format(name=name, why=why))


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _check_extent(name: str, sheet: str, rows: int, columns: int) -> None:
    extent = f"trang tính «{sheet}» trải tới dòng {_n(rows)}, cột thứ {_n(columns)}"
    if (
        rows > limit("MAX_SHEET_ROWS")
        or columns > limit("MAX_COLUMNS")
        or rows * columns > limit("MAX_CELLS")
    ):
        raise _refuse(name, extent)


def prescan(file_name: str, data: bytes) -> None:
    """Refuse an Office Open XML workbook whose size once expanded, or whose sheets' extent,
    passes the limits; reads the package in chunks, never a whole sheet."""
    if extension(file_name) not in ("xlsx", "xlsm") or not data.startswith(ZIP_MAGIC):
        return
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # the reader says it is damaged, in Vietnamese
    budget = limit("MAX_EXPANDED_BYTES")
    if sum(member.file_size for member in members) > budget:
        raise _refuse(file_name, "dung lượng khi giải nén quá lớn")
    expanded = 0
    for member in members:
        if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
            continue
        sheet = member.filename.rsplit("/", 1)[-1].removesuffix(".xml")
        max_row = max_column = cells = 0
        tail = b""
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    # The declared size may lie: count what really comes out.
                    expanded += len(chunk)
                    if expanded > budget:
                        raise _refuse(file_name, "dung lượng khi giải nén quá lớn")
                    text = tail + chunk
                    if max_row == 0 and (declared := _DIMENSION.search(text)):
                        _check_extent(
                            file_name,
                            sheet,
                            int(declared.group(2)),
                            _column_number(declared.group(1)),
                        )
                    cut = text.rfind(b"<")
                    body, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
                    found = _CELL_REF.findall(body)
                    if found:
                        cells += len(found)
                        # Each distinct row number and column converted once (a chunk
                        # holds some thousand rows of the same few columns).
                        letters, rows = zip(*found, strict=True)
                        max_row = max(max_row, *map(int, set(rows)))
                        max_column = max(max_column, *map(_column_number, set(letters)))
                    if cells > limit("MAX_CELLS"):
                        raise _refuse(file_name, f"trang tính «{sheet}» có quá nhiều ô")
                    _check_extent(file_name, sheet, max_row, max_column)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
            return  # damaged: the reader refuses it with its own message


def _child(connection, kind: Kind, file_name: str, data: bytes, memory: int, seconds: int):
    faulthandler.disable()  # a reader that aborts is expected here, not a crash to report
    try:
        used = _address_space()
        resource.setrlimit(resource.RLIMIT_AS, (used + memory, used + memory))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
        try:
            connection.send(("ok", read_table(kind, file_name, data)))
        except FileRejected as error:
            connection.send(("rejected", error.message))
        except MemoryError:
            connection.send(("too_big", "cần quá nhiều bộ nhớ"))
        except Exception:
            connection.send(("error", traceback.format_exc(limit=5)))
    finally:
        connection.close()
        os._exit(0)  # no atexit, no closing of the parent's database connection


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


class ReaderCrashed(Exception):
    """The child died in an unexpected way (a bug, not the file): the worker reports it."""


def read_in_child(
    kind: Kind, file_name: str, data: bytes, heartbeat: Callable[[], None] | None = None
) -> Table:
    """Prescan, then read the file in a child process with limits; a refusal raises
    FileRejected with a Vietnamese message."""
    prescan(file_name, data)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    memory = limit("CHILD_MEMORY_MB") * 1024 * 1024
    seconds = limit("CHILD_SECONDS")
    child = context.Process(
        target=_child, args=(sender, kind, file_name, data, memory, seconds), daemon=True
    )
    child.start()
    sender.close()
    deadline = time.monotonic() + seconds * 2
    outcome = None
    try:
        while outcome is None:
            if receiver.poll(1):
                try:
                    outcome = receiver.recv()
                except EOFError:  # the child died before answering
                    break
            elif not child.is_alive() or time.monotonic() > deadline:
                break
            if heartbeat is not None:
                heartbeat()
    finally:
        receiver.close()
        if child.is_alive():
            os.kill(child.pid, signal.SIGKILL)
        child.join()
    if outcome is None:
        if child.exitcode in (-signal.SIGKILL, -signal.SIGXCPU) or time.monotonic() > deadline:
            raise _refuse(file_name, "đọc quá lâu")
        raise _refuse(file_name, "cần quá nhiều bộ nhớ")
    status, value = outcome
    if status == "ok":
        return value
    if status == "rejected":
        raise FileRejected(value)
    if status == "too_big":
        raise _refuse(file_name, value)
    raise ReaderCrashed(value)
