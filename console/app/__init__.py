"""Composition root: the one place that builds the services and the windows and wires them.

Threads and processes of `opsconsole demo`:
  GUI thread     Qt: windows, the wall's frame timer, the compositor
  media thread   asyncio: the embedded hub (0.2 % CPU at 36 sites, measured) and the media core
  directory      one worker thread owns the SQLite connection
  child process  `opsconsole sim`: the simulated communes, on the other core

``console.py`` assembles; the ``wire_*`` modules connect one concern each (hub events,
the selection and its panel, operator actions, room audio); ``saved_wall`` keeps the wall
per hub; ``demo`` runs the whole thing for `opsconsole demo`.
"""

from console.app.console import Console, build_console, connect_console
from console.app.demo import run_demo, start_demo
from console.app.remote import run_console, start_remote_console

__all__ = [
    "Console",
    "build_console",
    "connect_console",
    "run_console",
    "run_demo",
    "start_demo",
    "start_remote_console",
]
