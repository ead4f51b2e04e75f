"""``python -m monitor``: see :mod:`monitor.cli`."""

import gc
import os
import sys

# Arrow's memory from the C library's allocator, unless the user chose one: Arrow's default here (mimalloc)
# hands fresh pages to a command that runs once, 0.3 s more system time in an export of 3.4 s and 0.07 s in
# a cold build (docs/performance.md). Set before pandas imports pyarrow, which reads it on first use.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from .cli import main  # noqa: E402 - after the allocator is chosen

code = main()
# The process ends here. Python's shutdown runs the cycle collector over everything still alive
# (pandas, pyarrow and the command's tables: about 10^5 objects), about 0.11 s of a 1.7 s build;
# frozen objects are not scanned and are still freed. Exit handlers run as usual.
gc.freeze()
sys.exit(code)
