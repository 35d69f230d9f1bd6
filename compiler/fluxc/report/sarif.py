"""The `sarif` format: SARIF 2.1.0 on stdout, ready for GitHub code scanning (`upload-sarif`).

One run; the driver names fluxc and lists one rule per code that the run
reports (id `FLXnnn`, README's text for the code as description and help);
one result per diagnostic with its level, message (and hint) and location:
the path as given, relative to where fluxc ran (no `%SRCROOT%` base), and a
region with the start line and column, left out when there is no position.
Columns count Unicode code points, as fluxc's do (`columnKind`). Keys sorted,
ASCII-only text: the same findings give the same bytes.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import PurePosixPath
from typing import Any, TextIO

from fluxc import __version__
from fluxc.report.code_help import CODE_HELP
from fluxc.report.diagnostics import Diagnostic, ExitCode, exit_code_for
from fluxc.report.outcome import Report, listed

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://fluxc.dev/"  # the home the answers schema's $id names
LEVELS = {"error": "error", "warning": "warning", "note": "note"}


def log(report: Report) -> dict[str, Any]:
    """The SARIF log as JSON data (what `write` prints)."""
    diagnostics = listed(report)
    codes = sorted({d.code for d in diagnostics})
    rule_index = {code: index for index, code in enumerate(codes)}
    exit_code = exit_code_for(report.diagnostics)
    driver = {"name": "fluxc", "version": __version__, "informationUri": INFORMATION_URI,
              "rules": [_rule(code) for code in codes]}
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        # fluxc ran to its end unless it hit its own bug (exit 3); problems found are results, not a failure
        "invocations": [{"executionSuccessful": exit_code != ExitCode.INTERNAL, "exitCode": int(exit_code)}],
        "results": [_result(d, rule_index[d.code]) for d in diagnostics],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def write(report: Report, stream: TextIO) -> None:
    json.dump(log(report), stream, indent=2, sort_keys=True, ensure_ascii=True)
    stream.write("\n")
    stream.flush()


def artifact_uri(file: str) -> str:
    """A file name as a URI reference: relative as given (`apps/podinfo.yaml`), percent-encoded where a URI
    needs it (a space, `%`, `#`, non-ASCII); an absolute path as a `file://` URI."""
    if PurePosixPath(file).is_absolute():
        return "file://" + urllib.parse.quote(file, safe="/")
    return urllib.parse.quote(file, safe="/")


def _rule(code: str) -> dict[str, Any]:
    # a code missing from the table (README's) still gets a rule: SARIF requires the description's text
    text = CODE_HELP.get(code, code)
    return {"id": code, "shortDescription": {"text": text}, "help": {"text": text}}


def _result(diagnostic: Diagnostic, rule_index: int) -> dict[str, Any]:
    message = f"{diagnostic.message} ({diagnostic.hint})" if diagnostic.hint else diagnostic.message
    result: dict[str, Any] = {"ruleId": diagnostic.code, "ruleIndex": rule_index,
                              "level": LEVELS[diagnostic.severity], "message": {"text": message}}
    if diagnostic.file:
        location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(diagnostic.file)}}
        if diagnostic.span is not None:
            location["region"] = {"startLine": diagnostic.span.line, "startColumn": diagnostic.span.col}
        result["locations"] = [{"physicalLocation": location}]
    return result
