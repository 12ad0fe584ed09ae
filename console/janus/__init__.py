"""Janus Gateway as the project uses it: the HTTP API client, shard configuration, and (for
tests and benches) Janus processes inside a private network namespace. No Qt."""
