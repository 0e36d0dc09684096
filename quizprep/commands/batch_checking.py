"""`quizprep check ID PATH...` on several files or directories: grade a whole class at once."""

from __future__ import annotations

import os
from pathlib import Path

from quizprep.exercises.batch import BatchInterrupted
from quizprep.exercises.catalog import Exercise

INTERRUPTED = 130  # Ctrl-C, as for every command


def check_batch(chosen: Exercise, paths: list[Path], gradebook: Path | None, jobs: int | None, as_json: bool,
                options: dict[str, object], lang: str = "en") -> int:
    """Grade every file in parallel, show the progress and the summary, write the gradebook; the exit code."""
    from quizprep.exercises.batch import (
        check_gradebook_path,
        check_many,
        collect_files,
        exit_code,
        write_gradebook,
    )
    from quizprep.ui.batch_view import (
        advance,
        batch_progress,
        gradebook_line,
        interrupted_line,
        render_batch_summary,
    )
    from quizprep.ui.console import err, out, print_json

    if gradebook is not None:
        check_gradebook_path(gradebook)
    files = collect_files(paths)
    interrupted = False
    try:
        with batch_progress(err(), len(files), chosen.id, lang) as progress:
            entries = check_many(chosen.id, files, jobs, on_done=lambda entry: advance(progress, entry), **options)
    except BatchInterrupted as stopped:  # Ctrl-C: keep what was graded (the summary and the gradebook say so)
        entries, interrupted = stopped.entries, True
    if gradebook is not None and entries:
        write_gradebook(gradebook, entries)
    code = INTERRUPTED if interrupted else exit_code(entries)
    if as_json:
        from quizprep.exercises.batch import gradebook_rows

        print_json({"exercise": chosen.id, "files": gradebook_rows(entries), "exit_code": code,
                    "interrupted": interrupted})
    else:
        common = Path(os.path.commonpath([f.absolute() for f in files])) if files else None
        if entries:
            out().print(render_batch_summary(entries, chosen.id, common if common and common.is_dir() else None,
                                             lang))
            if gradebook is not None:
                out().print(gradebook_line(gradebook, lang))
        if interrupted:
            err().print(interrupted_line(len(entries), len(files), lang))
    return code
