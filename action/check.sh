#!/usr/bin/env bash
# What the fluxc GitHub Action runs (action.yml), in the repository being checked:
#   1. `fluxc build --check` on every answers file git tracks that matches FLUXC_ANSWERS (a git pathspec),
#   2. `fluxc validate` on FLUXC_VALIDATE (space-separated paths; empty skips it),
# both reporting as GitHub annotations (`--output-format github`), optionally against FLUXC_CRDS.
# Both steps always run; the exit code is the worse of the two (0 ok, 1 a problem, 2 usage, 3 a fluxc bug).
set -uo pipefail

answers_spec=${FLUXC_ANSWERS:-":(glob)**/fluxc.y*ml"}
read -r -a validate_paths <<< "${FLUXC_VALIDATE-.}"
read -r -a crds_paths <<< "${FLUXC_CRDS-}"
crds_args=()
for crd in "${crds_paths[@]}"; do
  crds_args+=(--crds "$crd")
done

worst=0
record() { if (( $1 > worst )); then worst=$1; fi; }

mapfile -t answers < <(git ls-files -z -- "$answers_spec" | tr '\0' '\n')
if (( ${#answers[@]} > 0 )); then
  echo "fluxc build --check: ${#answers[@]} answers file(s)"
  fluxc build --check --output-format github "${crds_args[@]}" -- "${answers[@]}"
  record $?
else
  echo "fluxc build --check: no answers file matches ${answers_spec}"
fi

if (( ${#validate_paths[@]} > 0 )); then
  echo "fluxc validate: ${validate_paths[*]}"
  fluxc validate --output-format github "${crds_args[@]}" -- "${validate_paths[@]}"
  record $?
fi
exit "$worst"
