"""Symbolic answers: grade what the user typed against the reference, with feedback on what is wrong.

The check itself (parse, compare, explain, prove) is in symbolic_worker.py and runs in the killable
worker of timebox.py: a numeric verdict comes back first and a proof, when SymPy finds one quickly,
upgrades its method from "checked at N points" to "proved". This module imports neither SymPy nor the
worker's code, so a process can start the worker early and load SymPy there (see dispatch.warm_up).
"""

from __future__ import annotations

from quizprep.bank.instance import QuestionInstance
from quizprep.bank.model import Text
from quizprep.checking.messages import message
from quizprep.checking.timebox import (
    PROOF_SECONDS,
    TOOK_TOO_LONG,
    TOTAL_SECONDS,
    Outcome,
    run_streaming,
)
from quizprep.checking.verdict import Verdict

TOO_LARGE = Text("this expression is too large to check: write it more simply",
                 "это выражение слишком велико для проверки: запишите его проще")


def check_symbolic(instance: QuestionInstance, text: str, lang: str = "en") -> Verdict:
    """Grade an expression typed as the answer to a symbolic question; never raises, never hangs."""
    outcome = run_streaming("quizprep.checking.symbolic_worker:grade_stream", instance.question,
                            str(instance.answer), text, lang, timeout=TOTAL_SECONDS, grace=PROOF_SECONDS)
    return settle(outcome, instance.question.id, lang)


def settle(outcome: Outcome[Verdict], question_id: str | None, lang: str) -> Verdict:
    """The verdict a boxed run produced, or 'invalid' saying it took too long or broke."""
    if outcome.value is not None:
        return outcome.value
    if outcome.error:
        last = outcome.error.strip().splitlines()[-1]
        if last.startswith(("MemoryError", "RecursionError")):
            return Verdict(question_id, "invalid", TOO_LARGE.in_lang(lang))
        return Verdict(question_id, "invalid", message("checker_failed", lang, error=last))
    return Verdict(question_id, "invalid", TOOK_TOO_LONG.in_lang(lang))
