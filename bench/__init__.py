"""Benchmarks: `make bench`; figures go to docs/BENCHMARKS.md with the command and machine."""
