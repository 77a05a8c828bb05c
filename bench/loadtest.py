"""`make loadtest`: a mixed workload from 32 concurrent clients for 60 seconds.

The registry runs under gunicorn (production settings, 2 workers) on loopback against the
bench database (created by `make bench` if missing); wrk's clients take the URLs of
bench/targets.py LOADTEST_PATHS in turn. Any error or non-2xx/3xx answer fails the run. The
result (throughput, median and p99 latency, errors) goes to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import targets
from bench.common import BENCH_COUNT, RESULTS, WORK, replace_section
from bench.run import (
    PORTS,
    ensure_database,
    fill,
    log,
    machine,
    parse_wrk,
    sample_values,
    servers,
    wrk,
)

LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=60)
    args = parser.parse_args()
    ensure_database(BENCH_COUNT)
    values = sample_values()
    paths = [fill(path, values) for path in targets.LOADTEST_PATHS]
    script = WORK / "loadtest.lua"
    WORK.mkdir(parents=True, exist_ok=True)
    script.write_text(LUA % ", ".join(f'"{path}"' for path in paths))
    with servers(datasette_bin=None):
        # As in `make bench`: every worker renders each URL once before the clock starts
        # (the first render of the home or statistics page takes a second or two at this size).
        log("warming up for 10 s")
        wrk(f"http://127.0.0.1:{PORTS['django']}", 10, connections=4, script=script)
        log(f"{args.connections} clients for {args.duration}s over {len(paths)} URLs")
        output = wrk(f"http://127.0.0.1:{PORTS['django']}", args.duration,
                     connections=args.connections, script=script)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "loadtest.txt").write_text(
        f"$ wrk -t2 -c{args.connections} -d{args.duration}s --latency -s loadtest.lua\n"
        f"URLs: {paths}\n{output}")
    result = parse_wrk(output)
    print(output)
    url_list = ", ".join(f"`{path}`" for path in paths)
    body = (
        f"Machine: {machine()}.\n\n"
        f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: `make loadtest`, "
        f"{args.connections} concurrent clients for {args.duration} s (`wrk -t2 "
        f"-c{args.connections} --latency` with a script taking the URLs in turn) against the "
        f"registry under gunicorn (2 workers, production settings) with {BENCH_COUNT:,} "
        f"synthetic records, after a 10 s warm-up with 4 clients. URLs: {url_list}. Raw output: "
        f"`bench/results/loadtest.txt`.\n\n"
        "| requests | requests/s | median latency | p99 latency | errors |\n"
        "|---:|---:|---:|---:|---:|\n"
        f"| {result['requests']} | {result['rps']:.0f} | {result['p50']:.1f} ms | "
        f"{result['p99']:.1f} ms | {result['errors']} |\n\n"
        "The URLs repeat, so after its first request each page and anonymous API list is "
        "served from the page cache (registry/http.py); the CSV export and the monument's "
        "API record are produced on every request. A crawl of distinct URLs would meet the "
        "uncached figures of the table above."
    )
    replace_section("Load test", body)
    log(f"p99 {result['p99']:.1f} ms, {result['errors']} errors; docs/benchmarks.md updated")
    if result["errors"]:
        raise SystemExit(f"{result['errors']} requests failed")


if __name__ == "__main__":
    main()
