#!/usr/bin/env python3
"""The speed benchmark: an external load generator against a running GovHall, on SQLite and on PostgreSQL.

For each database it starts `govhall serve` (give it a release build) on a freshly seeded demo city, prepares
what the phases need through the public API (a `cases:act` token for the demo citizen and one for the market
regulator's window clerk, tracking numbers with their query codes, a certificate to verify), and drives wrk
(Debian's package) with bench/wrk/phase.lua through the phases one after another, each for --seconds with
--connections requests in flight:

  trivial     GET /openapi.json               the server's ceiling on this machine, the unit of every ratio
  submit      POST /api/v1/cases              a durable application with 4 PDF uploads (a 201 means committed)
  track       GET /api/v1/track               the public tracking query by number and query code
  catalogue   GET /api/v1/matters             the service catalogue
  guide       GET /services/{code}            a service guide page
  home        GET /                           the portal's home page
  verify      GET /verify?code=…              a certificate verified by the public
  search      GET /disclosure?q=…             the disclosure search page
  inbox       GET /api/v1/cases               the clerk's inbox, first page

It prints each phase's rate, p50, p95, p99, errors and the ratio to the trivial route of the same run, the
server's peak memory, and checks that every 201 of the submission phase left a case behind. PostgreSQL runs in
its own throw-away cluster with fsync on. The machine is shared and noisy: read the ratios, not the rates.

  python3 bench/load.py --govhall .build/release/govhall --work /tmp/bench
"""

import argparse
import atexit
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / ".ci" / "proof"))
from hostile import TINY_PDF, GovHallServer, ProofFailure, case_for_matter, psql, say, stop_all_servers  # noqa: E402
from load import get_json, post_json  # noqa: E402  (the load proof's, .ci/proof/load.py)
from pgoutage import OwnCluster, find_pg_bin  # noqa: E402

SEARCH_WORDS = ["食品", "营业执照", "社保", "卫生许可", "药品", "建设", "教育", "食品经营", "公示", "许可"]
UPLOADS_PER_SUBMISSION = 4
TRACKING_NUMBERS = 64


def submission_body(server):
    """A case carrying four PDFs, for a demo matter that takes four (the one requiring the most of them)."""
    matters = get_json(server, "/api/v1/matters")
    details = [get_json(server, f"/api/v1/matters/{urllib.parse.quote(m['code'])}") for m in matters]
    for detail, summary in zip(details, matters):
        detail.setdefault("code", summary["code"])
    def required(matter):
        return sum(1 for m in matter.get("materials", []) if m.get("required"))

    fitting = [d for d in details if required(d) <= UPLOADS_PER_SUBMISSION <= len(d.get("materials", []))]
    if not fitting:
        raise ProofFailure(f"no demo matter takes {UPLOADS_PER_SUBMISSION} materials")
    matter = max(fitting, key=lambda d: (required(d), d["code"]))
    body = case_for_matter(matter, "压力测试 示范科技有限公司")
    materials = sorted(matter["materials"], key=lambda m: not m.get("required"))[:UPLOADS_PER_SUBMISSION]
    body["materials"] = [{"key": m["key"], "fileName": f"{m['key']}.pdf", "contentBase64": base64.b64encode(TINY_PDF).decode()}
                         for m in materials]
    return matter["code"], body, [m["code"] for m in matters]


def prepare(server, work):
    """The tokens, request lists and bodies of every phase, as files for phase.lua."""
    citizen = server.create_token("bench-citizen", ["cases:act"], account="citizen")
    clerk = server.create_token("bench-clerk", ["cases:act"], account="clerk")
    matter_code, body, guides = submission_body(server)
    body_path = work / "submission.json"
    body_path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    certificates = [text for case in get_json(server, "/api/v1/cases?limit=200", citizen) for text in case.get("certificates", [])]
    if not certificates:
        raise ProofFailure("the demo citizen holds no certificate to verify")
    tracking = []
    for _ in range(TRACKING_NUMBERS):
        filed = post_json(server, "/api/v1/cases", body, citizen)
        tracking.append((filed["trackingNumber"], filed["queryCode"]))

    def listing(name, lines):
        path = work / f"{name}.requests"
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return path

    def query(path, **parameters):
        return f"{path}?{urllib.parse.urlencode(parameters)}"

    phases = [
        ("trivial", None, listing("trivial", ["GET /openapi.json"])),
        ("submit", citizen, listing("submit", [f"POST /api/v1/cases {body_path}"])),
        ("track", None, listing("track", [f"GET {query('/api/v1/track', number=n, code=c)}" for n, c in tracking])),
        ("catalogue", None, listing("catalogue", ["GET /api/v1/matters"])),
        ("guide", None, listing("guide", [f"GET /services/{urllib.parse.quote(code)}" for code in guides])),
        ("home", None, listing("home", ["GET /"])),
        ("verify", None, listing("verify", [f"GET {query('/verify', code=text)}" for text in certificates])),
        ("search", None, listing("search", [f"GET {query('/disclosure', q=word)}" for word in SEARCH_WORDS])),
        ("inbox", clerk, listing("inbox", ["GET /api/v1/cases"])),
    ]
    say(f"[{server.name}] prepared: submissions to {matter_code} with {UPLOADS_PER_SUBMISSION} PDFs, "
        f"{len(tracking)} tracking numbers, {len(certificates)} certificates, {len(guides)} guides")
    return phases


def run_phase(server, name, token, requests_path, args):
    environment = dict(os.environ, GOVHALL_BENCH_REQUESTS=str(requests_path), GOVHALL_BENCH_TOKEN=token or "")
    command = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.seconds}s", "--timeout", "10s",
               "-s", str(HERE / "wrk" / "phase.lua"), server.base_url]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=args.seconds + 60)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise ProofFailure(f"wrk failed in phase {name} ({result.returncode}): {result.stderr[-500:]}{result.stdout[-500:]}")
    figures = json.loads(lines[-1])
    seconds = figures["duration_us"] / 1e6
    errors = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "phase": name, "requests": figures["requests"], "rate": figures["requests"] / seconds, "errors": errors,
        "p50": figures["p50_us"] / 1000, "p95": figures["p95_us"] / 1000, "p99": figures["p99_us"] / 1000,
    }


def cases_on_record(server):
    if server.database_url:
        return int(psql(server.database_url, "SELECT count(*) FROM cases"))
    return server.row_counts()["cases"]


def bench(server, work, args):
    server.start()
    if args.synthetic_cases:
        # Volume for the inbox and tracking: the demo city's departments with a year of cases behind them.
        server.stop()
        say(f"[{server.name}] adding {args.synthetic_cases:,} synthetic cases")
        started = time.monotonic()
        server.run_command("seed", "--synthetic", "--cases", str(args.synthetic_cases))
        say(f"[{server.name}] added in {time.monotonic() - started:.0f} s")
        server.start()
    phases = prepare(server, work)
    # A short warm-up so the first phase does not pay for cold caches and connections.
    run_phase(server, "warm-up", None, phases[0][2], argparse.Namespace(**{**vars(args), "seconds": 2}))
    results = []
    for name, token, requests_path in phases:
        if args.phases and name not in args.phases:
            continue
        before = cases_on_record(server) if name == "submit" else None
        result = run_phase(server, name, token, requests_path, args)
        if name == "submit":
            committed = cases_on_record(server) - before
            accepted = result["requests"] - result["errors"]
            result["note"] = f"{committed} cases committed for {accepted} answered 201"
            if committed < accepted:
                raise ProofFailure(f"[{server.name}] {accepted} submissions answered 201 but only {committed} cases are on record")
        results.append(result)
        if not server.alive():
            raise ProofFailure(f"[{server.name}] the server died in phase {name}")
    rss = server.peak_rss_mb()
    server.stop()
    return results, rss


def report(label, results, rss):
    trivial = next((r["rate"] for r in results if r["phase"] == "trivial"), None)
    say(f"\n{label}: peak RSS {rss:.0f} MB")
    say(f"  {'phase':<10} {'req/s':>9} {'× trivial':>10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}  note")
    for r in results:
        ratio = f"{r['rate'] / trivial:.3f}" if trivial else "-"
        say(f"  {r['phase']:<10} {r['rate']:>9.0f} {ratio:>10} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f} "
            f"{r['errors']:>7}  {r.get('note', '')}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--govhall", required=True, help="the govhall binary (a release build)")
    parser.add_argument("--work", required=True, help="a scratch dir, emptied first")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both (default both)")
    parser.add_argument("--phases", nargs="*", help="only these phases (default all)")
    parser.add_argument("--seconds", type=int, default=10, help="seconds per phase (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="requests in flight (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--synthetic-cases", type=int, default=0,
                        help="add this many synthetic cases (govhall seed --synthetic) before the phases (default none)")
    parser.add_argument("--port", type=int, default=8190, help="GovHall's port (default 8190)")
    parser.add_argument("--pg-port", type=int, default=54351, help="port of the own PostgreSQL cluster (default 54351)")
    parser.add_argument("--pg-bin", help="PostgreSQL's server binaries (default: the newest under /usr/lib/postgresql)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    atexit.register(stop_all_servers)
    for database in args.databases.split(","):
        database_work = work / database
        database_work.mkdir()
        cluster = None
        try:
            if database == "postgres":
                pg_bin = Path(args.pg_bin) if args.pg_bin else find_pg_bin()
                cluster = OwnCluster(pg_bin, database_work / "cluster", args.pg_port, durable=True, database="govhall_bench")
                cluster.create()
                server = GovHallServer(args.govhall, str(database_work), "postgres", args.port, database_url=cluster.url)
            else:
                server = GovHallServer(args.govhall, str(database_work), "sqlite", args.port)
            started = time.monotonic()
            results, rss = bench(server, database_work, args)
            report(f"{'PostgreSQL (fsync on)' if cluster else 'SQLite'}, {args.connections} in flight, "
                   f"{args.seconds} s per phase, {time.monotonic() - started:.0f} s in all", results, rss)
        finally:
            stop_all_servers()
            if cluster:
                cluster.stop()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ProofFailure as failure:
        say(f"BENCH FAILED: {failure}")
        sys.exit(1)
