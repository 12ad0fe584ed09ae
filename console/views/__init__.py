"""Qt widgets. Each takes its services in ``__init__`` and never touches SQLite directly."""
