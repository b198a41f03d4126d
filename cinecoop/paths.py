"""Every path the project uses, anchored to the code and overridable in one place."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DATA_DIR = PROJECT_ROOT / "data"
SHIPPED_REFERENCE_DIR = SHIPPED_DATA_DIR / "reference"
DEFAULT_QUERIES_DIR = PROJECT_ROOT / "queries"
STATIC_DIR = PROJECT_ROOT / "static"
DATA_DIR_ENV = "CINECOOP_DATA_DIR"
QUERIES_DIR_ENV = "CINECOOP_QUERIES_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: an explicit override, else $CINECOOP_DATA_DIR, else the shipped sample."""
    chosen = override or os.environ.get(DATA_DIR_ENV) or SHIPPED_DATA_DIR
    return Path(chosen).expanduser().resolve()


def queries_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The query catalogue folder: an explicit override, else $CINECOOP_QUERIES_DIR, else queries/."""
    chosen = override or os.environ.get(QUERIES_DIR_ENV) or DEFAULT_QUERIES_DIR
    return Path(chosen).expanduser().resolve()


def reference_dir(data_folder: Path) -> Path:
    """Reference tables travel with the data when present, else the shipped ones are used."""
    candidate = data_folder / "reference"
    if (candidate / "countries.csv").is_file():
        return candidate
    return SHIPPED_REFERENCE_DIR


def is_shipped_sample(data_folder: Path) -> bool:
    """True when the dashboard is reading the bundled sample exports."""
    return data_folder.resolve() == SHIPPED_DATA_DIR.resolve()
