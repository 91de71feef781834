#!/usr/bin/env python3
# pip: (none; standard library only). Needs PostgreSQL's server binaries, pg_dump/pg_restore and psql.
"""PostgreSQL restarted under load: requests get a clear 503, and the server recovers by itself.

How
---
The script creates its own throw-away PostgreSQL cluster (initdb as the postgres user, on
--own-cluster-port, in a directory under --work), puts the seeded demo city into it (a pg_dump of
--template-db under --pg-url-base, or `govhall seed --demo` when no template is given), and starts one
server on it. With client threads filing applications, tickets and requests for disclosure and reading
(/healthz, the hotline categories), it runs `pg_ctl restart -m fast`, then `pg_ctl stop`, waits about 5 s,
and `pg_ctl start`. It only ever restarts the cluster it created.

Checks
------
- every request gets a 2xx or a 503 within --answer-limit seconds: never a 500, a hang or a dropped
  connection; at least one 503 was seen (the outage was observed);
- the server process stays up, and after each return of PostgreSQL it serves a 2xx again within
  --recovery-limit seconds, without being restarted;
- every submission acknowledged during the test is there afterwards, and crash.py's invariants hold
  (no half-written record from a transaction cut by the outage).
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crash import (  # noqa: E402  (the shared helpers live in crash.py)
    PATHS, PostgresStore, ProofFailure, Server, Submission, SubmissionFactory, answer_id, check_invariants,
    create_token, department_id, log, request_json, run, seed_demo,
)

CLEANUP: list = []


class OwnCluster:
    """A throw-away PostgreSQL cluster this script creates, owns and alone restarts (as the postgres user)."""

    def __init__(self, pg_bin: Path, directory: Path, port: int, durable: bool = False, database: str = "govhall_outage"):
        # `durable` keeps PostgreSQL's fsync on: the benchmark's figures must be those of a server that keeps its word.
        self.pg_bin, self.directory, self.port, self.durable, self.database = pg_bin, directory, port, durable, database
        self.data = directory / "data"
        self.socket = directory / "sock"
        self.started = False

    def pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.socket} -c fsync={'on' if self.durable else 'off'} -c max_connections=200"
        return run(["runuser", "-u", "postgres", "--", str(self.pg_bin / "pg_ctl"), "-D", str(self.data),
                    "-l", str(self.directory / "server.log"), "-w", "-t", "60", "-o", options, *args], check=check)

    def create(self) -> None:
        self.directory.mkdir(parents=True)
        self.socket.mkdir()
        shutil.chown(self.directory, "postgres", "postgres")
        shutil.chown(self.socket, "postgres", "postgres")
        run(["runuser", "-u", "postgres", "--", str(self.pg_bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-E", "UTF8",
             "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256"])
        self.pg_ctl("start")
        self.started = True
        self.admin("CREATE ROLE govhall LOGIN PASSWORD 'govhall' CREATEDB")
        self.admin(f"CREATE DATABASE {self.database} OWNER govhall")

    def admin(self, sql: str) -> None:
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket), "-p", str(self.port), "-U", "postgres",
             "-d", "postgres", "-c", sql])

    def admin_query(self, sql: str) -> str:
        return run(["psql", "-X", "-q", "-A", "-h", str(self.socket), "-p", str(self.port), "-U", "postgres", "-d", "postgres",
                    "-c", sql], check=False).stdout.strip()

    @property
    def url(self) -> str:
        return f"postgres://govhall:govhall@127.0.0.1:{self.port}/{self.database}"

    def stop(self) -> None:
        if self.started:
            self.pg_ctl("-m", "fast", "stop", check=False)
            self.started = False


@dataclass
class OutageCounts:
    served: int = 0
    unavailable: int = 0
    other: list[tuple[str, str, str, str]] = field(default_factory=list)  # (phase sent in, outcome, route, detail)
    slowest: float = 0.0


class OutageLoad:
    """Client threads reading and writing through the API; every answer is counted as served (2xx), 503 or other."""

    def __init__(self, port: int, token: str, factory: SubmissionFactory, threads: int, answer_limit: float):
        self.port, self.token, self.factory, self.answer_limit = port, token, factory, answer_limit
        self.counts = OutageCounts()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.phase = "warm-up"
        self.last_served: dict[str, float] = {}
        self.threads = [threading.Thread(target=self.work, daemon=True) for _ in range(threads)]
        self.acknowledged: list[Submission] = []

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def work(self) -> None:
        rng = random.Random()
        while not self.stopping.is_set():
            choice = rng.random()
            began = time.monotonic()
            phase = self.phase  # the phase the request was sent in
            submission = None
            try:
                if choice < 0.4:
                    submission = self.factory.make()
                    route = f"POST {PATHS[submission.kind]}"
                    status, answer = request_json(self.port, "POST", PATHS[submission.kind], self.token, submission.body,
                                                  timeout=self.answer_limit + 10)
                    submission.status, submission.answer = status, answer
                elif choice < 0.7:
                    route = "GET /api/v1/hotline/categories"
                    status, answer = request_json(self.port, "GET", "/api/v1/hotline/categories", timeout=self.answer_limit + 10)
                else:
                    route = "GET /healthz"
                    status, answer = request_json(self.port, "GET", "/healthz", timeout=self.answer_limit + 10)
                outcome = status
            except (OSError, http.client.HTTPException) as error:
                outcome, answer = None, repr(error)
            took = time.monotonic() - began
            with self.lock:
                self.counts.slowest = max(self.counts.slowest, took)
                if outcome is not None and 200 <= outcome < 300 and took <= self.answer_limit:
                    self.counts.served += 1
                    self.last_served[phase] = time.monotonic()
                    if submission is not None and submission.acknowledged:
                        self.acknowledged.append(submission)
                elif outcome == 503 and took <= self.answer_limit:
                    self.counts.unavailable += 1
                else:
                    what = f"{outcome} after {took:.1f}s" if outcome is not None else f"no answer within {took:.0f}s"
                    self.counts.other.append((phase, "none" if outcome is None else str(outcome), route, f"{what}: {str(answer)[:160]}"))
            if outcome == 503:
                time.sleep(0.1)

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)


def wait_until_served(load: OutageLoad, phase: str, since: float, limit: float) -> float:
    """Seconds from `since` until the load got a 2xx in `phase`; fails after `limit`."""
    deadline = since + limit
    while time.monotonic() < deadline:
        with load.lock:
            served_at = load.last_served.get(phase)
        if served_at is not None:
            return served_at - since
        time.sleep(0.1)
    raise ProofFailure(f"after PostgreSQL came back ({phase}), the server served nothing for {limit:.0f}s")


def outage_test(binary: str, store: "PostgresStore", cluster: OwnCluster, port: int, threads: int, work: Path,
                answer_limit: float, recovery_limit: float) -> tuple[OutageCounts, int]:
    """Serves from the seeded database in the own cluster and restarts PostgreSQL under load."""
    token = create_token(binary, store, "outage-proof")
    factory = SubmissionFactory(f"outage-{os.getpid()}-", department_id(store))
    server = Server(binary, port, {**store.env(), "GOVHALL_BCRYPT_COST": "4"}, work / "serve-outage.log", "govhall on the own cluster")
    server.start()
    CLEANUP.append(server.kill9)
    load = OutageLoad(port, token, factory, threads, answer_limit)
    try:
        load.start()
        time.sleep(3)
        for phase, action in (("restart", "restart -m fast"), ("stop-start", "stop ~5 s, then start")):
            log(f"outage: pg_ctl {action} under load")
            load.phase = f"{phase} (down)"
            if phase == "restart":
                cluster.pg_ctl("-m", "fast", "restart")
            else:
                cluster.pg_ctl("-m", "fast", "stop")
                time.sleep(5)
                cluster.pg_ctl("start")
            back = time.monotonic()
            load.phase = f"{phase} (back)"
            recovered = wait_until_served(load, load.phase, back, recovery_limit)
            log(f"outage: serving again {recovered:.1f}s after PostgreSQL was back")
            time.sleep(3)
            if not server.alive():
                raise ProofFailure(f"the server died during the PostgreSQL {phase}")
        load.phase = "after"
        time.sleep(2)
    finally:
        load.stop()
    counts = load.counts
    if any(outcome == "none" for _, outcome, _, _ in counts.other):
        # A request got no answer: show what the server's connections are doing, for whoever fixes it.
        activity = cluster.admin_query("SELECT pid, state, wait_event_type, wait_event, now() - xact_start, left(query, 120) "
                                       "FROM pg_stat_activity WHERE datname = 'govhall_outage'")
        print("  pg_stat_activity of the server's connections after a request hung:\n    " + activity.replace("\n", "\n    "), flush=True)
    log(f"outage: {counts.served} served, {counts.unavailable} answered 503, {len(counts.other)} other; slowest answer {counts.slowest:.1f}s")
    if counts.other:
        kinds: dict[tuple[str, str, str], list[str]] = {}
        for phase, outcome, route, detail in counts.other:
            kinds.setdefault((phase, outcome, route), []).append(detail)
        for (phase, outcome, route), details in kinds.items():
            print(f"  FAIL outage: {len(details)} x {route} sent during {phase}: {details[0]}", flush=True)
        print(f"--- last 40 lines of {server.log_path.name} ---\n{server.log_tail()}", flush=True)
        raise ProofFailure(f"PostgreSQL outage: {counts.served} served, {counts.unavailable} 503, {len(counts.other)} other: "
                           f"requests got neither a 2xx nor a 503 within {answer_limit:.0f}s")
    if counts.unavailable == 0:
        raise ProofFailure("no request got a 503 while PostgreSQL was down: the outage was not observed")
    # What was acknowledged around the outage is there.
    missing = []
    for submission in load.acknowledged:
        path = {"case": f"/api/v1/cases/{answer_id_of(submission, 'id')}",
                "ticket": f"/api/v1/hotline/tickets/{answer_id_of(submission, 'number')}?code={answer_id_of(submission, 'queryCode')}",
                "request": f"/api/v1/disclosure/requests/{answer_id_of(submission, 'number')}?code={answer_id_of(submission, 'queryCode')}"}[submission.kind]
        status, _ = request_json(port, "GET", path, token)
        if status != 200:
            missing.append(f"{submission.kind} {answer_id(submission)}: GET {path} answered {status}")
    if missing:
        raise ProofFailure(f"{len(missing)} submissions acknowledged during the outage test are missing: {missing[:5]}")
    check_invariants(store, "after the outage")
    server.stop()
    return counts, len(load.acknowledged)


def answer_id_of(submission: Submission, key: str) -> str:
    return str(submission.answer.get(key, "")) if isinstance(submission.answer, dict) else ""


def find_pg_bin() -> Path | None:
    root = Path("/usr/lib/postgresql")
    candidates = sorted((p / "bin" for p in root.glob("*") if (p / "bin" / "initdb").exists()),
                        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return candidates[-1] if candidates else None


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--govhall", required=True, help="the govhall binary")
    parser.add_argument("--work", required=True, type=Path, help="an empty scratch directory")
    parser.add_argument("--pg-bin", type=Path, help="PostgreSQL server binaries (default: the newest under /usr/lib/postgresql)")
    parser.add_argument("--own-cluster-port", type=int, default=54341, help="port of the own throw-away cluster (default 54341)")
    parser.add_argument("--pg-url-base", help="postgres://user:password@host:port holding --template-db")
    parser.add_argument("--template-db", help="a seeded database under --pg-url-base to pg_dump into the own cluster "
                        "(default: seed the demo city there, which takes a minute or two)")
    parser.add_argument("--template-keys", type=Path, help="the keys/ of the data dir that seeded --template-db: its audit MAC key seals the copied entries (issue 20, item 5)")
    parser.add_argument("--port", type=int, default=8103, help="port of the server (default 8103)")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--answer-limit", type=float, default=5.0, help="seconds within which every request must be answered (default 5)")
    parser.add_argument("--recovery-limit", type=float, default=20.0, help="seconds after PostgreSQL is back within which requests must succeed (default 20)")
    args = parser.parse_args()
    if args.template_db and not args.pg_url_base:
        parser.error("--template-db needs --pg-url-base")

    started = time.monotonic()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    binary = str(Path(args.govhall).resolve())
    pg_bin = args.pg_bin or find_pg_bin()
    try:
        if pg_bin is None or not (pg_bin / "initdb").exists():
            raise ProofFailure("no PostgreSQL server binaries for the own cluster (give --pg-bin)")
        # The postgres user must reach its cluster directory inside the work dir (which may be a 0700 mktemp dir).
        work.chmod(work.stat().st_mode | 0o011)
        cluster = OwnCluster(pg_bin, work / "own-cluster", args.own_cluster_port)
        CLEANUP.append(cluster.stop)
        log(f"own cluster: initdb and start on 127.0.0.1:{args.own_cluster_port}")
        cluster.create()
        store = PostgresStore(cluster.url.rsplit("/", 1)[0], "govhall_outage", work / "outage-data")
        store.label = "PostgreSQL (own cluster)"
        store.data_dir.mkdir()
        if args.template_keys:
            shutil.copytree(args.template_keys, store.data_dir / "keys")
        if args.template_db:
            log(f"copying {args.template_db} into the own cluster (pg_dump | pg_restore)")
            dump = work / "template.dump"
            run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(dump), f"{args.pg_url_base.rstrip('/')}/{args.template_db}"])
            run(["pg_restore", "--no-owner", "--no-privileges", "-d", cluster.url, str(dump)])
        else:
            log("seeding the demo city into the own cluster")
            seeding = seed_demo(binary, store, work / "seed.log")
            CLEANUP.append(lambda: seeding.poll() is None and os.killpg(seeding.pid, signal.SIGKILL))
            if seeding.wait() != 0:
                raise ProofFailure("seeding failed:\n" + (work / "seed.log").read_text(errors="replace")[-2000:])
        check_invariants(store, "before the outage")
        counts, acknowledged = outage_test(binary, store, cluster, args.port, args.threads, work, args.answer_limit, args.recovery_limit)
    except ProofFailure as failure:
        print(f"FAILED: {failure}", flush=True)
        print(f"PROOF pg-outage: FAILED after {time.monotonic() - started:.0f}s: {str(failure).splitlines()[0][:300]}", flush=True)
        return 1
    except Exception as error:  # a bug here, or the environment: still a failure line, after the cleanup
        traceback.print_exc()
        print(f"PROOF pg-outage: FAILED after {time.monotonic() - started:.0f}s: unexpected {error!r}"[:400], flush=True)
        return 1
    finally:
        for action in reversed(CLEANUP):
            try:
                action()
            except Exception as error:
                print(f"cleanup: {error!r}", flush=True)
    log(f"done in {time.monotonic() - started:.0f}s")
    print(f"PROOF pg-outage: PostgreSQL restarted (-m fast) and stopped ~5 s under load: {counts.served} served, "
          f"{counts.unavailable} got 503, 0 other (no 500, no hang over {args.answer_limit:.0f}s, slowest {counts.slowest:.1f}s); "
          f"the server recovered by itself both times; {acknowledged} acknowledged submissions all present", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
