"""Round trips of packages: a chart's templates rendered by substitution, a Kustomize folder built by kubectl."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

# --- the substitution renderer: exactly the expressions fluxc writes, nothing else -------------
_EXPR = re.compile(r'\{\{ (?:(?P<braces>"\{\{")|(?P<ns>\.Release\.Namespace \| quote)'
                   r"|\.Values\.(?P<path>[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)(?P<quote> \| quote)?) \}\}")


def render_template(text: str, values: dict[str, Any], namespace: str) -> str:
    assert "{{" not in _EXPR.sub("", text), "an expression fluxc does not document"

    def value(m: re.Match[str]) -> str:
        if m["braces"]:
            return "{{"
        if m["ns"]:
            return json.dumps(namespace)  # sprig's quote is Go's %q: the same as JSON for these strings
        found: Any = values
        for part in m["path"].split("."):
            found = found[part]
        if m["quote"]:
            return json.dumps(str(found))
        assert type(found) is int  # {{ x }} of a number prints its digits
        return str(found)

    return _EXPR.sub(value, text)



def kustomize(folder: Path) -> str:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        if os.environ.get("CI"):
            pytest.fail("kubectl is missing, and CI must run the kustomize round trip")
        pytest.skip("kubectl is not installed")
    run = subprocess.run([kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return run.stdout
