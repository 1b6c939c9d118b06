"""On-demand benchmarks (`make bench`); results are written to benchmarks/results/."""
