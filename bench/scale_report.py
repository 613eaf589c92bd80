#!/usr/bin/env python3
"""Writes bench/scale.md from what bench/scale.sh left in its output directory, and prints its tables.

  scale_report.py OUT_DIR TARGET_MD
"""
import collections
import os
import re
import statistics
import sys

out, target = sys.argv[1], sys.argv[2]
meta = dict(line.rstrip("\n").split("=", 1) for line in open(f"{out}/meta.txt") if "=" in line)
sessions, records = int(meta["sessions"]), int(meta["records"])


def histogram(path):
    """class -> (instances, bytes), and the total live bytes, from jcmd GC.class_histogram."""
    classes, total = {}, None
    for line in open(path):
        row = re.match(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if row:
            classes[row.group(3)] = (int(row.group(1)), int(row.group(2)))
        elif line.startswith("Total"):
            total = int(line.split()[2])
    return classes, total


def heap_delta(instance, phase, n):
    before, total_before = histogram(f"{out}/heap-{instance}-{phase}-before.txt")
    after, total_after = histogram(f"{out}/heap-{instance}-{phase}-after.txt")
    per_class = []
    for name in set(before) | set(after):
        i0, b0 = before.get(name, (0, 0))
        i1, b1 = after.get(name, (0, 0))
        per_class.append(((b1 - b0) / n, (i1 - i0) / n, name))
    per_class.sort(reverse=True)
    return (total_after - total_before) / n, per_class


def redis_delta(instance, phase, n):
    used0, keys0 = map(int, open(f"{out}/redis-{instance}-{phase}-before.txt").read().split())
    used1, keys1 = map(int, open(f"{out}/redis-{instance}-{phase}-after.txt").read().split())
    return (used1 - used0) / n, keys1 - keys0


def monitor(name, requests=None):
    """label -> (requests, Counter of client commands, Counter of commands run inside scripts)."""
    kinds, current = {}, None
    for line in open(f"{out}/{name}", errors="replace"):
        m = re.match(r'^[\d.]+ \[\d+ ([^\]]+)\] "([^"]+)"(?: "([^"]*)")?', line)
        if not m:
            continue
        source, command, first = m.group(1), m.group(2).upper(), m.group(3) or ""
        if command == "ECHO" and first.startswith("MARK "):
            _, label, n = first.split()
            current = label
            kinds[label] = (requests[label] if requests else int(n), collections.Counter(), collections.Counter())
            continue
        if command == "ECHO" and first.startswith("END "):
            current = None
            continue
        if current is None:
            continue
        kinds[current][2 if source == "lua" else 1][command] += 1
    return kinds


def latency():
    rows = collections.defaultdict(list)
    for line in open(f"{out}/latency.txt"):
        rnd, kind, instance, p50, p99, rps, errors, prism_us, redis_us, jit_us = line.split()
        rows[kind, instance].append(dict(round=int(rnd), p50=float(p50), p99=float(p99), rps=float(rps),
                                         errors=int(errors), prism=float(prism_us), redis=float(redis_us),
                                         jit=float(jit_us)))
    return rows


def spread(values, fmt):
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def commands_text(counter, n):
    parts = []
    for command, count in sorted(counter.items(), key=lambda item: (-item[1], item[0])):
        per = count / n
        parts.append(command if per == 1 else f"{command} ×{per:g}")
    return ", ".join(parts) or "none"


lines = []
emit = lines.append
emit("# Scale figures")
emit("")
emit(f"Measured {meta['date']} by `bench/scale.sh` (issue #21, item 4) on build `{meta['rev']}`, {meta['java']}, "
     f"`{meta['jvm_opts']}`, redis-server {meta['redis']} on loopback; {meta['cores']} cores shared with other work "
     f"(load average {meta['load_start']} at the start, {meta['load_end']} at the end). The run took "
     f"{int(meta['elapsed_s']) // 60} min {int(meta['elapsed_s']) % 60} s.")
emit("")
emit("Two Prism processes run side by side against the same demo upstreams (`DemoUpstreamsApplication`, no added "
     "latency, in a process of their own, so their orders are not in Prism's heap), as the other benchmarks run "
     "Prism (profile `demo` without the demo identity provider, access log off, partner quota lifted) with the "
     "upstream caches as configured: one in memory, one with `demo,distributed` and a `redis-server` of its own.")
emit("")

# --- memory
s_mem, s_mem_classes = heap_delta("memory", "sessions", sessions)
s_dist, _ = heap_delta("distributed", "sessions", sessions)
s_redis, s_keys = redis_delta("distributed", "sessions", sessions)
r_mem, r_mem_classes = heap_delta("memory", "records", records)
r_dist, _ = heap_delta("distributed", "records", records)
r_redis, r_keys = redis_delta("distributed", "records", records)
emit("## Memory per web session and per idempotency record")
emit("")
emit(f"| | in memory: Prism's live heap | distributed: Prism's live heap | distributed: Redis `used_memory` "
     f"| Redis `MEMORY USAGE` of one key |")
emit("|---|---|---|---|---|")
emit(f"| per web session ({sessions:,} logins) | **{s_mem:,.0f} B** ({s_mem * 10000 / 2**20:.1f} MiB per 10,000) "
     f"| {s_dist:,.0f} B | **{s_redis:,.0f} B** ({s_redis * 10000 / 2**20:.1f} MiB per 10,000; {s_keys:,} keys added) "
     f"| {int(meta['session_key_bytes']):,} B |")
emit(f"| per idempotency record ({records:,} partner orders) | **{r_mem:,.0f} B** "
     f"({r_mem * 10000 / 2**20:.1f} MiB per 10,000) | {r_dist:,.0f} B | **{r_redis:,.0f} B** "
     f"({r_redis * 10000 / 2**20:.1f} MiB per 10,000; {r_keys:,} keys added) | {int(meta['record_key_bytes']):,} B |")
emit("")
emit(f"How: {sessions:,} `POST /web/api/session` logins over 4 keep-alive connections without a cookie jar, so each "
     f"opens a session of its own that stays live (30 min); then {records:,} `POST /partner/api/v1/orders` "
     "(`acme-demo-key`), each with its own `Idempotency-Key` (a UUID, as a client would send). Live heap is "
     "`jcmd <pid> GC.class_histogram` (a full GC, then what survives) after 300 warm-up logins or orders and after "
     "the batch, the difference divided by the batch; Redis is `INFO memory` `used_memory` likewise, which includes "
     "the growth of Redis' key and expiry tables. Logins use a bench-only user `bench` whose bcrypt hash has cost 4 "
     "instead of the demo users' 10 (10,000 logins at cost 10 would take ~7 minutes of both cores): the same code "
     "runs and the session holds the same objects, as the password is erased from the session's principal; "
     "`bench` is as long a name as `alice`; it is customer `c-1002`, apart from acme's `c-1001` that the partner "
     "orders go to (the demo orders service goes through all its orders for each account page, so the account page "
     "is also timed before the records phase, and the partner order last). A negative or near-zero figure is within the noise of a full GC's "
     "survivors (a few hundred KB, i.e. tens of bytes per entry).")
emit("")


def class_table(title, classes, n_label):
    emit(f"{title} (the classes that grew most, per {n_label}):")
    emit("")
    emit("| class | instances | bytes |")
    emit("|---|---|---|")
    for per_bytes, per_instances, name in classes[:10]:
        if per_bytes < 8:
            break
        emit(f"| `{name}` | {per_instances:.2f} | {per_bytes:,.0f} |")
    emit("")


class_table("An in-memory session", s_mem_classes, "session")
class_table("An in-memory idempotency record", r_mem_classes, "record")
emit("One session as Redis holds it (`HGETALL` of one key):")
emit("")
emit("```")
emit(open(f"{out}/session-example.txt").read().rstrip())
emit("```")
emit("")

# --- Redis commands
kinds = monitor("monitor.txt")
load_requests = dict((kind, int(n)) for kind, n in (line.split() for line in open(f"{out}/load-requests.txt")))
loaded = monitor("monitor-load.txt", load_requests)
emit("## Redis commands per request (distributed)")
emit("")
emit("`redis-cli MONITOR` over 20 requests of each kind, one after another after 3 that are not counted, against the "
     "distributed instance (the session is one of the 10,000 just made; a round trip is one command a client sent; "
     "commands a Lua script runs inside Redis are listed apart). The in-memory instance has no Redis connection.")
emit("")
emit(f"| request | round trips per request | commands | run inside scripts | under load ({meta['connections']} "
     "connections): round trips per request |")
emit("|---|---|---|---|---|")
labels = {
    "web-login": "web `POST /web/api/session` (login)",
    "web-session": "web `GET /web/api/session` (who am I), with a session",
    "web-product": "web `GET /web/api/products/{sku}`, with a session",
    "web-product-anonymous": "web `GET /web/api/products/{sku}`, no session",
    "web-account": "web `GET /web/api/account`",
    "web-order": "web `POST /web/api/orders`",
    "mobile-product": "mobile `GET /mobile/api/products/{sku}`",
    "mobile-me": "mobile `GET /mobile/api/me`",
    "partner-availability": "partner `GET /partner/api/v1/availability`",
    "partner-order": "partner `POST /partner/api/v1/orders`",
}
for label, (n, client, scripted) in kinds.items():
    under_load = ""
    if label in loaded:
        m, busy, _ = loaded[label]
        under_load = (f"{sum(busy.values()) / m:.2f} ({', '.join(f'{c} {k / m:.2f}' for c, k in busy.most_common())})"
                      if busy else "0")
    emit(f"| {labels.get(label, label)} | **{sum(client.values()) / n:g}** | {commands_text(client, n)} "
         f"| {commands_text(scripted, n) if scripted else ''} | {under_load} |")
emit("")
emit(f"Under load: the same MONITOR while wrk drives the distributed instance for 3 s per kind at "
     f"{meta['connections']} connections (commands between the markers divided by the requests wrk counted; a "
     "request in flight at either edge makes the last digit approximate).")
emit("")

# --- latency
rows = latency()
emit("## What the round trips add to latency")
emit("")
emit(f"wrk, {meta['connections']} connections, {meta['rounds']} rounds of {meta['duration']} per request and "
     "instance, the two instances in turn within each round (after a warm-up of each): median (range). Δ p50 is the "
     "median over rounds of distributed minus in memory within the round. CPU is the process's user + system time "
     "(/proc) per request answered, and of it JIT the share of the C1 and C2 compiler threads (what is left of "
     "warm-up: on a loaded machine compilation lags, and the distributed instance has more code to compile). The demo upstreams add no latency, so Prism's own work is most of the time. "
     "The machine was shared with other builds and tests (load averages above): the absolute figures are "
     "indicative, the spread says how far to trust a difference.")
emit("")
emit("| request | p50 in memory, ms | p50 distributed, ms | Δ p50, ms | Prism CPU µs / request: in memory / "
     "distributed | of it JIT | redis-server CPU µs / request | req/s: in memory / distributed |")
emit("|---|---|---|---|---|---|---|---|")
kinds_order = []
for kind, _ in rows:
    if kind not in kinds_order:
        kinds_order.append(kind)
for kind in kinds_order:
    mem, dist = rows[kind, "memory"], rows[kind, "distributed"]
    deltas = [d["p50"] - m["p50"] for m, d in zip(sorted(mem, key=lambda r: r["round"]),
                                                   sorted(dist, key=lambda r: r["round"]))]
    errors = sum(r["errors"] for r in mem + dist)
    emit(f"| {labels.get(kind, kind)}{f' ({errors} non-2xx)' if errors else ''} "
         f"| {spread([r['p50'] for r in mem], '{:.2f}')} | {spread([r['p50'] for r in dist], '{:.2f}')} "
         f"| **{spread(deltas, '{:+.2f}')}** "
         f"| {statistics.median(r['prism'] for r in mem):.0f} / {statistics.median(r['prism'] for r in dist):.0f} "
         f"| {statistics.median(r['jit'] for r in mem):.0f} / {statistics.median(r['jit'] for r in dist):.0f} "
         f"| {statistics.median(r['redis'] for r in dist):.1f} "
         f"| {statistics.median(r['rps'] for r in mem):,.0f} / {statistics.median(r['rps'] for r in dist):,.0f} |")
emit("")

# The interpretation is written by hand after a run; a new run keeps it (dated), to be reread against the new figures.
previous = open(target).read() if os.path.exists(target) else ""
kept = previous[previous.index("## Interpretation"):] if "## Interpretation" in previous else (
    "## Interpretation\n\n(to be written against the figures above)\n")
emit(kept.rstrip())
emit("")

open(target, "w").write("\n".join(lines))
print("\n".join(line for line in lines if line.startswith("|") or line.startswith("#")))
