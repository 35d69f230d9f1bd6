"""`outputFormat: raw`: the user's objects as a plain folder, `<kind>-<name>.yaml` each, nothing else.

Each file is the object in fluxc's canonical YAML (the generated-file header,
keys sorted, comments dropped): a YAML parser gives back the objects as read.
"""

from __future__ import annotations

from collections.abc import Sequence

from fluxc.output.files import OutputFile
from fluxc.package.types import PackagedObject, object_file


def package_raw(objects: Sequence[PackagedObject]) -> list[OutputFile]:
    """One file per object, named as `fluxc.package.manifests.name_objects` named it."""
    return [object_file(o.filename, o.obj) for o in objects]
