"""Writes bench/jmh.md (to stdout) from the JSON results of the JMH run (bench/jmh.sh)."""
import datetime
import json
import sys

with open(sys.argv[1]) as f:
    results = json.load(f)
first = results[0]

lines = [
    "# Prism micro-benchmarks (JMH)",
    "",
    f"Measured {datetime.date.today()} by `bench/jmh.sh` on this 2-core machine (JMH {first['jmhVersion']}, "
    f"{first['vmName']} {first['jdkVersion']}): {first['forks']} fork, {first['warmupIterations']} x "
    f"{first['warmupTime']} warm-up, {first['measurementIterations']} x {first['measurementTime']} measurement, "
    "one thread. Time is the average per operation with JMH's 99.9 % confidence interval; allocation is "
    "`gc.alloc.rate.norm` of `-prof gc`. Figures, not assertions: what they mean is in [README.md](README.md).",
    "",
    "| benchmark | parameter | time per op | ± | allocated per op |",
    "|---|---|---|---|---|",
]
for result in results:
    name = result["benchmark"].removeprefix("dev.prism.")
    params = ", ".join(f"{k}={v}" for k, v in (result.get("params") or {}).items())
    primary = result["primaryMetric"]
    unit = primary["scoreUnit"].replace("us/op", "µs").replace("ns/op", "ns")
    secondary = {k.lstrip("·"): v for k, v in result.get("secondaryMetrics", {}).items()}
    alloc = secondary.get("gc.alloc.rate.norm")
    error = float(primary["scoreError"])  # "NaN" after a single iteration
    error_text = "—" if error != error else f"{error:,.2f}"
    alloc_text = "—" if alloc is None else f"{alloc['score']:,.0f} B"
    lines.append(f"| `{name}` | {params or '—'} | {primary['score']:,.2f} {unit} | {error_text} | {alloc_text} |")
print("\n".join(lines))
