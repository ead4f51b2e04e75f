"""``python -m monitor``: see :mod:`monitor.cli`."""

import sys

from .cli import main

sys.exit(main())
