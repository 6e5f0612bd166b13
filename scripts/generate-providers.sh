#!/usr/bin/env bash
# Regenerates the hcloud and neon bindings in providers/ with cdktf's own
# generator, from the schemas of the provider binaries in the offline mirror
# (built by scripts/toolchain.sh at the versions in scripts/providers.lock).
# Change a version in both providers.lock and cdktf.json, then run this.
set -euo pipefail
cd "$(dirname "$0")/.."

# No options: anything on the command line is a question (--help) or a mistake, never a reason to rewrite providers/.
case "${1-}" in
  "") ;;
  -h|--help) sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"; echo "usage: npm run providers  (no options)"; exit 0 ;;
  *) echo "providers: takes no options; got $*" >&2; echo "usage: npm run providers  (no options)" >&2; exit 2 ;;
esac

# Build or reuse the offline toolchain, then point Terraform at it.
bash scripts/toolchain.sh >/dev/null
# shellcheck source=toolchain-env.sh disable=SC1091
. scripts/toolchain-env.sh
PATH="$(dirname "$CASERA_TERRAFORM"):$PATH"
export PATH

# Generate into providers/ as cdktf.json says; --force rewrites existing bindings.
CI=1 npx --no-install cdktf get --force
echo "providers: regenerated $(tr -d '\n ' < providers/versions.json)"
