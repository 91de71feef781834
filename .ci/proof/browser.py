#!/usr/bin/env python3
# pip: selenium==4.51.0 axe-core-python==0.1.0
"""Real browsers: GovHall's main journeys in headless Chromium, in Chinese and in English, plus axe-core.

What it proves
  1. A citizen signs in, finds 食品经营许可 (a fully online matter of the market regulator, whose
     demo reviewer and head can sign in) in /services, applies online with four uploaded PDFs, lands
     on the case page with its tracking number and query code, and — signed out — tracks it on
     /track with both (and a wrong query code finds nothing).
  2. The clerk finds the case in the workbench inbox and accepts it; the reviewer completes the
     reviewer's steps (and is then offered no more), the head completes the last step and grants;
     the clerk serves the certificate. Each action is offered only to its role, and each moves the
     case's state.
  3. The public verifies the certificate on /verify by its number with the check code printed beside it (the
     number alone is not found) and by the QR text from the
     citizen's case page (reached from /my): valid; the QR text with one character changed is not.
  Each journey runs in a fresh browser profile in Chinese (the default) and in English (switched
  with the header's language link); every page's <html lang> is checked, and a screenshot is
  saved after every step as NN-lang-step.png.
  Accessibility: axe-core (injected with execute_script, which the CSP does not block) runs on the
  main pages in both languages; any finding of impact serious or critical fails the run, listed by
  rule, page and target (axe first proves on a canary page that it reports a missing alt text as
  critical). Every page is also checked for browser console errors (CSP violations,
  failed scripts or styles); the missing /favicon.ico is tolerated.

How
  Starts `govhall serve` on an empty SQLite data dir with GOVHALL_BCRYPT_COST=4, reads the demo
  sign-ins it prints once, waits for /healthz, drives Chromium through chromedriver with real
  clicks and typing and explicit waits, and stops everything on any exit.

Run: python3 .ci/proof/browser.py --govhall .build/debug/govhall --work /tmp/scratch [--screenshots DIR]
"""

import argparse
import base64
import contextlib
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

# --- what the demo city holds (Resources/Data/demo-matters.json, Sources/GovDemo) ---------

MATTER = {"zh": "食品经营许可", "en": "Food business licence"}
MATTER_SEARCH = {"zh": "食品经营", "en": "food business"}
REVIEWER_STEPS = 2          # 材料审查, 现场核查 (role reviewer); then 审核决定 (department head)
HEAD_STEPS = 1
REQUIRED_MATERIALS = ["application_form", "floor_plan", "safety_rules", "manager_id"]
CASE_LABELS = {  # <dt> labels on the case page, by language
    "zh": {"number": "办件编号"},
    "en": {"number": "Tracking number"},
}
HTML_LANG = {"zh": "zh", "en": "en"}  # expected prefix of <html lang>
LANGUAGES = ["zh", "en"]
SERIOUS = {"serious", "critical"}


class ProofFailure(Exception):
    pass


def log(message):
    print(message, flush=True)


# --- test data ----------------------------------------------------------------------------------

def minimal_pdf(text):
    """A small but well-formed one-page PDF (header, objects, xref table, trailer)."""
    stream = ("BT /F1 12 Tf 10 50 Td (%s) Tj ET" % text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def credit_code(body):
    """A valid 统一社会信用代码 (GB 32100) for an organisation code body (GB 11714) in the demo city."""
    def org_value(c):
        return int(c) if c.isdigit() else ord(c) - 55
    total = sum(org_value(c) * w for c, w in zip(body, [3, 7, 9, 10, 5, 8, 4, 2]))
    check = 11 - total % 11
    organisation = body + ("X" if check == 10 else "0" if check == 11 else str(check))
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    first17 = "91" + "990100" + organisation
    total = sum(charset.index(c) * (3 ** i % 31) for i, c in enumerate(first17))
    return first17 + charset[(31 - total % 31) % 31]


# --- the server ---------------------------------------------------------------------------------

class Server:
    """`govhall serve` on a fresh SQLite data dir; the demo sign-ins come from its first stdout."""

    def __init__(self, binary, work, port):
        self.binary, self.port = binary, port
        self.data_dir = work / "data"
        self.log_path = work / "serve.log"
        self.base_url = f"http://127.0.0.1:{port}"
        self.process = None
        self.passwords = {}

    def attach(self, serve_log):
        self.log_path = Path(serve_log)
        self.read_passwords()

    def start(self, timeout):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise ProofFailure(f"port {self.port} is already in use")
        self.data_dir.mkdir(parents=True)
        env = dict(os.environ, GOVHALL_DATA_DIR=str(self.data_dir), GOVHALL_BCRYPT_COST="4",
                   GOVHALL_LOG_LEVEL=os.environ.get("GOVHALL_LOG_LEVEL", "notice"))
        env.pop("DATABASE_URL", None)
        self.log_file = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
            stdout=self.log_file, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ProofFailure(f"govhall serve exited with {self.process.returncode} during start-up")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            time.sleep(1)
        else:
            raise ProofFailure(f"/healthz not 200 within {timeout}s")
        self.read_passwords()

    def read_passwords(self):
        sign_in_line = re.compile(r"^\s+(\S+)\s+(\S+)\s+\((\w+)\)\s*$")
        for line in self.log_path.read_text(errors="replace").splitlines():
            match = sign_in_line.match(line)
            if match:
                self.passwords[match.group(1)] = match.group(2)
        missing = {"citizen", "clerk", "reviewer", "head", "supervisor"} - set(self.passwords)
        if missing:
            raise ProofFailure(f"the demo sign-ins were not printed for: {', '.join(sorted(missing))}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log_file.close()
            self.process = None

    def log_tail(self, lines=40):
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


# --- the browser --------------------------------------------------------------------------------

class Browser:
    """One headless Chromium profile, with the helpers every journey step uses."""

    def __init__(self, args, base_url, lang, screenshots, axe_source, results):
        self.base_url, self.lang = base_url, lang
        self.screenshots, self.axe_source, self.results = screenshots, axe_source, results
        options = webdriver.ChromeOptions()
        options.binary_location = args.chromium
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1024", "--no-first-run", "--disable-extensions",
                     "--disable-background-networking", "--disable-sync"]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.service = Service(args.chromedriver, log_output=str(args.work / f"chromedriver-{lang}.log"))
        self.driver = webdriver.Chrome(options=options, service=self.service)
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(120)
        self.wait = WebDriverWait(self.driver, args.wait)
        self.step = 0
        self.expected_lang = "zh"   # a fresh profile sees the default language until it switches

    def quit(self):
        with contextlib.suppress(Exception):
            self.driver.quit()

    # navigation and waiting

    def open(self, path):
        self.driver.get(self.base_url + path)
        self.settle()

    def settle(self):
        """After any navigation: the document is complete, in the right language, without console errors."""
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        lang = self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") or ""
        if not lang.startswith(HTML_LANG[self.expected_lang]):
            raise ProofFailure(f"{self.path()}: <html lang={lang!r}>, expected {HTML_LANG[self.expected_lang]}…")
        # The page's own status (e.g. 404 for a case not found) is the product's answer, not an error here.
        document = self.driver.current_url
        errors = [entry["message"] for entry in self.driver.get_log("browser")
                  if entry["level"] == "SEVERE" and "/favicon.ico" not in entry["message"]
                  and not entry["message"].startswith(document + " ")]
        if errors:
            raise ProofFailure(f"{self.path()}: browser console errors: {errors}")

    def path(self):
        url = self.driver.current_url
        return url[len(self.base_url):] if url.startswith(self.base_url) else url

    def find(self, css, within=None):
        """Wait until the element is visible, and return it."""
        if within is not None:
            self.wait.until(lambda d: within.find_elements(By.CSS_SELECTOR, css))
            return within.find_element(By.CSS_SELECTOR, css)
        try:
            return self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))
        except TimeoutException:
            raise ProofFailure(f"{self.path()}: no visible {css!r}; the page says: {self.main_text()[:600]!r}")

    def find_xpath(self, xpath):
        try:
            return self.wait.until(EC.visibility_of_element_located((By.XPATH, xpath)))
        except TimeoutException:
            raise ProofFailure(f"{self.path()}: nothing at {xpath}; the page says: {self.main_text()[:600]!r}")

    def present(self, css):
        return bool(self.driver.find_elements(By.CSS_SELECTOR, css))

    def main_text(self):
        with contextlib.suppress(WebDriverException):
            return self.driver.find_element(By.TAG_NAME, "main").text
        return "(no <main>)"

    def click_to_navigate(self, css=None, xpath=None):
        """Click something that loads a new page, and wait for the new page.

        Found afresh on each attempt: Chromium now and then answers a click with "Node with given id
        does not belong to the document" while the page is still the same; the click is then retried.
        While the old page is being replaced, it answers questions about its nodes with the same
        error instead of "stale element", so both mean the old page is gone.
        """
        for attempt in range(3):
            element = self.find(css) if css else self.find_xpath(xpath)
            old_page = self.driver.find_element(By.TAG_NAME, "html")
            try:
                element.click()
                break
            except WebDriverException as error:
                transient = isinstance(error, StaleElementReferenceException) or "does not belong" in str(error)
                if transient and self.is_stale(old_page):   # the click did navigate
                    break
                if not transient or attempt == 2:
                    raise
                log(f"    (retrying a click on {css or xpath}: {str(error).splitlines()[0][:100]})")
        self.wait.until(lambda _: self.is_stale(old_page))
        self.settle()

    @staticmethod
    def is_stale(element):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise

    def type_into(self, css, text):
        field = self.find(css)
        field.clear()
        field.send_keys(text)
        return field

    # evidence

    def screenshot(self, name):
        """A full-page PNG, NN-lang-step.png."""
        self.step += 1
        size = self.driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size[0], "height": min(size[1], 8000), "scale": 1}})
        path = self.screenshots / f"{self.step:02d}-{self.lang}-{name}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        self.results["screenshots"] += 1

    def screenshot_phone(self, name):
        """The same page at a phone's width (390 CSS px), then the desktop window again."""
        self.driver.set_window_size(390, 844)
        try:
            self.settle()
            self.screenshot(f"{name}-phone")
        finally:
            self.driver.set_window_size(1280, 1024)

    def axe(self, page):
        """Run axe-core on the current page; record every serious or critical violation."""
        if not self.driver.execute_script("return typeof window.axe === 'object'"):
            self.driver.execute_script(self.axe_source)
        outcome = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']})"
            "   .then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            "       targets: v.nodes.map(n => n.target.join(' ')), html: v.nodes.map(n => n.html)}))}))"
            "   .catch(e => done({error: String(e)}));")
        if "error" in outcome:
            raise ProofFailure(f"axe-core failed on {page}: {outcome['error']}")
        self.results["axe_pages"].append(f"{self.lang}:{page}")
        for violation in outcome["violations"]:
            entry = {"lang": self.lang, "page": page, "path": self.path(), **violation}
            key = "serious" if violation["impact"] in SERIOUS else "minor"
            self.results["axe_" + key].append(entry)
        serious = [v["id"] for v in outcome["violations"] if v["impact"] in SERIOUS]
        log(f"    axe {self.lang} {page}: {len(outcome['violations'])} finding(s)"
            + (f", serious/critical: {', '.join(serious)}" if serious else ""))

    # accounts

    def sign_in(self, username, password):
        self.click_to_navigate("header .account-bar a[href^='/signin']")
        self.type_into("#username", username)
        self.type_into("#password", password)
        self.click_to_navigate("main form[action='/signin'] button[type=submit]")
        if self.present("main form[action='/signin']"):
            raise ProofFailure(f"signing in as {username} failed: {self.main_text()[:300]!r}")
        self.find("header form[action='/signout']")

    def sign_out(self):
        self.click_to_navigate("header form[action='/signout'] button[type=submit]")
        self.find("header .account-bar a[href^='/signin']")


# --- the journeys -------------------------------------------------------------------------------

def axe_canary(browser):
    """axe must find what it is there to find: an image without alt text is a critical image-alt."""
    browser.driver.get("data:text/html;charset=utf-8,<!doctype html><html lang=en><title>canary</title>"
                       "<main><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='></main></html>")
    browser.driver.execute_script(browser.axe_source)
    found = browser.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done(r.violations.map(v => v.id + ':' + v.impact)));")
    if "image-alt:critical" not in found:
        raise ProofFailure(f"axe-core did not report the canary's missing alt text (found {found})")
    version = browser.driver.execute_script("return axe.version")
    log(f"    axe-core {version} reports the canary's image-alt as critical")
    browser.driver.get_log("browser")  # the canary's console, if any, is not a GovHall page's


def choose_language(browser):
    browser.open("/")   # checked to be in Chinese, the default
    if browser.lang == "en":
        browser.expected_lang = "en"
        browser.click_to_navigate("header a.lang-switch[hreflang='en']")
    browser.screenshot("home")
    browser.axe("home")


def citizen_applies_and_tracks(browser, passwords, upload_dir):
    lang = browser.lang
    browser.sign_in("citizen", passwords["citizen"])
    browser.screenshot("citizen-signed-in")

    browser.click_to_navigate("header nav a[href='/services']")
    browser.axe("services")
    browser.type_into("main form[role=search] #q", MATTER_SEARCH[lang])
    browser.click_to_navigate("main form[role=search] button[type=submit]")
    browser.screenshot("services-search")
    browser.click_to_navigate(xpath=f"//main//a[normalize-space()='{MATTER[lang]}']")
    browser.find_xpath(f"//main//h1[contains(normalize-space(), '{MATTER[lang]}')]")
    browser.screenshot("guide")
    browser.axe("guide")

    browser.click_to_navigate("main a[href$='/apply']")
    browser.axe("apply-form")
    browser.type_into("#f-business_name", "示范市浏览器测试餐馆" if lang == "zh" else "Browser Proof Bistro")
    browser.type_into("#f-credit_code", credit_code("MA6B2C3D"))
    browser.type_into("#f-premises", "示范省示范市中心区幸福路1号")
    browser.type_into("#f-area", "88.5")
    Select(browser.find("#f-category")).select_by_value("catering")
    for key in REQUIRED_MATERIALS:
        pdf = upload_dir / f"{key}.pdf"
        pdf.write_bytes(minimal_pdf(f"GovHall browser proof: {key}"))
        browser.find(f"#material_{key}").send_keys(str(pdf))
    browser.screenshot("apply-filled")
    browser.click_to_navigate("main form[enctype='multipart/form-data'] button[type=submit]")

    match = re.search(r"/my/cases/([0-9a-f-]{36})", browser.driver.current_url)
    if not match:
        raise ProofFailure(f"after applying, not on a case page but {browser.path()}: {browser.main_text()[:400]!r}")
    case_id = match.group(1)
    labels = CASE_LABELS[lang]
    number = browser.find_xpath(f"//dt[normalize-space()='{labels['number']}']/following-sibling::dd").text.strip()
    # Only the code's keyed hash is stored: the page that answers the filing is the one place it is shown.
    code = browser.find("strong.query-code").text.strip()
    if not re.fullmatch(r"\d{20}", number) or not re.fullmatch(r"[A-Z0-9]{4,12}", code):
        raise ProofFailure(f"case page shows tracking number {number!r} and query code {code!r}")
    state_of(browser, "submitted")
    uploaded = browser.driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=materials-title] tbody tr")
    if len(uploaded) != len(REQUIRED_MATERIALS):
        raise ProofFailure(f"case page lists {len(uploaded)} materials, {len(REQUIRED_MATERIALS)} were uploaded")
    browser.screenshot("case-submitted")
    browser.axe("case-page")
    log(f"    applied: {number} (query code {code})")

    browser.sign_out()
    track(browser, number, "WRONG1", expect_found=False)
    track(browser, number, code, expect_found=True, expected_state="submitted")
    browser.screenshot("tracked")
    browser.axe("track")
    return {"id": case_id, "number": number, "code": code}


def track(browser, number, code, expect_found, expected_state=None):
    browser.open("/track")
    browser.type_into("main #number", number)
    browser.type_into("main #code", code)
    browser.click_to_navigate("main form[action='/track'] button[type=submit]")
    if expect_found:
        shown = browser.find("main dl.details dd.mono").text.strip()
        if shown != number:
            raise ProofFailure(f"/track shows {shown!r} for {number}")
        state_of(browser, expected_state)
    else:
        browser.find("main .alert[role=alert]")
        if browser.present("main .case-state"):
            raise ProofFailure(f"/track shows case {number} with a wrong query code")


def state_of(browser, expected):
    state = browser.find("main p.case-state")
    if f"state-{expected}" not in state.get_attribute("class").split():
        raise ProofFailure(f"{browser.path()}: case state is {state.get_attribute('class')!r} "
                           f"({state.text!r}), expected state-{expected}")


def open_from_inbox(browser, case):
    browser.click_to_navigate("header nav a[href='/workbench']")
    browser.type_into("main form[action='/workbench'] #q", case["number"])
    browser.click_to_navigate("main form[action='/workbench'] button[type=submit]")
    browser.click_to_navigate(xpath=f"//main//table//a[normalize-space()='{case['number']}']")
    if f"/workbench/cases/{case['id']}" not in browser.driver.current_url:
        raise ProofFailure(f"the inbox link for {case['number']} leads to {browser.path()}")


def act(browser, action, fill=None):
    """Submit the case page's action form for `action` (offered only if state and role allow it)."""
    selector = f"main form[action$='/actions/{action}']"
    if not browser.present(selector):
        offered = [f.get_attribute("action").rsplit("/", 1)[-1]
                   for f in browser.driver.find_elements(By.CSS_SELECTOR, "main form[action*='/actions/']")]
        raise ProofFailure(f"{browser.path()}: action {action!r} not offered (offered: {offered})")
    form = browser.find(selector)
    if fill:
        fill(form)
    browser.click_to_navigate(f"{selector} button[type=submit]")
    browser.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "main .notice[role=status], main [role=alert]"))
    if browser.present("main [role=alert]"):
        raise ProofFailure(f"{action} was refused: {browser.find('main [role=alert]').text!r}")


def offered(browser, action):
    return browser.present(f"main form[action$='/actions/{action}']")


def staff_decide_and_serve(browser, passwords, case):
    browser.sign_in("clerk", passwords["clerk"])
    browser.click_to_navigate("header nav a[href='/workbench']")
    browser.screenshot("clerk-inbox")
    browser.axe("workbench-inbox")
    open_from_inbox(browser, case)
    state_of(browser, "submitted")
    browser.screenshot("clerk-case")
    browser.axe("workbench-case")
    if offered(browser, "decide") or offered(browser, "complete_step"):
        raise ProofFailure("the clerk is offered a decision or a review step on a case not yet accepted")
    act(browser, "accept")
    state_of(browser, "in_review")
    browser.screenshot("clerk-accepted")
    browser.sign_out()

    browser.sign_in("reviewer", passwords["reviewer"])
    open_from_inbox(browser, case)
    if offered(browser, "decide"):
        raise ProofFailure("the reviewer is offered the decision")
    for step in range(1, REVIEWER_STEPS + 1):
        act(browser, "complete_step",
            lambda form: form.find_element(By.CSS_SELECTOR, "textarea[name=note]").send_keys("材料齐全，符合要求"))
        state_of(browser, "in_review")
        browser.screenshot(f"reviewer-step-{step}")
    if offered(browser, "complete_step"):
        raise ProofFailure("the reviewer is still offered a step after the reviewer's steps (the next is the head's)")
    browser.sign_out()

    browser.sign_in("head", passwords["head"])
    open_from_inbox(browser, case)
    for step in range(1, HEAD_STEPS + 1):
        if offered(browser, "decide"):
            raise ProofFailure("the head is offered the decision before the head's review step")
        act(browser, "complete_step")
        browser.screenshot(f"head-step-{step}")
    act(browser, "decide", lambda form: form.find_element(By.CSS_SELECTOR, "input[name=outcome][value=granted]").click())
    state_of(browser, "granted")
    browser.screenshot("head-granted")
    browser.sign_out()

    browser.sign_in("clerk", passwords["clerk"])
    open_from_inbox(browser, case)
    act(browser, "serve_certificate")
    state_of(browser, "closed")
    browser.screenshot("clerk-served")
    browser.sign_out()


def public_verifies(browser, passwords, case):
    browser.sign_in("citizen", passwords["citizen"])
    browser.open("/my")
    listed = [link.text.strip() for link in browser.driver.find_elements(By.CSS_SELECTOR, "main a[href^='/verify?code=']")]
    browser.click_to_navigate(f"main a[href='/my/cases/{case['id']}']")
    certificate = browser.find("main section[aria-labelledby=cert-title]")
    number = browser.find("a[href^='/verify?code=']", within=certificate).text.strip()
    # The check code (核验码) printed beside the number: a number alone verifies nothing (issue 20).
    check_code = browser.find("span.check-code", within=certificate).text.strip()
    if number not in listed:
        raise ProofFailure(f"/my does not list certificate {number}")
    if len(check_code.replace("-", "")) != 8:
        raise ProofFailure(f"the certificate page shows no 8-character check code: {check_code!r}")
    browser.screenshot("citizen-case-certificate")
    # The printable certificate (issue 28, item 10): its QR code, read by a real decoder from the rendered page,
    # is the verification address printed under it.
    browser.click_to_navigate("main section[aria-labelledby=cert-title] a[href^='/my/certificates/']")
    address = browser.find("main .verify-address").text.strip()
    decoded = decode_qr(browser.find("main .certificate-qr svg").screenshot_as_png, browser.screenshots)
    if decoded != address or f"code={number}" not in address:
        raise ProofFailure(f"the certificate's QR code reads {decoded!r}, the page prints {address!r}")
    # Folded away (not visible until opened), so read from the document rather than the screen.
    folded = browser.driver.find_element(By.CSS_SELECTOR, "main details.signed-data code.qr-text")
    qr_text = (folded.get_attribute("textContent") or "").strip()
    if not qr_text.startswith("GHC1."):
        raise ProofFailure(f"the signed data does not start with GHC1.: {qr_text[:40]!r}")
    browser.screenshot("citizen-certificate")
    browser.screenshot_phone("citizen-certificate")
    browser.axe("certificate")
    browser.sign_out()

    for label, text, check, expected in [("number", number, check_code, "verdict-valid"),
                                         ("number-without-code", number, "", "verdict-not_found"),
                                         ("qr", qr_text, "", "verdict-valid"),
                                         ("qr-tampered", tamper(qr_text), "", "verdict-not_genuine")]:
        browser.open("/verify")
        field = browser.find("main #code")
        field.clear()
        field.send_keys(text)
        check_field = browser.find("main #check")
        check_field.clear()
        if check:
            check_field.send_keys(check)
        browser.click_to_navigate("main form[action='/verify'] button[type=submit]")
        verdict = browser.find("main .verdict")
        if expected not in verdict.get_attribute("class").split():
            raise ProofFailure(f"/verify by {label}: {verdict.get_attribute('class')!r} ({verdict.text[:120]!r})")
        browser.screenshot(f"verify-{label}")
        if label == "number":
            browser.axe("verify")
    log(f"    certificate {number}: valid by number with its check code and by QR text; number alone not found, tampered QR refused")


def decode_qr(png, scratch):
    """The text of the QR code in a PNG, as Debian's zbarimg reads it (exact bytes, no charset guessing)."""
    path = scratch / "qr-decode.png"
    path.write_bytes(png)
    try:
        result = subprocess.run(["zbarimg", "--nodbus", "--raw", "-q", "-Sbinary", str(path)],
                                capture_output=True, timeout=30)
    finally:
        path.unlink(missing_ok=True)
    if result.returncode != 0:
        raise ProofFailure(f"zbarimg found no QR code on the certificate page (exit {result.returncode})")
    return result.stdout.decode("utf-8")


def tamper(qr_text):
    """Change one character of the payload (not the last, whose low bits base64 may ignore)."""
    position = len("GHC1.") + 10
    replacement = "A" if qr_text[position] != "A" else "B"
    return qr_text[:position] + replacement + qr_text[position + 1:]


def remaining_pages(browser, passwords):
    for path, name in [("/signin", "signin"), ("/disclosure", "disclosure"), ("/hotline", "hotline"),
                       ("/participation", "participation")]:
        browser.open(path)
        browser.find("main h1")
        browser.axe(name)
    browser.open("/")
    browser.sign_in("supervisor", passwords["supervisor"])
    browser.open("/supervision")
    browser.find("main h1")
    browser.screenshot("supervision")
    browser.axe("supervision")
    browser.sign_out()


# --- main ---------------------------------------------------------------------------------------

def axe_source_from(path_option):
    if path_option:
        return Path(path_option).read_text()
    spec = importlib.util.find_spec("axe_core_python")
    if spec is None or not spec.submodule_search_locations:
        raise ProofFailure("axe-core-python is not installed (pip install axe-core-python==0.1.0), or give --axe-js")
    return (Path(list(spec.submodule_search_locations)[0]) / "axe.min.js").read_text()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--govhall", required=True, help="the govhall binary")
    parser.add_argument("--work", required=True, type=Path, help="an empty scratch directory")
    parser.add_argument("--pg-url-base", help="accepted for the common interface; this proof runs on SQLite")
    parser.add_argument("--screenshots", type=Path, help="where the PNGs go (default WORK/screenshots)")
    parser.add_argument("--port", type=int, default=8111, help="port for govhall serve (default 8111)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    parser.add_argument("--axe-js", help="axe.min.js to inject (default: the one axe-core-python ships)")
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="comma-separated: zh,en")
    parser.add_argument("--wait", type=float, default=30, help="seconds to wait for any element (default 30)")
    parser.add_argument("--start-timeout", type=float, default=240, help="seconds for start-up and seeding")
    parser.add_argument("--attach", metavar="SERVE_LOG",
                        help="for developing this script: use the server already running on --port, "
                             "whose first stdout (with the demo sign-ins) is in SERVE_LOG")
    return parser.parse_args()


def report_axe(results):
    for finding in results["axe_serious"]:
        log(f"AXE {finding['impact'].upper()} {finding['id']} on {finding['lang']}:{finding['page']} "
            f"({finding['path']}): {finding['help']}")
        for target, html in zip(finding["targets"][:5], finding["html"][:5]):
            log(f"      target {target}: {html[:160]}")
        if len(finding["targets"]) > 5:
            log(f"      … and {len(finding['targets']) - 5} more")


def main():
    args = parse_args()
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    screenshots = (args.screenshots or args.work / "screenshots").resolve()
    screenshots.mkdir(parents=True, exist_ok=True)
    for old in screenshots.glob("[0-9][0-9]-*-*.png"):   # an earlier run's, so the folder shows this one
        old.unlink()
    upload_dir = args.work / "uploads"
    upload_dir.mkdir(exist_ok=True)
    languages = [lang for lang in args.languages.split(",") if lang]
    if set(languages) - set(LANGUAGES):
        sys.exit(f"unknown language in {args.languages}")
    results = {"screenshots": 0, "axe_pages": [], "axe_serious": [], "axe_minor": [], "journeys": []}

    # SIGTERM/SIGINT end the run through the finally below (browsers and server stopped).
    def stop_on_signal(signum, _frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGINT, stop_on_signal)

    started = time.monotonic()
    server = Server(args.govhall, args.work, args.port)
    browser = None
    failure = None
    try:
        axe_source = axe_source_from(args.axe_js)
        log(f"starting govhall serve on port {args.port} (seeding the demo city)")
        if args.attach:
            server.attach(args.attach)
        else:
            server.start(args.start_timeout)
        log(f"  up after {time.monotonic() - started:.0f}s")
        for lang in languages:
            browser = Browser(args, server.base_url, lang, screenshots, axe_source, results)
            if lang == languages[0]:
                axe_canary(browser)
            log(f"[{lang}] journey 1: citizen applies online with uploads and tracks the case")
            choose_language(browser)
            case = citizen_applies_and_tracks(browser, server.passwords, upload_dir)
            results["journeys"].append(f"{lang}:apply-and-track")
            log(f"[{lang}] journey 2: clerk accepts, reviewer and head review, head grants, clerk serves")
            staff_decide_and_serve(browser, server.passwords, case)
            results["journeys"].append(f"{lang}:accept-grant-serve")
            log(f"[{lang}] journey 3: the public verifies the certificate")
            public_verifies(browser, server.passwords, case)
            results["journeys"].append(f"{lang}:verify")
            log(f"[{lang}] remaining pages for axe")
            remaining_pages(browser, server.passwords)
            browser.quit()
            browser = None
            log(f"[{lang}] done after {time.monotonic() - started:.0f}s")
    except ProofFailure as error:
        failure = str(error)
    except SystemExit as stop:   # SIGTERM or SIGINT, by stop_on_signal
        failure = f"stopped by signal {stop.code - 128}"
    except (WebDriverException, TimeoutException) as error:
        where = traceback.extract_tb(error.__traceback__)
        steps = " < ".join(f"{frame.name}:{frame.lineno}" for frame in reversed(where) if frame.filename == __file__)
        failure = f"browser: {type(error).__name__} in {steps}: {getattr(error, 'msg', None) or error}"
    finally:
        if browser is not None:
            with contextlib.suppress(Exception):
                browser.screenshot("failure")
            if failure:
                log(f"failed at {browser.path()}")
            browser.quit()
        server.stop()

    (args.work / "axe-findings.json").write_text(json.dumps(
        {"serious": results["axe_serious"], "other": results["axe_minor"]}, ensure_ascii=False, indent=1))
    report_axe(results)
    minor = len(results["axe_minor"])
    if minor:
        log(f"axe: {minor} moderate/minor finding(s), not failing (see {args.work / 'axe-findings.json'})")
    elapsed = time.monotonic() - started
    if failure is None and results["axe_serious"]:
        failure = f"{len(results['axe_serious'])} serious/critical axe finding(s), listed above"
    if failure:
        log(f"FAILED: {failure}")
        log("--- last 40 lines of serve.log ---")
        log(server.log_tail())
        log(f"PROOF browsers: FAILED after {len(results['journeys'])} journeys passed, "
            f"{len(results['axe_pages'])} pages axe-checked, {len(results['axe_serious'])} serious/critical, "
            f"{results['screenshots']} screenshots ({elapsed:.0f}s)")
        sys.exit(1)
    log(f"PROOF browsers: {len(results['journeys'])} journeys passed ({len(results['journeys']) // len(languages)} × "
        f"{', '.join(languages)}), {len(results['axe_pages'])} pages axe-checked, 0 serious/critical, "
        f"{results['screenshots']} screenshots ({elapsed:.0f}s)")


if __name__ == "__main__":
    main()
