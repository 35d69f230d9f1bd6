"""fluxc.report.progress: the progress bar of a long build (and when `fluxc build` shows one)."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from fluxc import cli
from fluxc.cli import main
from fluxc.report import progress
from fluxc.report.progress import DELAY, Progress
from helpers.snippets import NGINX_CHART, edit

ERASE = "\r\x1b[2K"


class Clock:
    """time.monotonic, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    # the module's own `time`, not the time module: pytest and the standard library keep the real clock
    monkeypatch.setattr(progress, "time", SimpleNamespace(monotonic=fake))
    return fake


def bar(done: int, total: int, filled: int) -> str:
    return f"\r[{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,} files"


def test_a_quick_build_prints_nothing(clock: Clock) -> None:
    stream = io.StringIO()
    shown = Progress(stream)
    shown.start(10)
    for _ in range(10):
        clock.now += DELAY / 20
        shown.advance(1)
    shown.close()
    assert stream.getvalue() == ""


def test_the_bar_appears_after_the_delay_and_is_erased_at_the_end(clock: Clock) -> None:
    stream = io.StringIO()
    shown = Progress(stream)
    shown.start(10)
    clock.now += DELAY - 0.01
    shown.advance(2)
    assert stream.getvalue() == ""
    clock.now += 0.02
    shown.advance(1)
    assert stream.getvalue() == bar(3, 10, 9)
    shown.close()
    assert stream.getvalue() == bar(3, 10, 9) + ERASE
    shown.close()  # closing twice erases once
    assert stream.getvalue() == bar(3, 10, 9) + ERASE


def test_redrawn_at_most_ten_times_a_second(clock: Clock) -> None:
    stream = io.StringIO()
    shown = Progress(stream)
    shown.start(1000)
    clock.now += DELAY
    shown.advance(100)
    clock.now += 0.05
    shown.advance(100)  # too soon: counted, not drawn
    clock.now += 0.06
    shown.advance(300)
    assert stream.getvalue() == bar(100, 1000, 3) + bar(500, 1000, 15)
    clock.now += 0.2
    shown.advance(500)
    assert stream.getvalue().endswith(bar(1000, 1000, 30))


def test_large_counts_are_grouped(clock: Clock) -> None:
    stream = io.StringIO()
    shown = Progress(stream, "files")
    shown.start(12500)
    clock.now += 1
    shown.advance(1234)
    assert stream.getvalue() == "\r[##" + "." * 28 + "] 1,234/12,500 files"


def test_no_work_at_all(clock: Clock) -> None:
    stream = io.StringIO()
    shown = Progress(stream)
    shown.start(0)
    clock.now += 1
    shown.advance(0)
    shown.close()
    assert stream.getvalue() == bar(0, 0, 0) + ERASE


class Closed(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_terminal_is_no_error(clock: Clock) -> None:
    shown = Progress(Closed())
    shown.start(10)
    clock.now += 1
    shown.advance(5)
    shown.close()
    assert not shown.shown


# --- when `fluxc build` shows one ---------------------------------------------------------------------------

class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("tty", "ci", "quiet", "output_format", "shown"), [
    (True, None, False, "text", True),
    (True, "", False, "text", True),  # CI set to nothing is not CI
    (True, "true", False, "text", False),
    (True, None, True, "text", False),
    (True, None, False, "github", False),
    (True, None, False, "json", False),
    (False, None, False, "text", False),
])
def test_a_bar_only_for_a_person_at_a_terminal(monkeypatch: pytest.MonkeyPatch, tty: bool, ci: str | None,
                                               quiet: bool, output_format: str, shown: bool) -> None:
    monkeypatch.setattr(sys, "stderr", Terminal() if tty else io.StringIO())
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert (cli._progress_bar(quiet, output_format) is not None) == shown


def test_a_slow_build_at_a_terminal_draws_the_bar_then_erases_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  clock: Clock) -> None:
    for index in range(3):
        folder = tmp_path / "apps" / f"app-{index}"
        folder.mkdir(parents=True)
        (folder / "fluxc.yaml").write_text(edit(NGINX_CHART, "name: nginx-ingress", f"name: app-{index}"))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.chdir(tmp_path)
    real_start = Progress.start

    def slow_start(self: Progress, total: int) -> None:
        real_start(self, total)
        clock.now += DELAY  # every file after the first arrives after the delay, 0.1 s apart
    monkeypatch.setattr(Progress, "start", slow_start)
    real_advance = Progress.advance

    def advance(self: Progress, count: int) -> None:
        clock.now += 0.1
        real_advance(self, count)
    monkeypatch.setattr(Progress, "advance", advance)
    assert main(["build", "apps", "-o", "out"]) == 0
    assert terminal.getvalue() == (
        bar(1, 3, 10) + bar(2, 3, 20) + bar(3, 3, 30) + ERASE
        + "fluxc: app-0: 1 file in out/flux-system/app-0/ (1 written, 0 unchanged)\n"
        "fluxc: app-1: 1 file in out/flux-system/app-1/ (1 written, 0 unchanged)\n"
        "fluxc: app-2: 1 file in out/flux-system/app-2/ (1 written, 0 unchanged)\n"
        "fluxc: (repository): 2 files in out/ (2 written, 0 unchanged)\n")
