"""Benchmarks of corridor, run with ``python benchmarks/run.py``; not part of the package."""
