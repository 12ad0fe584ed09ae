"""Ports for a child process that must be told its port by number (a hub the test kills and
starts again where it was, PostgreSQL, the sample data server): picked below the kernel's range
for outgoing connections, which could otherwise take a port between its pick and the child's
bind (console/bench/procs.py). Where the child can bind port 0 and say its port, that is better
(``console.bench.procs.start_hub``)."""

from console.bench.procs import free_port

__all__ = ["free_port"]
