"""The store's study tables: migrations over an old store, atomic reviews, reset, settings."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from quizprep.study.migrations import MIGRATIONS, create_attempts
from quizprep.study.settings import SettingError, Settings, load_settings, save_setting, settings_as_dict
from quizprep.study.store import Attempt, CardReview, ProgressStore

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def review(question_id: str = "q", topic: str | None = "t") -> CardReview:
    return CardReview(question_id, topic, '{"card_id": 1}', NOW, NOW, 3, 1000, '{"rating": 3}')  # type: ignore[arg-type]


def test_an_old_store_with_attempts_only_is_migrated_and_keeps_them(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
               "applied_at TEXT NOT NULL)")
    create_attempts(db)
    db.execute("INSERT INTO schema_migrations VALUES (1, 'create_attempts', '2025-01-01')")
    db.execute("INSERT INTO attempts (question_id, topic, kind, status, answer, answered_at) "
               "VALUES ('q', 't', 'numeric', 'correct', '1', '2025-01-01T00:00:00+00:00')")
    db.commit()
    db.close()
    with ProgressStore(path) as store:
        assert store.schema_version() == len(MIGRATIONS)
        assert store.attempt_count() == 1 and store.cards() == {} and store.settings_items() == {}


def test_attempt_card_and_log_are_committed_together(store):
    store.record_review(Attempt("q", "t", "numeric", "correct", "1", answered_at=NOW), review())
    assert store.attempt_count() == 1 and store.card("q").due == NOW and len(store.reviews()) == 1
    with pytest.raises(sqlite3.IntegrityError):  # a card without a topic violates NOT NULL
        store.record_review(Attempt("r", "t", "numeric", "correct", "1", answered_at=NOW), review("r", None))
    assert store.attempt_count() == 1 and store.card("r") is None and len(store.reviews()) == 1


def test_a_second_review_updates_the_card_but_keeps_its_first_review_time(store):
    store.record_review(Attempt("q", "t", "numeric", "correct", "1", answered_at=NOW), review())
    later = CardReview("q", "t", "{}", NOW.replace(day=9), NOW.replace(day=8), 4, None, "{}")
    store.record_review(Attempt("q", "t", "numeric", "correct", "1", answered_at=later.reviewed_at), later)
    card = store.card("q")
    assert card.first_reviewed_at == NOW and card.last_reviewed_at == later.reviewed_at
    assert card.due == later.due and len(store.cards()) == 1


def test_reset_one_topic_or_everything(store):
    for topic in ("a", "b"):
        attempt = Attempt(topic, topic, "numeric", "correct", "1", answered_at=NOW)
        store.record_review(attempt, review(topic, topic))
    store.set_setting("new-per-day", "3")
    assert store.reset_progress("a") == {"review_logs": 1, "cards": 1, "attempts": 1}
    assert set(store.cards()) == {"b"}
    store.reset_progress()
    assert store.attempt_count() == 0 and store.cards() == {}
    assert store.settings_items() == {"new-per-day": "3"}  # settings survive a reset


def test_settings_are_validated_and_stored(store):
    assert load_settings(store) == Settings()
    settings = save_setting(store, "desired_retention", "0.85")
    assert settings.desired_retention == 0.85
    assert save_setting(store, "lang", "ru").lang == "ru"
    for key, value, message in [("new-per-day", "-1", "out of range"), ("new-per-day", "lots", "not a whole"),
                                ("desired-retention", "1.5", "out of range"), ("lang", "de", "not a language"),
                                ("colour", "red", "unknown setting")]:
        with pytest.raises(SettingError, match=message):
            save_setting(store, key, value)
    store.set_setting("session-size", "garbage")  # a bad stored value falls back to the default
    assert load_settings(store).session_size == Settings().session_size
    assert settings_as_dict(load_settings(store))["desired-retention"] == 0.85
