"""fluxc.yaml.safe: the source map and streams (parsing itself is covered in test_load)."""

from __future__ import annotations

from fluxc.report.diagnostics import Span
from fluxc.yaml.document import Located, SourceMap
from fluxc.yaml.safe import parse_stream


def test_source_map_falls_back_to_the_nearest_ancestor() -> None:
    smap = SourceMap({(): Located(Span(1, 1), None, None, False),
                      ("chart",): Located(Span(3, 3), Span(2, 1), None, False)})
    assert smap.span(("chart", "version")) == Span(3, 3)
    assert smap.span(("chart", "version"), key=True) == Span(2, 1)
    assert smap.span(("other",)) == Span(1, 1)
    assert ("chart",) in smap and ("chart", "version") not in smap


def test_parse_stream_keeps_every_document_and_its_index() -> None:
    result = parse_stream("a: 1\n---\nb: [x, z]\n", "f.yaml")
    assert result.complete and result.diagnostics == []
    assert [(d.position, d.data) for d in result.documents] == [(0, {"a": 1}), (1, {"b": ["x", "z"]})]
    second = result.documents[1].source_map
    assert second.get(("b", 1)) == Located(Span(3, 8), None, "z", False)
    assert second.span(("b",), key=True) == Span(3, 1)
