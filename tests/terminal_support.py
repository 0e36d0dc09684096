"""Helpers for tests that press Ctrl-C in a child process."""

import signal


def default_ctrl_c() -> None:
    """Give the child Ctrl-C's default action (preexec_fn): a shell starts background jobs, and so these
    tests' processes when the suite runs as one, with SIGINT ignored, and a Python started that way never
    raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
