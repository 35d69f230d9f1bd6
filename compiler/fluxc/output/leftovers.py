"""The temporary siblings of a write (`.NAME.PID.tmp`, `.NAME.PID.bak`), and removing those a dead process left.

`fluxc.output.write` stages each file beside its final path and links a replaced one aside under these
names; a SIGKILL (or a machine going down) leaves them behind, and the next write into the same folder
removes them, but never a running fluxc's: it may be a concurrent build, and it cleans up after itself.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

from fluxc.output.files import OutputFile

_LEFTOVER = re.compile(r"\.(.+)\.([0-9]{1,10})\.(?:tmp|bak)")  # sibling()'s names


def sibling(path: Path, purpose: str) -> Path:
    """This process's `purpose` ("tmp" or "bak") sibling of `path`."""
    return path.with_name(f".{path.name}.{os.getpid()}.{purpose}")


def remove_leftovers(files: Sequence[OutputFile]) -> None:
    """Remove `.NAME.PID.tmp/.bak` siblings of the files about to be written, left by a process that no longer
    runs (killed with SIGKILL, or a machine that went down). A running fluxc's are left alone: it may be a
    concurrent build into the same folder, and it cleans up after itself."""
    names: dict[str, set[str]] = {}
    for output in files:
        folder, name = os.path.split(str(output.path))
        names.setdefault(folder, set()).add(name)
    for folder, wanted in names.items():
        try:
            entries = list(os.scandir(folder or "."))
        except OSError:  # not there yet: nothing left in it
            continue
        for entry in entries:
            found = _LEFTOVER.fullmatch(entry.name)
            if found and found[1] in wanted and not _running(int(found[2])) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink(missing_ok=True)


def _running(pid: int) -> bool:
    """Whether process `pid` exists. Ours cannot have left anything yet: a name with our PID is an old one's."""
    if pid == os.getpid():
        return False
    if pid <= 0:  # no process has that number (and kill(0) would ask about a whole process group)
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process (or no PID can be that large)
        return False
    except OSError:  # PermissionError: someone else's process, running
        return True
    return True
