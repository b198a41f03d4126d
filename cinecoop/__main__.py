"""Entry point of `python -m cinecoop`."""

import sys

from cinecoop.cli import main

sys.exit(main())
