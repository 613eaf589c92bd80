"""Reads wrk --latency output on stdin and prints 'p50_ms p99_ms requests_per_second non2xx'."""
import re
import sys

text = sys.stdin.read()


def millis(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


p50 = millis(re.search(r"50%\s+([\d.]+\w+)", text).group(1))
p99 = millis(re.search(r"99%\s+([\d.]+\w+)", text).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
print(f"{p50:.2f} {p99:.2f} {rps:.0f} {errors.group(1) if errors else 0}")
