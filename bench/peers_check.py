"""Compares the peers' answers that bench/peers.sh saved (<case>.<impl>.headers and .body) with Prism's.

For each case: the status, the media type, the JSON body (parsed: key order and 4 against 4.0 do not count; the
requestId of a problem detail is compared with the X-Request-Id header instead of across implementations), and the
headers a client acts on (Cache-Control, Retry-After, the WWW-Authenticate scheme, RateLimit-* present, ETag present,
Vary, the security headers). The gateway is a pass-through and is held to Prism's answer only where it can be
(the availability document and the invalid-key problem); its timeout answer is reported, not compared. Prints one
line per case and implementation; exits 1 when something that must match does not."""
import json
import os
import sys

folder = sys.argv[1]
COMPARED = ["cache-control", "retry-after", "vary", "x-content-type-options", "x-frame-options"]
PRESENT = ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "etag"]
# Cases in which the gateway is only reported (it cannot shape a problem for an upstream timeout the way a BFF does).
GATEWAY_REPORTED = {"partner-timeout"}


def read(case, impl):
    head = open(os.path.join(folder, f"{case}.{impl}.headers"), encoding="utf-8").read().splitlines()
    status = int(head[0].split()[1])
    headers = {}
    for line in head[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    raw = open(os.path.join(folder, f"{case}.{impl}.body"), "rb").read()
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = raw.decode("utf-8", "replace")[:200]
    return status, headers, body


def normalised(status, headers, body):
    facts = {"status": status, "type": headers.get("content-type", "").split(";")[0].strip()}
    if isinstance(body, dict) and "requestId" in body:
        body = dict(body)
        facts["requestId matches X-Request-Id"] = body.pop("requestId") == headers.get("x-request-id")
    facts["body"] = body
    for name in COMPARED:
        facts[name] = headers.get(name, "").replace(" ", "").lower()
    # Prism (Tomcat) gzips answers over 1 KB for clients that ask, hence Vary: Accept-Encoding; the Node peer does not.
    facts["vary"] = ",".join(v for v in facts["vary"].split(",") if v != "accept-encoding")
    for name in PRESENT:
        facts[name + " present"] = name in headers
    facts["www-authenticate scheme"] = headers.get("www-authenticate", "").split(" ")[0]
    facts["x-request-id present"] = "x-request-id" in headers
    return facts


def differences(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}{key}: {'missing' if key not in b else 'extra'} ({a.get(key, b.get(key))!r:.80})")
            else:
                out += differences(a[key], b[key], f"{path}{key}.")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}{i}.")]
    return [] if a == b else [f"{path.rstrip('.')}: prism {a!r:.120} / peer {b!r:.120}"]


# What Prism itself must answer, so that "the same" cannot mean "the same mistake".
EXPECTED = {"partner": 200, "partner-two": 200, "partner-bad-key": 401, "partner-malformed": 400, "partner-timeout": 504,
            "mobile": 200, "mobile-description": 200, "mobile-bad-token": 401, "mobile-wrong-audience": 401,
            "mobile-no-token": 401, "mobile-unknown-sku": 404, "mobile-timeout": 504, "mobile-degraded": 200,
            "web": 200, "web-unknown-sku": 404, "web-timeout": 504, "web-degraded": 200}
cases = sorted({name.rsplit(".", 2)[0] for name in os.listdir(folder) if name.endswith(".body")})
failed = False
for case in cases:
    prism = normalised(*read(case, "prism"))
    if EXPECTED.get(case, prism["status"]) != prism["status"]:
        failed = True
        print(f"UNEXPECTED {case:20} prism answered {prism['status']}, not {EXPECTED[case]}")
    if case.endswith("-degraded") and "reviews" not in (prism["body"] or {}).get("degraded", []):
        failed = True
        print(f"UNEXPECTED {case:20} prism did not list reviews as degraded")
    for impl in ("node", "gateway"):
        if not os.path.exists(os.path.join(folder, f"{case}.{impl}.body")):
            continue
        status, headers, body = read(case, impl)
        peer = normalised(status, headers, body)
        if impl == "gateway":
            # A pass-through adds none of the BFF's headers; only what it answers itself is held to Prism's.
            for name in ["x-content-type-options", "x-frame-options"] + [n + " present" for n in PRESENT]:
                peer[name] = prism[name]
            if case != "partner-bad-key":
                peer["cache-control"] = prism["cache-control"]
        found = differences(prism, peer)
        if not found:
            print(f"same       {case:20} prism = {impl} (status {status})")
        elif impl == "gateway" and case in GATEWAY_REPORTED:
            print(f"reported   {case:20} gateway answers {status}: {'; '.join(found)[:300]}")
        else:
            failed = True
            print(f"DIFFERENT  {case:20} prism / {impl}: {'; '.join(found)}")
    if case.startswith("partner") or case.startswith("mobile") or case.startswith("web"):
        if not prism["x-request-id present"]:
            failed = True
            print(f"DIFFERENT  {case:20} prism sent no X-Request-Id")
for case, given in (("partner", "check-partner"), ("mobile", "check-mobile"), ("web", "check-web")):
    for impl in ("prism", "node", "gateway"):
        path = os.path.join(folder, f"{case}.{impl}.headers")
        if os.path.exists(path) and read(case, impl)[1].get("x-request-id") != given:
            failed = True
            print(f"DIFFERENT  {case:20} {impl} did not echo X-Request-Id {given}")
sys.exit(1 if failed else 0)
