"""What every importer shares: problems, the report (`--json` and the readable summary), and the atomic write."""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One rejected row (or an unusable file): where, which column, which value, and why in plain words."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column, "value": self.value, "message": self.message}

    def describe(self) -> str:
        where = self.file + (f" line {self.line}" if self.line else "")
        column = f", column {self.column}" if self.column else ""
        value = f", value {self.value!r}" if self.value is not None else ""
        return f"{where}{column}{value}: {self.message}"


class UnusableFile(Exception):
    """An input cannot be used at all (unreadable, not a CSV, a required column missing): the import writes nothing."""

    def __init__(self, file: str, message: str, line: int | None = None, column: str | None = None, value: str | None = None):
        super().__init__(f"{file}: {message}")
        self.problem = Problem(file, line, column, value, message)


@dataclass
class InputCount:
    """Rows of one input file: read = written + rejected."""

    file: str
    rows_read: int = 0
    rows_written: int = 0
    rows_rejected: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "rows_read": self.rows_read, "rows_written": self.rows_written, "rows_rejected": self.rows_rejected}


@dataclass
class ImportReport:
    """The outcome of one import, printed as JSON with `--json` and as a summary without."""

    source: str
    inputs: list[InputCount]
    problems: list[Problem] = field(default_factory=list)
    unmapped_countries: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # files written, empty when the import could not run
    failed: bool = False  # the import could not run at all and wrote nothing

    @property
    def exit_code(self) -> int:
        """0 when every row was written, 1 when any was rejected or the import could not run."""
        return 1 if self.failed or any(count.rows_rejected for count in self.inputs) else 0

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "inputs": [count.as_dict() for count in self.inputs],
            "problems": [problem.as_dict() for problem in self.problems],
            "unmapped_countries": dict(self.unmapped_countries),
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        lines = [f"Import of the {self.source}"]
        width = max(len(count.file) for count in self.inputs) if self.inputs else 0
        for count in self.inputs:
            lines.append(
                f"  {count.file:<{width}}  read {count.rows_read:>7,}  written {count.rows_written:>7,}  rejected {count.rows_rejected:>5,}"
            )
        if self.failed:
            lines.append("Nothing was written: the import could not run.")
        else:
            lines.extend(f"Wrote {path}" for path in self.written)
        if self.problems:
            lines.append(f"Problems ({len(self.problems):,}):")
            lines.extend(f"  {problem.describe()}" for problem in self.problems)
        if self.unmapped_countries:
            lines.append("Country names not read as a country (rows):")
            lines.extend(
                f"  {name!r}: {count:,}" for name, count in sorted(self.unmapped_countries.items(), key=lambda item: (-item[1], item[0]))
            )
        if self.notes:
            lines.append("Notes:")
            lines.extend(f"  {note}" for note in self.notes)
        lines.append("OK: nothing rejected." if self.exit_code == 0 else "NOT OK: rows were rejected or the import could not run.")
        return "\n".join(lines)


def line_list(lines: Sequence[int]) -> str:
    """'line 5' or 'lines 5, 9, 12' for a note."""
    return ("line " if len(lines) == 1 else "lines ") + ", ".join(str(line) for line in lines)


def write_tables(out_dir: Path, tables: dict[str, tuple[Sequence[str], Iterable[Sequence[str]]]]) -> list[Path]:
    """Write each table (relative path -> header, rows) under out_dir, all or nothing as far as files go.

    Every file is written in full into a temporary folder inside out_dir (same file system), then moved into
    place with os.replace, which swaps a file in one step: a reader sees the old file or the new one, never half
    of one. Should anything fail before the moves, the temporary folder is removed and out_dir is as it was.
    """
    out_dir.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=out_dir))
    try:
        staged: list[tuple[Path, Path]] = []
        for relative, (header, rows) in tables.items():
            temporary = staging / relative
            temporary.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(header)
                writer.writerows(rows)
                handle.flush()
                os.fsync(handle.fileno())
            staged.append((temporary, out_dir / relative))
        for _, final in staged:
            final.parent.mkdir(parents=True, exist_ok=True)
        for temporary, final in staged:
            os.replace(temporary, final)
        return [final for _, final in staged]
    finally:
        shutil.rmtree(staging, ignore_errors=True)
