"""Benchmark `quizprep check relu FILE` end to end: python benchmarks/bench_check.py [--runs N] [--exercise ID]
[--batch N].

Each run starts the real command in a fresh process (as a user would type it) on the reference
solution, and reads the report's own timings from `--json`:

- end to end: the wall time of the whole command (Python start, CLI imports, the check, the store);
- check: `check_file` itself (`timings.total`);
- sandbox start: from spawning the child Python until it has imported numpy and says "ready"
  (`timings.sandbox_start`), as a share of the end-to-end time. The checking process imports numpy,
  the engine and the probes meanwhile, so on two free cores the two overlap.

The goal for relu is at most 2 s end to end on the development machine (2 shared cores). Medians over
the runs are printed; the first run (cold file caches) is shown apart. Not a test: it prints numbers.

Batch throughput (`--batch N` files, 0 to skip): the same N files checked by one
`quizprep check ID DIR` (parallel sandboxes, --jobs = the CPU count) against N `quizprep check ID FILE`
processes one after the other, in the same run: files per second, and the ratio of the two wall
times (goal ≤ 0.6 with 2 cores); `--jobs 1` shows what the parallel sandboxes add.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 2.0
BATCH_GOAL_RATIO = 0.6


def one_run(exercise_id: str, solution: Path, home: str, backend: str) -> tuple[float, float, float]:
    """(end to end, check, sandbox start) in seconds for one `quizprep check` process."""
    env = {**os.environ, "QUIZPREP_HOME": home}
    command = [sys.executable, "-m", "quizprep", "check", exercise_id, str(solution), "--json", "--backend", backend]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"the check failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    timings = json.loads(result.stdout)["timings"]
    return elapsed, timings["total"], timings["sandbox_start"]


def timed_command(arguments: list[str], home: str) -> float:
    """Wall seconds of one quizprep command (exit 0 or 1: graded); exits on any other status."""
    env = {**os.environ, "QUIZPREP_HOME": home}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "quizprep", *arguments], capture_output=True, text=True,
                            env=env, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"quizprep {' '.join(arguments)} could not grade (exit {result.returncode}):\n"
                         f"{result.stdout}\n{result.stderr}")
    return elapsed


def batch_throughput(exercise_id: str, source: str, count: int, home: str) -> None:
    """Print files/s of one batch command and its ratio to checking the same files one by one."""
    folder = Path(home) / "class"
    folder.mkdir()
    files = []
    for i in range(count):
        files.append(folder / f"student_{i:02d}.py")
        files[-1].write_text(source, encoding="utf-8")
    one_by_one = sum(timed_command(["check", exercise_id, str(file)], home) for file in files)
    batch = timed_command(["check", exercise_id, str(folder), "--gradebook", str(Path(home) / "grades.csv")], home)
    serial = timed_command(["check", exercise_id, str(folder), "--jobs", "1"], home)
    ratio = batch / one_by_one
    print(f"quizprep check {exercise_id} DIR  ({count} files, --jobs {os.cpu_count()})")
    print(f"  batch            {batch:6.3f} s   {count / batch:.2f} files/s")
    print(f"  batch --jobs 1   {serial:6.3f} s   {count / serial:.2f} files/s (one process, one sandbox at a time)")
    print(f"  one by one       {one_by_one:6.3f} s   {count / one_by_one:.2f} files/s ({count} processes)")
    print(f"  ratio            {ratio:6.2f}     (goal ≤ {BATCH_GOAL_RATIO}: "
          f"{'met' if ratio <= BATCH_GOAL_RATIO else 'NOT met'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--exercise", default="relu")
    parser.add_argument("--backend", default="numpy", choices=("numpy", "torch"))
    parser.add_argument("--batch", type=int, default=8, metavar="N", help="files for the batch throughput (0: skip)")
    args = parser.parse_args()

    from quizprep.exercises.catalog import get_exercise

    exercise = get_exercise(args.exercise)
    with tempfile.TemporaryDirectory() as work:
        solution = Path(work) / exercise.file_name
        solution.write_text(exercise.solution_source(), encoding="utf-8")
        first = one_run(exercise.id, solution, work, args.backend)
        runs = [one_run(exercise.id, solution, work, args.backend) for _ in range(args.runs)]

    end_to_end, check, start = (statistics.median(column) for column in zip(*runs, strict=True))
    print(f"quizprep check {exercise.id} {exercise.file_name} --backend {args.backend}  "
          f"({args.runs} runs, medians; {os.cpu_count()} cores)")
    print(f"  end to end       {end_to_end:6.3f} s   (goal ≤ {GOAL_SECONDS:.0f} s: "
          f"{'met' if end_to_end <= GOAL_SECONDS else 'NOT met'}; first, cold run {first[0]:.3f} s)")
    print(f"  check_file       {check:6.3f} s   ({check / end_to_end:.0%} of end to end)")
    print(f"  sandbox start    {start:6.3f} s   ({start / end_to_end:.0%} of end to end, "
          f"{start / check:.0%} of the check)")
    print(f"  probes + compare {check - start:6.3f} s")
    print(f"  CLI, imports     {end_to_end - check:6.3f} s   (Python start, typer/rich, the progress store)")
    print(f"  load average     {os.getloadavg()[0]:6.2f}     (other processes share the cores)")
    if args.batch > 0:
        with tempfile.TemporaryDirectory() as work:
            batch_throughput(exercise.id, exercise.solution_source(), args.batch, work)


if __name__ == "__main__":
    main()
