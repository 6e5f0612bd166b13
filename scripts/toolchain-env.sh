#!/usr/bin/env bash
# Environment of the offline Terraform toolchain built by scripts/toolchain.sh.
#
# Source it from bash:
#     . scripts/toolchain-env.sh        # exports the variables below
#     "$CASERA_TERRAFORM" init ...
# or run it from another language:
#     bash scripts/toolchain-env.sh          # prints `export KEY='value'` lines
#     bash scripts/toolchain-env.sh --json   # prints one JSON object
#     bash scripts/toolchain-env.sh --check  # exit 1 (with a hint) unless the toolchain is built
#
# Variables:
#   CASERA_TOOLCHAIN_DIR  cache root, outside the repo
#                         (default ${XDG_CACHE_HOME:-$HOME/.cache}/casera-toolchain)
#   CASERA_TF_MIRROR      the filesystem mirror with the provider binaries
#   TF_CLI_CONFIG_FILE    Terraform CLI config that installs providers only from that mirror
#   CASERA_TERRAFORM      absolute path of the terraform binary to use
#   CASERA_TF_SCHEMAS     directory with `terraform providers schema -json` output
#                         (all.json and one <name>.json per provider)
#   CASERA_VEGETA         absolute path of the load generator (loadtest/), the cache's
#                         bin/vegeta, else vegeta on PATH, else empty
#   CHECKPOINT_DISABLE=1  no version-check calls from terraform

CASERA_TOOLCHAIN_DIR="${CASERA_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/casera-toolchain}"
CASERA_TF_MIRROR="$CASERA_TOOLCHAIN_DIR/mirror"
CASERA_TF_SCHEMAS="$CASERA_TOOLCHAIN_DIR/schemas"
TF_CLI_CONFIG_FILE="$CASERA_TOOLCHAIN_DIR/terraformrc"
CHECKPOINT_DISABLE=1
# toolchain.sh records which terraform it settled on (PATH or its own build).
if [[ -s "$CASERA_TOOLCHAIN_DIR/terraform-bin" ]]; then
  CASERA_TERRAFORM="$(<"$CASERA_TOOLCHAIN_DIR/terraform-bin")"
else
  CASERA_TERRAFORM="$(command -v terraform || true)"
fi
if [[ -x "$CASERA_TOOLCHAIN_DIR/bin/vegeta" ]]; then
  CASERA_VEGETA="$CASERA_TOOLCHAIN_DIR/bin/vegeta"
else
  CASERA_VEGETA="$(command -v vegeta || true)"
fi
export CASERA_TOOLCHAIN_DIR CASERA_TF_MIRROR CASERA_TF_SCHEMAS TF_CLI_CONFIG_FILE CASERA_TERRAFORM CASERA_VEGETA CHECKPOINT_DISABLE

casera_toolchain_ready() {
  [[ -f "$TF_CLI_CONFIG_FILE" && -n "$CASERA_TERRAFORM" && -x "$CASERA_TERRAFORM" ]]
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  # Executed, not sourced.
  _casera_vars=(CASERA_TOOLCHAIN_DIR CASERA_TF_MIRROR CASERA_TF_SCHEMAS TF_CLI_CONFIG_FILE CASERA_TERRAFORM CASERA_VEGETA CHECKPOINT_DISABLE)
  case "${1:-}" in
    --check)
      if casera_toolchain_ready; then exit 0; fi
      echo "offline Terraform toolchain not built in $CASERA_TOOLCHAIN_DIR: run 'npm run toolchain'" >&2
      exit 1
      ;;
    --json)
      _sep='{'
      for _v in "${_casera_vars[@]}"; do
        _val="${!_v}"
        _val="${_val//\\/\\\\}"
        _val="${_val//\"/\\\"}"
        printf '%s"%s":"%s"' "$_sep" "$_v" "$_val"
        _sep=','
      done
      printf '}\n'
      ;;
    ''|--export)
      for _v in "${_casera_vars[@]}"; do
        printf 'export %s=%q\n' "$_v" "${!_v}"
      done
      ;;
    *)
      echo "usage: $0 [--export|--json|--check]" >&2
      exit 2
      ;;
  esac
fi
