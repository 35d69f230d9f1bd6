"""Hypothesis strategies: answers files of the three journeys (valid by construction, and mutated), `values`
trees full of YAML 1.1 look-alikes, Kubernetes objects to package as a chart, and the YAML writer for them.

Valid answers stay valid by construction (finite floats, int64, no control characters, plain Git names);
the mutations draw from every class of hostile value issue 8 closed (`_HOSTILE_VALUES`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml
from hypothesis import strategies as st

# --- scalars ------------------------------------------------------------------------------------
# Strings that a YAML 1.1 reader (go-yaml v2, PyYAML) turns into something else when unquoted, YAML
# syntax characters, Go-template braces, spaces where trimming would show, unicode and line breaks.
LOOKALIKES = ["no", "No", "NO", "n", "N", "yes", "y", "Y", "on", "On", "off", "OFF", "true", "False", "null",
              "Null", "~", "", "1.10", "1.0", "0x10", "0o10", "010", "0b101", "1e3", "1E3", "-1e-3", "1_000",
              "1:30", "190:20:30", "2024-01-01", "2024-01-01T10:00:00Z", "+1", "-0", ".5", "5.", "1.2.3",
              "<<", "=", "*", "&a", "*a", "!tag", "!!str x", "%TAG", "@x", "`x"]
SYNTAX = ['"', "'", "#", "# comment", "a #b", ": ", "a: b", "a:b", "- x", "-", "?", "? x", "[", "]", "{", "}",
          "[a, b]", "{a: b}", "|", ">", "|-", ",", "\\", "\\n", "{{", "}}", '{{ "{{" }}', "{{ .Values.x }}",
          "{{- x -}}", "%", "---", "...", "!"]
SPACES = [" ", "  ", " leading", "trailing ", " both ", "\n", "a\nb", "ends\n", "ends\n\n", "\nstarts",
          " \n ", "a\n\nb", "tab\tinside", "\u3000ideographic", "nbsp\u00a0", "line\u2028sep", "bom\ufeff"]
UNICODE = ["é", "日本語", "🙂", "Ω≈ç", "ﬁ", "a\u0301", "\U0001f600x", "ǅ"]
HOSTILE_STRINGS = LOOKALIKES + SYNTAX + SPACES + UNICODE

# control characters: C0/C1 controls (except \n, \t) are another class of issue 8; surrogates can't be UTF-8.
_TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t")
hostile_text = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.text(_TEXT_CHARS, max_size=12),
    st.lists(st.sampled_from(HOSTILE_STRINGS), min_size=2, max_size=3).map("".join),
)


def scalars(int_bits: int = 63) -> st.SearchStrategy[Any]:
    """null, booleans, hostile strings, integers of `int_bits` bits and a sign, finite floats."""
    return st.one_of(
        st.none(), st.booleans(), hostile_text,
        st.integers(min_value=-(2**int_bits), max_value=2**int_bits - 1),  # huge integers: int64 for now (issue 8)
        st.floats(allow_nan=False, allow_infinity=False),  # NaN/Inf: refused by the YAML stage (issue 8)
    )


yaml_scalars = scalars()
value_keys = st.one_of(st.sampled_from(HOSTILE_STRINGS), st.text(_TEXT_CHARS, max_size=8),
                       st.from_regex(r"\A[a-zA-Z][a-zA-Z0-9_]{0,10}\Z"))


def values(int_bits: int = 63) -> st.SearchStrategy[dict[str, Any]]:
    """A `values` mapping: trees of lists and maps with hostile keys and scalars."""
    return st.dictionaries(value_keys, st.recursive(
        scalars(int_bits), lambda inner: st.lists(inner, max_size=3) | st.dictionaries(value_keys, inner, max_size=3),
        max_leaves=10), max_size=5)


values_trees = values()

def go_json(value: Any) -> Any:
    """A value after a trip through Go's encoding/json (flux's output, Helm's values, the Helm SDK's answers):
    an integral float below 1e21 is printed with its shortest digits padded with zeros
    (1.907915558911105e+16 -> 19079155589111050) and read back as an int where it fits int64/uint64."""
    if isinstance(value, float) and value.is_integer() and -(2**63) <= value < 2**64:
        return int(Decimal(repr(value)))
    if isinstance(value, dict):
        return {k: go_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [go_json(v) for v in value]
    return value


# --- formats of the answers file --------------------------------------------------------------------
# DNS-1123 labels, YAML 1.1 look-alikes among them (`no`, `010`, `1e3` are good Kubernetes names).
dns_labels = st.one_of(st.sampled_from(["no", "on", "y", "true", "null", "010", "0x10", "1e3", "123", "a", "x" * 63]),
                       st.from_regex(r"\A[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?\Z"))
dns_subdomains = st.one_of(dns_labels, st.lists(dns_labels, min_size=2, max_size=3).map(".".join))
_GENERIC = {"charts", "chart", "helm-charts", "helm", "stable", "repo", "repository", "releases", "index", "www",
            "github", "gitlab", "io", "com", "org", "net", "dev", "cloud", "sh"}  # fluxc.answers.names._GENERIC
_telling = dns_labels.filter(lambda s: s not in _GENERIC)
_hosts = st.one_of(st.sampled_from(["localhost", "127.0.0.1", "[::1]", "example.com", "charts.bitnami.com"]),
                   st.lists(dns_labels, min_size=1, max_size=3).map(".".join))
_ports = st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}"))
_segment = st.one_of(dns_labels, st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._~-]{0,12}\Z"))
_tails = st.sampled_from(["", "", "/", "?ref=x", "#frag"])


@st.composite
def urls(draw: st.DrawFn, scheme: str, *, git: bool = False) -> str:
    """A URL whose last path segment names a source (no user-info: secrets in URLs are another class)."""
    user = "git@" if scheme == "ssh" else ""  # an ssh user is not a secret
    path = draw(st.lists(_segment, max_size=2)) + [draw(_telling)]
    suffix = ".git" if git and draw(st.booleans()) else ""
    return f"{scheme}://{user}{draw(_hosts)}{draw(_ports)}/{'/'.join(path)}{suffix}{draw(_tails)}"


_semver = st.builds(lambda a, b, c, pre, build: f"{a}.{b}.{c}{pre}{build}", *(st.integers(0, 99),) * 3,
                    st.sampled_from(["", "-rc.1", "-alpha.beta.1", "-0a"]), st.sampled_from(["", "+build.5", "+1"]))
chart_versions = st.one_of(_semver, _semver.map("v{}".format),
                           st.sampled_from(["*", "1.x", "~1.2", "^1", ">=1.0.0 <2.0.0", "1.10", "1.0", "1", "~58.2"]))
# Go durations longer than 0 and a whole number of milliseconds (fluxc refuses others: exit 1, still fine).
_units = st.sampled_from(["ms", "s", "m", "h"])
durations = st.one_of(
    st.builds(lambda n, u, rest: f"{n}{u}" + "".join(f"{m}{v}" for m, v in rest), st.integers(1, 999), _units,
              st.lists(st.tuples(st.integers(0, 999), _units), max_size=2)),
    st.sampled_from(["1.5h", "0.5s", "2.25m", "1.001s", "90s", "1h30m", "10m", "1ms"]))
label_keys = st.one_of(st.sampled_from(["app.kubernetes.io/part-of", "team", "no", "on", "1.10", "example.com/x_y"]),
                       st.from_regex(r"\A([a-z0-9]{1,8}(\.[a-z0-9]{1,8})?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?\Z"))
label_values = st.one_of(st.sampled_from(["", "no", "on", "1.10", "0x10", "true", "null", "y", "1e3", "010", "1_000",
                                          "2024-01-01", "x" * 63]),
                         st.from_regex(r"\A(([A-Za-z0-9][-A-Za-z0-9_.]{0,10})?[A-Za-z0-9])?\Z"))
rel_paths = st.one_of(st.sampled_from([".", "./", "./apps/x", "apps/x/", "no", "on/1.10", "a b/c", "é/日本"]),
                      st.lists(st.from_regex(r"\A[A-Za-z0-9_][A-Za-z0-9._-]{0,8}\Z"), min_size=1, max_size=3)
                      .map("/".join))
# Git ref names: plain ones only for now (issue 8).
branches = st.sampled_from(["main", "production", "release/1.x", "feature/no", "on", "1.10", "v1"])
git_refs = st.one_of(
    st.fixed_dictionaries({"tag": st.sampled_from(["v1.2.3", "no", "1.10", "release-2024"])}),
    st.fixed_dictionaries({"semver": st.sampled_from([">=1.0.0", "1.x", "~2.1", "*"])}),
    st.fixed_dictionaries({"commit": st.from_regex(r"\A[0-9a-f]{7,40}\Z")}),
)
_value_key = st.from_regex(r"\A[-._a-zA-Z0-9]{1,12}\Z")
_target_path = st.from_regex(r"\A[a-zA-Z_][a-zA-Z0-9_]{0,6}(\.[a-zA-Z0-9_]{1,6}|\[[0-9]{1,3}\]){0,2}\Z")


def _optional(**keys: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=keys)


def _common(journey: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"fluxc": st.just("v1"), "name": dns_labels, **journey}, optional={
        "namespace": dns_labels, "fluxNamespace": dns_labels, "reconcileInterval": durations,
        "sourceInterval": durations, "outputPath": rel_paths,
        "labels": st.dictionaries(label_keys, label_values, max_size=3),
        "dependsOn": st.lists(st.one_of(dns_labels, st.tuples(dns_labels, dns_labels).map("/".join)),
                              max_size=3, unique=True),
        "serviceAccountName": dns_subdomains, "suspend": st.booleans(), "timeout": durations,
    })


_helm_release = _optional(
    values=values_trees,
    valuesFrom=st.lists(st.fixed_dictionaries(
        {"kind": st.sampled_from(["ConfigMap", "Secret"]), "name": dns_subdomains},
        optional={"valuesKey": _value_key, "targetPath": _target_path}), max_size=2),
    createNamespace=st.booleans(),
    remediation=_optional(retries=st.integers(0, 1000)),  # huge integers: bounded for now (issue 8)
)
_kustomization = _optional(
    wait=st.booleans(), prune=st.booleans(), decryption=st.fixed_dictionaries({"secretName": dns_subdomains}),
    healthChecks=st.lists(st.one_of(
        st.fixed_dictionaries({"kind": st.sampled_from(["Deployment", "StatefulSet", "DaemonSet"]),
                               "name": dns_subdomains}, optional={"apiVersion": st.just("apps/v1"),
                                                                  "namespace": dns_labels}),
        # other kinds need their apiVersion (Flux would look for them in apps/v1)
        st.fixed_dictionaries({"apiVersion": st.sampled_from(["helm.toolkit.fluxcd.io/v2", "example.com/v1"]),
                               "kind": st.sampled_from(["HelmRelease", "X1"]), "name": dns_subdomains},
                              optional={"namespace": dns_labels})), max_size=2),
)


def _fix(answers: dict[str, Any]) -> dict[str, Any]:
    """Drop the combinations fluxc refuses by design, so that valid answers really are valid."""
    if "namespace" not in answers:
        answers.pop("createNamespace", None)
    own = {answers["name"], f"{answers.get('fluxNamespace', 'flux-system')}/{answers['name']}"}
    if "dependsOn" in answers:
        answers["dependsOn"] = [d for d in answers["dependsOn"] if d not in own]
    if answers.get("wait") is True:
        answers.pop("healthChecks", None)  # a warning only (FLX303), but keep valid answers quiet
    return answers


@st.composite
def _chart(draw: st.DrawFn) -> dict[str, Any]:
    scheme = draw(st.sampled_from(["https", "http", "oci"]))
    chart = {"repository": draw(urls(scheme)),
             "name": draw(dns_labels if scheme == "oci" else st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,12}\Z"))}
    chart |= draw(_optional(version=chart_versions, repositoryName=dns_labels, secretRef=dns_subdomains))
    return chart


@st.composite
def _git_source(draw: st.DrawFn) -> dict[str, Any]:
    source: dict[str, Any] = {"gitRepoUrl": draw(urls(draw(st.sampled_from(["https", "http", "ssh"])), git=True)),
                              "gitPath": draw(rel_paths)}
    ref = draw(st.sampled_from(["default", "branch", "ref", "commit-on-branch"]))
    if ref in ("branch", "commit-on-branch"):
        source["gitBranch"] = draw(branches)
    if ref == "ref":
        source["gitRef"] = draw(git_refs)
    if ref == "commit-on-branch":
        source["gitRef"] = {"commit": draw(st.from_regex(r"\A[0-9a-f]{7,40}\Z"))}
    return source | draw(_optional(gitSecretRef=dns_subdomains, gitRepositoryName=dns_labels))


chart_answers = st.builds(lambda c, chart, hr: _fix(c | {"chart": chart} | hr),
                          _common({"deploymentMethod": st.just("flux")}), _chart(), _helm_release)
git_helm_answers = st.builds(lambda c, src, hr: _fix(c | src | hr),
                             _common({"outputFormat": st.just("helm"), "gitopsDeployment": st.just("flux")}),
                             _git_source(), _helm_release)
git_kustomize_answers = st.builds(lambda c, src, ks: _fix(c | src | ks),
                                  _common({"outputFormat": st.sampled_from(["kustomize", "raw"]),
                                           "gitopsDeployment": st.just("flux")}), _git_source(), _kustomization)
JOURNEYS = {"chart": chart_answers, "git-helm": git_helm_answers, "git-kustomize": git_kustomize_answers}
valid_answers = st.one_of(*JOURNEYS.values())


# --- mutations ------------------------------------------------------------------------------------------
class Plain(str):
    """A scalar written unquoted, as a person would type it: `no`, `1.10`, `~` then read as YAML 1.1 says."""


PLAIN_SCALARS = ["no", "on", "yes", "off", "y", "n", "true", "NO", "1.10", "0x10", "0o10", "010", "1e3", "1_000",
                 "1:30", "2024-01-01", "~", "null", "12", "-1", "0"]
# What issue 8 made impossible to crash on, as replacements: each must end in exit 1 or valid output.
_HOSTILE_VALUES = st.one_of(
    st.sampled_from([float("nan"), float("inf"), float("-inf")]),
    st.integers(min_value=2**63, max_value=2**80), st.integers(min_value=-(2**80), max_value=-(2**63) - 1),
    st.text(st.characters(max_codepoint=0x9F, blacklist_categories=("Cs",)), min_size=1, max_size=4),
    st.sampled_from(["\ufffe", "\uffff", "a\x85b", "x\x7f", "\x00", "a\x1bb"]),
    st.sampled_from(["https://u:s3cr3t@host/x", "git:pw@host:org/r.git", "oci://t@ghcr.io/x", "a..b", "main.lock",
                     "feature/", "@", "-x", "latest", "1.2.3.4", ">=1 <", "/abs", "../up", " ", "../../etc/passwd"]),
)
_wrong_types = st.one_of(st.sampled_from(PLAIN_SCALARS).map(Plain), yaml_scalars, _HOSTILE_VALUES,
                         st.lists(yaml_scalars, max_size=2), st.dictionaries(value_keys, yaml_scalars, max_size=2))


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value below the root (into `values` too: anything is legal there)."""
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    return [p for k, v in children for p in [(*at, k), *_paths(v, (*at, k))]]


@st.composite
def mutated_answers(draw: st.DrawFn) -> dict[str, Any]:
    """Valid answers with one thing broken: a key dropped, a value replaced, or a random key added."""
    answers: dict[str, Any] = draw(valid_answers)
    paths = _paths(answers)
    kind = draw(st.sampled_from(["drop", "replace", "extra"]))
    if kind == "extra":
        mappings = [(), *(p for p in paths if isinstance(_get(answers, p), dict))]
        holder = _get(answers, draw(st.sampled_from(mappings)))
        holder[draw(value_keys)] = draw(_wrong_types)
        return answers
    path = draw(st.sampled_from(paths))
    holder = _get(answers, path[:-1])
    if kind == "drop":
        del holder[path[-1]]
    else:
        holder[path[-1]] = draw(_wrong_types)
    return answers


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


# --- writing answers files -------------------------------------------------------------------------------
class _Writer(yaml.SafeDumper):
    """Every string double-quoted (read back exactly by any YAML reader), Plain ones unquoted."""


def _quoted(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')


def _plain(dumper: yaml.SafeDumper, value: Plain) -> yaml.ScalarNode:
    # Tagged as what a YAML 1.1 reader resolves it to, so the emitter may write it plain.
    tag = dumper.resolve(yaml.ScalarNode, str(value), (True, False))  # type: ignore[no-untyped-call]
    return yaml.ScalarNode(tag, str(value), style=None)


_Writer.add_representer(str, _quoted)
_Writer.add_representer(Plain, _plain)


def answers_yaml(answers: dict[str, Any]) -> str:
    """The answers file: keys in the drawn order, block style, unicode written as is."""
    return yaml.dump(answers, Dumper=_Writer, sort_keys=False, allow_unicode=True, default_flow_style=False)


# --- Kubernetes objects to package as a chart ----------------------------------------------------------------
_data_keys = st.from_regex(r"\A[-._a-zA-Z0-9]{1,12}\Z")
_images = st.one_of(st.sampled_from(["nginx", "nginx:1.27", "localhost:5000/app:1.10", "ghcr.io/o/a:v2.0.0-rc.1",
                                     "busybox@sha256:" + "a" * 64, "a:yes", "a:no"]),
                    st.from_regex(r"\A[a-z0-9]{1,8}(/[a-z0-9]{1,8})?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,8}\Z"))
_container_names = st.one_of(st.sampled_from(["web", "log-shipper", "9lives", "no", "on"]), dns_labels)


def _containers() -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(st.fixed_dictionaries({"name": _container_names, "image": _images},
                                          optional={"args": st.lists(hostile_text, max_size=2)}),
                    min_size=1, max_size=3, unique_by=lambda c: c["name"])


_metadata = st.fixed_dictionaries({"name": dns_subdomains},
                                  optional={"namespace": dns_labels,
                                            "labels": st.dictionaries(label_keys, label_values, max_size=2),
                                            "annotations": st.dictionaries(label_keys, hostile_text, max_size=2)})
_configmaps = st.fixed_dictionaries({"apiVersion": st.just("v1"), "kind": st.just("ConfigMap"), "metadata": _metadata},
                                    optional={"data": st.dictionaries(_data_keys, hostile_text, max_size=4)})
# Where each workload kind keeps its pod spec (fluxc.package.helm._pod_spec); Rollout is a custom resource.
_WORKLOADS = {"Pod": ("v1", ()), "Deployment": ("apps/v1", ("template",)), "StatefulSet": ("apps/v1", ("template",)),
              "DaemonSet": ("apps/v1", ("template",)), "ReplicaSet": ("apps/v1", ("template",)),
              "Job": ("batch/v1", ("template",)), "CronJob": ("batch/v1", ("jobTemplate", "spec", "template")),
              "Rollout": ("argoproj.io/v1alpha1", ("template",))}


@st.composite
def _workloads(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(sorted(_WORKLOADS)))
    api_version, path = _WORKLOADS[kind]
    pod: dict[str, Any] = {"containers": draw(_containers())} | draw(_optional(initContainers=_containers()))
    if kind == "Pod":
        pod |= draw(_optional(ephemeralContainers=_containers()))
    spec: dict[str, Any] = pod
    for part in reversed(path):
        spec = {part: {"metadata": {"labels": {"app": "a"}}, "spec": spec} if part == "template" else spec}
    if kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Rollout"):
        spec["selector"] = {"matchLabels": {"app": "a"}}  # required (helm lint checks it too)
    if kind in ("Deployment", "StatefulSet", "ReplicaSet", "Rollout"):
        spec |= draw(_optional(replicas=st.integers(0, 100)))
    return {"apiVersion": api_version, "kind": kind, "metadata": draw(_metadata), "spec": spec}


_cluster_scoped = st.builds(lambda kind, name: {"apiVersion": kind[0], "kind": kind[1], "metadata": {"name": name}},
                            st.sampled_from([("v1", "Namespace"), ("rbac.authorization.k8s.io/v1", "ClusterRole")]),
                            dns_labels)
k8s_objects = st.lists(st.one_of(_configmaps, _workloads(), _cluster_scoped), min_size=1, max_size=4,
                       unique_by=lambda o: (o["kind"], o["metadata"]["name"], o["metadata"].get("namespace")))
