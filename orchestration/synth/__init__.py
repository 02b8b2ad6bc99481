"""A synthetic customs source in the exact official layout, for offline demos, tests, benchmarks."""
