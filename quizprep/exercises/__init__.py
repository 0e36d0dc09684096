"""Coding exercises: write a layer, a loss or an optimizer the way the notes teach, and have it graded.

- `catalog`: the exercises (id -> class name, constructor, task text, hints, reference solution);
- `templates`: the file a user starts from (`quizprep exercise ID`);
- `runner.check_file`: grades a file (`quizprep check ID FILE`) in a sandboxed child process
  (`isolation`, `sandbox`, `wire`), with probes per family (`probes/`) whose failures are
  named by `diagnosis`; the result is a plain `report.CheckReport`;
- `progress`: checks recorded like answers, hints seen, passes;
- `watch`: re-check on every save.

Importing this package is cheap: numpy loads only when a check runs.
"""
