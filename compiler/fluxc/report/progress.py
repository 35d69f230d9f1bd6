"""A progress bar for long builds, on a terminal only.

Shown on stderr once the work has taken more than a moment (`DELAY`), so a
quick build prints nothing extra; redrawn at most ten times a second; erased
when the work is done, so what stays on the screen is the report. The command
line decides whether there is one at all (a terminal, not CI, not quiet).
"""

from __future__ import annotations

import time
from typing import TextIO

DELAY = 0.5  # seconds of work before the bar appears
_EVERY = 0.1  # seconds between redraws
_WIDTH = 30


class Progress:
    def __init__(self, stream: TextIO, what: str = "files") -> None:
        self.stream = stream
        self.what = what
        self.total = 0
        self.done = 0
        self.started = 0.0
        self.drawn_at = 0.0
        self.shown = False

    def start(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.started < DELAY or now - self.drawn_at < _EVERY:
            return
        self.drawn_at, self.shown = now, True
        filled = _WIDTH * self.done // max(self.total, 1)
        self._write(f"\r[{'#' * filled}{'.' * (_WIDTH - filled)}] {self.done:,}/{self.total:,} {self.what}")

    def close(self) -> None:
        if self.shown:
            self._write("\r\x1b[2K")  # erase the line: the report follows on a clean one
            self.shown = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except OSError:  # a closed terminal: the bar is not worth an error
            self.shown = False
