#!/usr/bin/env python3
"""The HTTP client of bench/scale.sh: many web logins or partner orders over a few keep-alive connections, and N
requests of one kind in a row. No cookie jar: each login starts a new session, which is the point. Fails on any answer
it does not expect.

  scale_client.py login  BASE N CONC USER PASSWORD      -> prints the last session's PRISM_SESSION value
  scale_client.py orders BASE N CONC API_KEY            -> partner orders, each with its own Idempotency-Key (a UUID)
  scale_client.py repeat BASE N METHOD PATH [--body JSON] [--unique-key] [--header 'Name: value']...
"""
import http.client
import json
import sys
import threading
import urllib.parse
import uuid

ORDER = json.dumps({"lines": [{"sku": "SKU-1001", "quantity": 1}]})


def connection(base):
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=30)


def send(conn, method, path, headers, body=None, expect=(200,)):
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status not in expect:
        raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
    return response


def in_parallel(n, conc, work):
    """Runs work(conn) n times over conc connections; returns the last result."""
    counts = [n // conc + (1 if i < n % conc else 0) for i in range(conc)]
    results, errors = [None] * conc, []

    def worker(i):
        try:
            conn = connection(BASE)
            for _ in range(counts[i]):
                results[i] = work(conn)
            conn.close()
        except BaseException as ex:  # noqa: BLE001 - reported below
            errors.append(ex)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(conc)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"failed: {errors[0]}")
    return next(r for r in reversed(results) if r is not None)


def login(conn):
    # The CSRF cookie repository accepts any token the cookie and the header agree on (double submit).
    headers = {"Content-Type": "application/json", "Cookie": "XSRF-TOKEN=bench", "X-XSRF-TOKEN": "bench"}
    response = send(conn, "POST", "/web/api/session", headers, json.dumps({"username": USER, "password": PASSWORD}))
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and value.startswith("PRISM_SESSION="):
            return value.split(";", 1)[0].split("=", 1)[1]
    raise SystemExit("login answered no PRISM_SESSION cookie")


def order(conn):
    headers = {"Content-Type": "application/json", "X-Api-Key": API_KEY, "Idempotency-Key": str(uuid.uuid4())}
    send(conn, "POST", "/partner/api/v1/orders", headers, ORDER, expect=(201,))
    return True


if __name__ == "__main__":
    command, BASE = sys.argv[1], sys.argv[2]
    if command == "login":
        n, conc, USER, PASSWORD = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
        print(in_parallel(n, conc, login))
    elif command == "orders":
        n, conc, API_KEY = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        in_parallel(n, conc, order)
    elif command == "repeat":
        n, method, path, rest = int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6:]
        headers, body, unique = {}, None, False
        while rest:
            flag = rest.pop(0)
            if flag == "--body":
                body = rest.pop(0)
                headers["Content-Type"] = "application/json"
            elif flag == "--unique-key":
                unique = True
            elif flag == "--header":
                name, value = rest.pop(0).split(":", 1)
                headers[name.strip()] = value.strip()
            else:
                raise SystemExit(f"unknown flag {flag}")
        conn = connection(BASE)
        for _ in range(n):
            if unique:
                headers["Idempotency-Key"] = str(uuid.uuid4())
            send(conn, method, path, headers, body, expect=(200, 201))
    else:
        raise SystemExit(__doc__)
