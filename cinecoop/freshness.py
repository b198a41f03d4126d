"""Whether a new load of the data folder may replace the last good one, and the words that say why when it may not.

An analyst copies this week's exports into the data folder while the dashboard is on screen. A file caught
half-copied must not replace figures that were right a minute ago: the dashboard keeps serving the last good
load, says which file looks unfinished and why, and takes the new data as soon as the file is whole.

A new load is held back ("broken or half-written"), compared with the last good load, when:

- a required file that was usable is now missing;
- a file that was usable is now unusable: empty, not UTF-8, binary, no longer a CSV, or missing a required
  column (the loader's file errors);
- a file's last record is cut short: the file does not end with a line break, and either its last record
  was rejected (too few fields, a value cut in half) or the file loaded last time did end with one;
- the data folder changed while it was being read (a writer was still at work during the load).

Rows rejected inside a complete file are a normal load (the Data quality page lists them), and so is a
file that was already unusable, or an optional file (targets.csv) that was removed.

judge() and describe() are pure; observe() gathers the facts of one load from its report, its tables and the
ends of its files; a Keeper holds the last good load of one folder for every session of the server."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cinecoop.i18n import t, translate_message

if TYPE_CHECKING:
    import duckdb

    from cinecoop.loader import LoadReport

LINE_BREAKS = (b"\n", b"\r")


@dataclass(frozen=True)
class FileFacts:
    """What one load saw of one export file."""

    file: str
    required: bool
    present: bool
    file_error: str | None = None
    modified: dt.datetime | None = None
    ends_with_line_break: bool = True
    last_line: int | None = None  # the physical line of the last record, loaded or rejected
    last_line_problem: str | None = None  # why that record was rejected; None when it loaded
    table: str = ""  # the table the file is (a part of)

    @property
    def usable(self) -> bool:
        return self.present and self.file_error is None


@dataclass(frozen=True)
class LoadFacts:
    """What one load of the data folder saw: each file, and whether the folder stood still while it was read."""

    loaded_at: dt.datetime
    files: tuple[FileFacts, ...]
    settled: bool = True

    def file(self, name: str) -> FileFacts | None:
        return next((facts for facts in self.files if facts.file == name), None)


@dataclass(frozen=True)
class Holdback:
    """One reason a new load did not replace the last good one."""

    kind: str  # missing, unusable, cut_short, unsettled, failed
    file: str | None
    detail: str = ""  # the loader's words: the file error, the last record's problem, or the load's error
    changed_at: dt.datetime | None = None
    line: int | None = None


@dataclass(frozen=True)
class Verdict:
    """Whether a new load may be shown; when not, every reason."""

    holdbacks: tuple[Holdback, ...] = ()

    @property
    def accept(self) -> bool:
        return not self.holdbacks


def is_cut_short(now: FileFacts, before: FileFacts | None) -> bool:
    """The last record stops without a line break, and it was rejected or the file loaded before ended with one."""
    if not now.usable or now.ends_with_line_break:
        return False
    return now.last_line_problem is not None or (before is not None and before.usable and before.ends_with_line_break)


def judge(last_good: LoadFacts | None, new: LoadFacts) -> Verdict:
    """May the new load replace the last good one? The first load is always shown: there is nothing better."""
    if last_good is None:
        return Verdict()
    holdbacks: list[Holdback] = []
    for now in new.files:
        before = last_good.file(now.file)
        was_usable = before is not None and before.usable
        if not now.present:
            # A table whose every file has gone (a file that was usable, or any part of the table that was).
            gone = was_usable or any(facts.usable for facts in last_good.files if now.table and facts.table == now.table)
            if gone and now.required:
                holdbacks.append(Holdback("missing", now.file, changed_at=new.loaded_at))
        elif not now.usable:
            if was_usable:
                holdbacks.append(Holdback("unusable", now.file, _without_file_name(now.file, now.file_error or ""), now.modified))
        elif is_cut_short(now, before):
            holdbacks.append(Holdback("cut_short", now.file, now.last_line_problem or "", now.modified, now.last_line or 1))
    if not new.settled and not holdbacks:
        holdbacks.append(Holdback("unsettled", None, changed_at=new.loaded_at))
    return Verdict(tuple(holdbacks))


def failed(error: BaseException, when: dt.datetime) -> Verdict:
    """The verdict on a load that raised: hold it back, saying what went wrong in the error's first line."""
    lines = str(error).strip().splitlines()
    return Verdict((Holdback("failed", None, lines[0] if lines else type(error).__name__, when),))


def _without_file_name(file: str, message: str) -> str:
    """The loader's file errors start with the file name, which the banner already says."""
    return message[len(file) :].strip() if message.startswith(file) else message


def clock(moment: dt.datetime | None, today: dt.date) -> str:
    """A time as a reader of a wall screen wants it: 15:02 today, 2025-03-14 15:02 on another day."""
    if moment is None:
        return "—"
    return moment.strftime("%H:%M") if moment.date() == today else moment.strftime("%Y-%m-%d %H:%M")


# The banner's sentence for each kind of holdback (the i18n catalogues translate these words).
BANNERS = {
    "cut_short": "{file} changed at {changed} but looks incomplete: {problem}; showing the data loaded at {shown}.",
    "unusable": "{file} changed at {changed} but cannot be used: {problem}; showing the data loaded at {shown}.",
    "missing": "{file} has gone from the data folder (noticed at {changed}); showing the data loaded at {shown}.",
    "unsettled": "The data files changed while they were being read at {changed}; showing the data loaded at {shown} until they are read again.",
    "failed": "The data folder could not be loaded at {changed} ({problem}); showing the data loaded at {shown}.",
}


def describe(holdback: Holdback, shown_loaded_at: dt.datetime, today: dt.date, language: str) -> str:
    """The banner sentence for one reason, naming the file, the problem and the load that is shown instead."""
    problem = str(translate_message(holdback.detail, language)) if holdback.detail else ""
    if holdback.kind == "cut_short":
        line = f"{holdback.line:,}" if holdback.line else "?"
        if not problem:
            problem = t("its last line {line} has no line break at the end, unlike the file loaded before", language, line=line)
        elif holdback.detail.startswith("has "):
            # "line 9,812 has 3 fields ..." reads on; any other problem follows a colon.
            problem = t("line {line} {problem}", language, line=line, problem=problem)
        else:
            problem = t("line {line}: {problem}", language, line=line, problem=problem)
    sentence = BANNERS.get(holdback.kind, BANNERS["failed"])
    changed, shown = clock(holdback.changed_at, today), clock(shown_loaded_at, today)
    return t(sentence, language, file=holdback.file, changed=changed, problem=problem, shown=shown)


# -- gathering the facts of one load ------------------------------------------------------------------
def observe(
    report: LoadReport, cursor: duckdb.DuckDBPyConnection, data_dir: Path, loaded_at: dt.datetime, settled: bool = True
) -> LoadFacts:
    """The facts of a load: its report, the last source line of each file, and how each file ends on disk.

    A table in parts (screenings/2025-02.csv) is judged file by file; a part that goes while the table keeps others is
    a deliberate change (a month's export withdrawn), not a missing file."""
    from cinecoop.loader import find_file

    rejected: dict[tuple[str, int], str] = {}
    # The rejected lines come from the loaded database itself: a store holds every problem, and reading the (few) errors
    # costs less than the whole list when a load has many warnings.
    for file, line, message in cursor.execute(
        "SELECT file, line, message FROM load_problems WHERE severity = 'error' AND line IS NOT NULL "
        "ORDER BY file, line, column_name, message, rowid"
    ).fetchall():
        rejected.setdefault((file, line), message)
    files = []
    for file in report.files:
        present = file.status != "missing"
        path = find_file(data_dir, file.file) if present else None
        last_loaded = (
            cursor.execute(f"SELECT max(source_line) FROM {file.table} WHERE source_file = $file", {"file": file.file}).fetchall()[0][0]
            if file.file_error is None and present
            else None
        )
        last_rejected = max((line for name, line in rejected if name == file.file), default=None)
        last_line = max((line for line in (last_loaded, last_rejected) if line is not None), default=None)
        problem = rejected.get((file.file, last_line)) if last_line is not None and last_line != last_loaded else None
        files.append(
            FileFacts(
                file=file.file,
                required=file.required,
                present=present,
                file_error=file.file_error,
                modified=_modified(path),
                ends_with_line_break=_ends_with_line_break(path),
                last_line=last_line,
                last_line_problem=problem,
                table=file.table,
            )
        )
    return LoadFacts(loaded_at, tuple(files), settled)


def _modified(path: Path | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime) if path is not None else None
    except OSError:
        return None


def _ends_with_line_break(path: Path | None) -> bool:
    """True for a file whose last byte is a line break (and for a file that cannot be read: nothing to judge)."""
    if path is None:
        return True
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            if handle.tell() == 0:
                return True
            handle.seek(-1, 2)
            return handle.read(1) in LINE_BREAKS
    except OSError:
        return True


# -- the last good load, shared by every session ---------------------------------------------------------
class Keeper:
    """The last good load of one data folder and the verdict on every load since, one per fingerprint (thread-safe).

    A load is anything with .report, .cursor(), .data_dir, .loaded_at and .fingerprint (cinecoop.db.Database)."""

    MAX_VERDICTS = 64

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._verdicts: dict[str, Verdict] = {}
        self._good: Any = None
        self._good_key: str | None = None
        self._good_facts: LoadFacts | None = None

    @property
    def good(self) -> Any:
        return self._good

    def verdict(self, key: str) -> Verdict | None:
        with self._lock:
            return self._verdicts.get(key)

    def choose(self, key: str, load: Callable[[], Any], settled: Callable[[Any], bool]) -> Any:
        """The load for fingerprint `key` when it may be shown, else the last good one.

        `load` returns the (cached) load of the folder as it is now; `settled` tells whether the folder still has
        the fingerprint that load started from. With no good load yet, whatever loads is shown and errors raise."""
        with self._lock:
            known = self._verdicts.get(key)
            if known is not None and not known.accept and self._good is not None:
                return self._good
        try:
            new = load()
        except Exception as error:
            with self._lock:
                if self._good is None:
                    raise
                self._remember(key, failed(error, dt.datetime.now()))
                return self._good
        with self._lock:
            verdict = self._verdicts.get(key)
            if verdict is None:
                facts = observe(new.report, new.cursor(), Path(new.data_dir), new.loaded_at, settled(new))
                verdict = judge(self._good_facts, facts)
                self._remember(key, verdict)
                if verdict.accept:
                    self._good, self._good_key, self._good_facts = new, key, facts
            elif verdict.accept and key == self._good_key:
                self._good = new  # the same files loaded again (after a reload): keep one copy in memory, not two
            return new if verdict.accept or self._good is None else self._good

    def forget(self) -> None:
        """Judge every load afresh (after "Reload the data"); the last good load stays until a new one is good."""
        with self._lock:
            self._verdicts.clear()

    def _remember(self, key: str, verdict: Verdict) -> None:
        if len(self._verdicts) >= self.MAX_VERDICTS:
            self._verdicts.pop(next(iter(self._verdicts)))
        self._verdicts[key] = verdict
