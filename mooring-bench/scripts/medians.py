#!/usr/bin/env python3
"""Median, min and max of every measurement iteration of each benchmark over one or more JMH JSON files.

Usage: python3 mooring-bench/scripts/medians.py run1.json [run2.json ...]
Prints one line per benchmark (with its parameters) in the JSON's unit, e.g. ms/op for ScriptVerifyBenchmark.
"""
import json
import statistics
import sys

samples = {}
units = {}
for path in sys.argv[1:]:
    with open(path) as f:
        for b in json.load(f):
            name = b["benchmark"].rsplit(".", 2)[-2] + "." + b["benchmark"].rsplit(".", 1)[-1]
            params = b.get("params")
            if params:
                name += " " + ",".join(f"{k}={v}" for k, v in sorted(params.items()))
            units[name] = b["primaryMetric"]["scoreUnit"]
            for fork in b["primaryMetric"]["rawData"]:
                samples.setdefault(name, []).extend(fork)

for name in sorted(samples):
    v = samples[name]
    print(f"{name:50s} n={len(v):3d} median={statistics.median(v):12.3f} "
          f"min={min(v):12.3f} max={max(v):12.3f} {units[name]}")
