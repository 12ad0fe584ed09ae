"""`python -m console.cli`: how child processes (hub, sims, benches) are started."""

import sys

from console.cli import main

sys.exit(main())
