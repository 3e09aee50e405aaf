#!/usr/bin/env python3
"""Draws the growth benchmark (proxguac-bench --growth --json FILE) as a PNG: wall time and its bound,
proxguac's and the lab's CPU time, and peak RSS, against the number of guests (log scale).

usage: scripts/bench-growth-plot.py growth.json assets/bench-growth.png   (needs matplotlib: pip install matplotlib)
"""
import json
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: bench-growth-plot.py GROWTH.json OUT.png")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        sys.exit("bench-growth-plot.py: matplotlib is missing; install it with: pip install matplotlib")
    with open(sys.argv[1]) as handle:
        growth = json.load(handle)
    sizes = growth["sizes"]
    guests = [size["guests"] for size in sizes]
    cases = [("(a) first sync", "first sync"), ("(b) no-change re-sync", "re-sync")]

    def series(case, key):
        return [next(c[key] for c in size["cases"] if c["name"] == case) for size in sizes]

    figure, axes = plt.subplots(1, 3, figsize=(13, 4))
    for case, label in cases:
        axes[0].plot(guests, series(case, "wallSeconds"), marker="o", label=f"{label}: wall")
        axes[0].plot(guests, series(case, "boundSeconds"), linestyle="--", label=f"{label}: bound")
        axes[1].plot(guests, series(case, "cpuSeconds"), marker="o", label=f"{label}: proxguac")
        axes[1].plot(guests, series(case, "labCPUSeconds"), linestyle=":", marker=".", label=f"{label}: lab")
        axes[2].plot(guests, series(case, "peakRSSMegabytes"), marker="o", label=label)
    axes[2].axhline(150, color="grey", linewidth=0.8, linestyle="--", label="target 150 MB")
    titles = ["wall time and request/latency bound (s)", "CPU time (s)", "peak RSS of proxguac (MB)"]
    for axis, title in zip(axes, titles):
        axis.set_xscale("log")
        axis.set_xlabel("guests")
        axis.set_title(title, fontsize=10)
        axis.grid(True, which="both", linewidth=0.3)
        axis.legend(fontsize=7)
    topology = growth["topology"]
    clusters = topology["clusters"]
    nodes = f"{clusters} clusters × {topology['nodesPerCluster']} nodes" if clusters > 1 else f"{topology['nodesPerCluster']} nodes"
    figure.suptitle(f"proxguac-bench --growth: {nodes}, "
                    f"{growth['latencyMilliseconds']} ms latency, {growth['nodeWorkers']} PVE workers per node",
                    fontsize=11)
    figure.tight_layout()
    figure.savefig(sys.argv[2], dpi=90)


if __name__ == "__main__":
    main()
