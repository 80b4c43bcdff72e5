"""Benchmarks and the synthetic corpus they run on (run by hand or with `make bench`, never in tests)."""
