"""Scale: `list`, `stats` and the first quiz question with a large own bank and a year of history.

Run: python benchmarks/bench_scale.py [--runs N]
Builds, through the library (the progress store and the scheduler), an own bank of 3,000 questions in
30 topic files and a year of study: 100,000 attempts and 10,000 rated reviews over 3,000 cards. Then times
`quizprep list`, `quizprep stats` and the first question of `quizprep quiz` in fresh processes, against
the same commands on a fresh store with the shipped bank only, interleaving the two so that machine noise
hits both alike, and prints the ratios of the medians (goal: ≤ 1.5× each). Also prints `quizprep validate`
(the shipped bank, its result cache warm) against `python -c 'import sympy'` (goal: ≤ 3×).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

TOPICS, PER_TOPIC = 30, 100
ATTEMPTS, REVIEWS = 100_000, 10_000
GOAL, VALIDATE_GOAL = 1.5, 3.0
QUIZ_MARKER = "commands:"
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

QUESTION = '''
[[question]]
id = "{id}"
kind = "numeric"
title = {{ en = "Own question {n} about {topic}", ru = "Свой вопрос {n} по теме {topic}" }}
prompt = {{ en = "What is {a} + {b}?", ru = "Сколько будет {a} + {b}?" }}
explanation = {{ en = "Add them.", ru = "Сложите."}}
answer = {answer}
source = {{ beyond = true }}
'''


def write_own_bank(directory: Path) -> list[tuple[str, str]]:
    """30 topic files of 100 numeric questions; returns (id, topic) of each."""
    questions = []
    for t in range(TOPICS):
        topic = f"own-topic-{t:02d}"
        parts = [f'topic = "{topic}"\n']
        for n in range(PER_TOPIC):
            question_id = f"{topic}-q{n:03d}"
            parts.append(QUESTION.format(id=question_id, n=n, topic=topic, a=n, b=t, answer=n + t))
            questions.append((question_id, topic))
        (directory / f"{topic}.toml").write_text("".join(parts), encoding="utf-8")
    return questions


def write_history(home: Path, questions: list[tuple[str, str]]) -> None:
    """A year of study through the store and the scheduler: reviews first (they carry an attempt), then the rest."""
    from fsrs import Rating

    from quizprep.study.scheduler import StudyScheduler
    from quizprep.study.store import Attempt, ProgressStore

    rng = random.Random(7)
    start = NOW - timedelta(days=365)
    scheduler = StudyScheduler(fuzz=False)
    with ProgressStore(home / "progress.db") as store:
        moments = sorted(start + timedelta(seconds=rng.uniform(0, 365 * 86400)) for _ in range(REVIEWS))
        cards: dict[str, object] = {}
        for i, moment in enumerate(moments):
            question_id, topic = questions[i % len(questions)]  # every card reviewed 3-4 times
            card = cards.get(question_id) or scheduler.card_for(question_id, None, moment)
            rating = rng.choice((Rating.Again, Rating.Hard, Rating.Good, Rating.Good, Rating.Easy))
            cards[question_id], review = scheduler.review(question_id, topic, card, rating, moment, 20_000)
            status = "wrong" if rating == Rating.Again else "correct"
            store.record_review(Attempt(question_id, topic, "numeric", status, "1", via="quiz",
                                        answered_at=moment, duration_ms=20_000), review)
        rest = []
        for _ in range(ATTEMPTS - REVIEWS):
            question_id, topic = rng.choice(questions)
            moment = start + timedelta(seconds=rng.uniform(0, 365 * 86400))
            rest.append(Attempt(question_id, topic, "numeric", rng.choice(("correct", "correct", "wrong", "invalid")),
                                "1", answered_at=moment, duration_ms=rng.randrange(2_000, 60_000)))
        store.record_attempts(rest)


def run(args: list[str], env: dict[str, str], marker: str | None = None) -> float:
    """Seconds for `quizprep ARGS` in a fresh process (until `marker` is printed, when given)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "quizprep", *args], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    assert process.stdout is not None and process.stdin is not None
    elapsed = None
    if marker is not None:
        for line in process.stdout:
            if marker in line:
                elapsed = time.perf_counter() - started
                break
        process.stdin.close()
    else:
        process.stdin.close()
    process.stdout.read()
    error = process.stderr.read() if process.stderr else ""
    code = process.wait(timeout=300)
    if marker is None:
        elapsed = time.perf_counter() - started
        if code != 0:
            raise SystemExit(f"`quizprep {' '.join(args)}` failed ({code}): {error}")
    if elapsed is None:
        raise SystemExit(f"`quizprep {' '.join(args)}` never printed {marker!r}: {error}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "bank").mkdir()
        (root / "big-home").mkdir()
        (root / "fresh-home").mkdir()
        started = time.perf_counter()
        questions = write_own_bank(root / "bank")
        write_history(root / "big-home", questions)
        print(f"built {len(questions)} questions, {ATTEMPTS} attempts, {REVIEWS} reviews "
              f"in {time.perf_counter() - started:.1f} s")
        base = {k: v for k, v in os.environ.items() if k not in ("QUIZPREP_BANK", "QUIZPREP_HOME")}
        base |= {"PYTHONUNBUFFERED": "1", "QUIZPREP_NOW": NOW.isoformat(), "COLUMNS": "100"}
        fresh = base | {"QUIZPREP_HOME": str(root / "fresh-home")}
        big = base | {"QUIZPREP_HOME": str(root / "big-home"), "QUIZPREP_BANK": str(root / "bank")}
        commands = {"list": (["list"], None), "stats": (["stats", "--no-plots"], None),
                    "quiz": (["quiz", "--count", "1", "--kind", "numeric"], QUIZ_MARKER)}
        for args, marker in commands.values():  # warm the caches (the parse cache, the OS's files)
            run(args, fresh, marker)
            run(args, big, marker)
        for name, (args, marker) in commands.items():
            small_times, big_times = [], []
            for _ in range(options.runs):
                small_times.append(run(args, fresh, marker))
                big_times.append(run(args, big, marker))
            small, large = statistics.median(small_times), statistics.median(big_times)
            ratio = large / small
            print(f"{name:6s} shipped bank, fresh store {small:.3f} s · own bank + a year {large:.3f} s · "
                  f"{ratio:.2f}× (goal ≤ {GOAL}×) {'ok' if ratio <= GOAL else 'OVER'}")
        run(["validate"], fresh)  # the validation cache, warm
        validate_times, sympy_times = [], []
        for _ in range(options.runs):
            validate_times.append(run(["validate"], fresh))
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import sympy"], check=True)
            sympy_times.append(time.perf_counter() - started)
        ratio = statistics.median(validate_times) / statistics.median(sympy_times)
        print(f"validate {statistics.median(validate_times):.3f} s · import sympy "
              f"{statistics.median(sympy_times):.3f} s · {ratio:.2f}× (goal ≤ {VALIDATE_GOAL}×) "
              f"{'ok' if ratio <= VALIDATE_GOAL else 'OVER'}")


if __name__ == "__main__":
    main()
