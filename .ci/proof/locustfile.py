# pip: locust==2.47.0
"""The busiest hour of a large city's service hall, for locust (run by load.py, which writes the config).

Mostly reads: people reading guides, searching, tracking their cases. Some file cases and tickets through the
API; a window clerk accepts what comes in (POST /api/v1/cases/{id}/actions with a cases:act token); a
supervisor watches the supervision centre. Every 5xx is counted into the result file load.py reads.
"""

import collections
import json
import os
import random
import re

from locust import HttpUser, between, events, task

CONFIG = json.load(open(os.environ["GOVHALL_LOAD_CONFIG"], encoding="utf-8"))
SERVER_ERRORS = collections.Counter()
submitted_cases = collections.deque(maxlen=500)  # (id, version) waiting for the clerk
tracking = list(CONFIG["tracking"])  # (number, code) pairs anyone may look up


@events.request.add_listener
def count_server_errors(request_type, name, response_time, response_length, response=None, exception=None, **_):
    if response is not None and getattr(response, "status_code", 0) >= 500:
        SERVER_ERRORS[f"{request_type} {name} {response.status_code}"] += 1


@events.quitting.add_listener
def write_result(environment, **_):
    with open(CONFIG["result_path"], "w", encoding="utf-8") as out:
        json.dump({"server_errors": dict(SERVER_ERRORS)}, out)


class HallVisitor(HttpUser):
    """A member of the public: guides, searches, tracking."""

    weight = 12
    wait_time = between(0.2, 1.0)

    @task(10)
    def catalogue(self):
        self.client.get("/services", name="/services")

    @task(12)
    def guide(self):
        self.client.get(f"/services/{random.choice(CONFIG['guides'])}", name="/services/{code}")

    @task(5)
    def search_guides(self):
        self.client.get("/services", params={"q": random.choice(CONFIG["words"])}, name="/services?q=")

    @task(4)
    def search_disclosure(self):
        self.client.get("/disclosure", params={"q": random.choice(CONFIG["words"])}, name="/disclosure?q=")

    @task(1)
    def search_credit(self):
        self.client.get("/credit", params={"q": "江南食品"}, name="/credit?q=")

    @task(4)
    def track_page(self):
        number, code = random.choice(tracking)
        self.client.get("/track", params={"number": number, "code": code}, name="/track")

    @task(3)
    def track_api(self):
        number, code = random.choice(tracking)
        self.client.get("/api/v1/track", params={"number": number, "code": code}, name="/api/v1/track")


class Applicant(HttpUser):
    """A citizen's app or a partner channel filing through the API."""

    weight = 3
    wait_time = between(0.5, 2.0)

    @task(3)
    def apply(self):
        with self.client.post("/api/v1/cases", json=CONFIG["case"], name="POST /api/v1/cases", catch_response=True,
                              headers={"Authorization": f"Bearer {CONFIG['citizen_token']}"}) as response:
            if response.status_code == 201:
                case = response.json()
                submitted_cases.append((case["id"], case["version"]))
                tracking.append((case["trackingNumber"], case["queryCode"]))

    @task(2)
    def file_ticket(self):
        self.client.post("/api/v1/hotline/tickets", name="POST /api/v1/hotline/tickets",
                         headers={"Authorization": f"Bearer {CONFIG['hotline_token']}"},
                         json={"kind": "complaint", "category": CONFIG["hotline_category"], "callerPhone": "13800138000",
                               "description": "幸福路口餐馆油烟扰民，晚上十点后仍在营业（负载测试）"})

    @task(1)
    def own_cases(self):
        self.client.get("/api/v1/cases", name="GET /api/v1/cases",
                        headers={"Authorization": f"Bearer {CONFIG['citizen_token']}"})


class WindowClerk(HttpUser):
    """The market regulator's window: accepts each new application."""

    weight = 1
    wait_time = between(0.5, 1.5)

    @task
    def accept_next(self):
        if not submitted_cases:
            self.client.get("/api/v1/cases", name="GET /api/v1/cases (clerk)",
                            headers={"Authorization": f"Bearer {CONFIG['clerk_token']}"})
            return
        case_id, version = submitted_cases.popleft()
        self.client.post(f"/api/v1/cases/{case_id}/actions", name="POST /api/v1/cases/{id}/actions accept",
                         headers={"Authorization": f"Bearer {CONFIG['clerk_token']}"},
                         json={"action": "accept", "version": version})


class Supervisor(HttpUser):
    """The supervision centre, signed in through the browser form."""

    weight = 1
    wait_time = between(1.0, 3.0)

    def on_start(self):
        page = self.client.get("/signin", name="/signin")
        token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
        self.client.post("/signin", name="POST /signin", allow_redirects=False,
                         data={"_csrf": token, "username": "supervisor", "password": CONFIG["supervisor_password"]})

    def signed_in_get(self, path):
        # No redirects: a supervisor sent back to /signin has not been served the page.
        with self.client.get(path, name=path, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task(3)
    def centre(self):
        self.signed_in_get("/supervision")

    @task(1)
    def obligations(self):
        self.signed_in_get("/supervision/obligations")

    @task(1)
    def violations(self):
        self.signed_in_get("/supervision/violations")

    @task(1)
    def performance(self):
        self.signed_in_get("/supervision/performance")
