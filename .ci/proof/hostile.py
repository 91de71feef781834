#!/usr/bin/env python3
# pip: (none: the Python standard library only)
"""Hostile input against a running GovHall: nothing gets through, nothing falls over, nothing changes.

What it proves, on SQLite (and on PostgreSQL with --pg-url-base), against a server it starts itself on a
freshly seeded demo city:

1. Stored XSS is inert. Signed in as each demo account (and anonymously), it walks the pages it can reach,
   fills every POST form it finds with script, attribute break-out, `javascript:` URL, `</textarea>`,
   template (`{{7*7}}`, Leaf `#(…)`), unicode (RTL override, zero-width, full-width) and spreadsheet formula
   payloads, files the same through the JSON API and Open311, registers an account with a payload name,
   then walks every page, feed, CSV and JSON again as every account. An HTML page fails if its DOM holds a
   payload's script element, an `on…` attribute, a `javascript:` link or the `</textarea>` escapee's element;
   an Atom feed fails if it is not well-formed XML or holds a script element; JSON fails if it does not parse;
   a CSV fails if a cell holding a payload starts with `=`, `+`, `-` or `@` (the product promises to
   neutralise those: Sources/GovWeb/Support/CSV.swift). It also counts the pages where a payload was shown
   (escaped): a proof that shows no payload anywhere proves nothing, so too few is a failure too.
2. SQL and full-text injection strings in every search box and query parameter answer 200 or a 4xx, never
   a 5xx, and change no row.
3. Oversized bodies and uploads, invalid UTF-8 in query, form and JSON, 10,000-deep JSON, huge numbers and
   impossible dates answer a clear 4xx (or 200 where the input is valid) and change nothing: the row count
   of every table (the audit log included) is the same before and after.

Every request counts; any 5xx anywhere, a hang, or a server that dies is a failure.
"""

import argparse
import atexit
import csv
import html
import html.parser
import http.client
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ElementTree

SQLITE_PORT = 8121
POSTGRES_PORT = 8122


def say(message):
    print(message, flush=True)


# --- the server ---------------------------------------------------------------------------------------------

class GovHallServer:
    """One `govhall serve` process on its own data dir (and database), seeded with the demo city."""

    running = []  # every server started, so cleanup can stop them whatever happens

    def __init__(self, binary, work, name, port, database_url=None, seeded_copy=None):
        self.binary = os.path.abspath(binary)
        self.name = name
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.data_dir = os.path.join(work, f"{name}-data")
        self.log_path = os.path.join(work, f"{name}-serve.log")
        self.database_url = database_url
        self.seeded_copy = seeded_copy
        self.process = None
        self.sign_ins = {}

    def environment(self):
        env = dict(os.environ)
        env.update(GOVHALL_DATA_DIR=self.data_dir, GOVHALL_BCRYPT_COST="4", GOVHALL_LOG_LEVEL="info")
        env.pop("DATABASE_URL", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def start(self, timeout=900):
        os.makedirs(self.data_dir, exist_ok=True)
        if self.seeded_copy and not self.database_url:
            # A data dir seeded earlier (a time saver while developing; CI seeds afresh).
            shutil.copytree(self.seeded_copy, self.data_dir, dirs_exist_ok=True)
        say(f"[{self.name}] starting govhall serve on port {self.port} ({'PostgreSQL' if self.database_url else 'SQLite'})")
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
            env=self.environment(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        GovHallServer.running.append(self)
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise ProofFailure(f"[{self.name}] govhall serve exited with {self.process.returncode} while starting")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(1)
        else:
            raise ProofFailure(f"[{self.name}] /healthz not 200 within {timeout}s")
        self.sign_ins = self.read_sign_ins()
        if "citizen" not in self.sign_ins or "clerk" not in self.sign_ins:
            raise ProofFailure(f"[{self.name}] the demo sign-ins were not printed (found {sorted(self.sign_ins)})")
        say(f"[{self.name}] up after {time.monotonic() - started:.0f}s with {len(self.sign_ins)} demo sign-ins")

    def read_sign_ins(self):
        text = open(self.log_path, encoding="utf-8", errors="replace").read()
        if self.seeded_copy and not self.database_url:
            text += open(os.path.join(self.seeded_copy, "signins.txt"), encoding="utf-8").read()
        return dict(re.findall(r"^  (\S+) +(\S+) +\([a-z_]+\) *$", text, re.MULTILINE))

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def peak_rss_mb(self):
        try:
            status = open(f"/proc/{self.process.pid}/status").read()
        except OSError:
            return None
        found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        return int(found.group(1)) / 1024 if found else None

    def run_command(self, *arguments):
        """Run `govhall ARGUMENTS` against this server's data (the same data dir or database)."""
        result = subprocess.run([self.binary, *arguments], env=self.environment(), capture_output=True, text=True,
                                timeout=300)
        if result.returncode != 0:
            raise ProofFailure(f"govhall {' '.join(arguments)} failed ({result.returncode}): {result.stderr[-500:]}")
        return result.stdout

    def create_token(self, name, scopes, account=None):
        arguments = ["token", "create", "--name", name]
        for scope in scopes:
            arguments += ["--scope", scope]
        if account:
            arguments += ["--account", account]
        return self.run_command(*arguments).strip().splitlines()[-1].strip()

    def row_counts(self):
        """Rows in every table (the audit log among them): a snapshot to compare before and after."""
        if self.database_url:
            tables = psql(self.database_url, "SELECT table_name FROM information_schema.tables "
                                             "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                                             "ORDER BY 1").split()
            query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)
            rows = [line.split("|") for line in psql(self.database_url, query).splitlines() if line]
            return {table: int(count) for table, count in rows}
        database = sqlite3.connect(f"file:{self.data_dir}/govhall.sqlite?mode=ro", uri=True, timeout=30)
        try:
            # Full-text virtual tables are left out (Python's SQLite may not know their options); their
            # shadow tables, which hold the rows, are counted.
            tables = [row[0] for row in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY 1")]
            return {table: database.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
        finally:
            database.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self in GovHallServer.running:
            GovHallServer.running.remove(self)
        return self.process.returncode if self.process else None

    def stop_cleanly(self):
        """Stop with SIGTERM and insist on a clean exit: a crash on the way down is a defect too."""
        code = self.stop()
        if code not in (0, None):
            raise ProofFailure(f"[{self.name}] govhall serve did not shut down cleanly on SIGTERM (exit {code}): "
                               f"{self.log_tail(6)}")

    def log_tail(self, lines=40):
        try:
            return "".join(open(self.log_path, encoding="utf-8", errors="replace").readlines()[-lines:])
        except OSError:
            return "(no log)"


def psql(url, query):
    result = subprocess.run(["psql", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", url, "-c", query],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise ProofFailure(f"psql failed: {result.stderr.strip()}")
    return result.stdout


def stop_all_servers():
    for server in list(GovHallServer.running):
        server.stop()


class ProofFailure(Exception):
    pass


# --- HTTP ---------------------------------------------------------------------------------------------------

class Reply:
    def __init__(self, method, path, status, headers, body):
        self.method, self.path, self.status, self.headers, self.body = method, path, status, headers, body

    @property
    def content_type(self):
        return self.headers.get("content-type", "")

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def location(self):
        return self.headers.get("location")


class Ledger:
    """Every request sent, and every answer that proves something wrong."""

    def __init__(self):
        self.requests = 0
        self.server_errors = []
        self.findings = []

    def fail(self, message):
        if message not in self.findings:
            self.findings.append(message)
            say(f"  FINDING: {message}")


class Browser:
    """A person at a browser: one keep-alive connection, a cookie jar, no automatic redirects."""

    def __init__(self, server, ledger, who="anonymous"):
        self.server, self.ledger, self.who = server, ledger, who
        self.cookies = {}
        self.connection = None
        self.bearer = None

    def request(self, method, path, body=None, headers=None, timeout=120):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.bearer:
            headers["Authorization"] = f"Bearer {self.bearer}"
        if isinstance(body, str):
            body = body.encode("utf-8")
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError, BrokenPipeError) as error:
                self.connection.close()
                self.connection = None
                if attempt == 2 or not self.server.alive():
                    # An oversized body may be answered (413) and the connection closed before it is all sent.
                    if isinstance(error, (BrokenPipeError, ConnectionResetError)) and body and len(body) > 1_000_000:
                        self.ledger.requests += 1
                        return Reply(method, path, 413, {}, b"(connection closed while sending an oversized body)")
                    raise ProofFailure(f"{method} {path[:120]} as {self.who}: {error!r} (server alive: {self.server.alive()})")
            except TimeoutError:
                raise ProofFailure(f"{method} {path[:120]} as {self.who}: no answer within {timeout}s (a hang)")
        self.ledger.requests += 1
        reply_headers = {k.lower(): v for k, v in response.getheaders()}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "max-age=0" in value.lower() or "expires=thu, 01 jan 1970" in value.lower():
                    self.cookies.pop(cookie_name, None)
                else:
                    self.cookies[cookie_name] = cookie_value
        if response.getheader("connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        reply = Reply(method, path, response.status, reply_headers, data)
        if reply.status >= 500:
            self.ledger.server_errors.append(f"{method} {path[:200]} as {self.who} -> {reply.status}: {reply.text[:200]!r}")
            say(f"  5xx: {self.ledger.server_errors[-1]}")
        return reply

    def get(self, path, follow=True):
        reply = self.request("GET", path)
        hops = 0
        while follow and reply.status in (301, 302, 303, 307) and reply.location() and hops < 5:
            location = local_path(reply.location())
            if location is None:
                break
            reply = self.request("GET", location)
            hops += 1
        return reply

    def post_form(self, path, fields, files=None):
        """POST fields (a list of (name, value)) as a urlencoded form, or as multipart when there are files."""
        if files:
            boundary = "h3boundary7d2f1c"
            parts = []
            for name, value in fields:
                parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n".encode()
                             + value.encode("utf-8") + b"\r\n")
            for name, (filename, content_type, content) in files:
                parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
                             f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return self.request("POST", path, urllib.parse.urlencode(fields),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def post_json(self, path, document, raw=None):
        body = raw if raw is not None else json.dumps(document, ensure_ascii=False)
        return self.request("POST", path, body, {"Content-Type": "application/json"})

    def csrf(self, page_text):
        found = re.search(r'name="_csrf" value="([^"]+)"', page_text)
        return html.unescape(found.group(1)) if found else ""

    def sign_in(self, username, password):
        page = self.get("/signin")
        reply = self.post_form("/signin", [("_csrf", self.csrf(page.text)), ("username", username), ("password", password)])
        if reply.status not in (302, 303):
            raise ProofFailure(f"sign-in as {username} answered {reply.status}")
        self.who = username
        return self


def local_path(url):
    """The path and query of a same-site URL, or None for another site."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme and parts.netloc and not parts.netloc.startswith("127.0.0.1"):
        return None
    if parts.scheme in ("javascript", "mailto", "tel", "data"):
        return None
    path = parts.path or "/"
    if not path.startswith("/"):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


# --- payloads -----------------------------------------------------------------------------------------------

# Each carries a marker `h3qN` so the audit can tell a payload on a page from ordinary text.
SCRIPT = '<script>alert("h3q1")</script>'
IMAGE_BREAKOUT = '"><img src=x onerror=alert("h3q2")>'
SVG_BREAKOUT = "'><svg onload=alert('h3q3')>"
JAVASCRIPT_URL = 'javascript:alert("h3q4")'
TEXTAREA_ESCAPE = '</textarea><b id="h3q5">h3q5</b>'
TEMPLATES = "{{7*7}} ${7*7} h3q6"
LEAF = "#(chrome.csrf) #date(now) #unsafeHTML(x) h3q7"
UNICODE = '\u202e<script>alert("h3q8")</script>\u200b\ufeff'
FULLWIDTH = "\uff1cscript\uff1ealert(h3q9)\uff1c/script\uff1e"
FORMULAS = ['=HYPERLINK("http://evil.example/h3q10","x")', "+SUM(1+1) h3q11", "-2+3 h3q12", "@SUM(1) h3q13"]
XSS_PAYLOADS = [SCRIPT, IMAGE_BREAKOUT, SVG_BREAKOUT, JAVASCRIPT_URL, TEXTAREA_ESCAPE, TEMPLATES, LEAF, UNICODE,
                FULLWIDTH] + FORMULAS
# A long text field takes them all at once, led by a formula so a CSV cell starts with one.
ALL_PAYLOADS = " ".join([FORMULAS[0]] + XSS_PAYLOADS[:-4] + FORMULAS[1:])
MARKER = re.compile(r"h3q\d+")

SQL_AND_FTS = ["' OR 1=1 --", "%' --", '"; DROP TABLE cases; --', "') OR ('a'='a", "1; SELECT pg_sleep(5)",
               "NEAR(食品 经营)", "*", '"', "食品:*", "a & b", "a | b", "!a", "\\", "'", "''", '"unbalanced',
               "a:*&!b|c", "%", "_", "\u0000x", "食" * 2000, "x" * 2000]

DATES = ["0000-00-00", "9999-12-31", "2026-02-30", "2026-13-01", "-0001-01-01", "2026-1-1", "20261201", "now"]
NUMBERS = ["1e400", "18446744073709551616", "-0", "NaN", "Infinity", "-1", "99999999999999999999999", "0x10", "1.5"]
INVALID_UTF8 = "%FF%FE%C0%AF"  # percent-encoded bytes that are not UTF-8

# A small but well-formed PDF, for forms that want a material.
TINY_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def valid_credit_code(serial):
    """A GB 32100 unified social credit code whose organisation code (GB 11714) and own check digit are right."""
    digits = f"{serial % 100000000:08d}"
    remainder = 11 - sum(int(d) * w for d, w in zip(digits, [3, 7, 9, 10, 5, 8, 4, 2])) % 11
    organisation = digits + {10: "X", 11: "0"}.get(remainder, str(remainder))
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91110000" + organisation
    total = sum(alphabet.index(c) * w for c, w in zip(body, [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]))
    return body + alphabet[(31 - total % 31) % 31]


def valid_resident_id(serial):
    """A GB 11643 identity number with a correct check digit (born 1990-03-07 in 110101)."""
    body = f"11010119900307{serial % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    return body + check


# --- forms and pages ----------------------------------------------------------------------------------------

class PageParser(html.parser.HTMLParser):
    """Links, forms and anything in the DOM that a stored payload could have become."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms, self.dangers = [], [], []
        self.form = None
        self.textarea = None
        self.select = None
        self.in_script = False
        self.script_text = ""

    def handle_starttag(self, tag, attributes):
        attrs = {name: (value or "") for name, value in attributes}
        for name, value in attrs.items():
            if name.startswith("on"):
                self.dangers.append(f"<{tag} {name}=…> (an event handler attribute)")
            if name in ("href", "src", "action", "formaction", "data", "xlink:href") and \
                    re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                self.dangers.append(f"<{tag} {name}=\"{value[:60]}\"> (a javascript: URL)")
        if MARKER.search(" ".join(attrs.keys())) or attrs.get("id", "").startswith("h3q"):
            self.dangers.append(f"<{tag} {attributes}> (a payload became markup)")
        if tag in ("img", "svg") and (attrs.get("src") == "x" or "onload" in attrs):
            self.dangers.append(f"<{tag} {attributes}> (a payload's element)")
        if tag == "script":
            self.in_script, self.script_text = True, ""
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "form":
            self.form = {"action": attrs.get("action", ""), "method": attrs.get("method", "get").lower(),
                         "enctype": attrs.get("enctype", ""), "fields": []}
            self.forms.append(self.form)
        if self.form is None:
            return
        if tag == "input":
            self.form["fields"].append({"tag": "input", "type": attrs.get("type", "text").lower(),
                                        "name": attrs.get("name"), "value": attrs.get("value", ""),
                                        "maxlength": int(attrs["maxlength"]) if attrs.get("maxlength", "").isdigit() else None,
                                        "inputmode": attrs.get("inputmode", ""), "checked": "checked" in attrs,
                                        "min": attrs.get("min")})
        elif tag == "textarea":
            self.textarea = {"tag": "textarea", "type": "textarea", "name": attrs.get("name"), "value": "",
                             "maxlength": int(attrs["maxlength"]) if attrs.get("maxlength", "").isdigit() else None}
            self.form["fields"].append(self.textarea)
        elif tag == "select":
            self.select = {"tag": "select", "type": "select", "name": attrs.get("name"), "options": [],
                           "multiple": "multiple" in attrs}
            self.form["fields"].append(self.select)
        elif tag == "option" and self.select is not None:
            self.select["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "script":
            if "alert(" in self.script_text or MARKER.search(self.script_text):
                self.dangers.append(f"<script>{self.script_text[:80]}</script> (a payload runs)")
            self.in_script = False
        elif tag == "form":
            self.form = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.in_script:
            self.script_text += data
        if self.textarea is not None:
            self.textarea["value"] += data


def parse_page(text):
    parser = PageParser()
    parser.feed(text)
    parser.close()
    return parser


def route_pattern(path):
    """A page's shape: ids and numbers replaced, so the walk visits a few of each kind, not all 300 cases."""
    parts = urllib.parse.urlsplit(path)
    segments = ["*" if re.search(r"\d", s) and len(s) >= 6 or re.fullmatch(r"\d+", s) else s
                for s in parts.path.split("/")]
    keys = sorted({k for k, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)})
    return "/".join(segments) + ("?" + "&".join(keys) if keys else "")


SKIPPED_LINKS = re.compile(r"^/(signout|language/|css/|js/|images/|favicon|metrics)|\.(css|js|png|svg|ico|woff2?)$")
# Forms the walk must not submit: they end the session, or take away the rights the walk signs in with.
SKIPPED_FORMS = re.compile(r"^/(signout|signin|register|account/password|language)|/roles/[^/]+/revoke$|"
                           r"^/admin/users$|^/admin/tokens/[^/]+/revoke$|^/admin/calendar|^/admin/organisations$")


def walk(browser, seeds, page_limit, per_pattern=2):
    """Breadth-first through the same-site links from seeds: [(path, Reply, parsed page or None)], a few per shape."""
    queue, seen_paths, per_shape, pages = list(seeds), set(), {}, []
    while queue and len(pages) < page_limit:
        path = queue.pop(0)
        if path in seen_paths or SKIPPED_LINKS.search(urllib.parse.urlsplit(path).path):
            continue
        seen_paths.add(path)
        shape = route_pattern(path)
        if per_shape.get(shape, 0) >= per_pattern:
            continue
        per_shape[shape] = per_shape.get(shape, 0) + 1
        reply = browser.get(path)
        parsed = parse_page(reply.text) if "text/html" in reply.content_type and reply.status == 200 else None
        pages.append((path, reply, parsed))
        if parsed:
            for href in parsed.links:
                target = local_path(urllib.parse.urljoin(path, html.unescape(href)))
                if target and target not in seen_paths:
                    queue.append(target)
    return pages


class FormFiller:
    """Fills a form as a person would, but with a payload in every free-text field."""

    def __init__(self):
        self.serial = 0

    def payload_for(self, maxlength, turn):
        if maxlength is None or maxlength >= len(ALL_PAYLOADS):
            return ALL_PAYLOADS
        candidates = [p for p in XSS_PAYLOADS if len(p) <= maxlength]
        return candidates[turn % len(candidates)] if candidates else SCRIPT[:maxlength]

    def fill(self, form, keep_prefilled):
        fields, files, turn = [], [], 0
        radios_done = set()
        for field in form["fields"]:
            name, kind = field["name"], field["type"]
            if not name:
                continue
            lowered = name.lower()
            if kind == "select":
                options = [o for o in field["options"] if o] or field["options"]
                if options:
                    fields.append((name, options[0]))
            elif kind in ("hidden", "submit", "button"):
                if field["value"] or kind == "hidden":
                    fields.append((name, field["value"]))
            elif kind == "radio":
                if name not in radios_done:
                    radios_done.add(name)
                    fields.append((name, field["value"]))
            elif kind == "checkbox":
                fields.append((name, field["value"] or "on"))
            elif kind == "file":
                files.append((name, ("h3 material <script>.pdf", "application/pdf", TINY_PDF)))
            elif kind == "password":
                fields.append((name, "H3-password-0123456789"))
            elif kind == "date" or "date" in lowered or lowered in ("from", "to", "until", "expectedend", "expected_end"):
                fields.append((name, field["value"] or "2026-12-28"))
            elif kind == "number" or field.get("inputmode") in ("decimal", "numeric") or \
                    any(w in lowered for w in ("days", "amount", "fee", "count", "score", "year", "seats", "limit", "hours")):
                fields.append((name, field["value"] or field.get("min") or "3"))
            elif kind == "tel" or "phone" in lowered or "mobile" in lowered:
                fields.append((name, field["value"] or "13800138000"))
            elif kind == "email" or "email" in lowered:
                fields.append((name, field["value"] or "h3@example.org"))
            elif "credit" in lowered and "code" in lowered:
                fields.append((name, field["value"] or valid_credit_code(4242)))
            elif any(w in lowered for w in ("identifier", "residentid", "id_number", "idnumber")):
                fields.append((name, field["value"] or valid_resident_id(42)))
            elif "username" in lowered:
                fields.append((name, field["value"]))
            elif lowered in ("url", "link", "href", "website") or lowered.endswith("_url"):
                fields.append((name, JAVASCRIPT_URL))
            elif keep_prefilled and field["value"].strip():
                fields.append((name, field["value"]))
            else:
                fields.append((name, self.payload_for(field.get("maxlength"), turn)))
                turn += 1
        return fields, files


def accepted(reply):
    """A form was taken: a redirect, or a page without a field marked invalid."""
    if reply.status in (301, 302, 303):
        return True
    return 200 <= reply.status < 300 and 'aria-invalid="true"' not in reply.text


# --- the audit of what comes back ---------------------------------------------------------------------------

class Audit:
    """Looks at each answer for a payload that is live, and counts the pages where one was shown inert."""

    def __init__(self, ledger):
        self.ledger = ledger
        self.checked = 0
        self.showing = set()  # paths that showed a payload (escaped)
        self.markers_seen = set()

    def check(self, who, path, reply, parsed=None):
        if reply.status != 200:
            return
        self.checked += 1
        kind = reply.content_type
        where = path[:120]
        if "html" in kind:
            self.check_html(where, path, reply.text, parsed)
        elif "json" in kind:
            try:
                document = json.loads(reply.body)
            except ValueError as error:
                self.ledger.fail(f"{where}: JSON that does not parse ({error})")
                return
            self.note_markers(path, [s for s in strings_in(document)])
        elif "atom" in kind or "xml" in kind:
            try:
                root = ElementTree.fromstring(reply.body)
            except ElementTree.ParseError as error:
                self.ledger.fail(f"{where}: a feed that is not well-formed XML ({error})")
                return
            for element in root.iter():
                if element.tag.split("}")[-1].lower() in ("script", "img", "svg", "b"):
                    self.ledger.fail(f"{where}: the feed holds a <{element.tag}> element")
            texts = [t for e in root.iter() for t in (e.text, e.tail) if t]
            texts += [v for e in root.iter() for v in e.attrib.values()]
            self.note_markers(path, texts)
            for element in root.iter():
                # An Atom text construct is plain text unless type="html" (RFC 4287 3.1): then a feed reader
                # renders its unescaped text as HTML, which must still be inert.
                if element.attrib.get("type") in ("html", "xhtml") and element.text and MARKER.search(element.text):
                    for danger in parse_page(element.text).dangers:
                        self.ledger.fail(f"{where}: feed HTML content {danger}")
        elif "csv" in kind:
            text = reply.body.decode("utf-8-sig", errors="replace")
            for row in csv.reader(io.StringIO(text)):
                for cell in row:
                    if MARKER.search(cell) and cell[:1] in "=+-@\t\r":
                        self.ledger.fail(f"{where}: a CSV cell starts with a formula character: {cell[:60]!r}")
            self.note_markers(path, [text])

    def check_html(self, where, path, text, parser=None):
        parser = parser or parse_page(text)
        for danger in parser.dangers:
            self.ledger.fail(f"{where}: {danger}")
        for raw in ('<script>alert("h3q', "<img src=x onerror", "<svg onload", '<b id="h3q5">'):
            if raw in text:
                self.ledger.fail(f"{where}: raw payload {raw!r} in the page source")
        self.note_markers(path, [html.unescape(text)])

    def note_markers(self, path, texts):
        found = {m for text in texts for m in MARKER.findall(text)}
        if found:
            self.showing.add(path)
            self.markers_seen |= found


def strings_in(document):
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict):
        for value in document.values():
            yield from strings_in(value)
    elif isinstance(document, list):
        for value in document:
            yield from strings_in(value)


# --- the proof ----------------------------------------------------------------------------------------------

STAFF = ["clerk", "reviewer", "head", "operator", "disclosure", "secrecy", "steward", "steward-ps", "steward-ca",
         "supervisor", "admin"]
APPLICANTS = ["citizen", "enterprise"]

# Where people start; the walk finds the rest.
SEEDS = {
    "anonymous": ["/", "/services", "/disclosure", "/credit", "/hotline", "/mailbox", "/participation", "/performance",
                  "/calendar", "/track", "/verify", "/disclosure/track", "/hotline/track", "/register"],
    "citizen": ["/my", "/services", "/hotline", "/mailbox/write", "/participation", "/petitions/new", "/my/petitions",
                "/my/hotline", "/disclosure/requests/new", "/my/data-access", "/account"],
    "staff": ["/workbench", "/workbench/hotline", "/workbench/hotline/new", "/workbench/disclosure",
              "/workbench/disclosure/requests", "/workbench/participation", "/workbench/petitions",
              "/workbench/orders", "/workbench/evaluation", "/workbench/sharing", "/workbench/matters",
              "/supervision", "/supervision/orders", "/supervision/audit", "/admin", "/notifications", "/credit"],
}

# Feeds, exports and JSON a walk through links may not reach.
FEEDS_AND_EXPORTS = ["/disclosure/feed.atom", "/performance.csv", "/supervision/lights.csv", "/supervision/obligations.csv",
                     "/supervision/violations.csv", "/supervision/orders.csv", "/supervision/performance.csv",
                     "/supervision/audit.csv", "/supervision/exchange.csv", "/workbench/sharing/catalog.csv",
                     "/workbench/disclosure/report.csv", "/supervision/disclosure/report.csv",
                     "/api/v1/cases", "/api/v1/mailbox", "/api/v1/consultations", "/api/v1/surveys", "/api/v1/hearings",
                     "/api/v1/petitions", "/api/v1/audit?limit=200", "/api/v1/disclosure/items", "/api/v1/credit?q=h3q",
                     "/api/v1/sharing/catalog", "/api/v1/sharing/catalog.csv", "/open311/v2/requests.json",
                     "/api/v1/supervision/obligations?limit=50", "/api/v1/hotline/categories", "/api/v1/me"]


class HostileProof:
    def __init__(self, server, args):
        self.server, self.args = server, args
        self.ledger = Ledger()
        self.audit = Audit(self.ledger)
        self.filler = FormFiller()
        self.browsers = {}
        self.forms_submitted = 0
        self.forms_accepted = 0
        self.forms_done = set()  # the shapes of forms already filled, by anyone
        self.refused_checked = 0

    def multipart_floods(self, anonymous, citizen, apply_page, citizen_csrf, hotline_csrf, expect):
        """Issue 20, item 2: multipart decoding costs grow with the square of the number of parts, so no body may be
        parsed before its route and caller are known. An anonymous 30,000-part POST to any kind of path is refused at
        once while /healthz keeps answering; a signed-in 100,000-part upload is refused 413."""
        def flood(parts, csrf):
            boundary = "h3flood"
            chunks = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n".encode()]
            chunks += [f"--{boundary}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nx\r\n".encode() for i in range(parts)]
            return b"".join(chunks) + f"--{boundary}--\r\n".encode(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}

        latencies, stop = [], threading.Event()

        def watch_health():
            watcher = Browser(self.server, self.ledger, "health-watcher")
            while not stop.is_set():
                started = time.monotonic()
                watcher.request("GET", "/healthz")
                latencies.append(time.monotonic() - started)
                time.sleep(0.02)

        watcher = threading.Thread(target=watch_health, daemon=True)
        watcher.start()
        body, headers = flood(30_000, hotline_csrf)
        slowest = 0.0
        for path, allowed in [("/no-such-path", [404]), ("/hotline", [415]), ("/api/v1/hotline/tickets", [415]),
                              ("/signin", [415]), (apply_page, [303, 401])]:
            started = time.monotonic()
            reply = anonymous.request("POST", path, body, headers)
            elapsed = time.monotonic() - started
            slowest = max(slowest, elapsed)
            expect(f"anonymous 30,000-part POST {path}", reply, allowed)
            if elapsed > 1.0:
                self.ledger.fail(f"anonymous 30,000-part POST {path} took {elapsed:.2f}s to refuse (more than 1 s)")
        body, headers = flood(100_000, citizen_csrf)
        started = time.monotonic()
        expect("signed-in 100,000-part upload", citizen.request("POST", apply_page, body, headers), [413])
        upload_seconds = time.monotonic() - started
        if upload_seconds > 2.0:
            self.ledger.fail(f"a signed-in 100,000-part upload took {upload_seconds:.2f}s to refuse (more than 2 s)")
        stop.set()
        watcher.join(timeout=10)
        latencies.sort()
        median = latencies[len(latencies) // 2] if latencies else 0.0
        worst = latencies[-1] if latencies else 0.0
        # The median is held to the 100 ms; a single slow answer on a shared, loaded runner (a debug build here)
        # is allowed up to 1 s, since the refusals themselves are what would starve it.
        if not latencies or median > 0.1 or worst > 1.0:
            self.ledger.fail(f"/healthz during the floods: {len(latencies)} answers, median {median * 1000:.0f} ms, "
                             f"slowest {worst * 1000:.0f} ms")
        say(f"multipart floods: anonymous 30,000 parts refused in at most {slowest * 1000:.0f} ms on 5 paths, a signed-in "
            f"100,000-part upload refused 413 in {upload_seconds * 1000:.0f} ms; /healthz meanwhile {len(latencies)} answers, "
            f"median {median * 1000:.0f} ms, slowest {worst * 1000:.0f} ms")
        self.flood_figures = (slowest, upload_seconds, median, worst)

    def browser(self, who):
        if who not in self.browsers:
            browser = Browser(self.server, self.ledger, who)
            if who != "anonymous":
                browser.sign_in(who, self.server.sign_ins[who])
            self.browsers[who] = browser
        return self.browsers[who]

    def run(self):
        started = time.monotonic()
        self.submit_stored_payloads()
        say(f"[{self.server.name}] payloads submitted: {self.forms_accepted} of {self.forms_submitted} forms accepted "
            f"({time.monotonic() - started:.0f}s)")
        self.audit_every_page()
        say(f"[{self.server.name}] audited {self.audit.checked} answers, payloads shown inert on {len(self.audit.showing)} "
            f"({time.monotonic() - started:.0f}s)")
        self.injection_in_searches()
        say(f"[{self.server.name}] injection strings done ({time.monotonic() - started:.0f}s)")
        self.refused_input()
        say(f"[{self.server.name}] refused input done ({time.monotonic() - started:.0f}s)")
        if not self.server.alive():
            raise ProofFailure(f"[{self.server.name}] the server died")

    # 1. stored payloads -------------------------------------------------------------------------------------

    def submit_forms_on(self, who, pages):
        browser = self.browser(who)
        done = self.forms_done
        for path, reply, parsed in pages:
            if not parsed:
                continue
            for form in parsed.forms:
                action = local_path(urllib.parse.urljoin(path, html.unescape(form["action"]) or path))
                if form["method"] != "post" or not action or SKIPPED_FORMS.search(action):
                    continue
                shape = route_pattern(action)
                if (shape, len(form["fields"])) in done:
                    continue
                done.add((shape, len(form["fields"])))
                if not any(f["type"] in ("text", "textarea", "search", "") for f in form["fields"] if f["name"]):
                    continue  # a button: nothing to write into
                self.forms_submitted += 1
                answer = None
                for keep_prefilled in (False, True):
                    fields, files = self.filler.fill(form, keep_prefilled)
                    fields = [(n, browser.cookies.get("govhall_csrf", v) if n == "_csrf" else v) for n, v in fields]
                    answer = browser.post_form(action, fields, files if "multipart" in form["enctype"] else None)
                    if accepted(answer):
                        self.forms_accepted += 1
                        break
                if self.args.verbose:
                    errors = [e.strip() for e in re.findall(r'-error"[^>]*>([^<]+)', answer.text) if e.strip()]
                    say(f"    {who}: POST {action} -> {answer.status} {'accepted' if accepted(answer) else 'refused'} {errors[:4]}")

    def submit_stored_payloads(self):
        # Applicants first: what they file is what staff then act on.
        self.register_with_payload_name()
        for who in APPLICANTS:
            pages = walk(self.browser(who), SEEDS["citizen"] + self.apply_pages(), self.args.page_limit)
            self.submit_forms_on(who, pages)
        self.submit_through_api()
        anonymous = self.browser("anonymous")
        self.submit_forms_on("anonymous", walk(anonymous, ["/hotline"], 5))
        for who in STAFF:
            pages = walk(self.browser(who), SEEDS["staff"], self.args.page_limit)
            self.submit_forms_on(who, pages)

    def apply_pages(self):
        catalogue = self.browser("anonymous").get("/services").text
        codes = sorted(set(re.findall(r'href="/services/([^/"?]+)"', catalogue)))
        return [f"/services/{code}/apply" for code in codes[:self.args.matters]]

    def register_with_payload_name(self):
        browser = Browser(self.server, self.ledger, "new citizen")
        page = browser.get("/register")
        serial = int(time.time()) % 1000
        reply = browser.post_form("/register", [
            ("_csrf", browser.csrf(page.text)), ("kind", "citizen"), ("username", f"h3xss{serial}"),
            ("displayName", SCRIPT[:40]), ("residentID", valid_resident_id(serial)), ("phone", "13800138000"),
            ("password", "H3-password-0123456789"), ("passwordConfirmation", "H3-password-0123456789")])
        self.forms_submitted += 1
        if accepted(reply):
            self.forms_accepted += 1
            self.browsers["new citizen"] = browser
        elif self.args.verbose:
            say(f"    registration refused: {reply.status}")

    def submit_through_api(self):
        hotline_token = self.server.create_token("h3-hotline", ["hotline:file"])
        citizen_token = self.server.create_token("h3-citizen", ["cases:act"], account="citizen")
        api = Browser(self.server, self.ledger, "hotline partner")
        api.bearer = hotline_token
        categories = json.loads(api.get("/api/v1/hotline/categories").body or b"[]")
        codes = [c.get("code") for c in categories if isinstance(c, dict) and c.get("code")] if isinstance(categories, list) else []
        if not codes:
            codes = re.findall(r'"code"\s*:\s*"(\d{4,})"', api.get("/api/v1/hotline/categories").text)
        for kind in ("complaint", "suggestion", "question"):
            reply = api.post_json("/api/v1/hotline/tickets", {
                "kind": kind, "category": codes[-1] if codes else "0301", "description": ALL_PAYLOADS[:4000],
                "subject": SCRIPT, "address": IMAGE_BREAKOUT, "callerName": SVG_BREAKOUT[:50],
                "callerPhone": "13800138000"})
            self.note_api_submission("POST /api/v1/hotline/tickets", reply)
        # Open311 GeoReport v2, keyed by the same token.
        services = api.get("/open311/v2/services.json")
        service_codes = re.findall(r'"service_code"\s*:\s*"([^"]+)"', services.text)
        reply = api.request("POST", "/open311/v2/requests.json", urllib.parse.urlencode({
            "api_key": hotline_token, "service_code": service_codes[0] if service_codes else "0202",
            "description": ALL_PAYLOADS, "address_string": TEXTAREA_ESCAPE, "first_name": SCRIPT[:24],
            "last_name": FORMULAS[2], "phone": "13800138000"}), {"Content-Type": "application/x-www-form-urlencoded"})
        self.note_api_submission("POST /open311/v2/requests.json", reply)
        # A case through the API, in the citizen's name.
        citizen_api = Browser(self.server, self.ledger, "citizen token")
        citizen_api.bearer = citizen_token
        matters = json.loads(citizen_api.get("/api/v1/matters").body)
        matter_list = matters if isinstance(matters, list) else matters.get("items", matters.get("matters", []))
        for matter in matter_list[:3]:
            code = matter.get("code")
            detail = json.loads(citizen_api.get(f"/api/v1/matters/{urllib.parse.quote(code)}").body)
            detail.setdefault("code", code)
            reply = citizen_api.post_json("/api/v1/cases", case_for_matter(detail, ALL_PAYLOADS))
            self.note_api_submission(f"POST /api/v1/cases ({code})", reply)
        # A request for disclosure through the API.
        units = json.loads(self.browser("anonymous").get("/api/v1/organisations").body or b"[]")
        unit_ids = [u["id"] for u in (units if isinstance(units, list) else units.get("items", [])) if isinstance(u, dict) and "id" in u]
        if unit_ids:
            reply = citizen_api.post_json("/api/v1/disclosure/requests", {
                "unitID": unit_ids[0], "kind": "natural_person", "contactPerson": SCRIPT[:50], "phone": "13800138000",
                "address": IMAGE_BREAKOUT, "description": ALL_PAYLOADS, "form": "electronic", "delivery": "online"})
            self.note_api_submission("POST /api/v1/disclosure/requests", reply)

    def note_api_submission(self, what, reply):
        self.forms_submitted += 1
        if 200 <= reply.status < 300:
            self.forms_accepted += 1
        elif self.args.verbose or reply.status >= 500:
            say(f"    {what} -> {reply.status}: {reply.text[:200]}")

    # 2. the audit ---------------------------------------------------------------------------------------------

    def audit_every_page(self):
        everyone = ["anonymous"] + APPLICANTS + STAFF + (["new citizen"] if "new citizen" in self.browsers else [])
        for who in everyone:
            browser = self.browser(who)
            seeds = SEEDS["anonymous"] if who == "anonymous" else (SEEDS["citizen"] if who in APPLICANTS or who == "new citizen" else SEEDS["staff"])
            for path, reply, parsed in walk(browser, seeds + ["/mailbox", "/participation", "/disclosure"], self.args.page_limit):
                self.audit.check(who, path, reply, parsed)
            for path in FEEDS_AND_EXPORTS:
                self.audit.check(who, path, browser.get(path))

    # 3. injection strings in searches -------------------------------------------------------------------------

    def search_targets(self):
        """(who, path template with {q}): every search box and filter parameter."""
        public = ["/services?q={q}", "/services?event={q}", "/disclosure?q={q}", "/disclosure?q={q}&unit={q}&category={q}&year={q}&validity={q}",
                  "/credit?q={q}", "/track?number={q}&code={q}", "/verify?code={q}&check={q}", "/disclosure/track?number={q}&code={q}",
                  "/hotline/track?number={q}&code={q}", "/calendar?from={q}&workingDays={q}", "/performance?from={q}&to={q}",
                  "/api/v1/matters?q={q}", "/api/v1/matters?event={q}", "/api/v1/disclosure/items?q={q}&page={q}",
                  "/api/v1/credit?q={q}", "/api/v1/track?number={q}&code={q}", "/api/v1/certificates/verify?code={q}&check={q}",
                  "/api/v1/calendar/due?from={q}&workingDays={q}", "/api/v1/calendar/working-days?from={q}&to={q}",
                  "/api/v1/performance?region={q}&department={q}&matter={q}&from={q}&to={q}",
                  "/open311/v2/requests.json?service_code={q}&status={q}&start_date={q}&end_date={q}&service_request_id={q}",
                  "/api/v1/hotline/tickets/{q}?code={q}", "/api/v1/disclosure/requests/{q}?code={q}", "/credit/{q}",
                  "/services/{q}", "/open311/v2/requests/{q}"]
        staff = [("clerk", "/workbench?q={q}"), ("clerk", "/workbench?q={q}&status={q}&sort={q}"),
                 ("operator", "/workbench/hotline/knowledge?q={q}"), ("operator", "/workbench/hotline/new?q={q}"),
                 ("operator", "/workbench/hotline?q={q}&status={q}"),
                 ("disclosure", "/workbench/disclosure?q={q}&status={q}"), ("disclosure", "/workbench/disclosure/requests?q={q}&status={q}"),
                 ("steward", "/workbench/sharing/catalog?q={q}"), ("steward-ps", "/workbench/sharing/access?q={q}&from={q}&to={q}"),
                 ("admin", "/admin/users?q={q}"),
                 ("supervisor", "/supervision?region={q}&department={q}&matter={q}&from={q}&to={q}"),
                 ("supervisor", "/supervision/obligations?status={q}&region={q}&department={q}&from={q}&to={q}"),
                 ("supervisor", "/supervision/violations?region={q}&from={q}&to={q}"),
                 ("supervisor", "/supervision/orders?status={q}"), ("supervisor", "/supervision/performance?from={q}&to={q}"),
                 ("supervisor", "/supervision/audit?actor={q}&action={q}&objectType={q}&from={q}&until={q}"),
                 ("supervisor", "/supervision/exchange?q={q}&from={q}&to={q}"),
                 ("supervisor", "/api/v1/supervision/obligations?status={q}&limit={q}&offset={q}&region={q}&from={q}"),
                 ("supervisor", "/api/v1/supervision/violations?limit={q}&department={q}&to={q}")]
        return [("anonymous", p) for p in public] + staff

    def injection_in_searches(self):
        before = self.server.row_counts()
        for who, template in self.search_targets():
            browser = self.browser(who)
            for text in SQL_AND_FTS:
                quoted = urllib.parse.quote(text, safe="")
                # A 2,000-character string goes into the first parameter only: five of them would make a 90 KB URL,
                # which is a different test (the oversized URL in refused_input).
                rest = urllib.parse.quote(text[:40], safe="") if len(text) > 100 else quoted
                path = template.replace("{q}", quoted, 1).replace("{q}", rest)
                reply = browser.get(path, follow=False)
                if reply.status >= 500:
                    continue  # already recorded by the ledger
                if not (200 <= reply.status < 500):
                    self.ledger.fail(f"GET {path[:100]} as {who}: unexpected {reply.status}")
                elif "pg_sleep" in text and reply.status == 200 and "html" in reply.content_type:
                    self.audit.check(who, path, reply)
        self.compare_rows("injection strings in searches", before, self.server.row_counts())

    # 4. input that must be refused ----------------------------------------------------------------------------

    def refused_input(self):
        """Oversized, malformed and impossible input: a clear 4xx (or a valid 200), and not a row changed."""
        citizen = self.browser("citizen")
        clerk = self.browser("clerk")
        anonymous = self.browser("anonymous")
        hotline = Browser(self.server, self.ledger, "hotline partner")
        hotline.bearer = self.server.create_token("h3-hotline-refused", ["hotline:file"])
        clerk_api = Browser(self.server, self.ledger, "clerk token")
        clerk_api.bearer = self.server.create_token("h3-clerk", ["cases:act"], account="clerk")
        citizen_api = Browser(self.server, self.ledger, "citizen token 2")
        citizen_api.bearer = self.server.create_token("h3-citizen-refused", ["cases:act"], account="citizen")
        case_ids = re.findall(r'"id"\s*:\s*"([0-9a-fA-F-]{36})"', citizen_api.get("/api/v1/cases").text)
        apply_page = self.apply_pages()[0]
        hotline_csrf = anonymous.csrf(anonymous.get("/hotline").text)
        citizen_apply = citizen.get(apply_page)
        citizen_csrf = citizen.csrf(citizen_apply.text)

        before = self.server.row_counts()
        checks = []  # (label, reply, allowed statuses)

        def expect(label, reply, allowed=range(400, 500), localised=False):
            self.refused_checked += 1
            checks.append(label)
            if reply.status >= 500:
                return  # the ledger has it
            if reply.status not in allowed:
                self.ledger.fail(f"{label}: expected {describe(allowed)}, got {reply.status}: {reply.text[:160]!r}")
            elif localised and 400 <= reply.status < 500 and "html" in reply.content_type and not re.search(r"[\u4e00-\u9fff]", reply.text):
                self.ledger.fail(f"{label}: the {reply.status} page has no localised (Chinese) message")

        # Oversized bodies: an ordinary form over the 2 MB default, an upload over the 45 MB limit, a big JSON body.
        big_form = urllib.parse.urlencode([("_csrf", hotline_csrf), ("description", "x" * (3 * 1024 * 1024))])
        expect("oversized form POST /hotline", anonymous.request("POST", "/hotline", big_form,
                                                                 {"Content-Type": "application/x-www-form-urlencoded"}), [413])
        huge_pdf = TINY_PDF + b"0" * (46 * 1024 * 1024)
        expect("oversized upload POST apply", citizen.post_form(apply_page, [("_csrf", citizen_csrf), ("applicant_phone", "13800138000")],
                                                                 [("material_0", ("big.pdf", "application/pdf", huge_pdf))]), [413])
        expect("oversized JSON POST /api/v1/hotline/tickets", hotline.post_json(
            "/api/v1/hotline/tickets", None, raw=json.dumps({"kind": "complaint", "category": "0301", "description": "x" * (3 * 1024 * 1024)})), [413, 400, 422])
        expect("oversized description POST /api/v1/hotline/tickets", hotline.post_json(
            "/api/v1/hotline/tickets", {"kind": "complaint", "category": "0301", "description": "食" * 4001}), [400, 422])

        self.multipart_floods(anonymous, citizen, apply_page, citizen_csrf, hotline_csrf, expect)

        # A URL far beyond what any browser sends. Up to SwiftNIO's 80 KB header limit GovHall answers it; beyond that
        # the parser refuses the request and closes the connection without an answer (Vapor offers no hook to send
        # one; in production nginx answers 414 long before: docs/deploy.md). Either way the server must live on.
        expect("a 60 KB URL GET /services?q=…", anonymous.get("/services?q=" + "x" * 60_000, follow=False), [200, 400, 414, 431])
        try:
            expect("a 100 KB URL GET /services?q=…", anonymous.get("/services?q=" + "x" * 100_000, follow=False), [414, 431, 400])
        except ProofFailure:
            self.refused_checked += 1
            say("a 100 KB URL: connection closed by the HTTP parser without an answer (SwiftNIO's header limit)")
        expect("GET /healthz after the 100 KB URL", anonymous.get("/healthz", follow=False), [200])

        # Invalid UTF-8 in the query, a form and JSON.
        for path in ["/services?q=" + INVALID_UTF8, "/disclosure?q=" + INVALID_UTF8, "/credit?q=" + INVALID_UTF8,
                     "/track?number=" + INVALID_UTF8 + "&code=x", "/api/v1/matters?q=" + INVALID_UTF8,
                     "/api/v1/credit?q=" + INVALID_UTF8, "/open311/v2/services.json?jurisdiction_id=" + INVALID_UTF8,
                     "/calendar?from=" + INVALID_UTF8, "/services/" + INVALID_UTF8]:
            expect(f"invalid UTF-8 GET {path}", anonymous.get(path, follow=False), [400])
        raw_form = b"_csrf=" + hotline_csrf.encode() + b"&kind=complaint&description=\xff\xfe\xc0\xaf&phone=13800138000"
        expect("invalid UTF-8 form POST /hotline", anonymous.request("POST", "/hotline", raw_form,
                                                                     {"Content-Type": "application/x-www-form-urlencoded"}), [400, 422])
        expect("invalid UTF-8 JSON POST /api/v1/hotline/tickets", hotline.request(
            "POST", "/api/v1/hotline/tickets", b'{"kind":"complaint","category":"0301","description":"\xff\xfe\xc0\xaf"}',
            {"Content-Type": "application/json"}), [400, 422])
        expect("invalid UTF-8 JSON POST /api/v1/cases", citizen_api.request(
            "POST", "/api/v1/cases", b'{"matterCode":"\xff\xfe","form":{}}', {"Content-Type": "application/json"}), [400, 422])
        expect("NUL in a query", anonymous.get("/services?q=%00", follow=False), [400])

        # Deep JSON and malformed JSON.
        deep = "[" * 10000 + "]" * 10000
        for label, browser, path in [("tickets", hotline, "/api/v1/hotline/tickets"), ("cases", citizen_api, "/api/v1/cases"),
                                     ("disclosure requests", citizen_api, "/api/v1/disclosure/requests")]:
            expect(f"10,000-deep JSON POST {label}", browser.post_json(path, None, raw=deep), [400, 422])
            expect(f"10,000-deep JSON in a field POST {label}", browser.post_json(
                path, None, raw='{"kind":"complaint","category":"0301","description":' + deep + "}"), [400, 422])
            expect(f"truncated JSON POST {label}", browser.post_json(path, None, raw='{"kind": "compl'), [400, 422])
        if case_ids:
            expect("10,000-deep JSON POST case action", clerk_api.post_json(f"/api/v1/cases/{case_ids[0]}/actions", None, raw=deep), [400, 422])

        # Huge and odd numbers where numbers are wanted.
        for number in NUMBERS:
            expect(f"number {number} in latitude", hotline.post_json("/api/v1/hotline/tickets", None, raw=
                '{"kind":"complaint","category":"0301","description":"h3 huge number","latitude":' +
                (number if re.fullmatch(r"-?[\d.e]+", number) else json.dumps(number)) + "}"), [400, 422])
            if case_ids:
                expect(f"number {number} in case action version/days", clerk_api.post_json(
                    f"/api/v1/cases/{case_ids[0]}/actions", None,
                    raw='{"action":"extend","version":' + (number if re.fullmatch(r"-?[\d.e]+", number) else json.dumps(number))
                    + ',"days":' + (number if re.fullmatch(r"-?[\d.e]+", number) else json.dumps(number)) + ',"reason":"h3"}'), range(400, 500))  # refused for the value, the state or the role: any clear 4xx
            for path in [f"/calendar?from=2026-09-28&workingDays={number}", f"/api/v1/calendar/due?from=2026-09-28&workingDays={number}",
                         f"/api/v1/calendar/years/{number}", f"/api/v1/supervision/obligations?limit={number}&offset={number}",
                         f"/api/v1/disclosure/items?page={number}", f"/api/v1/audit?limit={number}"]:
                who = self.browser("supervisor") if "supervision" in path or "audit" in path else anonymous
                reply = who.get(urllib.parse.quote(path, safe="/?&="), follow=False)
                expect(f"number {number} GET {path}", reply, range(200, 500), localised="calendar?" in path)

        # Impossible and out-of-range dates in every date parameter.
        for date in DATES:
            for path in [f"/calendar?from={date}&workingDays=20", f"/api/v1/calendar/due?from={date}&workingDays=20",
                         f"/api/v1/calendar/working-days?from={date}&to={date}", f"/api/v1/performance?from={date}&to={date}",
                         f"/performance?from={date}&to={date}", f"/open311/v2/requests.json?start_date={date}&end_date={date}",
                         f"/api/v1/supervision/obligations?from={date}&to={date}", f"/supervision?from={date}&to={date}",
                         f"/supervision/audit?from={date}&until={date}", f"/api/v1/audit?from={date}&until={date}"]:
                who = self.browser("supervisor") if "supervision" in path or "audit" in path else anonymous
                reply = who.get(path.replace(" ", "%20"), follow=False)
                # An impossible date is a 4xx where the API or the calculator takes it; a page's filter may
                # instead ignore it (200). 9999-12-31 is a real date: 200, or a 4xx saying it is out of range.
                strict = date != "9999-12-31" and (path.startswith(("/api/", "/open311/", "/calendar")))
                expect(f"date {date} GET {path}", reply, range(400, 500) if strict else range(200, 500),
                       localised=path.startswith("/calendar"))
            if case_ids:
                expect(f"date {date} in a suspension's expectedEnd", clerk_api.post_json(
                    f"/api/v1/cases/{case_ids[0]}/actions", {"action": "suspend", "procedure": "expert_review",
                                                              "expectedEnd": date, "reason": "h3", "version": 0}), range(400, 500))  # refused for the value, the state or the role: any clear 4xx

        after = self.server.row_counts()
        self.compare_rows(f"{len(checks)} refused requests", before, after)

    def compare_rows(self, what, before, after):
        changed = {t: (before.get(t), after.get(t)) for t in set(before) | set(after)
                   if before.get(t) != after.get(t) and t not in VOLATILE_TABLES}
        if changed:
            self.ledger.fail(f"{what} changed rows: " + ", ".join(f"{t} {a}->{b}" for t, (a, b) in sorted(changed.items())))
        else:
            say(f"[{self.server.name}] {what}: every table's row count unchanged ({sum(after.values())} rows, "
                f"audit log {after.get('audit_entries')})")


# Tables that change without any request: sessions (each browser's first visit), and sign-in throttling.
VOLATILE_TABLES = {"user_sessions", "sign_in_throttles"}


def describe(allowed):
    if isinstance(allowed, range):
        return f"{allowed.start}–{allowed.stop - 1}"
    return " or ".join(str(s) for s in allowed)


def case_for_matter(matter, text):
    """A body for POST /api/v1/cases that the matter's form accepts, with `text` (cut to fit) in each free-text field
    and a small PDF for each required material."""
    import base64
    form = {}
    for field in matter.get("form", {}).get("fields", []):
        kind, options = next(iter(field.get("type", {"text": {}}).items()))
        options = options or {}
        if kind == "choice":
            value = options.get("options", [{}])[0].get("value", "")
        elif kind == "number":
            value = str(options.get("min", 1))
        elif kind == "date":
            value = "2026-12-28"
        elif kind == "address":
            value = "浙江省示范市中心区幸福路 1 号 " + text[:60]
        elif kind in ("phone", "mobile"):
            value = "13800138000"
        elif "credit" in field["name"]:
            value = valid_credit_code(4242)
        elif "id_number" in field["name"] or "identifier" in field["name"]:
            value = valid_resident_id(42)
        else:
            limit = options.get("maxLength") or 200
            value = text if len(text) <= limit else (SCRIPT if len(SCRIPT) <= limit else text[:limit])
        form[field["name"]] = value
    materials = [{"key": m["key"], "fileName": "h3.pdf", "contentBase64": base64.b64encode(TINY_PDF).decode()}
                 for m in matter.get("materials", []) if m.get("required")]
    return {"matterCode": matter.get("code"), "form": form, "materials": materials}


def run_on(server, args, results):
    server.start()
    proof = HostileProof(server, args)
    try:
        proof.run()
    finally:
        results.append((server, proof))
    server.stop_cleanly()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--govhall", required=True, help="the govhall binary")
    parser.add_argument("--work", required=True, help="an empty scratch dir (data dirs, logs)")
    parser.add_argument("--pg-url-base", help="postgres://user:password@host:port; also run against PostgreSQL")
    parser.add_argument("--page-limit", type=int, default=60, help="pages walked per account (default 60)")
    parser.add_argument("--matters", type=int, default=4, help="matters applied for online per applicant (default 4)")
    parser.add_argument("--min-pages-showing", type=int, default=15,
                        help="fail unless payloads are shown (inert) on at least this many pages (default 15)")
    parser.add_argument("--seeded-copy", help="a demo data dir seeded earlier (with signins.txt), to skip seeding (SQLite only)")
    parser.add_argument("--verbose", action="store_true", help="print each form submitted")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    atexit.register(stop_all_servers)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))

    database = None
    started = time.monotonic()
    results = []
    try:
        run_on(GovHallServer(args.govhall, args.work, "sqlite", SQLITE_PORT, seeded_copy=args.seeded_copy), args, results)
        if args.pg_url_base:
            database = f"h3_hostile_{os.getpid()}"
            psql(f"{args.pg_url_base.rstrip('/')}/postgres", f"CREATE DATABASE {database}")
            run_on(GovHallServer(args.govhall, args.work, "postgres", POSTGRES_PORT,
                                 database_url=f"{args.pg_url_base.rstrip('/')}/{database}"), args, results)
    except ProofFailure as failure:
        say(f"FAILED: {failure}")
        for server, _ in results[-1:]:
            say(f"--- last lines of {server.log_path} ---\n{server.log_tail()}")
        for server in GovHallServer.running:
            say(f"--- last lines of {server.log_path} ---\n{server.log_tail()}")
        stop_all_servers()
        say("PROOF hostile-input: FAILED")
        return 1
    finally:
        stop_all_servers()
        if database:
            psql(f"{args.pg_url_base.rstrip('/')}/postgres", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    total_requests = sum(p.ledger.requests for _, p in results)
    server_errors = [e for _, p in results for e in p.ledger.server_errors]
    findings = [f"[{s.name}] {f}" for s, p in results for f in p.ledger.findings]
    for server, proof in results:
        if len(proof.audit.showing) < args.min_pages_showing:
            findings.append(f"[{server.name}] payloads were shown on only {len(proof.audit.showing)} pages "
                            f"(markers {sorted(proof.audit.markers_seen)}): the proof would be vacuous")
    pages = sum(p.audit.checked for _, p in results)
    showing = sum(len(p.audit.showing) for _, p in results)
    refused = sum(p.refused_checked for _, p in results)
    databases = " and ".join("SQLite" if s.name == "sqlite" else "PostgreSQL" for s, _ in results)
    say(f"done in {time.monotonic() - started:.0f}s")
    if server_errors or findings:
        say(f"{len(server_errors)} answers were 5xx:")
        for error in server_errors[:40]:
            say(f"  {error}")
        say(f"{len(findings)} findings:")
        for finding in findings[:60]:
            say(f"  {finding}")
        for server, _ in results:
            say(f"--- last lines of {server.log_path} ---\n{server.log_tail(20)}")
        say(f"PROOF hostile-input: FAILED: {total_requests:,} hostile requests, {len(server_errors)} 5xx, {len(findings)} findings")
        return 1
    say(f"PROOF hostile-input: {total_requests:,} hostile requests on {databases}, 0 5xx, 0 raw payloads in {pages:,} pages, "
        f"feeds and exports ({showing} showing payloads inert), {refused} refused inputs changed nothing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
