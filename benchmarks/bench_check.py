"""Benchmark `quizprep check relu FILE` end to end: python benchmarks/bench_check.py [--runs N] [--exercise ID].

Each run starts the real command in a fresh process (as a user would type it) on the reference
solution, and reads the report's own timings from `--json`:

- end to end: the wall time of the whole command (Python start, CLI imports, the check, the store);
- check: `check_file` itself (`timings.total`);
- sandbox start: from spawning the child Python until it has imported numpy and says "ready"
  (`timings.sandbox_start`), as a share of the end-to-end time. The checking process imports numpy,
  the engine and the probes meanwhile, so on two free cores the two overlap.

The goal for relu is at most 2 s end to end on the development machine (2 shared cores). Medians over
the runs are printed; the first run (cold file caches) is shown apart. Not a test: it prints numbers.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--exercise", default="relu")
    parser.add_argument("--backend", default="numpy", choices=("numpy", "torch"))
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


if __name__ == "__main__":
    main()
