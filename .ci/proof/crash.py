#!/usr/bin/env python3
# pip: (none; standard library only)
"""Crash safety, on SQLite and on PostgreSQL: SIGKILL at random moments loses nothing acknowledged.

What it proves
--------------
Nothing acknowledged is lost and nothing is half-written when the server is killed with SIGKILL at a
random moment. For each database (SQLite in a data dir; PostgreSQL in a database created under
--pg-url-base) the demo city is seeded once, then, --kills times: the server is started, a few client
threads file applications (with an uploaded PDF), hotline tickets and requests for disclosure through
the API, and the server is SIGKILLed 0.3-3 s into that load. Every submission carries a unique marker;
every 2xx answer is recorded as acknowledged. Afterwards, with the server up again:
   - every acknowledged submission is found through the API (case by id and by tracking number + query
     code, ticket and request by number + query code) and in the database with exactly the fields sent
     (form, description, phone, the uploaded file's SHA-256 and size, the blob's bytes);
   - every submission found in the database (acknowledged or not) appears once and is whole;
   - invariants that every write keeps in one transaction hold over the whole database: each case has its
     submit event, gap-free history, obligations and audit entry; each ticket its file event and (when
     assigned) its one open clock with the same due date; each request its file event, clock and audit
     entry; obligation status versions equal their events; the open-obligation counters and the
     received/accepted/completed rollups equal a recount from the rows; no orphaned events or obligations;
   - `govhall audit verify` exits 0.

With --terms N it then proves graceful shutdown on the same database (issue 20, item 10): N times, the server is
started, --term-threads clients file applications with uploads, and it is sent SIGTERM 0.5-3 s into that load. It
must exit with status 0 within its grace, answer every request it took with a 2xx (no 5xx, no crash in its log), and
every acknowledged application must be there, whole, after the restart (the same verification as above). That
part ends with its own `PROOF graceful-shutdown` line.

PostgreSQL restarted under load is pgoutage.py's; nodes.py and pgoutage.py import the helpers below.
The last line is the PROOF figure line. Exit status 0 only if every check passed.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

# The demo city's unemployment registration (失业登记): fully online, for citizens, one required upload.
MATTER_CODE = "11990100041000090A2001004001"
TOKEN_SCOPES = ["cases:act", "hotline:file"]
HOTLINE_CATEGORY = "0103"  # 城乡建设 / 市政设施: routed to a department by the demo's rules
FIELD_SEP = "\x1f"
ROW_SEP = "\x1e"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class ProofFailure(Exception):
    """A check failed; the message says which and why."""


# --- processes --------------------------------------------------------------------------------------------------


class Server:
    """One `govhall serve` process on 127.0.0.1:port, its output appended to log_path."""

    def __init__(self, binary: str, port: int, env: dict[str, str], log_path: Path, name: str = "govhall"):
        self.binary, self.port, self.env, self.log_path, self.name = binary, port, env, log_path, name
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 180.0) -> float:
        """Starts the server and waits until /healthz answers 200; returns the seconds that took."""
        if http_status("127.0.0.1", self.port, "/healthz", timeout=1) is not None:
            raise ProofFailure(f"something already answers on port {self.port}; refusing to test it")
        started = time.monotonic()
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(
                [self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                env={**os.environ, **self.env}, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise ProofFailure(f"{self.name} exited with {self.process.returncode} before /healthz answered")
            if http_status("127.0.0.1", self.port, "/healthz", timeout=2) == 200:
                return time.monotonic() - started
            time.sleep(0.05)
        raise ProofFailure(f"{self.name} did not answer /healthz within {timeout:.0f}s")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal_group(self, signum: int) -> None:
        """Signals the server's whole process group (it may run under a wrapper such as faketime)."""
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass

    def kill9(self) -> None:
        if self.process is not None:
            self.signal_group(signal.SIGKILL)
            self.process.wait()
        self.process = None

    def terminate(self, timeout: float = 60.0) -> tuple[int | None, float]:
        """SIGTERM alone, as systemd stops a service; returns (exit status or None if still running, seconds to exit)."""
        started = time.monotonic()
        self.signal_group(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            status = None
        seconds = time.monotonic() - started
        if status is None:
            self.kill9()
        self.process = None
        return status, seconds

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 15 s."""
        if self.process is None:
            return
        self.signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        self.signal_group(signal.SIGKILL)  # whatever is left of the group
        self.process.wait()
        self.process = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def run(command: list[str], env: dict[str, str] | None = None, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env={**os.environ, **(env or {})}, capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise ProofFailure(f"{' '.join(command)} exited {result.returncode}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result


# --- HTTP -------------------------------------------------------------------------------------------------------


def http_status(host: str, port: int, path: str, timeout: float) -> int | None:
    try:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        connection.request("GET", path)
        status = connection.getresponse().status
        connection.close()
        return status
    except (OSError, http.client.HTTPException):
        return None


def request_json(port: int, method: str, path: str, token: str | None = None, body: object = None,
                 timeout: float = 30.0) -> tuple[int, object]:
    """One request; returns (status, parsed JSON or text). Raises OSError/HTTPException if no answer came."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode()
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        raw = response.read().decode(errors="replace")
        try:
            return response.status, json.loads(raw) if raw else None
        except json.JSONDecodeError:
            return response.status, raw
    finally:
        connection.close()


# --- databases --------------------------------------------------------------------------------------------------


class SQLiteStore:
    label = "SQLite"

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.path = data_dir / "govhall.sqlite"

    def env(self) -> dict[str, str]:
        return {"GOVHALL_DATA_DIR": str(self.data_dir)}

    def query(self, sql: str) -> list[list[str]]:
        result = run(["sqlite3", "-bail", "-noheader", "-separator", FIELD_SEP, "-newline", ROW_SEP, str(self.path), sql])
        return split_rows(result.stdout)

    def uuid(self, value: str) -> str:
        """UUIDs are stored as upper-case text by Fluent's SQLite driver."""
        return value.upper()

    def drop(self) -> None:
        pass


class PostgresStore:
    label = "PostgreSQL"

    def __init__(self, url_base: str, database: str, data_dir: Path):
        self.url_base = url_base.rstrip("/")
        self.database = database
        self.url = f"{self.url_base}/{database}"
        self.data_dir = data_dir  # keys and uploads settings live here even on PostgreSQL

    def env(self) -> dict[str, str]:
        return {"DATABASE_URL": self.url, "GOVHALL_DATA_DIR": str(self.data_dir)}

    def create(self, template: str | None = None) -> None:
        """Creates the database, empty or as a copy of `template` (which nobody may be connected to)."""
        admin = f"{self.url_base}/postgres"
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", admin, "-c", f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'])
        copy = f' TEMPLATE "{template}"' if template else ""
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", admin, "-c", f'CREATE DATABASE "{self.database}"{copy}'])

    def drop(self) -> None:
        run(["psql", "-X", "-q", f"{self.url_base}/postgres", "-c", f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'], check=False)

    def query(self, sql: str) -> list[list[str]]:
        result = run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-A", "-t", "-F", FIELD_SEP, "-R", ROW_SEP, self.url, "-c", sql])
        return split_rows(result.stdout)

    def uuid(self, value: str) -> str:
        return value.lower()


def split_rows(output: str) -> list[list[str]]:
    output = output.rstrip("\n")
    return [row.split(FIELD_SEP) for row in output.split(ROW_SEP) if row.strip("\n") != ""]


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --- seeding ----------------------------------------------------------------------------------------------------


def seed_demo(binary: str, store, log_path: Path) -> subprocess.Popen:
    """Starts `govhall migrate && govhall seed --demo` in the background (they take a minute in a debug build)."""
    env = {**os.environ, **store.env(), "GOVHALL_BCRYPT_COST": "4"}
    script = f'"{binary}" migrate && "{binary}" seed --demo'
    out = open(log_path, "wb")
    return subprocess.Popen(["sh", "-c", script], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def create_token(binary: str, store, name: str) -> str:
    command = [binary, "token", "create", "--name", name, "--account", "citizen"]
    for scope in TOKEN_SCOPES:
        command += ["--scope", scope]
    token = run(command, env=store.env()).stdout.strip().splitlines()[-1].strip()
    if not token or " " in token:
        raise ProofFailure(f"token create printed no token on its last line: {token!r}")
    return token


def department_id(store) -> str:
    rows = store.query("SELECT id FROM organisation_units WHERE kind = 'department' ORDER BY name_zh LIMIT 1")
    if not rows:
        raise ProofFailure("the demo city has no department to file a request for disclosure with")
    return rows[0][0].lower()


# --- submissions ------------------------------------------------------------------------------------------------


@dataclass
class Submission:
    kind: str  # "case", "ticket" or "request"
    marker: str
    body: dict
    upload: bytes | None = None
    status: int | None = None  # HTTP status, None if no answer came (killed in flight)
    answer: object = None

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300 and isinstance(self.answer, dict) and bool(
            self.answer.get("id") or self.answer.get("number") or self.answer.get("trackingNumber"))


class SubmissionFactory:
    """Makes unique submissions; each carries `marker` in a free-text field so the database can be searched for it."""

    def __init__(self, prefix: str, unit_id: str, kinds: tuple[str, ...] = ("case", "ticket", "request")):
        self.prefix, self.unit_id, self.kinds = prefix, unit_id, kinds
        self.counter = 0
        self.lock = threading.Lock()
        self.rng = random.Random()

    def next_marker(self) -> str:
        with self.lock:
            self.counter += 1
            return f"{self.prefix}{self.counter:06d}"

    def make(self) -> Submission:
        marker = self.next_marker()
        weights = {"case": 2, "ticket": 2, "request": 1}
        kind = self.rng.choices(self.kinds, weights=[weights[k] for k in self.kinds])[0]
        if kind == "case":
            pdf = (b"%PDF-1.4\n% crash-proof " + marker.encode() + b"\n1 0 obj<<>>endobj\n"
                   + os.urandom(self.rng.randint(64, 4096)).hex().encode() + b"\ntrailer<<>>\n%%EOF\n")
            since = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86400 * self.rng.randint(5, 300)))
            body = {
                "matterCode": MATTER_CODE,
                # The applicant's own name and 居民身份证号 come from the token's account (issue 20, item 9).
                "form": {"residence": f"示范省示范市江南区幸福路{self.rng.randint(1, 999)}号 {marker}",
                         "unemployed_since": since, "want_training": self.rng.choice(["yes", "no"])},
                "materials": [{"key": "id_card", "fileName": f"{marker}.pdf", "contentBase64": base64.b64encode(pdf).decode()}],
            }
            return Submission("case", marker, body, upload=pdf)
        if kind == "ticket":
            body = {"kind": self.rng.choice(["complaint", "suggestion", "help"]), "category": HOTLINE_CATEGORY,
                    "subject": f"路灯不亮 {marker}", "description": f"幸福路第{self.rng.randint(1, 99)}根路灯不亮。{marker}",
                    "callerName": "李女士", "callerPhone": f"139{self.rng.randint(10000000, 99999999)}"}
            return Submission("ticket", marker, body)
        body = {"unitID": self.unit_id, "kind": "natural_person", "phone": f"138{self.rng.randint(10000000, 99999999)}",
                "description": f"请公开本单位2025年的抽检结果。{marker}", "form": "electronic", "delivery": "online"}
        return Submission("request", marker, body)


PATHS = {"case": "/api/v1/cases", "ticket": "/api/v1/hotline/tickets", "request": "/api/v1/disclosure/requests"}


def submit(port: int, token: str, submission: Submission) -> None:
    """Files one submission; leaves status None if the server gave no answer (it was killed)."""
    try:
        submission.status, submission.answer = request_json(port, "POST", PATHS[submission.kind], token, submission.body)
    except (OSError, http.client.HTTPException):
        submission.status = None


class LoadRun:
    """Client threads filing submissions against one server until stopped (or the server is gone)."""

    def __init__(self, port: int, token: str, factory: SubmissionFactory, threads: int):
        self.port, self.token, self.factory, self.thread_count = port, token, factory, threads
        self.stopping = threading.Event()
        self.submissions: list[Submission] = []
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        for _ in range(self.thread_count):
            thread = threading.Thread(target=self.work, daemon=True)
            thread.start()
            self.threads.append(thread)

    def work(self) -> None:
        while not self.stopping.is_set():
            submission = self.factory.make()
            with self.lock:
                self.submissions.append(submission)
            submit(self.port, self.token, submission)
            if submission.status is None:
                return  # the server is gone

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)


# --- the crash loop ---------------------------------------------------------------------------------------------


@dataclass
class CrashResult:
    label: str
    kills: int = 0
    submissions: list[Submission] = field(default_factory=list)
    restart_seconds: list[float] = field(default_factory=list)
    present_unacknowledged: int = 0
    terms: int = 0
    term_acknowledged: int = 0
    term_exit_seconds: list[float] = field(default_factory=list)

    def acknowledged(self) -> list[Submission]:
        return [s for s in self.submissions if s.acknowledged]


def crash_loop(binary: str, store, port: int, kills: int, threads: int, work: Path, rng: random.Random,
               terms: int = 0, term_threads: int = 8) -> CrashResult:
    result = CrashResult(store.label)
    token = create_token(binary, store, f"crash-proof-{store.label.lower()}")
    factory = SubmissionFactory(f"crash-{store.label[:2].lower()}-{os.getpid()}-", department_id(store))
    server = Server(binary, port, {**store.env(), "GOVHALL_BCRYPT_COST": "4"}, work / f"serve-{store.label.lower()}.log",
                    f"govhall on {store.label}")
    CLEANUP.append(server.kill9)
    check_invariants(store, "before the first kill")
    for round_number in range(1, kills + 1):
        result.restart_seconds.append(server.start())
        load = LoadRun(port, token, factory, threads)
        load.start()
        delay = rng.uniform(0.3, 3.0)
        time.sleep(delay)
        server.kill9()
        load.stop()
        result.kills += 1
        result.submissions += load.submissions
        acked = sum(s.acknowledged for s in load.submissions)
        refused = [s for s in load.submissions if s.status is not None and not s.acknowledged]
        if refused:
            sample = refused[0]
            raise ProofFailure(f"{store.label}: a submission was refused while the server ran: {sample.kind} "
                               f"answered {sample.status} {str(sample.answer)[:300]}")
        log(f"{store.label} kill {round_number}/{kills}: SIGKILL {delay:.2f}s into the load, "
            f"{acked} acknowledged, {len(load.submissions) - acked} in flight")
    factory.kinds = ("case",)  # the SIGTERM rounds file applications with uploads only
    for round_number in range(1, terms + 1):
        result.restart_seconds.append(server.start())
        log_offset = server.log_path.stat().st_size
        load = LoadRun(port, token, factory, term_threads)
        load.start()
        delay = rng.uniform(0.5, 3.0)
        time.sleep(delay)
        status, seconds = server.terminate()
        load.stop()
        result.terms += 1
        result.term_exit_seconds.append(seconds)
        result.submissions += load.submissions
        acked = sum(s.acknowledged for s in load.submissions)
        result.term_acknowledged += acked
        with open(server.log_path, "rb") as out:
            out.seek(log_offset)
            tail = out.read().decode(errors="replace")
        failures = [s for s in load.submissions if s.status is not None and not s.acknowledged]
        if status != 0:
            raise ProofFailure(f"{store.label}: SIGTERM {round_number}: the server exited with {status} after {seconds:.1f}s "
                               f"(None: still running)\n{tail[-3000:]}")
        if failures:
            sample = failures[0]
            raise ProofFailure(f"{store.label}: SIGTERM {round_number}: {len(failures)} requests answered without success while "
                               f"stopping, e.g. {sample.status} {str(sample.answer)[:300]}")
        if "Fatal error" in tail or "unhandled error" in tail:
            raise ProofFailure(f"{store.label}: SIGTERM {round_number}: the log shows a crash or an unhandled error:\n{tail[-3000:]}")
        log(f"{store.label} SIGTERM {round_number}/{terms}: {delay:.2f}s into the load of {term_threads} clients, exit 0 "
            f"after {seconds:.2f}s, {acked} acknowledged, {len(load.submissions) - acked} refused at the door")
    log(f"{store.label}: restarting after the last kill to verify")
    result.restart_seconds.append(server.start())
    try:
        verify_submissions(store, port, token, result)
        check_invariants(store, f"after {kills} kills")
    except ProofFailure:
        print(f"--- last 40 lines of {server.log_path.name} ---\n{server.log_tail()}", flush=True)
        raise
    server.stop()
    verify = run([binary, "audit", "verify"], env=store.env(), check=False)
    if verify.returncode != 0:
        raise ProofFailure(f"{store.label}: govhall audit verify exited {verify.returncode}: {verify.stdout[-1000:]} {verify.stderr[-1000:]}")
    log(f"{store.label}: govhall audit verify passed: {'; '.join(verify.stdout.strip().splitlines()) or 'exit 0'}")
    return result


# --- verification -----------------------------------------------------------------------------------------------


def verify_submissions(store, port: int, token: str, result: CrashResult) -> None:
    """Every acknowledged submission is there and whole; every one found in the database is there once and whole."""
    by_marker = {s.marker: s for s in result.submissions}
    prefix = next(iter(by_marker))[:-6] if by_marker else "none-"
    like = quote(f"%{prefix}%")
    found: dict[str, list[tuple[str, list[str]]]] = {}

    def note(kind: str, marker_source: str, row: list[str]) -> None:
        for marker in by_marker:
            if marker in marker_source:
                found.setdefault(marker, []).append((kind, row))
                return
        raise ProofFailure(f"{store.label}: a {kind} carries this run's marker but no submission sent it: {marker_source[:200]}")

    for row in store.query(f"SELECT id, tracking_number, query_code, form_data FROM cases WHERE form_data LIKE {like}"):
        note("case", row[3], row)
    for row in store.query(f"SELECT id, number, query_code, subject, description, caller_phone, kind, category_code "
                           f"FROM hotline_tickets WHERE description LIKE {like}"):
        note("ticket", row[4], row)
    for row in store.query(f"SELECT id, number, query_code, application FROM disclosure_requests WHERE application LIKE {like}"):
        note("request", row[3], row)

    problems: list[str] = []
    lost = 0
    for marker, submission in by_marker.items():
        rows = found.get(marker, [])
        if len(rows) > 1:
            problems.append(f"{submission.kind} {marker} stored {len(rows)} times")
            continue
        if not rows:
            if submission.acknowledged:
                lost += 1
                problems.append(f"acknowledged {submission.kind} {marker} ({answer_id(submission)}) is missing from the database")
            continue
        kind, row = rows[0]
        problems += whole_problems(store, submission, row)
        if submission.acknowledged:
            problems += api_problems(port, token, submission, row)
    acked = result.acknowledged()
    present_unacked = sum(1 for m, s in by_marker.items() if not s.acknowledged and m in found)
    result.present_unacknowledged = present_unacked
    if problems:
        for problem in problems[:30]:
            print(f"  FAIL {store.label}: {problem}", flush=True)
        raise ProofFailure(f"{store.label}: {len(problems)} problems with submissions ({lost} acknowledged lost)")
    log(f"{store.label}: all {len(acked)} acknowledged submissions present and whole (API and database); "
        f"{present_unacked} of {len(by_marker) - len(acked)} unacknowledged ones present, and whole")


def answer_id(submission: Submission) -> str:
    answer = submission.answer if isinstance(submission.answer, dict) else {}
    return str(answer.get("trackingNumber") or answer.get("number") or "no number")


def code_matches(store, code, stored: str) -> bool:
    """Whether `stored` (a row's query_code) is `code` from the filing's answer. Stored codes are HMAC-SHA256 under
    the key in <data dir>/keys/query-codes.hmac (both stores set GOVHALL_DATA_DIR), in hex; a plain one is compared
    as typed."""
    if not isinstance(code, str):
        return False
    normalised = code.strip().upper()
    if len(stored) != 64 or any(c not in "0123456789abcdef" for c in stored):
        return hmac.compare_digest(normalised, stored.strip().upper())
    key = base64.b64decode((store.data_dir / "keys" / "query-codes.hmac").read_text().strip())
    expected = hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, stored)


def whole_problems(store, submission: Submission, row: list[str]) -> list[str]:
    """The row holds exactly what was sent (and the answer, if one came); a case has its upload, byte for byte."""
    problems: list[str] = []
    answer = submission.answer if submission.acknowledged else {}
    name = f"{submission.kind} {submission.marker}"
    if submission.kind == "case":
        case_id, tracking, query_code, form_json = row
        stored = json.loads(form_json)
        for key, value in submission.body["form"].items():
            if stored.get(key) != value:
                problems.append(f"{name}: form field {key} stored {stored.get(key)!r}, sent {value!r}")
        if answer and (answer.get("trackingNumber") != tracking or answer.get("id", "").lower() != case_id.lower()
                       or not code_matches(store, answer.get("queryCode"), query_code)):
            problems.append(f"{name}: answered {answer.get('id')}/{answer.get('trackingNumber')}, stored {case_id}/{tracking}")
        digest = hashlib.sha256(submission.upload).hexdigest()
        materials = store.query(
            f"SELECT m.material_key, m.size, m.sha256, b.size, length(b.bytes) FROM case_materials m "
            f"LEFT JOIN blobs b ON b.sha256 = m.sha256 WHERE m.case_id = {quote(case_id)}")
        expected = [["id_card", str(len(submission.upload)), digest, str(len(submission.upload)), str(len(submission.upload))]]
        if materials != expected:
            problems.append(f"{name}: materials {materials}, expected {expected}")
    elif submission.kind == "ticket":
        _, number, query_code, subject, description, phone, kind, category = row
        body = submission.body
        sent = (body["subject"], body["description"], body["callerPhone"], body["kind"], body["category"])
        if (subject, description, phone, kind, category) != sent:
            problems.append(f"{name}: stored {(subject, description, phone, kind, category)}, sent {sent}")
        if answer and (answer.get("number") != number or not code_matches(store, answer.get("queryCode"), query_code)):
            problems.append(f"{name}: answered {answer.get('number')}, stored {number}")
    else:
        _, number, query_code, application_json = row
        application = json.loads(application_json)
        for key in ("description", "phone", "kind", "form", "delivery"):
            if application.get(key) != submission.body[key]:
                problems.append(f"{name}: {key} stored {application.get(key)!r}, sent {submission.body[key]!r}")
        if answer and (answer.get("number") != number or not code_matches(store, answer.get("queryCode"), query_code)):
            problems.append(f"{name}: answered {answer.get('number')}, stored {number}")
    return problems


def api_problems(port: int, token: str, submission: Submission, row: list[str]) -> list[str]:
    """An acknowledged submission is served by the API as it was answered."""
    answer = submission.answer
    name = f"{submission.kind} {submission.marker}"
    problems: list[str] = []
    if submission.kind == "case":
        status, shown = request_json(port, "GET", f"/api/v1/cases/{answer['id']}", token)
        if status != 200 or shown.get("trackingNumber") != answer["trackingNumber"] or shown.get("matterCode") != MATTER_CODE:
            problems.append(f"{name}: GET /api/v1/cases/{answer['id']} answered {status} {str(shown)[:200]}")
        query = urllib.parse.urlencode({"number": answer["trackingNumber"], "code": answer["queryCode"]})
        status, tracked = request_json(port, "GET", f"/api/v1/track?{query}")
        if status != 200 or tracked.get("trackingNumber") != answer["trackingNumber"] or not tracked.get("events"):
            problems.append(f"{name}: GET /api/v1/track?{query} answered {status} {str(tracked)[:200]}")
    elif submission.kind == "ticket":
        path = f"/api/v1/hotline/tickets/{answer['number']}?code={answer['queryCode']}"
        status, shown = request_json(port, "GET", path)
        body = submission.body
        if status != 200 or (shown.get("subject"), shown.get("kind"), shown.get("category")) != (body["subject"], body["kind"], body["category"]):
            problems.append(f"{name}: GET {path} answered {status} {str(shown)[:200]}")
    else:
        path = f"/api/v1/disclosure/requests/{answer['number']}?code={answer['queryCode']}"
        status, shown = request_json(port, "GET", path)
        if status != 200 or shown.get("number") != answer["number"] or shown.get("state") != answer.get("state"):
            problems.append(f"{name}: GET {path} answered {status} {str(shown)[:200]}")
    return problems


# Each query counts the rows that break an invariant every write keeps inside its one transaction.
INVARIANTS = [
    ("cases without their submit event",
     "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.sequence = 1 AND e.action = 'submit')"),
    ("cases whose history has gaps",
     "SELECT count(*) FROM cases c WHERE (SELECT count(*) FROM case_events e WHERE e.case_id = c.id) <> (SELECT max(e.sequence) FROM case_events e WHERE e.case_id = c.id)"),
    ("cases whose version is not their number of events - 1",
     "SELECT count(*) FROM cases c WHERE c.version <> (SELECT count(*) FROM case_events e WHERE e.case_id = c.id) - 1"),
    ("cases without obligations",
     "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM obligations o WHERE o.subject_id = c.id)"),
    ("submitted cases without an open acceptance clock",
     "SELECT count(*) FROM cases c WHERE c.state = 'submitted' AND NOT EXISTS (SELECT 1 FROM obligations o WHERE o.subject_id = c.id AND o.kind = 'acceptance' AND o.completed_at IS NULL)"),
    ("cases without their case.submit audit entry",
     "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.action = 'case.submit' AND a.object_id = c.tracking_number)"),
    ("case.submit audit entries without their case",
     "SELECT count(*) FROM audit_entries a WHERE a.action = 'case.submit' AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.tracking_number = a.object_id)"),
    ("materials whose blob is missing or of another size",
     "SELECT count(*) FROM case_materials m LEFT JOIN blobs b ON b.sha256 = m.sha256 WHERE b.sha256 IS NULL OR b.size <> m.size OR length(b.bytes) <> b.size"),
    ("tickets without their file event",
     "SELECT count(*) FROM hotline_tickets t WHERE NOT EXISTS (SELECT 1 FROM hotline_ticket_events e WHERE e.ticket_id = t.id AND e.sequence = 1 AND e.action = 'file')"),
    ("tickets whose history has gaps",
     "SELECT count(*) FROM hotline_tickets t WHERE (SELECT count(*) FROM hotline_ticket_events e WHERE e.ticket_id = t.id) <> (SELECT max(e.sequence) FROM hotline_ticket_events e WHERE e.ticket_id = t.id)"),
    ("assigned tickets without exactly one open clock",
     "SELECT count(*) FROM hotline_tickets t WHERE t.state = 'assigned' AND (SELECT count(*) FROM obligations o WHERE o.subject_id = t.id AND o.completed_at IS NULL) <> 1"),
    ("assigned tickets whose due date is not their clock's",
     "SELECT count(*) FROM hotline_tickets t JOIN obligations o ON o.subject_id = t.id AND o.completed_at IS NULL WHERE t.state = 'assigned' AND (t.due_at IS NULL OR t.due_at <> o.statutory_due)"),
    ("tickets without their hotline.ticket.file audit entry",
     "SELECT count(*) FROM hotline_tickets t WHERE NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.action = 'hotline.ticket.file' AND a.object_id = t.number)"),
    ("requests for disclosure without their file event",
     "SELECT count(*) FROM disclosure_requests r WHERE NOT EXISTS (SELECT 1 FROM disclosure_request_events e WHERE e.request_id = r.id AND e.sequence = 1 AND e.action = 'file')"),
    ("requests for disclosure without their reply clock",
     "SELECT count(*) FROM disclosure_requests r WHERE NOT EXISTS (SELECT 1 FROM obligations o WHERE o.subject_id = r.id AND o.kind = 'disclosure_reply')"),
    ("received requests for disclosure without an open clock",
     "SELECT count(*) FROM disclosure_requests r WHERE r.state = 'received' AND NOT EXISTS (SELECT 1 FROM obligations o WHERE o.subject_id = r.id AND o.completed_at IS NULL)"),
    ("requests for disclosure without their audit entry",
     "SELECT count(*) FROM disclosure_requests r WHERE NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.action = 'disclosure.request.file' AND a.object_id = r.number)"),
    ("obligations whose status version is not their number of status events",
     "SELECT count(*) FROM obligations o WHERE o.status_version <> (SELECT count(*) FROM obligation_events e WHERE e.obligation_id = o.id)"),
    ("open-obligation counters that differ from a recount",
     "SELECT count(*) FROM (SELECT unit_id, kind, status, count(*) AS n FROM obligations WHERE completed_at IS NULL GROUP BY unit_id, kind, status) r "
     "FULL OUTER JOIN (SELECT unit_id, kind, status, open FROM open_obligation_counts WHERE open <> 0) c "
     "ON c.unit_id = r.unit_id AND c.kind = r.kind AND c.status = r.status WHERE r.n IS NULL OR c.open IS NULL OR r.n <> c.open"),
    ("matters whose received-case rollup differs from a count of their cases",
     "SELECT count(*) FROM (SELECT matter_id, count(*) AS n FROM cases GROUP BY matter_id) r "
     "FULL OUTER JOIN (SELECT matter_id, sum(received) AS received FROM service_rollups GROUP BY matter_id HAVING sum(received) <> 0) s "
     "ON s.matter_id = r.matter_id WHERE r.n IS NULL OR s.received IS NULL OR r.n <> s.received"),
    ("matters whose accepted or completed rollups differ from a count of their cases' events",
     "SELECT count(*) FROM (SELECT c.matter_id, "
     "sum(CASE WHEN e.action IN ('accept', 'deem_accepted', 'decide_on_the_spot') THEN 1 ELSE 0 END) AS accepted, "
     "sum(CASE WHEN e.action IN ('decide', 'decide_on_the_spot') THEN 1 ELSE 0 END) AS completed "
     "FROM case_events e JOIN cases c ON c.id = e.case_id GROUP BY c.matter_id) r "
     "FULL OUTER JOIN (SELECT matter_id, sum(accepted) AS accepted, sum(completed) AS completed FROM service_rollups GROUP BY matter_id) s "
     "ON s.matter_id = r.matter_id WHERE coalesce(r.accepted, 0) <> coalesce(s.accepted, 0) OR coalesce(r.completed, 0) <> coalesce(s.completed, 0)"),
    ("case events without their case",
     "SELECT count(*) FROM case_events e WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id)"),
    ("ticket events without their ticket",
     "SELECT count(*) FROM hotline_ticket_events e WHERE NOT EXISTS (SELECT 1 FROM hotline_tickets t WHERE t.id = e.ticket_id)"),
    ("obligations of a case, ticket or request that does not exist",
     "SELECT count(*) FROM obligations o WHERE (o.subject_type = 'case' AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = o.subject_id)) "
     "OR (o.subject_type = 'ticket' AND NOT EXISTS (SELECT 1 FROM hotline_tickets t WHERE t.id = o.subject_id)) "
     "OR (o.subject_type = 'disclosure_request' AND NOT EXISTS (SELECT 1 FROM disclosure_requests r WHERE r.id = o.subject_id))"),
]


def check_invariants(store, when: str) -> int:
    """Fails if any invariant is broken; returns how many were checked."""
    broken = []
    for description, sql in INVARIANTS:
        count = int(store.query(sql)[0][0])
        if count:
            broken.append(f"{count} {description}")
    if broken:
        raise ProofFailure(f"{store.label} {when}: half-written records: " + "; ".join(broken))
    log(f"{store.label} {when}: all {len(INVARIANTS)} invariants hold")
    return len(INVARIANTS)


# --- main -------------------------------------------------------------------------------------------------------

CLEANUP: list = []


def main() -> int:
    # CI may end the script with SIGTERM: turn it into an exception so the cleanup below still runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--govhall", required=True, help="the govhall binary")
    parser.add_argument("--work", required=True, type=Path, help="an empty scratch directory")
    parser.add_argument("--pg-url-base", help="postgres://user:password@host:port (CREATEDB); without it, SQLite only")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs per database (default 20)")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--port", type=int, default=8101, help="port of the SQLite server; PostgreSQL's uses the next (default 8101)")
    parser.add_argument("--db-prefix", default="proof_crash", help="name prefix of the databases created under --pg-url-base")
    parser.add_argument("--template-db", help="a database under --pg-url-base that already holds the seeded demo city "
                        "(e.g. govhall_demo), copied instead of seeding PostgreSQL again; nobody may be connected to it")
    parser.add_argument("--template-keys", type=Path, help="the keys/ of the data dir that seeded --template-db: its audit MAC key seals the copied entries (issue 20, item 5)")
    parser.add_argument("--seed", type=int, help="seed for the kill timings (default: random, printed)")
    parser.add_argument("--terms", type=int, default=0, help="SIGTERMs per database after the kills (default 0: none)")
    parser.add_argument("--term-threads", type=int, default=8, help="clients filing applications during each SIGTERM (default 8)")
    args = parser.parse_args()

    started = time.monotonic()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    binary = str(Path(args.govhall).resolve())
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    log(f"crash safety: {args.kills} kills per database, {args.threads} client threads, timing seed {seed}")

    try:
        stores = [SQLiteStore(work / "sqlite-data")]
        stores[0].data_dir.mkdir()
        if args.pg_url_base:
            pg = PostgresStore(args.pg_url_base, f"{args.db_prefix}_{os.getpid()}", work / "pg-data")
            pg.data_dir.mkdir()
            if args.template_keys:
                shutil.copytree(args.template_keys, pg.data_dir / "keys")
            CLEANUP.append(pg.drop)
            pg.create(template=args.template_db)
            stores.append(pg)
        else:
            log("no --pg-url-base: PostgreSQL is left out")

        to_seed = [s for s in stores if not (args.template_db and isinstance(s, PostgresStore))]
        log("seeding the demo city into " + " and ".join(s.label for s in to_seed))
        if args.template_db:
            log(f"PostgreSQL: a copy of {args.template_db}, seeded already")
        seeds = [(store, seed_demo(binary, store, work / f"seed-{store.label.lower()}.log")) for store in to_seed]
        for store, process in seeds:
            CLEANUP.append(lambda p=process: p.poll() is None and os.killpg(p.pid, signal.SIGKILL))
        for store, process in seeds:
            if process.wait() != 0:
                tail = (work / f"seed-{store.label.lower()}.log").read_text(errors="replace")[-2000:]
                raise ProofFailure(f"seeding {store.label} failed:\n{tail}")
        log(f"seeded in {time.monotonic() - started:.0f}s")

        results = []
        for index, store in enumerate(stores):
            results.append(crash_loop(binary, store, args.port + index, args.kills, args.threads, work, rng,
                                      terms=args.terms, term_threads=args.term_threads))

    except ProofFailure as failure:
        print(f"FAILED: {failure}", flush=True)
        print(f"PROOF crash-safety: FAILED after {time.monotonic() - started:.0f}s: {str(failure).splitlines()[0][:300]}", flush=True)
        return 1
    except Exception as error:  # a bug here, or the environment: still a failure line, after the cleanup
        traceback.print_exc()
        print(f"PROOF crash-safety: FAILED after {time.monotonic() - started:.0f}s: unexpected {error!r}"[:400], flush=True)
        return 1
    finally:
        for action in reversed(CLEANUP):
            try:
                action()
            except Exception as error:  # cleanup must go on
                print(f"cleanup: {error!r}", flush=True)

    total_kills = sum(r.kills for r in results)
    acknowledged = [s for r in results for s in r.acknowledged()]
    kinds = {kind: sum(1 for s in acknowledged if s.kind == kind) for kind in ("case", "ticket", "request")}
    unacked = sum(len(r.submissions) - len(r.acknowledged()) for r in results)
    present = sum(r.present_unacknowledged for r in results)
    per_db = ", ".join(f"{r.kills} {r.label}" for r in results)
    log(f"done in {time.monotonic() - started:.0f}s")
    print(f"PROOF crash-safety: {total_kills} SIGKILLs survived ({per_db}), {len(acknowledged)} acknowledged "
          f"({kinds['case']} applications with uploads, {kinds['ticket']} tickets, {kinds['request']} disclosure requests), "
          f"0 lost, 0 half-written ({len(INVARIANTS)} invariants), {present}/{unacked} unacknowledged present and whole, "
          f"audit verified", flush=True)
    if args.terms:
        terms = sum(r.terms for r in results)
        term_acked = sum(r.term_acknowledged for r in results)
        slowest = max(t for r in results for t in r.term_exit_seconds)
        per_db = ", ".join(f"{r.terms} {r.label}" for r in results)
        print(f"PROOF graceful-shutdown: {terms} SIGTERMs under {args.term_threads} clients filing applications with uploads "
              f"({per_db}): exit 0 every time (slowest {slowest:.1f}s), 0 5xx, no crash, {term_acked} acknowledged "
              f"all present and whole after restart", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
