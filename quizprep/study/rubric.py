"""The mock-interview rubric: a score per topic from how each answered question went, and what to review next.

A question cut by the time (0:00 while it was on screen) is not scored; it heads the review list with the
other questions that went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizprep.study.session import QuestionResult, Summary

# Score bands of a topic, best first: (lowest score, label).
BANDS = ((0.8, "strong"), (0.5, "fair"), (0.0, "review"))


@dataclass(frozen=True)
class TopicScore:
    """One topic of the rubric: questions asked and answered, points earned, and its band."""

    topic: str
    asked: int
    answered: int
    points: float
    hints: int
    seconds: float
    band: str

    @property
    def score(self) -> float:
        return self.points / self.asked if self.asked else 0.0


@dataclass(frozen=True)
class ReviewItem:
    """A question to review after the interview, and the note section it comes from."""

    question_id: str
    topic: str
    title_en: str
    title_ru: str
    source: str
    why: str


@dataclass(frozen=True)
class Rubric:
    """The whole rubric: per topic, overall, and the review list (weakest first)."""

    topics: tuple[TopicScore, ...]
    overall: float
    band: str
    review_next: tuple[ReviewItem, ...]
    not_reached: int
    time_up: bool


def points_for(result: QuestionResult) -> float:
    """1 for a right first answer without hints, 0.5 for right with hints or on a retry (or rated Hard), else 0."""
    if result.outcome == "rated":
        return {4: 1.0, 3: 1.0, 2: 0.5}.get(result.rating or 1, 0.0)
    if result.first_status == "correct":
        return 1.0 if result.hints_used == 0 else 0.5
    if result.solved:
        return 0.5
    return 0.0


def band_for(score: float) -> str:
    return next(label for low, label in BANDS if score >= low)


def _why(result: QuestionResult) -> str | None:
    if result.outcome in ("revealed", "skipped", "unanswered", "time-up", "hidden"):
        return {"revealed": "answer revealed", "skipped": "skipped", "unanswered": "not answered",
                "time-up": "time's up", "hidden": "skipped"}[result.outcome]
    if result.outcome == "rated" and (result.rating or 1) <= 2:
        return "rated " + ("again" if result.rating == 1 else "hard")
    if result.first_status == "wrong":
        return "solved on a retry" if result.solved else "wrong"
    if result.hints_used:
        return "needed a hint"
    return None


def build_rubric(summary: Summary) -> Rubric:
    """Score each topic of a finished mock interview and list what to review, weakest topic first."""
    by_topic: dict[str, list[QuestionResult]] = {}
    for result in summary.results:  # a question cut by the time is listed to review, not scored
        if result.outcome not in ("time-up", "unanswered"):
            by_topic.setdefault(result.question.topic, []).append(result)
    topics = []
    for topic, results in by_topic.items():
        points = sum(points_for(r) for r in results)
        score = points / len(results)
        topics.append(TopicScore(topic, len(results), sum(1 for r in results if r.outcome != "skipped"), points,
                                 sum(r.hints_used for r in results), sum(r.duration_s or 0 for r in results),
                                 band_for(score)))
    topics.sort(key=lambda t: (t.score, t.topic))
    asked = sum(t.asked for t in topics)
    overall = sum(t.points for t in topics) / asked if asked else 0.0
    order = {t.topic: i for i, t in enumerate(topics)}
    order.update({r.question.topic: len(order) for r in summary.results if r.question.topic not in order})
    review = []
    for result in sorted(summary.results, key=lambda r: order[r.question.topic]):
        why = _why(result)
        if why:
            q = result.question
            review.append(ReviewItem(q.id, q.topic, q.title.en, q.title.ru, str(q.source), why))
    not_reached = 0 if summary.mode == "mock" else max(0, summary.planned - len(summary.results))
    return Rubric(tuple(topics), overall, band_for(overall), tuple(review), not_reached, summary.time_up)
