#!/usr/bin/env python3
"""A stand-in for the AWS CLI's last-accessed commands, for the collect tests.

Installed as `aws` in a directory that the test puts first on PATH. It keeps
its state in $FAKE_AWS_DIR (created by the test):

  scenario.json   what to simulate (below); read on every call
  calls.jsonl     every call received: its argument vector and what it answered
  state.json      jobs, counters, jobs in flight and the most ever in flight
  lock            serialises concurrent calls (fcntl)

scenario.json (every key optional):
  page_size          services per page (default 2); MaxItems never raises it,
                     as IAM "might return fewer results"
  in_progress_polls  get calls answered IN_PROGRESS before COMPLETED (default 1)
  delay_ms           every call sleeps this long first (lets a test kill collect mid-run)
  max_jobs           > 0: generate answers ReportGenerationLimitExceeded while
                     this many jobs are in flight
  job_date           "now" (default) or an ISO timestamp: JobCreationDate of new jobs
  all_calls          {"exit": N, "stderr": "..."}: every call fails so (credentials gone...)
  subjects           {ARN or entity path: {
      "report":       a file whose ServicesLastAccessed / AccessDetails (and dates,
                      JobType) the job returns,
      "services":     number of generated services (default 3),
      "status":       "FAILED" to fail the job, with "error": {"Code", "Message"},
      "in_progress_polls": as above, for this subject,
      "generate_failures", "get_failures": [{"code", "message"} | {"exit", "stderr"} |
                      {"signal": 9}], used up one per call, in order,
      "no_such_entity": true   generate answers NoSuchEntity }}
A job is in flight from its generate call until the call that returns its
last page (or FAILED).
"""
import base64
import hashlib
import fcntl
import json
import os
import signal
import sys
import time
from datetime import datetime, timedelta, timezone

STATE_DIR = os.environ.get("FAKE_AWS_DIR", "")
OPERATIONS = {
    "generate-service-last-accessed-details": "GenerateServiceLastAccessedDetails",
    "get-service-last-accessed-details": "GetServiceLastAccessedDetails",
    "generate-organizations-access-report": "GenerateOrganizationsAccessReport",
    "get-organizations-access-report": "GetOrganizationsAccessReport",
}
SERVICES = [
    ("s3", "Amazon S3", ["GetBucketPolicy", "ListBucket", "PutBucketPolicy"]),
    ("ec2", "Amazon EC2", ["DescribeInstances", "RunInstances", "StopInstances"]),
    ("iam", "AWS Identity and Access Management", ["GetRole", "ListRoles"]),
    ("lambda", "AWS Lambda", ["InvokeFunction", "ListFunctions"]),
    ("sns", "Amazon SNS", ["Publish", "ListTopics"]),
    ("sqs", "Amazon SQS", ["SendMessage", "ListQueues"]),
    ("dynamodb", "Amazon DynamoDB", ["CreateTable", "DescribeTable"]),
]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def fail(code, message, operation, status=254):
    sys.stderr.write("\nAn error occurred (%s) when calling the %s operation: %s\n" % (code, operation, message))
    return status, {"error": code}


def parse_args(argv):
    if len(argv) < 2 or argv[0] != "iam" or argv[1] not in OPERATIONS:
        return None, None
    options = {}
    i = 2
    while i < len(argv):
        key = argv[i]
        if not key.startswith("--") or i + 1 >= len(argv):
            return argv[1], None
        options[key[2:]] = argv[i + 1]
        i += 2
    return argv[1], options


def generated_report(subject, spec, granularity, created):
    services = []
    for n, (ns, name, actions) in enumerate(SERVICES[: spec.get("services", 3)]):
        used = n % 2 == 0
        entry = {"ServiceName": name, "ServiceNamespace": ns, "TotalAuthenticatedEntities": 1 if used else 0}
        if used:
            entry["LastAuthenticated"] = iso(created - timedelta(days=1 + n))
            entry["LastAuthenticatedEntity"] = subject
            entry["LastAuthenticatedRegion"] = "us-east-1"
        if granularity == "ACTION_LEVEL":
            tracked = []
            for k, action in enumerate(actions):
                item = {"ActionName": action}
                if used and k == 0:
                    item.update({"LastAccessedEntity": subject, "LastAccessedRegion": "us-east-1",
                                 "LastAccessedTime": iso(created - timedelta(days=1 + n))})
                tracked.append(item)
            entry["TrackedActionsLastAccessed"] = tracked
        services.append(entry)
    return services


def job_body(job, scenario):
    """The whole report of a job, before paging."""
    spec = scenario.get("subjects", {}).get(job["subject"], {})
    created = datetime.fromisoformat(job["created"].replace("Z", "+00:00"))
    body = {"JobStatus": "COMPLETED"}
    if job["kind"] == "principal":
        body["JobType"] = job["granularity"]
    body["JobCreationDate"] = job["created"]
    body["JobCompletionDate"] = job["completed"]
    items_key = "ServicesLastAccessed" if job["kind"] == "principal" else "AccessDetails"
    if "report" in spec:
        with open(spec["report"]) as f:
            canned = json.load(f)
        body = {k: v for k, v in canned.items() if k not in (items_key, "IsTruncated", "Marker")}
        body["JobStatus"] = "COMPLETED"
        items = canned[items_key]
    elif job["kind"] == "principal":
        items = generated_report(job["subject"], spec, job["granularity"], created)
    else:
        items = [{"ServiceName": "Amazon S3", "ServiceNamespace": "s3", "TotalAuthenticatedEntities": 0}]
    return body, items_key, items


def handle(op, options, scenario, state):
    operation = OPERATIONS[op]
    if "all_calls" in scenario:
        sys.stderr.write(scenario["all_calls"].get("stderr", "") + "\n")
        return scenario["all_calls"].get("exit", 255), {"error": "all_calls"}
    if options.get("output") != "json":
        return fail("FakeAws", "collect must ask for --output json", operation, 252)
    subjects = scenario.get("subjects", {})
    if op.startswith("generate"):
        key = "arn" if op == "generate-service-last-accessed-details" else "entity-path"
        subject = options.get(key)
        if subject is None:
            return fail("ValidationError", "missing --" + key, operation, 252)
        spec = subjects.get(subject, {})
        outcome = use_failure(spec, state, subject, "generate_failures", operation)
        if outcome:
            return outcome
        if spec.get("no_such_entity"):
            return fail("NoSuchEntity", "The role with name %s cannot be found." % subject, operation)
        if scenario.get("max_jobs", 0) > 0 and len(state["in_flight"]) >= scenario["max_jobs"]:
            return fail("ReportGenerationLimitExceeded", "Maximum concurrent report generation limit exceeded",
                        operation, 254)
        # The same subject gets the same ids in every run, whatever the order of calls.
        state["next_job"] += 1
        n = state["failures_used"].setdefault("jobs " + subject, 0) + 1
        state["failures_used"]["jobs " + subject] = n
        h = hashlib.sha1(("%s#%d" % (subject, n)).encode()).hexdigest()
        job_id = "%s-%s-4%s-8%s-%s" % (h[:8], h[8:12], h[13:16], h[17:20], h[20:32])
        date = scenario.get("job_date", "now")
        created = iso(datetime.now(timezone.utc)) if date == "now" else date
        state["jobs"][job_id] = {
            "subject": subject,
            "kind": "principal" if key == "arn" else "organizations",
            "granularity": options.get("granularity", "SERVICE_LEVEL"),
            "created": created,
            "polls_left": spec.get("in_progress_polls", scenario.get("in_progress_polls", 1)),
        }
        state["in_flight"][job_id] = True
        state["max_in_flight"] = max(state["max_in_flight"], len(state["in_flight"]))
        return 0, {"JobId": job_id}

    job_id = options.get("job-id")
    job = state["jobs"].get(job_id)
    if job is None or (op == "get-organizations-access-report") != (job["kind"] == "organizations"):
        return fail("NoSuchEntity", "The job with ID %s does not exist." % job_id, operation)
    spec = subjects.get(job["subject"], {})
    outcome = use_failure(spec, state, job["subject"], "get_failures", operation)
    if outcome:
        return outcome
    if job["polls_left"] > 0:
        job["polls_left"] -= 1
        return 0, {"JobStatus": "IN_PROGRESS", "JobCreationDate": job["created"]}
    if spec.get("status") == "FAILED":
        state["in_flight"].pop(job_id, None)
        return 0, {"JobStatus": "FAILED", "JobCreationDate": job["created"],
                   "JobCompletionDate": job["created"], "Error": spec.get("error", {"Code": "InternalError", "Message": "failed"})}
    if "completed" not in job:
        # A second after creation, but never later than the first answer that
        # says COMPLETED: a report is not dated after it can be read.
        created = datetime.fromisoformat(job["created"].replace("Z", "+00:00"))
        job["completed"] = iso(min(created + timedelta(seconds=1), max(created, datetime.now(timezone.utc))))
    body, items_key, items = job_body(job, scenario)
    size = scenario.get("page_size", 2)
    start = 0
    if "marker" in options:
        decoded = base64.b64decode(options["marker"]).decode()
        marker_job, start = decoded.rsplit("/", 1)
        start = int(start)
        if marker_job != job_id:
            return fail("InvalidInput", "Invalid Marker", operation)
    page = dict(body)
    page[items_key] = items[start:start + size]
    page["IsTruncated"] = start + size < len(items)
    if page["IsTruncated"]:
        page["Marker"] = base64.b64encode(("%s/%d" % (job_id, start + size)).encode()).decode()
    else:
        state["in_flight"].pop(job_id, None)
    return 0, page


def use_failure(spec, state, subject, which, operation):
    used = state["failures_used"].setdefault(which + " " + subject, 0)
    queue = spec.get(which, [])
    if used >= len(queue):
        return None
    state["failures_used"][which + " " + subject] = used + 1
    f = queue[used]
    if "signal" in f:
        return "signal", f["signal"]
    if "code" in f:
        return fail(f["code"], f.get("message", ""), operation, f.get("exit", 254))
    sys.stderr.write(f.get("stderr", "") + "\n")
    return f.get("exit", 255), {"error": "exit"}


def main():
    if not STATE_DIR:
        sys.stderr.write("fake aws: FAKE_AWS_DIR is not set\n")
        return 255
    argv = sys.argv[1:]
    with open(os.path.join(STATE_DIR, "scenario.json")) as f:
        scenario = json.load(f)
    if scenario.get("delay_ms"):
        time.sleep(scenario["delay_ms"] / 1000.0)
    with open(os.path.join(STATE_DIR, "lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state_path = os.path.join(STATE_DIR, "state.json")
        try:
            with open(state_path) as f:
                state = json.load(f)
        except FileNotFoundError:
            state = {"next_job": 0, "jobs": {}, "in_flight": {}, "max_in_flight": 0, "failures_used": {}, "seq": 0}
        op, options = parse_args(argv)
        if op is None:
            status, answer = 252, {"error": "usage"}
            sys.stderr.write("aws: error: argument operation: Invalid choice\n")
        elif options is None:
            status, answer = 252, {"error": "usage"}
            sys.stderr.write("aws: error: the following arguments are malformed\n")
        else:
            status, answer = handle(op, options, scenario, state)
        state["seq"] += 1
        with open(os.path.join(STATE_DIR, "calls.jsonl"), "a") as log:
            log.write(json.dumps({"seq": state["seq"], "argv": argv, "pid": os.getpid(),
                                  "status": status if status != "signal" else "signal",
                                  "answer": answer if isinstance(answer, dict) else {},
                                  "in_flight": len(state["in_flight"])}) + "\n")
        with open(state_path + ".new", "w") as f:
            json.dump(state, f)
        os.replace(state_path + ".new", state_path)
    if status == "signal":
        os.kill(os.getpid(), answer)
        return 255
    if status == 0:
        sys.stdout.write(json.dumps(answer, indent=4) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
