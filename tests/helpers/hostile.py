"""Hostile inputs: paths that are no regular file, and a way to run fluxc on them that cannot hang a test run.

`make(kind, path)` puts a FIFO, a link to a device or to a FIFO, or a folder at
`path` (the devices themselves, which no test can create, are used in place:
`make("zero", p)` returns `/dev/zero`). `kinds()` gives pytest parameters, each
skipped where the platform cannot make it (no `os.mkfifo`, no /dev/zero, no
symlinks).

`run_cli(cases)` runs each `fluxc ARGS` through `fluxc.cli.main` in a child
process (one interpreter start for all of them), each case in a thread with a
time limit: a case that hangs is reported as `Outcome(code=None)` and ends its
child (with whatever it was reading), and a new child runs the cases left; a
child that stops answering is killed. So a regression fails its tests instead
of hanging or exhausting the test run. The child's entry point is `_child`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import pytest

from helpers.paths import REPO

DEVICES = {"zero": "/dev/zero", "urandom": "/dev/urandom", "null": "/dev/null"}
KINDS = ("fifo", "zero", "urandom", "null", "link-fifo", "link-zero", "link-urandom", "link-null", "directory")
# What can be put at a path inside a folder (a device cannot: only a link to one).
PLACEABLE = tuple(k for k in KINDS if k not in DEVICES)
T = TypeVar("T")
NOT_REGULAR = "not a regular file"  # what fluxc says of every one of them (bar folders)


def _skip_reason(kind: str) -> str | None:
    device = DEVICES.get(kind.removeprefix("link-"))
    if "fifo" in kind and not hasattr(os, "mkfifo"):
        return "no os.mkfifo on this platform"
    if device is not None and not os.path.exists(device):
        return f"no {device} on this platform"
    if kind.startswith("link-") and os.name == "nt":
        return "symbolic links need privileges on Windows"
    return None


def kinds(selection: Sequence[str] = KINDS) -> list[Any]:
    """`selection` as pytest parameters, each skipped where this platform cannot make it."""
    return [pytest.param(kind, id=kind, marks=[pytest.mark.skip(reason=reason)] if reason else [])
            for kind in selection for reason in [_skip_reason(kind)]]


def make(kind: str, path: Path) -> Path:
    """Create `kind` at `path` (parents made) and return the path to give fluxc.

    A link to a FIFO points at a hidden FIFO beside it (inside the same folder, so
    folder walks follow the link); a link to a device points at the device.
    """
    if kind in DEVICES:
        return Path(DEVICES[kind])
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "link-fifo":
        target = path.parent / f".{path.name}.fifo"
        os.mkfifo(target)
        path.symlink_to(target.name)
    elif kind.startswith("link-"):
        path.symlink_to(DEVICES[kind.removeprefix("link-")])
    else:
        raise ValueError(f"unknown hostile kind {kind!r}")
    return path


def call_within(call: Callable[[], T], *, limit: float = 10.0, fifos: Sequence[Path] = ()) -> T:
    """`call()` in a thread; fail the test if it has not ended after `limit` seconds (a FIFO in `fifos`,
    or beside one of them, is then opened for writing, so a reader blocked on it ends)."""
    result: list[T] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:  # handed to the test's thread
            error.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        _unblock([str(f) for f in fifos])
        pytest.fail(f"still running after {limit:.0f} s: it hangs or reads without bound")
    if error:
        raise error[0]
    return result[0]


class Outcome(NamedTuple):
    code: int | None  # None: still running at the time limit, i.e. it hung
    stderr: str
    seconds: float


def run_cli(cases: Mapping[str, Sequence[str]], *, limit: float = 10.0, cache: Path | None = None) -> dict[str, Outcome]:
    """`fluxc ARGS` for every case (name -> args), in-process in a child; each case stops at `limit` seconds.

    A case that hangs ends its child (a thread reading /dev/zero cannot be stopped, only its process),
    and a new child runs the cases left, so one hang costs `limit` seconds and fails only its own case.
    """
    env = {k: v for k, v in os.environ.items() if k != "FLUXC_TRACEBACK"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "tests"), env.get("PYTHONPATH", "")])
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)  # never the user's CRD cache
    results: dict[str, Outcome] = {}
    left = {name: list(args) for name, args in cases.items()}
    while left:
        request = json.dumps({"limit": limit, "cases": left})
        command = [sys.executable, "-c", "from helpers.hostile import _child; _child()"]
        try:
            out = subprocess.run(command, input=request, capture_output=True, text=True, env=env,
                                 timeout=limit + 60 + len(left)).stdout
        except subprocess.TimeoutExpired as stopped:  # the child itself stopped answering
            out = stopped.stdout.decode() if isinstance(stopped.stdout, bytes) else stopped.stdout or ""
        done = [json.loads(line) for line in out.splitlines() if line.startswith("[")]
        if not done:  # not even one case reported: count the first as hung, go on with the others
            done = [[next(iter(left)), [None, "the child process stopped during this case", limit]]]
        for name, result in done:
            results[name] = Outcome(*result)
            del left[name]
    return {name: results[name] for name in cases}


def _child() -> None:
    """In the child: run the cases of the JSON request on stdin, print one JSON line per case; exit at a hang."""
    from fluxc.cli import main

    request = json.loads(sys.stdin.read())
    for name, args in request["cases"].items():
        result: list[int] = []
        captured = io.StringIO()
        start = time.monotonic()
        with contextlib.redirect_stderr(captured):
            worker = threading.Thread(target=lambda: result.append(main(args)), daemon=True)  # noqa: B023
            worker.start()
            worker.join(request["limit"])
        print(json.dumps([name, [result[0] if result else None, captured.getvalue(), time.monotonic() - start]]),
              flush=True)
        if not result:
            _unblock(args)
            os._exit(0)  # the hung thread dies with the process; the parent starts a new one for the rest
    os._exit(0)


def _unblock(args: Sequence[str]) -> None:
    """Open the write end of every FIFO named in args (or beside them), so a reader blocked on one ends."""
    temp = Path(tempfile.gettempdir()).resolve()
    for arg in args:
        folder = (Path(arg) if os.path.isdir(arg) else Path(arg).parent).resolve()
        inside = folder.is_relative_to(temp)  # never search /dev or a home folder
        for candidate in [Path(arg), *(folder.rglob("*") if inside else [])]:
            with contextlib.suppress(OSError):
                if candidate.is_fifo():
                    os.close(os.open(candidate, os.O_WRONLY | os.O_NONBLOCK))
