"""Coding exercises: write a layer, a loss or an optimizer the way the notes teach, and have it graded.

- `catalog`: the exercises' code contract (`contracts.toml`: class, constructor, family, core and
  optional settings, the probes' data, which hint answers which diagnosis) and their words (task,
  hints, explanation: the bank's code questions, questions/code-*.toml), and the reference solutions;
- `templates`: the file a user starts from (`quizprep exercise ID`), in English or Russian;
- `runner.check_file`: grades a file (`quizprep check ID FILE`) in a sandboxed child process
  (`isolation`, `sandbox`, `wire`), with probes per family (`probes/`) whose failures are
  named by `diagnosis`; the result is a plain `report.CheckReport`;
- `progress`: checks recorded like answers, hints seen and the diagnosed one, each exercise's state;
- `watch`: re-check on every save.

Importing this package is cheap: numpy loads only when a check runs.
"""
