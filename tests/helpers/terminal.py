"""Driving fluxc's interactive commands: in-process through click's test runner, or in a real pseudo-terminal.

`run_cli` runs `fluxc.cli.main` (so exit codes are exactly the command's) inside click's isolation: stdin is
the given text, prompts read it line by line and echo it, as a terminal would show it. `PtySession` runs
`python -m fluxc` on the slave side of a pseudo-terminal (the standard library's `pty`: no test dependency),
so click sees a real TTY, and answers each prompt once it has appeared.
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from click.testing import CliRunner

from fluxc.cli import main


class Ran(NamedTuple):
    code: int
    stdout: str
    stderr: str  # prompts, menus and problems
    transcript: str  # both, as a terminal shows them, typed answers included


def run_cli(argv: Sequence[str], typed: str = "") -> Ran:
    """`fluxc ARGV` with `typed` as what the user types."""
    with CliRunner().isolation(input=typed) as (stdout, stderr, transcript):
        code = main(list(argv))
        sys.stdout.flush()
        sys.stderr.flush()
        return Ran(code, stdout.getvalue().decode(), stderr.getvalue().decode(), transcript.getvalue().decode())


class PtySession:
    """`python -m fluxc ARGS` in a pseudo-terminal, in `cwd`."""

    def __init__(self, args: Sequence[str], cwd: Path) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "TERM": "dumb", "COLUMNS": "200"}
        # A session of its own whose controlling terminal is the pseudo-terminal, as a shell would start it, so
        # that Ctrl-C typed there is SIGINT for it; then exec fluxc in that process.
        start = ("import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
                 "os.execv(sys.executable, [sys.executable, '-m', 'fluxc', *sys.argv[1:]])")
        self.process = subprocess.Popen([sys.executable, "-c", start, *args], cwd=cwd, env=env, stdin=slave,
                                        stdout=slave, stderr=slave, close_fds=True, start_new_session=True)
        os.close(slave)
        self.seen = ""

    def __enter__(self) -> PtySession:
        return self

    def __exit__(self, *_: object) -> None:
        if self.process.poll() is None:  # a failed expectation: the command still waits for an answer
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):  # closed by finish()
            os.close(self.master)

    def expect(self, text: str, timeout: float = 20.0) -> None:
        """Read until `text` has appeared since the last expectation; AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} did not appear; the terminal shows:\n{self.seen}"
            if select.select([self.master], [], [], left)[0]:
                self.seen += self._read()
        self.seen = self.seen[self.seen.index(text) + len(text):]

    def answer(self, prompt: str, typed: str) -> None:
        self.expect(prompt)
        os.write(self.master, typed.encode() + b"\r")  # Enter, as a terminal sends it

    def interrupt(self) -> None:
        """Ctrl-C, as typed on the terminal: its line discipline sends SIGINT to the command."""
        os.write(self.master, b"\x03")

    def finish(self, timeout: float = 20.0) -> tuple[int, str]:
        """Wait for the exit; the exit code and what the terminal showed after the last expectation."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            if select.select([self.master], [], [], 0.1)[0]:
                self.seen += self._read()
        code = self.process.wait(timeout=max(deadline - time.monotonic(), 1))
        while select.select([self.master], [], [], 0.1)[0]:
            text = self._read()
            if not text:
                break
            self.seen += text
        return code, self.seen

    def _read(self) -> str:
        try:
            return os.read(self.master, 4096).decode(errors="replace").replace("\r\n", "\n")
        except OSError:  # EIO: the child closed the terminal
            return ""
