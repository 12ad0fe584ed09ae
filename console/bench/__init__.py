"""Benchmarks that print numbers (JSON) beside a reference measured in the same run."""
