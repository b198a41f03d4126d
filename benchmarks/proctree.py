"""A process and its descendants, and their resident memory, read from /proc (Linux): the benchmark of the analysts'
sandbox and the security tests both measure a whole tree of worker processes this way."""

from __future__ import annotations

import os


def children() -> dict[int, list[int]]:
    """Every running process's children, by parent pid."""
    found: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        found.setdefault(parent, []).append(int(entry))
    return found


def tree(root: int) -> list[int]:
    """root and every process descended from it."""
    by_parent, found, todo = children(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(by_parent.get(pid, []))
    return found


def resident(pid: int) -> int:
    """The process's resident memory in bytes (VmRSS); 0 when it has gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
