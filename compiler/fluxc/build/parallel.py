"""Compile many answers files, on every core the process may use, into results in the order given.

Each answers file compiles on its own (`compile_file` is pure apart from its
reads), so the work is spread over worker processes forked from this one:
they inherit the imported modules, built validators and the user's CRDs, and
cost no start-up. Results come back in input order whatever the number of
workers, so the build's bytes do not depend on it. A worker hands back a
`Compiled` without its emitted objects (only the small `facts` the checks
across applications read), which keeps what crosses the pipe and what stays
in memory small. Where there is one core, few files, or no `fork` (Windows,
macOS defaults), the files compile in this process.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fluxc.build.discover import is_answers_file
from fluxc.pipeline.compile import Compiled, compile_file
from fluxc.report.diagnostics import CompileError, Diagnostic

if TYPE_CHECKING:
    from fluxc.targets.flux.catalog import Catalog

# a compiled answers file, every problem that stopped it, or None: a folder's YAML file that is no answers file
Result = Compiled | tuple[Diagnostic, ...] | None
PARALLEL_FROM = 64  # fewer answers files than this compile faster in this process than with workers
_CHUNK = 32  # answers files per task sent to a worker: fewer round trips, still an even spread

_crds: Catalog | None = None  # the user's CRDs, set before the workers fork so that they inherit them


def available_cpus() -> int:
    """The CPUs this process may run on (a container's or `taskset`'s limit, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def compile_all(paths: Sequence[Path], *, maybe: Collection[Path] = (), crds: Catalog | None = None,
                jobs: int | None = None, progress: Callable[[int], None] | None = None) -> Iterator[Result]:
    """Each file's result, in the order of `paths`; `progress(n)` after every n more files done.

    `maybe`: files that are compiled only if they are answers files (found in a folder). `jobs`: worker
    processes (default: the CPUs available); 1 compiles here.
    """
    global _crds
    workers = min(jobs or available_cpus(), max(1, len(paths) // _CHUNK))
    _crds = crds
    if workers < 2 or len(paths) < PARALLEL_FROM or not _can_fork():
        for path in paths:
            yield compile_one(path, path in maybe)
            if progress is not None:
                progress(1)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    tasks = [(path, path in maybe) for path in paths]
    chunks = [tasks[start:start + _CHUNK] for start in range(0, len(tasks), _CHUNK)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_start_worker) as pool:
        try:
            for results in pool.map(_compile_chunk, chunks):
                yield from results
                if progress is not None:
                    progress(len(results))
        except BaseException:  # Ctrl-C, or a fluxc bug in a worker: stop the others now, not after their queue
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def compile_one(path: Path, maybe: bool = False) -> Result:
    """One answers file: compiled (and checked against the user's CRDs, if any), or its problems; with
    `maybe`, None if the file is no answers file."""
    if maybe and not is_answers_file(path):
        return None
    try:
        compiled = compile_file(path)
    except CompileError as error:
        return tuple(error.diagnostics)
    if _crds is not None:
        from fluxc.targets.flux.resources import check_emitted

        refused = check_emitted(compiled.manifests, _crds, str(path))
        if refused:
            return (*compiled.warnings, *refused)
    return compiled._replace(manifests=())


def _compile_chunk(tasks: Sequence[tuple[Path, bool]]) -> list[Result]:
    return [compile_one(path, maybe) for path, maybe in tasks]


def _start_worker() -> None:
    """A worker leaves Ctrl-C to the main process, which stops the pool and says so once (no tracebacks);
    it runs without the cyclic garbage collector: it lives for one build, and compiling makes no cycles
    worth a collection (the collections cost a tenth of a fleet's build)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
