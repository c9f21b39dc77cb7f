"""CPU instructions per directory request, counted by valgrind (`make bench-directory-count`).

Timings on a shared machine move by up to 1.7x within minutes; the instructions the Django
process executes for the same requests do not, so this is how two versions of the directory are
compared when a 10% change is at stake. It uses `make bench-directory`'s database and request
mix (seeding it first if needed) and runs the Django process under `valgrind --tool=callgrind`
four times: start-up and one warm-up round of the mix only, then that plus the mix once more
through the real view, through `directory_search` alone (no HTTP, no template) and through the
bare reference view. Each run minus the first, divided by the number of requests, is printed in
millions of instructions per request. PostgreSQL's own work is not counted (another process):
`EXPLAIN (ANALYZE)` of the statements tells that part.

    python scripts/count_directory.py    # about 6 minutes on 2 cores: two runs at a time
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_directory  # noqa: E402

MEASURES = {
    "directory": "the whole directory request (test client, middleware, view, template)",
    "search": "the search alone (`directory_search`: querysets, compiling, psycopg, rows)",
    "bare": "the bare reference view behind the same stack, signed in",
}


def child(measure: str) -> None:
    """Inside valgrind: set up, warm up with one round of the mix, then run `measure` once."""
    bench_directory.configure(bench_directory.bench_database_url())
    from django.http import QueryDict
    from django.test import Client
    from django.utils.http import urlencode

    from members.directory import DirectoryForm
    from members.search import directory_search

    viewer = bench_directory.viewer()
    client = Client()
    client.force_login(viewer)
    mix, _ = bench_directory.request_mix(random.Random(bench_directory.SEED))  # noqa: S311
    searches = []
    for _, params in mix:
        client.get("/members/", params, secure=True)
        form = DirectoryForm(QueryDict(urlencode(params, doseq=True)))  # as the view gets them
        form.is_valid()
        search = form.to_search()
        search.viewer_id = viewer.pk  # as the view sets it
        searches.append(search)
        directory_search(search)
    for (_, params), search in zip(mix, searches, strict=True):
        if measure == "directory":
            client.get("/members/", params, secure=True)
        elif measure == "search":
            directory_search(search)
        elif measure == "bare":
            client.get("/bench/bare/", secure=True)


def counted(measure: str, folder: Path) -> int:
    """Instructions of one run of this script under callgrind."""
    out = folder / f"callgrind.{measure}"
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONMALLOC": "malloc"}
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
    command += [sys.executable, __file__, "--child", measure]
    run = subprocess.run(command, env=env, capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"[count] the {measure} run failed:\n{run.stderr[-3000:]}")
    totals = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
    return int(totals.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["none", *MEASURES], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed: apt-get install valgrind (Debian's package).")

    # The database and the mix `make bench-directory` uses, seeded once.
    count, seed = 500_000, bench_directory.SEED
    url = bench_directory.bench_database_url()
    wanted = bench_directory.fingerprint(count, seed)
    bench_directory.ensure_database(url, wanted)
    bench_directory.configure(url)
    bench_directory.prepare(count, seed, wanted)
    mix, _ = bench_directory.request_mix(random.Random(seed))  # noqa: S311 (benchmark)

    print(f"[count] {len(mix)} requests a run, 4 runs under callgrind, two at a time")
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(2) as pool:
        runs = ["none", *MEASURES]
        totals = dict(zip(runs, pool.map(lambda m: counted(m, Path(folder)), runs), strict=True))
    print()
    print("| what | instructions per request |")
    print("|---|---:|")
    for measure, label in MEASURES.items():
        per_request = (totals[measure] - totals["none"]) / len(mix)
        print(f"| {label} | {per_request / 1e6:.1f} M |")


if __name__ == "__main__":
    main()
