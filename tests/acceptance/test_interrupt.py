"""Real builds, stopped mid-write: SIGINT and SIGTERM roll the write back (every file keeps its old content, no
`.NAME.PID.tmp/.bak` is left, exit 128 + the signal with one line on stderr); after a SIGKILL every file holds
its old or its new content, and the next build removes what the killed one left. Ten builds started at the
same moment into one fresh folder all succeed.

Each build is a process of its own running fluxc's CLI (`main`, what `python -m fluxc` runs) with two test
hooks: a slow fsync (so the write lasts long enough to be hit at many moments, whatever the disk) and a line
on stdout when the write starts, from which the signal's delay is counted. The sweep forks its builds from
this process (a fresh interpreter each would cost seconds); three builds run as `python -c` processes, so
the interpreter's own exit (flushing, "Exception ignored" noise) is covered too.
"""

from __future__ import annotations

import heapq
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import fluxc.output.write as write
from fluxc.cli import main
from helpers.snippets import git_answers

APPS = 20  # two files each: 40 files written per build
SLOW_FSYNC = 0.004  # seconds per file: the write lasts about 40 * 4 ms
DELAYS = [i * 0.012 for i in range(15)]  # 0 to 170 ms after the write began: during it, and after it
CHILD = r"""
import os, sys, time
import fluxc.output.write as write
from fluxc.cli import main

slow = float(os.environ["FLUXC_TEST_SLOW_FSYNC"])
APPS = int(os.environ["FLUXC_TEST_APPS"])
os.fsync = lambda handle: time.sleep(slow)
os.sync = lambda: time.sleep(slow * APPS)  # more than 16 files: one sync for all, about as slow
real_inspect = write._inspect

def announced(*args, **kwargs):
    os.write(1, b"writing\n")
    return real_inspect(*args, **kwargs)

write._inspect = announced
raise SystemExit(main(sys.argv[1:]))
"""
Tree = dict[str, bytes | None]


def tree(root: Path) -> Tree:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def _answers(version: int) -> dict[str, str]:
    """APPS answers files, each with its own outputPath; version 2 changes every file they compile to."""
    return {f"app{i}.yaml": git_answers(f"app-{i}") + f"outputPath: out/app{i}\n" +
            ("reconcileInterval: 7m\n" if version == 2 else "") for i in range(APPS)}


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tree, Tree]:
    """A folder holding version 1's output and version 2's answers; the trees before and after a build."""
    base = tmp_path_factory.mktemp("base")
    after = tmp_path_factory.mktemp("after")
    for folder, first in ((base, 1), (after, 2)):
        for name, text in _answers(first).items():
            (folder / name).write_text(text)
        _build_here(folder)
        for name, text in _answers(2).items():
            (folder / name).write_text(text)
    assert _build_here(after) == 0
    return base, tree(base), tree(after)


def _build_here(folder: Path) -> int:
    """A build in this process (the "next build"), with no output."""
    here = Path.cwd()
    os.chdir(folder)
    try:
        return main(["build", "-q", *_answers(1)])
    finally:
        os.chdir(here)


class _Build:
    """A build forked from this process, in `cwd`: its pid and the read ends of its stdout and stderr."""

    def __init__(self, cwd: Path, *, slow: float = SLOW_FSYNC, gate: int | None = None) -> None:
        out_read, out_write = os.pipe()
        err_read, err_write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns into pytest
            code = 70
            try:
                os.dup2(out_write, 1)
                os.dup2(err_write, 2)
                if gate is not None:
                    gate = os.dup2(gate, 3, inheritable=False)
                # no copy of another build's pipes (or the gate's write end) may stay open in this one
                os.closerange(3 if gate is None else 4, 1 << 16)
                sys.stdout, sys.stderr = open(1, "w", closefd=False), open(2, "w", closefd=False)  # noqa: SIM115
                os.chdir(cwd)
                os.fsync = lambda _handle: time.sleep(slow)
                os.sync = lambda: time.sleep(slow * APPS)  # more than 16 files: one sync for all, about as slow
                real_inspect = write._inspect

                def announced(*args: object, **kwargs: object) -> list[bool]:
                    os.write(1, b"writing\n")
                    return real_inspect(*args, **kwargs)  # type: ignore[arg-type]
                write._inspect = announced  # type: ignore[assignment]
                if gate is not None:
                    os.read(gate, 1)
                code = main(["build", "-q", *_answers(1)])
                sys.stderr.flush()
            finally:
                os._exit(code)
        os.close(out_write)
        os.close(err_write)
        self.out, self.err = out_read, err_read

    def finish(self) -> tuple[int, str]:
        """Wait for the exit: (exit status as subprocess gives it, stderr)."""
        limit = time.monotonic() + 60
        while (done := os.waitpid(self.pid, os.WNOHANG))[0] == 0:
            if time.monotonic() > limit:  # a hung build fails the test instead of hanging it
                os.kill(self.pid, signal.SIGKILL)
            time.sleep(0.005)
        status = done[1]
        with open(self.err, "rb") as err:
            text = err.read().decode()
        os.close(self.out)
        return os.waitstatus_to_exitcode(status), text


def _stop_all(runs: list[tuple[Path, int, float]], at_once: int = 5) -> list[tuple[int, str]]:
    """Run the builds, `at_once` at a time (so the signals are sent on time on a busy machine); send each its
    signal `delay` seconds after its write began."""
    results: list[tuple[int, str]] = []
    for first in range(0, len(runs), at_once):
        results += _stop_wave(runs[first:first + at_once])
    return results


def _stop_wave(runs: list[tuple[Path, int, float]]) -> list[tuple[int, str]]:
    builds = [_Build(work) for work, _, _ in runs]
    waiting = {build.out: n for n, build in enumerate(builds)}
    due: list[tuple[float, int]] = []
    limit = time.monotonic() + 60
    while (waiting or due) and time.monotonic() < limit:
        timeout = max(0.0, due[0][0] - time.monotonic()) if due else 1.0
        ready, _, _ = select.select(list(waiting), [], [], timeout)
        for out in ready:
            n = waiting.pop(out)
            assert os.read(out, 64) == b"writing\n", f"build {n} ended before it wrote"
            heapq.heappush(due, (time.monotonic() + runs[n][2], n))
        while due and due[0][0] <= time.monotonic():
            _, n = heapq.heappop(due)
            os.kill(builds[n].pid, runs[n][1])
    return [build.finish() for build in builds]


RUNS = [(signum, delay) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL) for delay in DELAYS]


def _copies(base: Path, tmp_path: Path, count: int) -> list[Path]:
    works = [tmp_path / str(n) for n in range(count)]
    for work in works:
        shutil.copytree(base, work, symlinks=True)
    return works


def _check(work: Path, signum: int, status: int, err: str, old: Tree, new: Tree, where: str) -> str:
    """What happened to the build in `work` ("killed", "rolled back", "finished"), checked against its files."""
    after = tree(work)
    assert "Traceback" not in err and "internal error" not in err and "Exception" not in err, where
    if signum == signal.SIGKILL and status != 0:
        assert status == -signal.SIGKILL, where
        assert set(after) >= set(old), where  # no file or folder of the old output is gone
        for name, content in after.items():
            assert content in (old.get(name, "absent"), new.get(name, "absent")) or _leftover(name), where
        assert _build_here(work) == 0, where  # the next build: the new output, and nothing left
        assert tree(work) == new, where
        return "killed"
    rolled_back = f"fluxc: interrupted by {signal.Signals(signum).name} while writing; nothing was changed\n"
    if status == 128 + signum and err == rolled_back:  # interrupted while writing: rolled back
        assert after == old, where
        return "rolled back"
    # a SIGINT once the write is over (held during it, then delivered) is an ordinary KeyboardInterrupt in
    # what is left to do (the summary): click's "Aborted.", exit 130, and the new files are all there
    assert err in ("", "\nAborted.\n"), where
    # the signal came once the write was over (held during its clean-up, then delivered)
    assert status in (0, -signum, 130), where
    assert after == new, where
    return "finished"


def _leftover(name: str) -> bool:
    """A temporary or backup file of a killed build."""
    base = name.rsplit("/", 1)[-1]
    return base.startswith(".") and base.endswith((".tmp", ".bak"))


def test_a_build_stopped_at_any_moment_leaves_old_or_new_files_and_nothing_else(
        tmp_path: Path, states: tuple[Path, Tree, Tree]) -> None:
    base, old, new = states
    works = _copies(base, tmp_path, len(RUNS))
    results = _stop_all([(work, signum, delay) for work, (signum, delay) in zip(works, RUNS, strict=True)])
    seen = set()
    for work, (signum, delay), (status, err) in zip(works, RUNS, results, strict=True):
        where = f"{signal.Signals(signum).name} {delay * 1000:.0f} ms into the write: exit {status}, {err!r}"
        seen.add(_check(work, signum, status, err, old, new, where))
    assert {"killed", "rolled back", "finished"} <= seen  # the delays hit the write and its end


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_a_python_process_stopped_mid_write(tmp_path: Path, states: tuple[Path, Tree, Tree], signum: int) -> None:
    base, old, new = states
    work = _copies(base, tmp_path, 1)[0]
    env = {**os.environ, "FLUXC_TEST_SLOW_FSYNC": "0.02", "FLUXC_TEST_APPS": str(APPS)}  # 40 files: the write lasts 0.8 s, hit after 0.2 s
    child = subprocess.Popen([sys.executable, "-c", CHILD, "build", "-q", *_answers(1)], cwd=work, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.readline() == b"writing\n"
    time.sleep(0.2)
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    outcome = _check(work, signum, child.returncode, err.decode(), old, new, f"exit {child.returncode}, {err!r}")
    assert outcome == ("killed" if signum == signal.SIGKILL else "rolled back")


def test_ten_builds_into_one_fresh_folder_at_the_same_moment_all_succeed(
        tmp_path: Path, states: tuple[Path, Tree, Tree]) -> None:
    _, _, new = states
    for name, text in _answers(2).items():
        (tmp_path / name).write_text(text)
    gate_read, gate_write = os.pipe()
    try:
        builds = [_Build(tmp_path, slow=0, gate=gate_read) for _ in range(10)]
    finally:
        os.close(gate_read)
    os.close(gate_write)  # all ten start now (each waits on the gate until it is closed)
    assert [build.finish() for build in builds] == [(0, "")] * 10
    assert tree(tmp_path) == new
