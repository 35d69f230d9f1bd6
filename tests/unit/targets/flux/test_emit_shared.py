"""fluxc.targets.flux.emit_shared: omitempty, and the values it keeps as they are."""

from __future__ import annotations

from fluxc.targets.flux.emit_shared import Kept, compact


def test_compact_drops_what_omitempty_drops_at_any_depth() -> None:
    spec = {"a": None, "b": False, "c": "", "d": [], "e": {}, "f": {"g": None, "h": 0}, "i": {"j": {}}, "k": "x"}
    assert compact(spec) == {"f": {"h": 0}, "k": "x"}


def test_kept_values_are_written_as_they_are() -> None:
    spec = {"prune": Kept(False), "substitute": Kept({"suffix": "", "empty": {}}), "dropped": False}
    assert compact(spec) == {"prune": False, "substitute": {"suffix": "", "empty": {}}}
    assert compact({"outer": {"inner": Kept(False)}}) == {"outer": {"inner": False}}
