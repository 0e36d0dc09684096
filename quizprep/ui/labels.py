"""The words quizprep's own screens use, in English and Russian (`--lang ru`).

Questions carry their own translations; these are the labels around them: headers, prompts, verdicts,
the session summary and the mock-interview rubric. Commands the user types (hint, skip, answer, quit)
and ids (topics, kinds) stay in English in both languages.
"""

from __future__ import annotations

import re

LABELS: dict[str, dict[str, str]] = {
    "en": {
        # a question on screen
        "question": "Question", "new": "new", "due": "due", "mock": "mock", "left": "left", "source": "source",
        "commands": "commands", "enter-checks": "Enter checks now",
        "prompt-answer": "answer", "prompt-step": "step {n}", "prompt-code": "code",
        "prompt-self": "answer in your head, then Enter",
        "prompt-rate": "rate 1 again · 2 hard · 3 good · 4 easy",
        # what an answer did
        "you-typed": "you typed", "correct": "correct", "wrong": "wrong", "invalid": "could not grade",
        "counterexample": "counterexample", "remark": "note", "try-again": "try again ({n} left), or",
        "hint": "hint", "model": "Model answer", "answer": "Answer", "explanation": "Explanation",
        "note": "note", "rated": "rated", "back": "comes back",
        "skipped": "skipped: it stays in your queue",
        "write-code": "Write your solution in {path} — it is checked each time you save it.",
        "not-yet": "not yet", "all-pass": "all checks pass",
        # when a card comes back
        "now": "now", "in-min": "in {n} min", "in-h": "in {n} h", "in-day": "in {n} day ({date})",
        "in-days": "in {n} days ({date})", "date": "%a %d %b",
        "date-year": "%a %d %b %Y",
        "again": "again", "hard": "hard", "good": "good", "easy": "easy",
        # the session
        "session": "Session", "answered": "{n} answered", "right-first": "{n} right first time",
        "missed": "{n} missed", "revealed": "{n} revealed", "skipped-n": "{n} skipped", "min": "min",
        "stopped": "(stopped early; everything answered is saved)", "time-up": "(time is up)",
        "nothing": "Nothing to study right now.", "next-review": "Next review {when}.",
        "no-new": "No new questions left today: `quizprep quiz --new 5` learns more anyway.",
        # the mock-interview rubric
        "rubric": "Mock interview rubric", "topic": "topic", "asked": "asked", "points": "points",
        "score": "score", "hints": "hints", "time": "time", "verdict": "verdict",
        "strong": "strong", "fair": "fair", "review": "review", "overall": "Overall",
        "time-ran-out": "time ran out", "stopped-early": "stopped early",
        "not-reached": "{n} question(s) not reached", "review-next": "Review next:",
        "all-right": "Nothing to review: every answer was right first time.",
        # why a question is on the review list (study/rubric.py says it in English)
        "why-answer revealed": "answer revealed", "why-skipped": "skipped", "why-not answered": "not answered",
        "why-rated again": "rated again", "why-rated hard": "rated hard", "why-wrong": "wrong",
        "why-solved on a retry": "solved on a retry", "why-needed a hint": "needed a hint",
        # study loop (session commands, relearning, bury/suspend/undo, key points, mock countdown)
        "command-line": "hint (?) · skip · answer · bury · suspend · undo · quit",
        "prompt-tick": "points you covered (1 3 · all · none)", "key-points": "Key points",
        "this-session": "again in this session", "buried": "buried: not before tomorrow",
        "suspended": "suspended: back with `quizprep unsuspend ID`",
        "time-up-closed": "time's up", "time-up-n": "{n} cut by time", "relearned": "{n} relearned",
        "learning-left": "{n} still learning: back {when}",
        "no-match": "There are no {kinds} questions in topic {topics}: `quizprep list` shows what there is.",
        "no-questions": "There are no questions: `quizprep list` shows what there is.",
        "learning": "learning", "why-time's up": "time's up",
        "unsuspended": "{id} is back in your sessions", "now-suspended": "{id} is suspended until "
        "`quizprep unsuspend {id}`", "was-suspended": "{id} was already suspended",
        "not-suspended": "{id} was not suspended", "left-out": "left out {n}: {reason}",
    },
    "ru": {
        "question": "Вопрос", "new": "новый", "due": "повторение", "mock": "собеседование", "left": "осталось",
        "source": "источник", "commands": "команды", "enter-checks": "Enter — проверить сейчас",
        "prompt-answer": "ответ", "prompt-step": "шаг {n}", "prompt-code": "код",
        "prompt-self": "ответьте про себя, затем Enter",
        "prompt-rate": "оценка: 1 снова · 2 трудно · 3 хорошо · 4 легко",
        "you-typed": "вы ввели", "correct": "верно", "wrong": "неверно", "invalid": "не удалось проверить",
        "counterexample": "контрпример", "remark": "заметка",
        "try-again": "попробуйте ещё раз (осталось попыток: {n}) или",
        "hint": "подсказка", "model": "Образец ответа", "answer": "Ответ", "explanation": "Объяснение",
        "note": "конспект", "rated": "оценка", "back": "вернётся",
        "skipped": "пропущено: вопрос остаётся в очереди",
        "write-code": "Напишите решение в {path} — оно проверяется при каждом сохранении.",
        "not-yet": "пока нет", "all-pass": "все проверки пройдены",
        "now": "сейчас", "in-min": "через {n} мин", "in-h": "через {n} ч", "in-day": "через {n} дн. ({date})",
        "in-days": "через {n} дн. ({date})", "date": "%d.%m",
        "date-year": "%d.%m.%Y",
        "again": "снова", "hard": "трудно", "good": "хорошо", "easy": "легко",
        "session": "Сессия", "answered": "отвечено: {n}", "right-first": "верно с первого раза: {n}",
        "missed": "с ошибкой: {n}", "revealed": "ответ открыт: {n}", "skipped-n": "пропущено: {n}", "min": "мин",
        "stopped": "(завершено досрочно; все ответы сохранены)", "time-up": "(время вышло)",
        "nothing": "Сейчас повторять нечего.", "next-review": "Следующее повторение {when}.",
        "no-new": "Новые вопросы на сегодня закончились: `quizprep quiz --new 5` добавит ещё.",
        "rubric": "Итоги пробного собеседования", "topic": "тема", "asked": "вопросов", "points": "баллы",
        "score": "результат", "hints": "подсказки", "time": "время", "verdict": "оценка",
        "strong": "сильно", "fair": "средне", "review": "слабо", "overall": "Итого",
        "time-ran-out": "время вышло", "stopped-early": "завершено досрочно",
        "not-reached": "не дошли до вопросов: {n}", "review-next": "Что повторить:",
        "all-right": "Повторять нечего: все ответы верны с первого раза.",
        "why-answer revealed": "ответ открыт", "why-skipped": "пропущен", "why-not answered": "нет ответа",
        "why-rated again": "оценка «снова»", "why-rated hard": "оценка «трудно»", "why-wrong": "неверно",
        "why-solved on a retry": "решено не с первой попытки", "why-needed a hint": "понадобилась подсказка",
        # study loop (session commands, relearning, bury/suspend/undo, key points, mock countdown)
        "command-line": "подсказка (?) · пропустить · ответ · отложить · приостановить · отменить · выход",
        "prompt-tick": "что вы назвали (1 3 · все · ничего)", "key-points": "Ключевые пункты",
        "this-session": "ещё раз в этой сессии", "buried": "отложено: не раньше завтрашнего дня",
        "suspended": "приостановлено: вернуть — `quizprep unsuspend ID`",
        "time-up-closed": "время вышло", "time-up-n": "прервано по времени: {n}", "relearned": "повторено: {n}",
        "learning-left": "ещё на изучении: {n}, вернутся {when}",
        "no-match": "Нет вопросов вида {kinds} в темах {topics}: `quizprep list` покажет, что есть.",
        "no-questions": "Вопросов нет: `quizprep list` покажет, что есть.",
        "learning": "изучение", "why-time's up": "время вышло",
        "unsuspended": "{id} снова в ваших сессиях", "now-suspended": "{id} приостановлен до "
        "`quizprep unsuspend {id}`", "was-suspended": "{id} уже был приостановлен",
        "not-suspended": "{id} не был приостановлен", "left-out": "не включено вопросов: {n} ({reason})",
    },
}


# --- study-ux: every command's own words (list, show, stats, validate, config, reset, export, errors) ---
COMMAND_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "error": "error", "interrupted": "interrupted",
        "unknown-topic": "unknown topic '{value}' (known: {known})",
        "unknown-kind": "unknown kind '{value}' (known: {known})",
        "did-you-mean": "; did you mean {names}?",
        "unknown-id": "unknown question id '{value}'", "see-list": " (see `quizprep list`)",
        # quizprep list
        "n-questions": "{n|question|questions}", "col-id": "id", "col-kind": "kind", "col-title": "title",
        # quizprep stats
        "n-attempts": "{n|attempt|attempts}", "seen": "seen", "seen-short": "seen", "attempts": "attempts",
        "accuracy": "accuracy",
        "accuracy-short": "acc", "recall": "recall", "due-now": "due now", "due-short": "due", "all": "all",
        "recall-caption": "recall: average probability of remembering now (FSRS)",
        "streak": "streak", "n-days": "{n|day|days}", "study-today": "(study today to keep it)",
        "next-review-at": "next review", "plot-reviews": "reviews per day",
        "plot-with-derivative": "{name} and its derivative",
        "plot-accuracy": "accuracy per day (% right)",
        # quizprep validate
        "valid": "{n|question|questions} valid", "problems": "{n|problem|problems} in {questions} question(s)",
        # quizprep config
        "settings-title": "settings (`quizprep config KEY VALUE` to change)", "col-key": "key",
        "col-value": "value", "col-meaning": "meaning", "saved": "(saved)",
        "setting-desired-retention": "probability of recall the scheduler aims for when it spaces reviews "
                                     "(0.70..0.99)",
        "setting-new-per-day": "new questions introduced per day (0..500)",
        "setting-session-size": "questions in a quiz when --count is not given (1..500)",
        "setting-lang": "language of every command when --lang is not given (en or ru)",
        # quizprep reset
        "reset-topic": "all progress in topic '{topic}'", "reset-all": "all your progress",
        "reset-confirm": "Delete {what} (answers, cards, review history)?",
        "reset-cancelled": "cancelled: nothing deleted",
        "reset-done": "deleted {attempts} attempts, {cards} cards, {reviews} reviews ({what})",
        # quizprep export anki
        "exported": "wrote {n|note|notes} to {path} (deck '{deck}')",
        "exported-history": "; with the schedule of {cards} cards and {reviews} reviews",
    },
    "ru": {
        "error": "ошибка", "interrupted": "прервано",
        "unknown-topic": "неизвестная тема '{value}' (есть: {known})",
        "unknown-kind": "неизвестный тип '{value}' (есть: {known})",
        "did-you-mean": "; может быть, {names}?",
        "unknown-id": "неизвестный id вопроса '{value}'", "see-list": " (список: `quizprep list`)",
        "n-questions": "{n|вопрос|вопроса|вопросов}", "col-id": "id", "col-kind": "тип", "col-title": "название",
        "n-attempts": "{n|попытка|попытки|попыток}", "seen": "видели", "seen-short": "изуч.", "attempts": "попытки",
        "accuracy": "точность", "accuracy-short": "точн.", "recall": "память", "due-now": "к повтору",
        "due-short": "повт.", "all": "всего",
        "recall-caption": "память: средняя вероятность вспомнить сейчас (FSRS)",
        "streak": "серия", "n-days": "{n|день|дня|дней}", "study-today": "(позанимайтесь сегодня, чтобы не прервать)",
        "next-review-at": "следующее повторение", "plot-reviews": "повторения по дням",
        "plot-with-derivative": "{name} и её производная",
        "plot-accuracy": "точность по дням (% верных)",
        "valid": "корректно: {n|вопрос|вопроса|вопросов}",
        "problems": "{n|проблема|проблемы|проблем}, вопросов проверено: {questions}",
        "settings-title": "настройки (изменить: `quizprep config KEY VALUE`)", "col-key": "ключ",
        "col-value": "значение", "col-meaning": "смысл", "saved": "(сохранено)",
        "setting-desired-retention": "вероятность вспомнить, на которую планировщик рассчитывает интервалы "
                                     "(0.70..0.99)",
        "setting-new-per-day": "новых вопросов в день (0..500)",
        "setting-session-size": "вопросов в сессии без --count (1..500)",
        "setting-lang": "язык всех команд без --lang (en или ru)",
        "reset-topic": "весь прогресс по теме '{topic}'", "reset-all": "весь ваш прогресс",
        "reset-confirm": "Удалить {what} (ответы, карточки, историю повторений)?",
        "reset-cancelled": "отменено: ничего не удалено",
        "reset-done": "удалено: попыток {attempts}, карточек {cards}, повторений {reviews} ({what})",
        "exported": "записано в {path}: {n|заметка|заметки|заметок} (колода '{deck}')",
        "exported-history": "; расписание: карточек {cards}, повторений {reviews}",
    },
}
for _lang, _labels in COMMAND_LABELS.items():
    LABELS[_lang].update(_labels)
# --- end study-ux ---

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\|[^{}]*)?\}")


def placeholders(text: str) -> set[str]:
    """The names a label fills in: `{n}`, and the number of `{n|form|forms}`."""
    return set(_PLACEHOLDER.findall(text))


def label(lang: str, key: str, **values: object) -> str:
    """The label `key` in `lang` (English when the language or the key is unknown), filled with `values`.

    `{name}` is replaced by the value; `{n|day|days}` (English) or `{n|день|дня|дней}` (Russian) writes the
    number with the noun form that agrees with it.
    """
    text = LABELS.get(lang, LABELS["en"]).get(key) or LABELS["en"].get(key, key)
    if not values:
        return text
    from quizprep.bank.instance import format_with_params

    return format_with_params(text, dict(values))
