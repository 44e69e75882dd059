"""Benchmark of the shortage panel: samverk's Ibis expression against hand-written DuckDB SQL
for the same result, on a synthetic job-ad table (400 regions, 430 ISCO-08 unit groups, 12
quarters) written as Parquet. Each runs in its own process (so its peak memory is its own),
three times; the report gives the median time of each, their ratio (goal: Ibis ≤ 1.3 x SQL)
and the peak memory (goal ≤ 1 GB), and checks that both give the same rows.

    make bench-shortage                # 10,000,000 rows
    make bench-shortage ROWS=1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

REGIONS, OCCUPATIONS, QUARTERS = 400, 430, 12


def write_ads(path: Path, rows: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    chunk = 2_000_000
    writer = None
    regions = np.array([f"R{i:03d}" for i in range(REGIONS)])
    occupations = np.array([f"{1000 + i * 19}"[:4] for i in range(OCCUPATIONS)])
    quarters = np.array([f"{2023 + q // 4}Q{q % 4 + 1}" for q in range(QUARTERS)])
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        table = pa.table(
            {
                "region": pa.array(regions[rng.integers(0, REGIONS, n)]),
                "occupation": pa.array(occupations[rng.integers(0, OCCUPATIONS, n)]),
                "quarter": pa.array(quarters[rng.integers(0, QUARTERS, n)]),
                "days_open": pa.array(rng.gamma(2.0, 20.0, n).astype(np.int64)),
                "vacancies": pa.array(rng.integers(1, 4, n)),
                "filled": pa.array(rng.random(n) < 0.7),
            }
        )
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema, compression="zstd")
        writer.write_table(table)
    assert writer is not None
    writer.close()


def _run(kind: str, path: str, out: str) -> None:
    """One measured run (in a child process): the panel by ``kind`` written to ``out``."""
    import duckdb
    import ibis

    from samverk.knowledge import shortage

    started = time.perf_counter()
    if kind == "ibis":
        connection = ibis.duckdb.connect()
        result = connection.to_pyarrow(shortage.panel(connection.read_parquet(path)))
    else:
        raw = duckdb.connect()
        raw.execute(f"CREATE VIEW ads AS SELECT * FROM read_parquet('{path}')")
        result = shortage.panel_sql(raw)
    elapsed = time.perf_counter() - started
    pq.write_table(result, out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": elapsed, "peak_bytes": peak, "rows": result.num_rows}))


def _same(left: pa.Table, right: pa.Table) -> bool:
    """The same cells: equal keys and counts, floats equal to 1e-9 (a parallel mean may
    round its last bit differently from run to run)."""
    if left.column_names != right.column_names or left.num_rows != right.num_rows:
        return False
    for name in left.column_names:
        a, b = left.column(name).to_pylist(), right.column(name).to_pylist()
        for x, y in zip(a, b, strict=True):
            if isinstance(x, float) or isinstance(y, float):
                if x is None or y is None:
                    if x is not y:
                        return False
                elif abs(float(x) - float(y)) > 1e-9 * max(1.0, abs(float(x))):
                    return False
            elif x != y:  # Decimal(5) == 5: DuckDB's SUM is a HUGEINT, Ibis casts it
                return False
    return True


def measure(kind: str, path: Path, out: Path) -> dict[str, float]:
    answer = subprocess.run(
        [sys.executable, "-m", "tests.bench_shortage", "--child", kind, str(path), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(answer.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=3)
    args = parser.parse_args()
    if args.child:
        _run(*args.child)  # knowledge.shortage needs no Django: only Ibis and DuckDB
        return
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        ads = base / "ads.parquet"
        started = time.perf_counter()
        write_ads(ads, args.rows)
        print(f"{args.rows:,} job ads written in {time.perf_counter() - started:.1f} s")
        runs: dict[str, list[dict[str, float]]] = {"sql": [], "ibis": []}
        for _ in range(args.repeat):
            for kind in ("sql", "ibis"):  # alternating: the same conditions for both
                runs[kind].append(measure(kind, ads, base / f"{kind}.parquet"))
        same = _same(pq.read_table(base / "sql.parquet"), pq.read_table(base / "ibis.parquet"))
        times = {
            kind: statistics.median(r["seconds"] for r in found) for kind, found in runs.items()
        }
        peaks = {kind: max(r["peak_bytes"] for r in found) for kind, found in runs.items()}
        ratio = times["ibis"] / times["sql"]
        print(f"panel cells: {int(runs['ibis'][0]['rows']):,}; same result: {same}")
        for kind in ("sql", "ibis"):
            print(
                f"  {kind:5} median {times[kind]:.2f} s, peak memory {peaks[kind] / 2**20:,.0f} MiB"
            )
        print(f"  Ibis / SQL: {ratio:.2f} (goal ≤ 1.30: {'met' if ratio <= 1.3 else 'NOT met'})")
        print(f"  peak ≤ 1 GiB: {'met' if max(peaks.values()) <= 2**30 else 'NOT met'}")
        if not same:
            raise SystemExit("the two results differ")


if __name__ == "__main__":
    main()
