#!/usr/bin/env python3
# pip: locust==2.47.0
"""Load: the busiest hour of a large city's service hall, on SQLite and on PostgreSQL.

For each database it starts a GovHall on a freshly seeded demo city, prepares what the workload needs
(API tokens for a citizen, the market regulator's window clerk and a hotline partner; tracking numbers; the
supervisor's sign-in), and drives locust headless for --seconds with the mix in locustfile.py: mostly guide
reads, searches and tracking, some API case and ticket filings, a clerk accepting every new case, and a
signed-in supervisor on the supervision centre. It prints throughput, p50/p99 latency, errors and the server's
peak memory (VmHWM of the server process). It fails if the error rate is above 1%, or on any 5xx.
The CI binary is a debug build: the figures are proof that it holds, not a benchmark.
"""

import argparse
import atexit
import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile import GovHallServer, ProofFailure, case_for_matter, psql, say, stop_all_servers  # noqa: E402

SQLITE_PORT = 8124
POSTGRES_PORT = 8125
FOOD_LICENCE = "11990100041000015H0100117001"  # 食品经营许可: the market regulator's, whose window `clerk` is
SEARCH_WORDS = ["食品", "营业执照", "社保", "卫生许可", "药品", "建设", "教育", "食品经营", "公示", "许可"]


def get_json(server, path, token=None):
    request = urllib.request.Request(server.base_url + path)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def post_json(server, path, document, token):
    request = urllib.request.Request(server.base_url + path, data=json.dumps(document).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def prepare(server, work):
    """What the workload needs from this installation, as a config file for locustfile.py."""
    citizen = server.create_token("load-citizen", ["cases:act"], account="citizen")
    clerk = server.create_token("load-clerk", ["cases:act"], account="clerk")
    hotline = server.create_token("load-hotline", ["hotline:file"])
    matters = get_json(server, "/api/v1/matters")
    guides = [m["code"] for m in matters]
    food = get_json(server, f"/api/v1/matters/{FOOD_LICENCE}")
    food.setdefault("code", FOOD_LICENCE)
    case = case_for_matter(food, "负载测试 示范餐饮有限公司")
    # A few cases filed now, so tracking has numbers with their query codes from the start.
    tracking = []
    for _ in range(5):
        filed = post_json(server, "/api/v1/cases", case, citizen)
        tracking.append((filed["trackingNumber"], filed["queryCode"]))
    categories = get_json(server, "/api/v1/hotline/categories")
    leaves = [c["code"] for c in flatten(categories) if c.get("code")]
    config = {
        "citizen_token": citizen, "clerk_token": clerk, "hotline_token": hotline,
        "hotline_category": "0301" if "0301" in leaves else leaves[-1], "guides": guides, "case": case,
        "tracking": tracking, "words": SEARCH_WORDS, "supervisor_password": server.sign_ins["supervisor"],
        "result_path": os.path.join(work, f"{server.name}-locust-result.json"),
    }
    path = os.path.join(work, f"{server.name}-locust-config.json")
    with open(path, "w", encoding="utf-8") as out:
        json.dump(config, out, ensure_ascii=False)
    return path, config


def flatten(categories):
    for category in categories if isinstance(categories, list) else categories.get("categories", []):
        yield category
        yield from flatten(category.get("children", []))


def run_locust(server, work, args):
    config_path, config = prepare(server, work)
    prefix = os.path.join(work, f"{server.name}-locust")
    command = [args.python, "-m", "locust", "-f", os.path.join(os.path.dirname(os.path.abspath(__file__)), "locustfile.py"),
               "--headless", "--users", str(args.users), "--spawn-rate", str(args.users), "--run-time", f"{args.seconds}s",
               "--host", server.base_url, "--csv", prefix, "--only-summary", "--stop-timeout", "10",
               "--loglevel", "WARNING"]
    say(f"[{server.name}] locust: {args.users} users for {args.seconds}s")
    environment = dict(os.environ, GOVHALL_LOAD_CONFIG=config_path)
    locust_log = open(os.path.join(work, f"{server.name}-locust.log"), "w")
    process = subprocess.Popen(command, env=environment, stdout=locust_log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        process.wait(timeout=args.seconds + 120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise ProofFailure(f"[{server.name}] locust did not finish within {args.seconds + 120}s")
    if not server.alive():
        raise ProofFailure(f"[{server.name}] the server died under load")
    stats_path = f"{prefix}_stats.csv"
    if not os.path.exists(stats_path) or not os.path.exists(config["result_path"]):
        tail = open(os.path.join(work, f"{server.name}-locust.log"), encoding="utf-8", errors="replace").read()[-3000:]
        raise ProofFailure(f"[{server.name}] locust wrote no statistics (exit {process.returncode}):\n{tail}")
    rows = list(csv.DictReader(open(stats_path, encoding="utf-8")))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    server_errors = json.load(open(config["result_path"], encoding="utf-8"))["server_errors"]
    failures = []
    if os.path.exists(f"{prefix}_failures.csv"):
        failures = list(csv.DictReader(open(f"{prefix}_failures.csv", encoding="utf-8")))
    requests = int(total["Request Count"])
    errors = int(total["Failure Count"])
    result = {
        "database": "SQLite" if server.name == "sqlite" else "PostgreSQL",
        "requests": requests, "errors": errors, "error_rate": errors / requests if requests else 1.0,
        "rps": float(total["Requests/s"]), "p50": float(total["50%"]), "p99": float(total["99%"]),
        "server_errors": sum(server_errors.values()), "rss_mb": server.peak_rss_mb(),
        "failures": failures, "server_error_detail": server_errors,
    }
    for row in rows:
        if row["Name"] != "Aggregated":
            say(f"    {row['Type']:>5} {row['Name'][:48]:<48} {int(row['Request Count']):>6} req "
                f"{int(row['Failure Count']):>4} err  p50 {row['50%']:>5} ms  p99 {row['99%']:>6} ms")
    return result


def figure(result):
    return (f"{result['database']} {result['rps']:.0f} req/s p50 {result['p50']:.0f} ms p99 {result['p99']:.0f} ms "
            f"{result['errors']} errors ({result['error_rate']:.2%}) of {result['requests']:,}, peak RSS {result['rss_mb']:.0f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--govhall", required=True, help="the govhall binary")
    parser.add_argument("--work", required=True, help="an empty scratch dir (data dirs, logs, locust CSV)")
    parser.add_argument("--pg-url-base", help="postgres://user:password@host:port; also run against PostgreSQL")
    parser.add_argument("--seconds", type=int, default=60, help="load duration per database (default 60)")
    parser.add_argument("--users", type=int, default=24, help="concurrent locust users (default 24)")
    parser.add_argument("--python", default=sys.executable, help="the Python with locust installed (default: this one)")
    parser.add_argument("--max-error-rate", type=float, default=0.01, help="fail above this error rate (default 0.01)")
    parser.add_argument("--seeded-copy", help="a demo data dir seeded earlier (with signins.txt), to skip seeding (SQLite only)")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    atexit.register(stop_all_servers)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))

    plans = [GovHallServer(args.govhall, args.work, "sqlite", SQLITE_PORT, seeded_copy=args.seeded_copy)]
    database = None
    if args.pg_url_base:
        database = f"h3_load_{os.getpid()}"
        plans.append(GovHallServer(args.govhall, args.work, "postgres", POSTGRES_PORT,
                                   database_url=f"{args.pg_url_base.rstrip('/')}/{database}"))
    results, started = [], time.monotonic()
    current = None
    try:
        for server in plans:
            current = server
            if server.database_url:
                psql(f"{args.pg_url_base.rstrip('/')}/postgres", f"CREATE DATABASE {database}")
            server.start()
            results.append(run_locust(server, args.work, args))
            say(f"[{server.name}] {figure(results[-1])}")
            server.stop_cleanly()
    except (ProofFailure, urllib.error.URLError, KeyError, StopIteration) as failure:
        say(f"FAILED: {failure!r}")
        if current:
            say(f"--- last lines of {current.log_path} ---\n{current.log_tail()}")
        say("PROOF load: FAILED")
        return 1
    finally:
        stop_all_servers()
        if database:
            psql(f"{args.pg_url_base.rstrip('/')}/postgres", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    say(f"done in {time.monotonic() - started:.0f}s")
    failed = False
    for result in results:
        if result["server_errors"] or result["error_rate"] > args.max_error_rate:
            failed = True
            say(f"[{result['database']}] FAILED: {result['server_errors']} 5xx, error rate {result['error_rate']:.2%}")
            for name, count in result["server_error_detail"].items():
                say(f"  5xx {count}× {name}")
            for row in result["failures"][:20]:
                say(f"  {row.get('Occurrences')}× {row.get('Method')} {row.get('Name')}: {row.get('Error', '')[:200]}")
    line = "; ".join(figure(r) for r in results)
    if failed:
        for server in plans:
            say(f"--- last lines of {server.log_path} ---\n{server.log_tail(20)}")
        say(f"PROOF load: FAILED: {line}")
        return 1
    say(f"PROOF load: {line} (debug build)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
