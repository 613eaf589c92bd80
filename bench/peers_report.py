"""Writes bench/peers.md from bench/peers.sh's figures: one table of req/s, p50, p99 and CPU per request for each
implementation, endpoint and connection count (medians of the rounds, ranges in brackets), and the ratios Prism/Node
(and Prism/gateway on the partner endpoint). Prints the tables too."""
import datetime
import os
import statistics
import sys

(figures, target, check, java, node, workers, rounds, duration, warmup, rss, load) = sys.argv[1:12]
JVM_OPTS = os.environ.get("PRISM_JVM_OPTS", "")
NAMES = {"prism": "Prism", "node": "Node BFF", "gateway": "Spring Cloud Gateway"}
ENDPOINTS = {"partner": "partner availability (1 call, nginx)", "mobile": "mobile product (4 parallel calls)",
             "web": "web product page (2 waves, 8 calls)"}
rows = {}
for line in open(figures):
    impl, endpoint, c, *values = line.split()
    rows.setdefault((endpoint, int(c), impl), []).append([float(v) for v in values])


def med(key, k):
    return statistics.median(r[k] for r in rows[key])


def cell(key, k, fmt):
    values = [r[k] for r in rows[key]]
    text = fmt.format(statistics.median(values))
    if len(values) > 1:
        text += f" ({fmt.format(min(values))}–{fmt.format(max(values))})"
    return text


checked = open(check).read().splitlines()
same = sum(1 for line in checked if line.startswith("same"))
reported = [line for line in checked if line.startswith("reported")]
out = [
    "# Prism beside its peers",
    "",
    f"Measured {datetime.date.today()} by `bench/peers.sh` (Prism on {java} with its AOT cache; Node {node}, "
    f"{workers} worker process(es); Spring Cloud Gateway on the same JVM and flags, `{JVM_OPTS}`), loopback only, everything on the same two "
    f"cores: {rounds} interleaved round(s) of {duration} per point after {warmup} of warm-up per implementation and "
    f"endpoint. Medians of the rounds, ranges in brackets. CPU is the user + system time of all the implementation's "
    "processes divided by the requests it answered; JIT is the part of it the JVM's C1/C2 compiler threads used "
    f"(what is left of warm-up). Load average when the run started: {load}. Resident memory after the load, total / "
    f"of it anonymous (MB; the rest is read-only file pages: jar, libraries, Prism's AOT cache): {rss.strip()}.",
    "",
    f"Same answers: {same} comparisons of status, media type, JSON body and client-facing headers matched "
    "(bench/peers_check.py; the documented differences are in bench/README.md, \"Peers\")"
    + (f"; reported, not compared: {', '.join(r.split()[1] + ' (' + r.split()[2] + ' ' + r.split()[4].rstrip(':') + ')' for r in reported)}"
       if reported else "") + ".",
    "",
    "| endpoint | conn. | implementation | req/s | p50 ms | p99 ms | CPU µs / request | of it JIT |",
    "|---|---|---|---|---|---|---|---|",
]
keys = sorted(rows, key=lambda k: (list(ENDPOINTS).index(k[0]), k[1], list(NAMES).index(k[2])))
for key in keys:
    endpoint, c, impl = key
    jit = cell(key, 4, "{:.0f}") if impl != "node" else "—"
    out.append(f"| {ENDPOINTS[endpoint]} | {c} | {NAMES[impl]} | {cell(key, 0, '{:,.0f}')} | {cell(key, 1, '{:.2f}')} "
               f"| {cell(key, 2, '{:.2f}')} | {cell(key, 3, '{:.0f}')} | {jit} |")
out += ["", "Ratios of the medians, Prism / peer (req/s below 1: Prism serves fewer; p50, p99 and CPU above 1: Prism "
        "takes longer or more CPU per request):", "",
        "| endpoint | conn. | against | req/s | p50 | p99 | CPU / request |", "|---|---|---|---|---|---|---|"]
for key in keys:
    endpoint, c, impl = key
    if impl == "prism" or (endpoint, c, "prism") not in rows:
        continue
    prism = (endpoint, c, "prism")
    ratio = lambda k: f"{med(prism, k) / med(key, k):.2f}" if med(key, k) else "—"
    out.append(f"| {ENDPOINTS[endpoint]} | {c} | {NAMES[impl]} | {ratio(0)} | {ratio(1)} | {ratio(2)} | {ratio(3)} |")
# Issue #21's targets, judged on this run: CPU per request <= the Node BFF's on every endpoint, p50 at 64 connections
# <= the Node BFF's, resident memory after load < 300 MB.
out += ["", "Targets (issue #21) on this run:", "", "| target | Prism | Node BFF | verdict |", "|---|---|---|---|"]
verdict = lambda mine, theirs: ("met" if mine <= theirs else f"missed by {100 * (mine / theirs - 1):.0f} %")
for endpoint in ENDPOINTS:
    for c in sorted({k[1] for k in rows if k[0] == endpoint}):
        prism, peer = (endpoint, c, "prism"), (endpoint, c, "node")
        if prism in rows and peer in rows:
            out.append(f"| CPU / request, {ENDPOINTS[endpoint]}, {c} conn. | {med(prism, 3):.0f} µs "
                       f"| {med(peer, 3):.0f} µs | {verdict(med(prism, 3), med(peer, 3))} |")
    prism, peer = (endpoint, 64, "prism"), (endpoint, 64, "node")
    if prism in rows and peer in rows:
        out.append(f"| p50 at 64 conn., {ENDPOINTS[endpoint]} | {med(prism, 1):.2f} ms | {med(peer, 1):.2f} ms "
                   f"| {verdict(med(prism, 1), med(peer, 1))} |")
memory = dict(item.split("=") for item in rss.split())
if "prism" in memory:
    total, _, anonymous = memory["prism"].partition("/")
    total = int(total)
    anon = f" ({anonymous} MB anonymous)" if anonymous else ""
    anon_verdict = "" if total < 300 or not anonymous else (
        " (anonymous: met)" if int(anonymous) < 300 else f" (anonymous: missed by {int(anonymous) - 300} MB)")
    out.append(f"| resident memory after load < 300 MB | {total} MB{anon} | — "
               f"| {'met' if total < 300 else f'missed by {total - 300} MB'}{anon_verdict} |")
open(target, "w").write("\n".join(out) + "\n")
print("\n".join(out))
