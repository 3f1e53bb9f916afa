#!/usr/bin/env python3
"""Run every scim2-tester check against a live SCIM 2.0 server.

Usage:
    scim2_tester_run.py [BASE_URL [TOKEN]] [--known-deviations FILE] [--trace FILE]

BASE_URL and TOKEN default to the SCIM_BASE_URL and SCIM_TOKEN environment variables
(the token is better passed through the environment: argv is visible to other users).

Prints a readable report, then, as the very last line, a one-line JSON summary:
    {"passed": n, "failed": n, "skipped": n, "failures": [{"check", "reason"}], ...}

Exit status:
    0  every check passed or was skipped, or failed with a reason listed in the
       known-deviations file (a deviation we can show is the checker's fault, with the RFC
       section that says so);
    1  at least one check failed that is not in that list;
    2  the run itself could not be made (bad arguments, unreadable allow-list, the checker
       crashed, the server could not be reached).

Runs scim2_tester.check_server() with no tag filter (every check it orchestrates: discovery,
misc, crud, crud:read:attributes, patch:add/remove/replace on every resource type the server
publishes), plus the checks the package exports but check_server() does not call
(core_schemas_validation), so that no check of the installed version is left out.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import traceback
from pathlib import Path as FsPath
from typing import Any

HERE = FsPath(__file__).resolve().parent
DEFAULT_DEVIATIONS = HERE / "known-deviations.json"

# Statuses scim2-tester defines (scim2_tester.utils.Status). DEVIATION is a departure from a
# SHOULD; it is counted as a failure so that it gets looked at (or listed with a reason).
PASSING = {"SUCCESS", "COMPLIANT", "ACCEPTABLE"}
FAILING = {"ERROR", "CRITICAL", "DEVIATION"}
SKIPPED = {"SKIPPED"}

MAX_DATA_CHARS = 2500


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", nargs="?", default=os.environ.get("SCIM_BASE_URL"))
    parser.add_argument("token", nargs="?", default=os.environ.get("SCIM_TOKEN"))
    parser.add_argument(
        "--known-deviations",
        default=os.environ.get("SCIM2_TESTER_KNOWN_DEVIATIONS", str(DEFAULT_DEVIATIONS)),
        help="JSON allow-list of failures that are the checker's fault (default: %(default)s)",
    )
    parser.add_argument(
        "--trace",
        default=os.environ.get("SCIM2_TESTER_TRACE"),
        help="write every HTTP request and response to this file",
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="HTTP timeout in seconds")
    args = parser.parse_args(argv)
    if not args.base_url or not args.token:
        parser.error("the SCIM base URL and the bearer token are required (argv or SCIM_BASE_URL / SCIM_TOKEN)")
    return args


def load_deviations(path: str) -> list[dict[str, Any]]:
    """Read and validate the allow-list. Each entry: check, reason (or reason_regex), rfc, why."""
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    entries = doc.get("deviations") if isinstance(doc, dict) else doc
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a list of deviations (or {{\"deviations\": [...]}})")
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: entry {i} is not an object")
        missing = [k for k in ("check", "rfc", "why") if not str(entry.get(k, "")).strip()]
        if not entry.get("reason") and not entry.get("reason_regex"):
            missing.append("reason (or reason_regex)")
        if missing:
            raise ValueError(f"{path}: entry {i} lacks {', '.join(missing)}")
        if entry.get("reason_regex"):
            re.compile(entry["reason_regex"])
    return entries


def matching_deviation(name: str, reason: str, deviations: list[dict[str, Any]]) -> dict[str, Any] | None:
    for entry in deviations:
        if entry["check"] != name:
            continue
        if entry.get("reason") is not None and entry["reason"] == reason:
            return entry
        if entry.get("reason_regex") and re.fullmatch(entry["reason_regex"], reason, re.DOTALL):
            return entry
    return None


def check_name(result: Any) -> str:
    title = result.title or "unnamed_check"
    return f"{result.resource_type}.{title}" if result.resource_type else title


def render_data(data: Any, depth: int = 0) -> Any:
    """Turn whatever a CheckResult carries into something json.dumps can print."""
    if depth > 6:
        return repr(data)
    if data is None or isinstance(data, (str, int, float, bool)):
        return data
    if isinstance(data, dict):
        return {str(k): render_data(v, depth + 1) for k, v in data.items()}
    if isinstance(data, (list, tuple, set)):
        return [render_data(v, depth + 1) for v in data]
    if isinstance(data, BaseException):
        out: dict[str, Any] = {"exception": type(data).__name__, "message": str(data)}
        notes = getattr(data, "__notes__", None)
        if notes:
            out["notes"] = [str(n) for n in notes]
        source = getattr(data, "source", None)
        if source is not None:
            out["response"] = render_data(source, depth + 1)
        return out
    if hasattr(data, "status_code") and hasattr(data, "text"):  # an HTTP response
        request = getattr(data, "request", None)
        out = {"status": data.status_code}
        if request is not None:
            out["request"] = f"{request.method} {request.url}"
        out["content-type"] = data.headers.get("content-type")
        out["body"] = data.text[:MAX_DATA_CHARS]
        return out
    if hasattr(data, "model_dump"):
        try:
            return data.model_dump(mode="json", exclude_none=True)
        except Exception:  # noqa: BLE001 - a debugging aid must never fail the run
            return repr(data)
    return repr(data)


def dump_data(data: Any) -> str:
    text = json.dumps(render_data(data), indent=2, default=repr, ensure_ascii=False)
    if len(text) > MAX_DATA_CHARS:
        text = text[:MAX_DATA_CHARS] + f"\n… ({len(text) - MAX_DATA_CHARS} more characters)"
    return text


class Trace:
    """Records every request and response for bug reports (--trace)."""

    def __init__(self, path: str | None):
        self.fh = open(path, "w", encoding="utf-8") if path else None

    def request(self, request: Any) -> None:
        if not self.fh:
            return
        body = request.content.decode("utf-8", "replace") if request.content else ""
        self.fh.write(f">>> {request.method} {request.url}\n{body}\n")

    def response(self, response: Any) -> None:
        if not self.fh:
            return
        response.read()
        self.fh.write(
            f"<<< {response.status_code} {response.headers.get('content-type', '')}"
            f" {response.headers.get('location', '')}\n{response.text}\n\n"
        )
        self.fh.flush()


def build_client(base_url: str, token: str, timeout: float, trace: Trace) -> Any:
    import httpx2
    from scim2_client.engines.httpx2 import SyncSCIMClient

    http = httpx2.Client(
        base_url=base_url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=timeout,
        trust_env=False,  # the server is local: never go through a proxy from the environment
        event_hooks={"request": [trace.request], "response": [trace.response]},
    )
    return SyncSCIMClient(http)


def run_checks(client: Any) -> list[Any]:
    import scim2_tester
    from scim2_tester.checkers import core_schemas_validation
    from scim2_tester.utils import CheckConfig, CheckContext

    results = list(scim2_tester.check_server(client, raise_exceptions=False))

    # Exported by scim2_tester.checkers but not called by check_server() in this version.
    context = CheckContext(client, CheckConfig(raise_exceptions=False))
    results.extend(core_schemas_validation(context))
    return results


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    base_url = args.base_url.rstrip("/")

    try:
        deviations = load_deviations(args.known_deviations)
    except (OSError, ValueError) as exc:
        print(f"cannot read the known-deviations list: {exc}", file=sys.stderr)
        return 2

    try:
        from importlib.metadata import version

        versions = {p: version(p) for p in ("scim2-tester", "scim2-client", "scim2-models", "httpx2")}
    except Exception:  # noqa: BLE001
        versions = {}

    print(f"scim2-tester conformance run against {base_url}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))

    trace = Trace(args.trace)
    started = time.monotonic()
    crashed: str | None = None
    results: list[Any] = []
    try:
        client = build_client(base_url, args.token, args.timeout, trace)
        results = run_checks(client)
    except Exception:  # noqa: BLE001 - reported below, exit 2
        crashed = traceback.format_exc()
    elapsed = time.monotonic() - started

    passed: list[tuple[str, Any]] = []
    failed: list[tuple[str, Any]] = []
    allowed: list[tuple[str, Any, dict[str, Any]]] = []
    skipped: list[tuple[str, Any]] = []
    used_entries: set[int] = set()

    for result in results:
        name = check_name(result)
        status = result.status.name
        reason = result.reason or ""
        if status in PASSING:
            passed.append((name, result))
        elif status in SKIPPED:
            skipped.append((name, result))
        else:
            entry = matching_deviation(name, reason, deviations)
            if entry is not None:
                used_entries.add(id(entry))
                allowed.append((name, result, entry))
            else:
                failed.append((name, result))

    # check_server() stops after discovery when it cannot describe the server: then no
    # resource was ever created, which must not read as a pass.
    tested_types = sorted({r.resource_type for r in results if r.resource_type})
    synthetic_failures: list[dict[str, str]] = []
    if crashed is None and not tested_types:
        synthetic_failures.append(
            {
                "check": "resource_type_tests",
                "reason": "no resource type was tested: discovery (/ServiceProviderConfig, "
                "/ResourceTypes, /Schemas) did not describe the server, so the CRUD and PATCH "
                "checks never ran",
            }
        )
    if crashed is not None:
        synthetic_failures.append({"check": "scim2_tester_run", "reason": crashed.strip().splitlines()[-1]})

    # ---- readable report -------------------------------------------------------------------
    line = "-" * 78
    print(line)
    for result in results:
        name = check_name(result)
        first_line = (result.reason or "").strip().split("\n", 1)[0]
        mark = ""
        if result.status.name in FAILING:
            mark = " (known deviation)" if matching_deviation(name, result.reason or "", deviations) else ""
        print(f"[{result.status.name:<8}] {name}: {first_line}{mark}".rstrip())
    print(line)
    print(f"resource types tested: {', '.join(tested_types) or 'none'}")

    if allowed:
        print(f"\nKNOWN DEVIATIONS (checker's fault, allowed by {args.known_deviations}):")
        for name, result, entry in allowed:
            reason = (result.reason or "").replace("\n", "\n      ")
            print(f"  - {name}: {reason}\n      {entry['rfc']}: {entry['why']}")

    stale = [e for e in deviations if id(e) not in used_entries]
    if stale:
        print("\nNOTE: known-deviation entries that matched nothing this run (remove them?):")
        for entry in stale:
            print(f"  - {entry['check']}: {entry.get('reason') or entry.get('reason_regex')}")

    if failed or synthetic_failures:
        print("\nFAILURES:")
        for name, result in failed:
            print(f"\n  ✗ {name} [{result.status.name}]")
            print("    reason: " + (result.reason or "").replace("\n", "\n            "))
            if result.description:
                first = result.description.strip().splitlines()[0]
                print(f"    check:  {first}")
            if result.data is not None:
                print("    data:   " + dump_data(result.data).replace("\n", "\n            "))
        for failure in synthetic_failures:
            print(f"\n  ✗ {failure['check']}\n    reason: {failure['reason']}")
        if crashed:
            print("\n" + crashed)

    n_failed = len(failed) + len(synthetic_failures)
    print(
        f"\nscim2-tester: {len(passed)} passed, {n_failed} failed, {len(skipped)} skipped"
        f", {len(allowed)} known deviations, in {elapsed:.1f}s"
    )
    if args.trace:
        print(f"HTTP trace written to {args.trace}")

    summary = {
        "passed": len(passed),
        "failed": n_failed,
        "skipped": len(skipped),
        "failures": [{"check": n, "reason": r.reason or ""} for n, r in failed] + synthetic_failures,
        "known_deviations": [{"check": n, "reason": r.reason or ""} for n, r, _ in allowed],
        "seconds": round(elapsed, 1),
        "versions": versions,
    }
    sys.stdout.flush()
    print(json.dumps(summary, ensure_ascii=False))

    if crashed is not None:
        return 2
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
