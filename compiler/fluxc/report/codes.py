"""The catalogue of diagnostic codes: stable, greppable, documented in README.

FLX0xx: reading and parsing the file; FLX1xx: the answers schema;
FLX2xx: rules across keys; FLX3xx: warnings; FLX4xx: the build as a whole;
FLX5xx: Flux resources checked by `fluxc validate`;
FLX9xx: internal errors (a fluxc bug, exit 3).
"""

from __future__ import annotations

from typing import Final

# Reading and parsing (stage: load)
FILE_UNREADABLE: Final = "FLX001"
FILE_TOO_LARGE: Final = "FLX002"
FILE_BINARY: Final = "FLX003"
FILE_NOT_UTF8: Final = "FLX004"
YAML_SYNTAX: Final = "FLX005"
FILE_EMPTY: Final = "FLX006"
SEVERAL_DOCUMENTS: Final = "FLX007"
ROOT_NOT_MAPPING: Final = "FLX008"
DUPLICATE_KEY: Final = "FLX009"
ALIAS_UNRESOLVED: Final = "FLX010"  # an alias that names no anchor, or one it is inside
TAG_REFUSED: Final = "FLX011"
KEY_NOT_STRING: Final = "FLX012"
TOO_DEEP: Final = "FLX013"
MERGE_KEY_INVALID: Final = "FLX014"  # `<<` with something other than mappings
TAG_MISMATCH: Final = "FLX015"  # a standard tag on a value it cannot describe (`!!int abc`)
VALUE_NOT_REPRESENTABLE: Final = "FLX016"  # NaN/Inf, a number beyond 64 bits, an escaped control character

# The answers schema (stage: validate input)
UNKNOWN_KEY: Final = "FLX101"
WRONG_TYPE: Final = "FLX102"
MISSING_KEY: Final = "FLX103"
NOT_ALLOWED: Final = "FLX104"
BAD_FORMAT: Final = "FLX105"
UNSUPPORTED_VERSION: Final = "FLX106"
OUT_OF_RANGE: Final = "FLX107"

# Rules across keys (stage: validate input)
BOTH_JOURNEYS: Final = "FLX201"
NO_JOURNEY: Final = "FLX202"
NOT_COMPILED: Final = "FLX203"
URL_CREDENTIALS: Final = "FLX204"
SCP_LIKE_URL: Final = "FLX205"
PATH_ESCAPES: Final = "FLX206"
KEY_NOT_APPLICABLE: Final = "FLX207"
NAME_NOT_DERIVABLE: Final = "FLX209"
CONFLICTING_KEYS: Final = "FLX210"
NOTHING_TO_BUILD: Final = "FLX211"
JOURNEY_KEY_MISSING: Final = "FLX212"
DUPLICATE_ENTRY: Final = "FLX213"

# Warnings
UNPINNED_CHART: Final = "FLX301"
UNUSED_KEY: Final = "FLX302"
IGNORED_KEY: Final = "FLX303"
SHORT_INTERVAL: Final = "FLX304"  # a Kustomization reconciled more often than once a minute
ANY_SIGNER: Final = "FLX305"  # keyless cosign verification without matchOIDCIdentity: any certified signer passes

# Flux resources (fluxc validate): schema problems reuse FLX101-FLX107
CEL_RULE_FAILED: Final = "FLX501"
API_VERSION_REMOVED: Final = "FLX502"
FIELD_REMOVED: Final = "FLX503"
BAD_METADATA: Final = "FLX504"
DUPLICATE_LIST_KEY: Final = "FLX505"
NO_SCHEMA: Final = "FLX506"
SKIPPED: Final = "FLX507"
NOT_AN_OBJECT: Final = "FLX508"
CRDS_UNUSABLE: Final = "FLX509"
BAD_VARIABLE: Final = "FLX510"  # a malformed Flux post-build variable (`${APP`)
KUSTOMIZE_CONFIG: Final = "FLX511"  # a kustomization.yaml kustomize would refuse (an unknown field)
NO_YAML: Final = "FLX512"  # a path given on the command line that holds no YAML document

# The build as a whole
OUTPUT_COLLISION: Final = "FLX401"
OUTPUT_UNWRITABLE: Final = "FLX402"
NOT_A_STREAM: Final = "FLX403"
OUTPUT_NOT_FLUXC: Final = "FLX404"  # a file fluxc did not generate (or a folder, FIFO, device) at an output path
OUTPUT_IS_INPUT: Final = "FLX405"  # an output path is one of the build's inputs (answers file, manifest)
OUTPUT_OUT_OF_DATE: Final = "FLX406"  # --check: an output file is missing, different, or something is in its way
OUTPUT_STALE: Final = "FLX407"  # --check: a generated file in an output folder that the build no longer produces
APPLICATION_CONFLICT: Final = "FLX408"  # two answers files define one object (kind, namespace, name)
SOURCE_CONFLICT: Final = "FLX409"  # one source name, two different definitions
DEPENDENCY_MISSING: Final = "FLX410"  # dependsOn names an application the build (of whole folders) does not hold
DEPENDENCY_WRONG_KIND: Final = "FLX411"  # dependsOn names an application of another kind
DEPENDENCY_CYCLE: Final = "FLX412"  # dependsOn entries that wait for each other
NO_ANSWERS: Final = "FLX413"  # a folder given to build holds no answers file

# Internal errors
OUTPUT_INVALID: Final = "FLX901"

# Raw manifests (the manifests key); schema problems reuse FLX101-FLX107, FLX502 and FLX505
DUPLICATE_OBJECT: Final = "FLX601"
NO_K8S_SCHEMA: Final = "FLX602"
PLAINTEXT_SECRET: Final = "FLX603"
MANIFEST_NOT_OBJECT: Final = "FLX604"
NAME_MISSING: Final = "FLX605"
UNSUPPORTED_K8S_VERSION: Final = "FLX606"
MANIFESTS_UNREADABLE: Final = "FLX607"
