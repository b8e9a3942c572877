#!/usr/bin/env python3
"""The HTML reports in a real browser.

Generates the reports with the built iamtrim (the bundled account example, a
policy file, an Organizations report, lint findings, an account whose names
are HTML and script, and a generated 2,000-role account), then drives
Debian's headless Chromium through chromedriver's W3C WebDriver HTTP API
(stdlib only: urllib and json) and checks the rendered pages: counts, a
filter, sorting, a diff expanded, keyboard navigation, escaping, that nothing
is fetched, and that the 2,000-role report is interactive in under 2 s.
Screenshots are kept in the artifacts directory (paths printed).

Exit 77 (a skip for CTest) when chromium or chromedriver is missing.

  report_browser_test.py --iamtrim BUILD/iamtrim --source-dir REPO --artifacts DIR

IAMTRIM_UPDATE_GOLDEN=1 also copies the account screenshot to
docs/images/account-report.png (look at it before committing it).
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SKIP = 77
ROLES = 2000
READY_BUDGET_MS = 2000

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


# ---- WebDriver ---------------------------------------------------------------

class WebDriver:
    def __init__(self, driver, chromium, profile):
        self.port = free_port()
        self.log = open(os.path.join(profile, "..", "chromedriver.log"), "w")
        self.proc = subprocess.Popen([driver, "--port=%d" % self.port], stdout=self.log, stderr=subprocess.STDOUT)
        self.base = "http://127.0.0.1:%d" % self.port
        deadline = time.time() + 20
        while True:
            try:
                if self.call("GET", "/status")["value"].get("ready"):
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.time() > deadline:
                raise RuntimeError("chromedriver did not start")
            time.sleep(0.1)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1100", "--hide-scrollbars"]
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome",
                                                  "goog:chromeOptions": {"binary": chromium, "args": args}}}}
        self.session = self.call("POST", "/session", caps)["value"]["sessionId"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return json.loads(r.read().decode() or "{}")
        except urllib.error.HTTPError as e:
            raise RuntimeError("%s %s: %s" % (method, path, e.read().decode()[:500]))

    def s(self, method, path, body=None):
        return self.call(method, "/session/" + self.session + path, body)["value"]

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        """A W3C element reference ({"element-6066-...": id}), usable as a script argument."""
        return self.s("POST", "/element", {"using": "css selector", "value": css})

    @staticmethod
    def id(element):
        return next(iter(element.values()))

    def click(self, element):
        self.s("POST", "/element/%s/click" % self.id(element), {})

    def type(self, element, text):
        self.s("POST", "/element/%s/value" % self.id(element), {"text": text})

    def keys(self, *keys):
        """Key presses sent to whatever has the focus (the Actions API)."""
        actions = []
        for k in keys:
            actions += [{"type": "keyDown", "value": k}, {"type": "keyUp", "value": k}]
        self.s("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})

    def screenshot(self, path, element=None):
        png = self.s("GET", ("/element/%s/screenshot" % self.id(element)) if element else "/screenshot")
        import base64
        with open(path, "wb") as f:
            f.write(base64.b64decode(png))
        print("screenshot: " + path, flush=True)

    def wait_ready(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.js("return document.documentElement.getAttribute('data-ready')") == "true":
                return True
            time.sleep(0.05)
        return False

    def quit(self):
        try:
            self.s("DELETE", "")
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


ARROW_DOWN, ENTER = "\ue015", "\ue007"
ARROW_RIGHT = "\ue014"

# ---- Inputs ------------------------------------------------------------------

ACCOUNT = "arn:aws:iam::123456789012:"


def doc(statements):
    return {"Version": "2012-10-17", "Statement": statements}


def allow(actions, resource="*"):
    return {"Effect": "Allow", "Action": actions, "Resource": resource}


def report(services, created="2024-06-30T06:00:00Z"):
    return {"JobStatus": "COMPLETED", "JobType": "ACTION_LEVEL", "JobCreationDate": created,
            "JobCompletionDate": created.replace("06:00:00", "06:00:03"), "ServicesLastAccessed": services,
            "IsTruncated": False}


def service(ns, used, tracked=()):
    s = {"ServiceName": ns, "ServiceNamespace": ns, "TotalAuthenticatedEntities": 1 if used else 0,
         "TrackedActionsLastAccessed": [dict({"ActionName": a}, **({"LastAccessedTime": "2024-06-20T10:00:00Z"} if u else {}))
                                        for a, u in tracked]}
    if used:
        s["LastAuthenticated"] = "2024-06-25T10:00:00Z"
    return s


def write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(value, f)


def generate_account(root, roles):
    """A get-account-authorization-details output of `roles` roles (three inline
    policies each, two of ten shared managed policies) and one action-level
    report per role, in collect's layout."""
    shared = [["ecr:GetAuthorizationToken", "ecr:BatchGetImage"], ["xray:PutTraceSegments"], ["cloudwatch:PutMetricData"],
              ["ssm:GetParameter*", "ssm:DescribeParameters"], ["kms:Decrypt", "kms:GenerateDataKey*"], ["sns:Publish"],
              ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"], ["events:PutEvents"],
              ["athena:StartQueryExecution", "glue:GetTable"], ["kinesis:PutRecord*", "firehose:PutRecord*"]]
    details = {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
    for k, actions in enumerate(shared):
        details["Policies"].append({
            "PolicyName": "Shared-%d" % k, "PolicyId": "ANPA%016d" % k, "Arn": ACCOUNT + "policy/Shared-%d" % k, "Path": "/",
            "DefaultVersionId": "v1", "AttachmentCount": 1, "IsAttachable": True, "CreateDate": "2020-01-01T00:00:00Z",
            "PolicyVersionList": [{"Document": doc([allow(actions)]), "VersionId": "v1", "IsDefaultVersion": True,
                                   "CreateDate": "2020-01-01T00:00:00Z"}]})
    for i in range(roles):
        name = "app-%d" % i
        details["RoleDetailList"].append({
            "Path": "/", "RoleName": name, "RoleId": "AROA%016d" % i, "Arn": ACCOUNT + "role/" + name,
            "CreateDate": "2020-01-01T00:00:00Z",
            "AssumeRolePolicyDocument": doc([{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                                              "Action": "sts:AssumeRole"}]),
            "RolePolicyList": [
                {"PolicyName": "Data", "PolicyDocument": doc([
                    allow(["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteBucket"], "arn:aws:s3:::%s/*" % name),
                    allow(["dynamodb:*"], "arn:aws:dynamodb:us-east-1:123456789012:table/" + name)])},
                {"PolicyName": "Ops", "PolicyDocument": doc([allow(["logs:CreateLogStream", "logs:PutLogEvents"]),
                                                             allow(["ec2:Describe*"]), allow(["lambda:InvokeFunction"])])},
                {"PolicyName": "Secrets", "PolicyDocument": doc([allow(["secretsmanager:GetSecretValue"])])}],
            "AttachedManagedPolicies": [{"PolicyName": "Shared-%d" % k, "PolicyArn": ACCOUNT + "policy/Shared-%d" % k}
                                        for k in (i % 10, (i + 3) % 10)]})
        services = [service("s3", True, [("ListBucket", True), ("DeleteBucket", False)]),
                    service("dynamodb", i % 3 != 0, [("DescribeTable", i % 3 == 1), ("CreateTable", False), ("DeleteTable", False)]),
                    service("logs", True, [("CreateLogStream", True)]),
                    service("ec2", i % 5 == 0, [("DescribeInstances", i % 5 == 0), ("DescribeVpcs", False)]),
                    service("lambda", i % 2 == 0, [("InvokeFunction", i % 2 == 0)]),
                    service("secretsmanager", i % 7 != 0, [("GetSecretValue", i % 7 != 0)])]
        for ns in ["ecr", "xray", "cloudwatch", "ssm", "kms", "sns", "sqs", "events", "states", "athena", "glue",
                   "kinesis", "firehose"]:
            services.append(service(ns, (i + ord(ns[0])) % 4 == 0))
        write_json(os.path.join(root, "evidence", "role", name + ".json"), report(services))
        write_json(os.path.join(root, "evidence", "role", name + ".request.json"),
                   {"Arn": ACCOUNT + "role/" + name, "Granularity": "ACTION_LEVEL"})
    write_json(os.path.join(root, "authorization-details.json"), details)


HOSTILE = "<script>alert(1)</script>"


def generate_hostile(root):
    """Names that are markup: a role, its policy, a managed policy and an evidence file."""
    role = "x" + HOSTILE
    details = {"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": [{
        "Path": "/", "RoleName": role, "RoleId": "AROAHOSTILE", "Arn": ACCOUNT + "role/" + role,
        "CreateDate": "2020-01-01T00:00:00Z",
        "RolePolicyList": [{"PolicyName": "<img src=x onerror=alert(2)>",
                            "PolicyDocument": doc([dict(allow(["s3:DeleteBucket", "s3:ListBucket"]), Sid="A")])}],
        "AttachedManagedPolicies": []}]}
    write_json(os.path.join(root, "authorization-details.json"), details)
    ev = os.path.join(root, "evidence", "<b onmouseover=alert(3)>.json")
    write_json(ev, report([service("s3", True, [("ListBucket", True), ("DeleteBucket", False)])]))
    write_json(ev[:-5] + ".request.json", {"Arn": ACCOUNT + "role/" + role, "Granularity": "ACTION_LEVEL"})


def run(cmd, cwd, stdout=None):
    r = subprocess.run(cmd, cwd=cwd, stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 1):
        print(r.stderr)
        raise RuntimeError("%s exited %d" % (" ".join(cmd), r.returncode))
    return r


# ---- The checks ----------------------------------------------------------------

def rows(d, table):
    return d.js("return document.querySelectorAll('#%s tbody tr.row').length" % table)


def status(d, table):
    return d.js("return document.querySelector('#%s .status').textContent" % table)


def check_account(d, path, artifacts):
    d.go("file://" + path)
    check(d.wait_ready(), "account report: the script rendered the page")
    check(rows(d, "policies") == 7, "account report: 7 policies in the table")
    check(status(d, "policies") == "Showing 1\u20137 of 7 policies", "account report: the status line counts them")
    check(d.js("return performance.getEntriesByType('resource').length") == 0, "account report: nothing was fetched")
    check(d.js("return document.querySelectorAll('script').length") == 2, "account report: only its own two scripts")
    cards = d.js("return Array.from(document.querySelectorAll('.card')).map(c => c.querySelector('.card-label').textContent)")
    check("principals" in cards and "policies" in cards and "removed" in cards, "account report: overview cards %s" % cards)
    check(d.js("return document.querySelectorAll('#service-chart rect').length") > 5, "account report: the per-service chart")
    check(d.js("return document.querySelector('#coverage-heading') !== null"), "account report: tracking coverage section")

    # A filter: the text box, then the outcome select.
    search = d.find("#policies input.search")
    d.type(search, "Builder")
    check(rows(d, "policies") == 2, "filter 'Builder': role/Builder's policy and the managed policy it uses")
    d.js("const s = arguments[0]; s.value = ''; s.dispatchEvent(new Event('input'))", search)
    d.js("const s = document.querySelector('#policies select[data-key=outcome]'); s.value = 'narrowed';"
         "s.dispatchEvent(new Event('change'))")
    check(rows(d, "policies") == 4, "filter outcome=narrowed: 4 policies")
    check("(filtered from 7)" in status(d, "policies"), "the status line says the table is filtered")
    d.js("const s = document.querySelector('#policies select[data-key=outcome]'); s.value = '';"
         "s.dispatchEvent(new Event('change'))")

    # Sorting by a numeric column.
    d.click(d.find("#policies th button.sort[data-key=granted]"))
    check(d.js("return document.querySelector('#policies th[aria-sort=descending] button').dataset.key") == "granted",
          "sort by Granted: aria-sort descending on its header")
    first = d.js("return document.querySelector('#policies tbody tr.row td.num').textContent")
    check(first == "95", "sort by Granted: the AWS-managed policy (95) comes first, got %s" % first)

    # Keyboard: the arrow keys move between rows, Enter opens one.
    d.js("document.querySelector('#policies tbody .row-toggle').focus()")
    d.keys(ARROW_DOWN)
    check(d.js("return document.activeElement === document.querySelectorAll('#policies tbody .row-toggle')[1]"),
          "ArrowDown moves the focus to the next row")
    d.keys(ENTER)
    check(d.js("return document.activeElement.getAttribute('aria-expanded')") == "true",
          "Enter expands the focused row, which keeps the focus")

    # A diff expanded: role/Builder's BuildArtifacts.
    d.js("const s = arguments[0]; s.value = 'BuildArtifacts'; s.dispatchEvent(new Event('input'))",
         search)
    toggle = d.find("#policies tbody .row-toggle")
    if d.js("return arguments[0].getAttribute('aria-expanded')", toggle) != "true":
        d.click(toggle)
    detail = d.js("const t = document.querySelector('#policies tr.detail'); return t ? t.textContent : ''")
    check("Before and after" in detail and "Removed, and why" in detail, "the detail row shows the diff and the removals")
    dels = d.js("return Array.from(document.querySelectorAll('#policies tr.detail pre.diff .del')).map(s => s.textContent)")
    check(len(dels) > 0, "the diff has removed lines: %s" % dels[:3])
    reasons = d.js("return Array.from(document.querySelectorAll('#policies tr.detail span.reason')).map(s => s.textContent)")
    check(any(r in ("action-not-accessed", "service-not-accessed") for r in reasons),
          "every removal shows its reason: %s" % sorted(set(reasons)))
    check("job" in detail.lower() or "Job date" in detail, "removals show their evidence")
    d.js("window.scrollTo(0, 0)")
    d.screenshot(os.path.join(artifacts, "account-report.png"))
    d.js("document.querySelector('#policies tr.detail').scrollIntoView()")
    d.screenshot(os.path.join(artifacts, "account-report-diff.png"), d.find("#policies tr.detail"))

    # Tabs: ArrowRight from the focused tab shows the principals.
    d.js("document.getElementById('tab-policies').focus()")
    d.keys(ARROW_RIGHT)
    check(d.js("return document.activeElement.id") == "tab-principals", "ArrowRight moves to the Principals tab")
    check(d.js("return document.getElementById('panel-principals').hidden") is False, "the Principals panel is shown")
    check(rows(d, "principals") == 5, "5 principals in the table")
    legacy = d.js("return Array.from(document.querySelectorAll('#principals tbody tr.row')).filter("
                  "r => r.textContent.includes('role/Legacy'))[0].textContent")
    check("no evidence" in legacy, "role/Legacy is marked as without evidence")


def check_hostile(d, path):
    d.go("file://" + path)
    check(d.wait_ready(), "hostile names: the page renders (no script of the input ran)")
    check(d.js("return document.querySelectorAll('script').length") == 2, "hostile names: no injected script element")
    check(d.js("return document.querySelectorAll('img, b').length") == 0, "hostile names: no injected img or b element")
    d.click(d.find("#policies tbody .row-toggle"))
    text = d.js("return document.body.textContent")
    check(HOSTILE in text, "hostile names: the role name is shown as text")
    check("<img src=x onerror=alert(2)>" in text, "hostile names: the policy name is shown as text")
    check("<b onmouseover=alert(3)>.json" in text, "hostile names: the evidence file name is shown as text")
    check(d.js("return document.title") == "iamtrim account narrowing report", "hostile names: the title is intact")


def check_big(d, path, policies):
    times = []
    for _ in range(3):
        d.go("file://" + path)
        if not d.wait_ready(60):
            check(False, "2,000-role report: the page became interactive")
            return
        times.append(d.js("return window.iamtrimReady"))
    best = min(times)
    print("2,000-role report: interactive after %s ms (best of %s)" % (round(best), [round(t) for t in times]), flush=True)
    check(best < READY_BUDGET_MS, "2,000-role report: interactive in under %d ms" % READY_BUDGET_MS)
    check(rows(d, "policies") == 50, "2,000-role report: one page of 50 policies")
    check(status(d, "policies").endswith("of %s policies" % format(policies, ",")), "2,000-role report: %s" % status(d, "policies"))
    start = time.time()
    search = d.find("#policies input.search")
    d.type(search, "app-1999")
    check(rows(d, "policies") >= 3, "2,000-role report: filtering finds app-1999's policies")
    print("2,000-role report: filter applied in %d ms (WebDriver round trip included)" % ((time.time() - start) * 1000))


def check_simple(d, path, table, count, what):
    d.go("file://" + path)
    check(d.wait_ready(), what + ": the script rendered the page")
    n = rows(d, table)
    check(n == count, "%s: %d rows in the table (got %s)" % (what, count, n))
    d.click(d.find("#%s tbody .row-toggle" % table))
    check(d.js("return document.querySelectorAll('#%s tr.detail').length" % table) == 1, what + ": a row expands")
    return d.js("return document.querySelector('#%s tr.detail').textContent" % table)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iamtrim", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--artifacts", required=True)
    args = ap.parse_args()
    chromium = os.environ.get("IAMTRIM_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver = os.environ.get("IAMTRIM_CHROMEDRIVER") or shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    if not chromium or not driver:
        print("SKIPPED: the HTML report browser test needs Debian's chromium and chromium-driver "
              "(scripts/install-deps.sh installs them)", flush=True)
        return SKIP
    src = os.path.abspath(args.source_dir)
    iamtrim = os.path.abspath(args.iamtrim)
    artifacts = os.path.abspath(args.artifacts)
    shutil.rmtree(artifacts, ignore_errors=True)
    os.makedirs(artifacts)

    account = "testdata/narrow/account/shared-ec2/"
    run([iamtrim, "narrow", "--account", account + "authorization-details.json", "--evidence", account + "evidence",
         "--report", os.path.join(artifacts, "account.html"), "--out", os.path.join(artifacts, "narrowed")], src)
    run([iamtrim, "narrow", "testdata/narrow/s3-role.policy.json", "--evidence", "testdata/narrow/s3-role.evidence.json",
         "--window", "90", "--as-of", "2024-06-30", "--report", os.path.join(artifacts, "policy.html")], src)
    run([iamtrim, "narrow", "--organizations", "testdata/narrow/organizations/ou-two-unused/access-report.json",
         "--window", "180", "--report", os.path.join(artifacts, "organizations.html")], src)
    with open(os.path.join(artifacts, "lint.html"), "w") as out:
        run([iamtrim, "lint", "--no-config", "--format", "html", "testdata/iac/cases"], src, stdout=out)
    work = tempfile.mkdtemp(prefix="iamtrim-browser-", dir=artifacts)
    generate_hostile(os.path.join(work, "hostile"))
    run([iamtrim, "narrow", "--account", "authorization-details.json", "--evidence", "evidence",
         "--report", os.path.join(artifacts, "hostile.html")], os.path.join(work, "hostile"))
    generate_account(os.path.join(work, "big"), ROLES)
    start = time.time()
    run([iamtrim, "narrow", "--account", "authorization-details.json", "--evidence", "evidence",
         "--report", os.path.join(artifacts, "big.html")], os.path.join(work, "big"))
    size = os.path.getsize(os.path.join(artifacts, "big.html"))
    print("2,000-role report: written in %.1f s, %.1f MB" % (time.time() - start, size / 1e6), flush=True)
    shutil.rmtree(os.path.join(work, "big"))

    profile = os.path.join(work, "profile")
    os.makedirs(profile)
    d = WebDriver(driver, chromium, profile)
    try:
        check_account(d, os.path.join(artifacts, "account.html"), artifacts)
        check_hostile(d, os.path.join(artifacts, "hostile.html"))
        text = check_simple(d, os.path.join(artifacts, "policy.html"), "policies", 1, "policy report")
        check("s3:PutBucketPolicy" in text or "s3:" in text, "policy report: the detail names the removed actions")
        text = check_simple(d, os.path.join(artifacts, "organizations.html"), "services", 9, "organizations report")
        check(d.js("return document.querySelectorAll('pre.code').length") == 1, "organizations report: the proposed SCP")
        text = check_simple(d, os.path.join(artifacts, "lint.html"), "findings", 39, "lint report")
        check("iamtrim explain" in text, "lint report: a finding's detail says how to learn more")
        d.js("const s = document.querySelector('#findings select[data-key=severity]'); s.value = 'security';"
             "s.dispatchEvent(new Event('change'))")
        check(rows(d, "findings") == 8, "lint report: 8 security findings after filtering")
        check_big(d, os.path.join(artifacts, "big.html"), 3 * ROLES + 10)
    finally:
        d.quit()
    if os.environ.get("IAMTRIM_UPDATE_GOLDEN") == "1":
        target = os.path.join(src, "docs", "images", "account-report.png")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(artifacts, "account-report.png"), target)
        print("updated " + target)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all browser checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
