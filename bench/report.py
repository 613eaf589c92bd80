"""Writes bench/results.md and bench/latency.svg from the figures run.sh measured."""
import os
import datetime
import sys

(folder, java, plain_ready, aot_ready, rss_kb,
 m1, m16, m64, m256, w1, w16, w64, w256, over_prism, over_direct, thr_prism, thr_direct) = sys.argv[1:18]

UPSTREAM_MS = 20.0
WAVES = {"mobile": 1, "web": 2}
SEQUENTIAL_CALLS = {"mobile": 4, "web": 8}  # catalog+pricing+inventory+reviews; +recommendations, then 3 for recs
rows = {"mobile": [m1, m16, m64, m256], "web": [w1, w16, w64, w256]}
levels = [1, 16, 64, 256]


def parse(figures):
    p50, p99, rps, errors = figures.split()
    return float(p50), float(p99), float(rps), int(errors)


# Where the two cores went during each point (run.sh's measure_cpu): label -> Prism %, upstreams %, machine busy %
# (of both cores) and Prism's CPU per request in microseconds.
cpu = {}
if os.path.exists(os.environ.get("BENCH_CPU", "")):
    for line in open(os.environ["BENCH_CPU"]):
        label, prism, upstreams, busy, per_request = line.split()
        cpu[label] = (int(prism), int(upstreams), int(busy), int(per_request))


def cpu_cells(label):
    prism, upstreams, busy, per_request = cpu.get(label, ("-",) * 4)
    return f"{per_request} µs | {prism} % | {upstreams} % | {busy} %"


lines = [
    "# Prism benchmark results",
    "",
    f"Measured {datetime.date.today()} on this 2-core machine by `bench/run.sh` ({java}), loopback only, wrk "
    f"with {os.environ.get('BENCH_POINT', '8s')} per point after a {os.environ.get('BENCH_WARM', '40s')} warm-up, "
    "upstream caches off, partner quota lifted. Re-run: `bench/run.sh`.",
    "",
    "## Fan-out efficiency (20 ms per upstream call)",
    "",
    "Ideal = waves x 20 ms (mobile product: one wave of 4 parallel calls; web product page: two dependent waves). "
    "Naive sequential composition would take 80 ms (mobile) and 160 ms (web) at best. CPU columns: Prism's CPU per "
    "page, then Prism and the demo upstreams in % of one core (200 % = both), and the whole machine's busy share of "
    "its two cores (wrk included) during the point.",
    "",
    "| endpoint | connections | p50 ms | p99 ms | p50 / ideal | req/s | non-2xx | Prism CPU / page | Prism | upstreams | machine busy |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
]
points = {}
for endpoint in ("mobile", "web"):
    ideal = WAVES[endpoint] * UPSTREAM_MS
    for level, figures in zip(levels, rows[endpoint]):
        p50, p99, rps, errors = parse(figures)
        points[(endpoint, level)] = (p50, p99)
        lines.append(f"| `{endpoint}` product | {level} | {p50:.1f} | {p99:.1f} | {p50 / ideal:.2f}x | {rps:.0f} | {errors} "
                     f"| {cpu_cells(f'{endpoint}-{level}')} |")


def fan_rps(endpoint):
    """Pages per second at 64 connections."""
    return parse(rows[endpoint][levels.index(64)])[2]


m64p50 = points[("mobile", 64)][0] / (WAVES["mobile"] * UPSTREAM_MS)
w64p50 = points[("web", 64)][0] / (WAVES["web"] * UPSTREAM_MS)


def met(yes):
    return "yes" if yes else "**no**"


def short(excess, unit, mark, digits=2):
    """How far past its mark a missed target is, absolute and relative to the mark; empty when met."""
    return "" if excess <= 0 else f"{excess:.{digits}f}{unit} ({100 * excess / mark:.0f} % of the mark)"


def cores(label, rps=None, needed_rps=None):
    """Where the CPU went during a point; with the rate a target needs, how many cores Prism and its upstreams would
    take at that rate (at this run's CPU per request), wrk not counted."""
    if label not in cpu:
        return "not measured"
    prism, upstreams, busy, per_request = cpu[label]
    text = f"machine {busy} % busy; Prism {prism} %, upstreams {upstreams} % of one core; {per_request} µs of Prism CPU per request"
    if rps and needed_rps:
        text += (f"; the target's {needed_rps:,.0f} req/s would take {needed_rps * (prism + upstreams) / 100 / rps:.1f} "
                 "of the 2 cores for Prism and upstreams alone")
    return text


op50, op99, orps, _ = parse(over_prism)
dp50, dp99, drps, _ = parse(over_direct)
tp50, tp99, trps, terr = parse(thr_prism)
xp50, xp99, xrps, _ = parse(thr_direct)
rss_mb = int(rss_kb) / 1024
lines += [
    "",
    "## Overhead and throughput (one upstream: nginx serving a static JSON document)",
    "",
    "| figure | Prism `/partner/api/v1/availability` | nginx direct | difference |",
    "|---|---|---|---|",
    f"| p50 at 16 connections | {op50:.2f} ms | {dp50:.2f} ms | **{op50 - dp50:.2f} ms** |",
    f"| p99 at 16 connections | {op99:.2f} ms | {dp99:.2f} ms | **{op99 - dp99:.2f} ms** |",
    f"| saturated throughput (64 connections) | {trps:.0f} req/s | {xrps:.0f} req/s | **{100 * trps / xrps:.0f} %** of direct |",
    "",
    "CPU during Prism's points (nginx's master and worker as the upstream):",
    "",
    "| connections | Prism CPU / request | Prism | nginx | machine busy |",
    "|---|---|---|---|---|",
    f"| 16 | {cpu_cells('partner-16')} |",
    f"| 64 | {cpu_cells('partner-64')} |",
    "",
    "## Memory and start-up",
    "",
    f"| resident memory after load | **{rss_mb:.0f} MB** (`{os.environ.get('PRISM_JVM_OPTS', 'default JVM flags')}`) |",
    "|---|---|",
    f"| start to ready (plain jar) | **{int(plain_ready) / 1000:.2f} s** |",
    f"| start to ready (JDK AOT cache, extracted jar) | **{aot_ready if aot_ready == 'n/a' else f'{int(aot_ready) / 1000:.2f} s'}** |",
    "",
    "## Against the targets",
    "",
    "Short by: how far a missed target is from its mark. Where the two cores went: the same run's CPU figures above, "
    "the first thing to read for a miss (the full analysis, and what would close each gap, is in [README.md](README.md)).",
    "",
    "| target | measured | met | short by | where the two cores went |",
    "|---|---|---|---|---|",
    f"| fan-out p50 within 1.15x of ideal at 64 connections | mobile {m64p50:.2f}x, web {w64p50:.2f}x | "
    f"{met(max(m64p50, w64p50) <= 1.15)} | {short(max(m64p50, w64p50) - 1.15, 'x', 1.15)} | "
    f"mobile: {cores('mobile-64', fan_rps('mobile'), 64 / (1.15 * WAVES['mobile'] * UPSTREAM_MS / 1000))}; "
    f"web: {cores('web-64', fan_rps('web'), 64 / (1.15 * WAVES['web'] * UPSTREAM_MS / 1000))} |",
    f"| overhead p50 < 1.5 ms at 16 connections | {op50 - dp50:.2f} ms | {met(op50 - dp50 < 1.5)} | "
    f"{short(op50 - dp50 - 1.5, ' ms', 1.5)} | {cores('partner-16')} |",
    f"| overhead p99 < 10 ms at 16 connections | {op99 - dp99:.2f} ms | {met(op99 - dp99 < 10)} | "
    f"{short(op99 - dp99 - 10, ' ms', 10)} | {cores('partner-16')} |",
    f"| throughput >= 30 % of direct | {100 * trps / xrps:.0f} % | {met(trps / xrps >= 0.30)} | "
    f"{short(30 - 100 * trps / xrps, ' points', 30, 0)} | {cores('partner-64', trps, 0.30 * xrps)} |",
    f"| RSS < 350 MB after load | {rss_mb:.0f} MB | {met(rss_mb < 350)} | {short(rss_mb - 350, ' MB', 350, 0)} | |",
    f"| ready in < 4 s with the AOT cache | {aot_ready if aot_ready == 'n/a' else f'{int(aot_ready) / 1000:.2f} s'} | "
    f"{'n/a' if aot_ready == 'n/a' else met(int(aot_ready) < 4000)} | "
    f"{'' if aot_ready == 'n/a' else short(int(aot_ready) / 1000 - 4, ' s', 4)} | |",
    "",
    "![p50 latency by connections](latency.svg)",
    "",
    "Notes: wrk, Prism, the demo upstreams and nginx share the same two cores, so saturated figures understate what "
    "Prism alone would do.",
    "",
]
# The before/after history (one row per run, written by hand) outlives each run: carried over from the file replaced.
HISTORY = "## Before and after each optimisation"
previous = open(f"{folder}/results.md").read() if os.path.exists(f"{folder}/results.md") else ""
history = previous[previous.index(HISTORY):] if HISTORY in previous else f"{HISTORY}\n\nNo runs recorded yet.\n"
with open(f"{folder}/results.md", "w") as out:
    out.write("\n".join(lines) + "\n" + history)

# A small SVG line chart: p50 by connections for both endpoints, with their ideal lines.
width, height, left, bottom = 640, 360, 60, 40
top = max(p[0] for p in points.values()) * 1.2
def x(i): return left + i * (width - left - 20) / (len(levels) - 1)
def y(v): return height - bottom - v / top * (height - bottom - 20)
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
       f'<text x="{left}" y="14">p50 latency (ms) by connections; dashed = ideal (waves x 20 ms)</text>']
for endpoint, colour in (("mobile", "#1f77b4"), ("web", "#d62728")):
    ideal = WAVES[endpoint] * UPSTREAM_MS
    svg.append(f'<line x1="{left}" y1="{y(ideal):.1f}" x2="{width - 20}" y2="{y(ideal):.1f}" stroke="{colour}" stroke-dasharray="4 4"/>')
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(i):.1f},{y(points[(endpoint, l)][0]):.1f}" for i, l in enumerate(levels))
    svg.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
    svg.append(f'<text x="{width - 80}" y="{y(points[(endpoint, 256)][0]) - 6:.1f}" fill="{colour}">{endpoint}</text>')
for i, level in enumerate(levels):
    svg.append(f'<text x="{x(i) - 8:.1f}" y="{height - 20}">{level}</text>')
for tick in range(0, int(top) + 1, max(5, int(top / 6) // 5 * 5 or 5)):
    svg.append(f'<text x="10" y="{y(tick) + 4:.1f}">{tick}</text>')
svg.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - 20}" y2="{height - bottom}" stroke="#333"/>')
svg.append("</svg>")
with open(f"{folder}/latency.svg", "w") as out:
    out.write("\n".join(svg) + "\n")
