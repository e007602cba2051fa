"""Demo data: the demo tenant (seed) and bulk generation for benchmarks."""
