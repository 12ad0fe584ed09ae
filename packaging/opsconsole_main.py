"""The bundle's entry point: the `opsconsole` command line."""

import multiprocessing
import sys

from console.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
