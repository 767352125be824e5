"""Verdicts on the validation corpus, end to end: each portal of tests/corpus/ is served on 127.0.0.1
and audited by `egov-audit check --json --render 0` with its profile, as a user would; every
rule's outcome is compared with the portal's labels, and so is the page its evidence names.

    scripts/bench corpus_bench [--languages en sv ...]

Prints agreement per rule and per language: the verdict (pass, fail, not applicable as labelled)
and the evidence (the first evidence names the labelled page: the link chosen, the page examined).
Target (issue 17): at least 95 % on both, across at least ten languages.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus.agreement import Verdict, verdicts  # noqa: E402 - the project's root on the path first
from tests.corpus.portal import CORPUS, HELD_OUT, build, languages, load  # noqa: E402

PYTHON = sys.executable


def serve(pages: dict[str, str]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            body = pages.get(path)
            status, kind = (200, "text/plain" if path.endswith(".txt") else "text/html; charset=utf-8")
            if body is None:
                status, body, kind = 404, "<!DOCTYPE html><title>Not found</title>", "text/html"
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def audit(language: str, work: Path, folder: Path) -> list[Verdict]:
    spec = load(language, folder)
    server = serve(build(spec, datetime.now(UTC).date()))
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        done = subprocess.run(
            [PYTHON, "-m", "egov_audit", "check", f"{base}/", "--json", "--render", "0", "--no-progress",
             "--profile", spec.get("profile", "generic"), "--db", f"sqlite:///{work / language}.sqlite",
             "--report", str(work / f"{language}.html")],
            capture_output=True, text=True, cwd=work, check=False,
        )  # fmt: skip
    finally:
        server.shutdown()
    if not done.stdout:
        raise SystemExit(f"{language}: check printed nothing: {done.stderr[-800:]}")
    document = json.loads(done.stdout)
    found = (
        (o["rule_id"], o["outcome"], o["evidence"][0]["url"] if o["evidence"] else None) for o in document["outcomes"]
    )
    return verdicts(language, spec, found)


def share(items: list[Verdict], attribute: str) -> str:
    right = sum(getattr(v, attribute) for v in items)
    return f"{right}/{len(items)} {100 * right / len(items):5.1f} %"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--languages", nargs="*", default=None, help="corpus portals to audit (default: all)")
    parser.add_argument("--show", action="store_true", help="list every disagreement")
    parser.add_argument("--held-out", action="store_true", help="the held-out portals (tests/corpus/held_out/)")
    args = parser.parse_args()
    folder = HELD_OUT if args.held_out else CORPUS
    chosen = args.languages or languages(folder)
    work = Path(tempfile.mkdtemp(prefix="egov-corpus-"))
    every: list[Verdict] = []
    for language in chosen:
        every.extend(audit(language, work, folder))
    by_language: dict[str, list[Verdict]] = defaultdict(list)
    by_rule: dict[str, list[Verdict]] = defaultdict(list)
    for verdict in every:
        by_language[verdict.language].append(verdict)
        by_rule[verdict.rule].append(verdict)
    which = "held-out portals" if args.held_out else "validation corpus"
    print(f"{which}: {len(chosen)} languages, {len(every)} labelled verdicts, `check --render 0`\n")
    print(f"{'language':<10} {'verdicts':>18} {'evidence':>18}")
    for language, items in sorted(by_language.items()):
        print(f"{language:<10} {share(items, 'verdict_right'):>18} {share(items, 'evidence_right'):>18}")
    print(f"\n{'rule':<38} {'verdicts':>18} {'evidence':>18}")
    for rule, items in sorted(by_rule.items()):
        print(f"{rule:<38} {share(items, 'verdict_right'):>18} {share(items, 'evidence_right'):>18}")
    print(f"\n{'all':<38} {share(every, 'verdict_right'):>18} {share(every, 'evidence_right'):>18}")
    wrong = [v for v in every if not (v.verdict_right and v.evidence_right)]
    if args.show or wrong:
        print("\nDisagreements:")
        for v in wrong:
            print(f"  {v.language} {v.rule}: labelled {v.expected.outcome} {v.expected.page or ''}, "
                  f"got {v.outcome} {v.evidence_url or ''}")  # fmt: skip


if __name__ == "__main__":
    main()
