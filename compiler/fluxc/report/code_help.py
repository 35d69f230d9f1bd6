"""What each diagnostic code means, in README's words: the help a SARIF rule carries.

The same text as README's code table, row by row and in its order (a test
compares the two, so they never drift apart): add a code to codes.py, to
README's table and here, in one change. Code scanning shows this text beside
each problem, so it says what the code is about, not what one instance found.
"""

from __future__ import annotations

from typing import Final

CODE_HELP: Final[dict[str, str]] = {
    "FLX001": "the file cannot be read",
    "FLX002": (
        "the file is too large: over 1 MiB (answers, and every file `validate` reads) or 16 MiB (manifests) or "
        "32 MiB (CRDs), over 10,000 YAML documents, or over 1,000,000 values (100,000 in an answers file), or a"
        "liases adding more than 10,000 values (a CRD file: more than 500,000 values once its aliases are expan"
        "ded)"
    ),
    "FLX003": "binary content (a NUL byte)",
    "FLX004": "not UTF-8 (UTF-16/32 or invalid bytes; the position of the first bad byte is given)",
    "FLX005": "YAML syntax error (tabs used for indentation get their own hint)",
    "FLX006": "empty file",
    "FLX007": "more than one YAML document",
    "FLX008": "the top level is not a mapping",
    "FLX009": "duplicate key (the first occurrence's line is named)",
    "FLX010": (
        "a YAML alias (`*name`) that names no anchor before it in its document, or sits inside the node its anc"
        "hor names"
    ),
    "FLX011": "a tag that would construct an object (`!!python/object`, `!custom`, `!!binary`, …)",
    "FLX012": "a mapping key that is not a string (`on:` reads as a boolean: quote it)",
    "FLX013": "nesting deeper than 64 levels",
    "FLX014": "a merge key `<<` whose value is not a mapping or a list of mappings",
    "FLX015": "a standard tag on a value it cannot describe (`!!int abc`)",
    "FLX016": (
        "a value Kubernetes cannot hold: NaN or infinity (`.nan`, `-.inf`), an integer beyond 64 bits, a number"
        " beyond a 64-bit float, or a control character written as an escape (`\"\\x7f\"`, C1 controls, NEL, `\\uFF"
        "FE`, `\\uFFFF`)"
    ),
    "FLX101": "unknown key, with \"did you mean\"",
    "FLX102": "wrong type, with the quoted form when YAML 1.1 turned `no`, `on`, `1.10` into something else",
    "FLX103": "required key missing",
    "FLX104": "value not among the allowed ones",
    "FLX105": "bad format: names (DNS-1123), durations, URL schemes, chart versions, label keys and values",
    "FLX106": "unsupported `fluxc:` format version",
    "FLX107": "number or duration out of range (e.g. `timeout: 0s`)",
    "FLX201": "`deploymentMethod` and `outputFormat` together (two journeys)",
    "FLX202": "neither: no journey chosen",
    "FLX203": (
        "`deploymentMethod: helm-install`/`argocd` or `gitopsDeployment: argocd`: valid answers fluxc does not "
        "compile"
    ),
    "FLX204": "a URL embeds credentials (the secret is never echoed)",
    "FLX205": "scp-like Git address; the hint gives the `ssh://` form",
    "FLX206": (
        "a path that is absolute, uses `..`, or (outputPath, manifests) leads outside the answers file's folder"
        " through a symlink"
    ),
    "FLX207": "a key that does not apply to the chosen journey",
    "FLX209": "a source name cannot be derived; the hint names the key to set",
    "FLX210": (
        "conflicting keys (`gitBranch` with `gitRef.tag`, two `gitRef` keys, `createNamespace` without `namespa"
        "ce`, depending on itself, `artifact` with `gitRepoUrl`, an image's `newTag` with `digest`, `alert.prov"
        "ider` with `alert.providerRef`)"
    ),
    "FLX211": "`gitopsDeployment: none` without `manifests`: nothing to build",
    "FLX212": "a key the journey needs is missing (`chart`, `gitRepoUrl` or `artifact`, `gitPath`)",
    "FLX213": "duplicate list entries",
    "FLX301": "warning: no chart version, so Flux installs whatever is newest",
    "FLX302": "warning: a key has no effect with `gitopsDeployment: none`",
    "FLX303": (
        "warning: a key Flux ignores beside another (`healthChecks` with `wait: true`, `test.ignoreFailures` wi"
        "thout `test.enable`, `matchOIDCIdentity` with cosign keys, …); the message says which"
    ),
    "FLX305": (
        "warning: keyless cosign verification without `matchOIDCIdentity`: Flux accepts a signature by anyone S"
        "igstore certified"
    ),
    "FLX304": (
        "warning: `reconcileInterval` under 1m for a Kustomization (every run builds and applies all its object"
        "s again)"
    ),
    "FLX403": "`--stdout` with an answers file that packages `manifests` (a chart or a folder is no single stream)",
    "FLX404": (
        "an output path holds a file fluxc did not generate (its first line is not fluxc's header; `--force` re"
        "places it), or a folder, FIFO or device (never replaced)"
    ),
    "FLX405": (
        "an output path is an input of the build (an answers file or a manifest it reads, also through a symlin"
        "k or hard link): never written, not even with `--force`"
    ),
    "FLX406": (
        "`build --check`: an output file is missing or out of date (or something that is no file is in its way)"
        ": run `fluxc build`"
    ),
    "FLX407": (
        "`build --check`: a stale generated file (fluxc's header, in an output folder of the build) that the bu"
        "ild no longer produces: `fluxc build --prune` removes it"
    ),
    "FLX408": (
        "two answers files define the same object (kind, Flux namespace and name): they would overwrite each ot"
        "her in the cluster"
    ),
    "FLX409": (
        "one source or Provider (kind, namespace, name) defined differently by two answers files (URL, ref, int"
        "erval, secret, labels, …): set `gitRepositoryName`, `chart.repositoryName`, `artifact.repositoryName` "
        "or `alert.provider.name`, or make them agree"
    ),
    "FLX410": "warning (building folders): a `dependsOn` entry names an application that is not in the build",
    "FLX411": (
        "a `dependsOn` entry names an application of another kind in the build (a HelmRelease can only wait for"
        " HelmReleases, a Kustomization for Kustomizations)"
    ),
    "FLX412": "a dependency cycle (`dependsOn` entries that wait for each other); the message prints it",
    "FLX413": "a folder given to `build` that holds no answers file",
    "FLX501": "a CEL rule (`x-kubernetes-validations`) of the Flux API fails; the rule's own message is shown",
    "FLX502": (
        "a removed apiVersion (`v1beta1`, `v1beta2`, `v2beta1`, `v2beta2`): the message names the current one; "
        "in `manifests`, a version the chosen Kubernetes does not serve (`extensions/v1beta1` Ingress)"
    ),
    "FLX503": "a field removed on the way to the current apiVersion",
    "FLX504": "`metadata` the API server refuses: label or annotation keys and values",
    "FLX505": "duplicate entries in a list the API treats as a map or set (`x-kubernetes-list-type`)",
    "FLX506": (
        "warning: a Flux kind fluxc has no schema for (pass `--crds`); an error when the CRDs given to `--crds`"
        " lack a kind fluxc emits"
    ),
    "FLX507": (
        "note (with `-v`): a document skipped (not Kubernetes, a kustomize input, a JSON 6902 patch, a custom r"
        "esource without a schema); or a symbolic link out of the folder given, not followed"
    ),
    "FLX508": "a document that is not a Kubernetes object (no `apiVersion`/`kind`, not a mapping)",
    "FLX509": "`--crds` could not be read or converted",
    "FLX510": (
        "a malformed Flux post-build variable (`${APP` without its `}`, `${}`): Flux cannot substitute the obje"
        "ct"
    ),
    "FLX511": (
        "a `kustomization.yaml` kustomize would refuse: an unknown field, a wrong apiVersion or kind, a local f"
        "ile or folder it names that is not there"
    ),
    "FLX512": "a folder given to `validate` that holds no YAML file",
    "FLX401": "two answers files would write different content to the same file (the message names both, with lines)",
    "FLX402": "the output cannot be written (nothing was changed)",
    "FLX601": (
        "an object defined twice in `manifests` (same API group, kind, namespace and name, also once the packag"
        "e's namespace is applied)"
    ),
    "FLX602": "note: a custom resource in `manifests`, accepted without a schema check",
    "FLX603": "a Secret in `manifests` with plaintext `data`/`stringData` (not SOPS-encrypted): never written to Git",
    "FLX604": (
        "a `manifests` document that is not a Kubernetes object (not a mapping, no `apiVersion`/`kind`, a `List"
        "` that cannot be expanded)"
    ),
    "FLX605": "a `manifests` object without `metadata.name` (`generateName` is not enough for server-side apply)",
    "FLX606": "`kubernetesVersion` outside the versions fluxc validates against (1.25 to 1.37)",
    "FLX607": (
        "`manifests` cannot be read: missing, neither file nor folder, a folder that cannot be listed, or no ob"
        "jects in it"
    ),
    "FLX901": "internal: an emitted object fails fluxc's schema for its kind (exit 3)",
}
