#!/usr/bin/env python3
"""Turns JMH JSON results (bin/bench ... -prof gc -rf json -rff FILE) into the Markdown table of docs/benchmarks.md.

Throughput is the median of the measurement iterations (all forks), which is steadier than the mean on a shared,
loaded machine; the JMH mean and its 99.9% error are printed too. B/op is JMH's gc.alloc.rate.norm.
Usage: table.py RESULT.json [MORE.json ...]   (iterations of several runs are pooled: median over all of them)
       table.py --compare BEFORE.json AFTER.json   (one side only: before/after per benchmark)"""
import json, sys, statistics, collections

def fmt(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"

def load(files):
    acc = collections.OrderedDict()
    for f in files:
        for r in json.load(open(f)):
            cls, method = r["benchmark"].rsplit(".", 2)[-2:]
            params = ",".join(str(v) for v in (r.get("params") or {}).values())
            pm = r["primaryMetric"]
            a = acc.setdefault((cls.replace("Benchmark", ""), params, method),
                               dict(raw=[], means=[], errs=[], allocs=[]))
            a["raw"] += [x for fork in pm["rawData"] for x in fork]
            a["means"].append(pm["score"])
            a["errs"].append(pm["scoreError"])
            a["allocs"].append(r["secondaryMetrics"].get("gc.alloc.rate.norm", {}).get("score", float("nan")))
    return collections.OrderedDict(
        (k, dict(median=statistics.median(a["raw"]), mean=statistics.mean(a["means"]), err=max(a["errs"]),
                 alloc=statistics.mean(a["allocs"]))) for k, a in acc.items())

if sys.argv[1] == "--compare":
    before, after = load([sys.argv[2]]), load([sys.argv[3]])
    for k, a in after.items():
        b = before.get(k)
        if not b:
            continue
        print(f"{k[0]}{'['+k[1]+']' if k[1] else ''}.{k[2]}: {fmt(b['median'])} -> {fmt(a['median'])} ops/s "
              f"({a['median']/b['median']:.2f}x), {fmt(b['alloc'])} -> {fmt(a['alloc'])} B/op")
    sys.exit(0)

res = load(sys.argv[1:])
rows = collections.OrderedDict()
for (msg, params, method), v in res.items():
    side = "mooring" if method.startswith("mooring") else "bitcoinj"
    rows.setdefault((msg, params, method[len(side):]), {})[side] = v

print("| message | input | operation | Mooring ops/s | bitcoinj ops/s | speed-up | Mooring B/op | bitcoinj B/op "
      "| B/op ratio | ≥ 3x | less alloc |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|:-:|:-:|")
for (msg, params, op), s in rows.items():
    if "mooring" not in s or "bitcoinj" not in s:
        continue
    m, b = s["mooring"], s["bitcoinj"]
    speed = m["median"] / b["median"]
    aratio = m["alloc"] / b["alloc"]
    print(f"| {msg} | {params or '-'} | {op} | {fmt(m['median'])} | {fmt(b['median'])} | {speed:.2f}x "
          f"| {fmt(m['alloc'])} | {fmt(b['alloc'])} | {aratio:.2f} | {'yes' if speed >= 3 else '**no**'} "
          f"| {'yes' if aratio < 1 else '**no**'} |")
print()
print("JMH mean ± 99.9% error (ops/s; with several runs: mean of the means ± the largest error):")
print()
for (msg, params, method), v in res.items():
    print(f"- {msg}{'['+params+']' if params else ''}.{method}: {fmt(v['mean'])} ± {fmt(v['err'])}")
