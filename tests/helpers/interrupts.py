"""A signal sent at a chosen line of fluxc's writer, for the tests that prove a write is all or nothing."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from types import FrameType
from typing import Any

from fluxc.output import write


class InterruptAt:
    """A trace function that sends `signum` to this process at the `at`-th line that write.py runs (-1: never;
    `lines` then counts the lines of a write)."""

    def __init__(self, at: int, signum: int) -> None:
        self.at, self.signum, self.lines, self.sent = at, signum, 0, False

    def __call__(self, frame: FrameType, event: str, arg: Any) -> Callable[..., Any] | None:
        if frame.f_code.co_filename != write.__file__:
            return None
        if event == "line":
            # SIGTERM only while fluxc's handler is in place: its default action would end the test run
            if self.lines == self.at and (self.signum == signal.SIGINT or
                                          signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
                self.sent = True
                os.kill(os.getpid(), self.signum)
            self.lines += 1
        return self
