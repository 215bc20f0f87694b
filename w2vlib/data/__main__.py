"""``python -m w2vlib.data``: the command line of :mod:`w2vlib.data` (download SST, locate it).

A separate ``__main__`` module, so that running the command does not re-execute a module that
importing ``w2vlib`` has already loaded (runpy warns about that).
"""
import sys

from . import main

sys.exit(main())
