#!/usr/bin/env bash
# Offline Terraform toolchain: the Terraform CLI of .terraform-version and the
# providers pinned in scripts/providers.lock, built from their Go modules (the
# Go module proxy is the only source used) into a filesystem mirror in a cache
# outside the repo, plus the load generator the load test runs (vegeta, also
# pinned there). Nothing here talks to the Terraform registry.
#
#   bash scripts/toolchain.sh            build what is missing, verify, print the env
#   bash scripts/toolchain.sh --verify   also re-run the verification when nothing changed
#   bash scripts/toolchain.sh --force    rebuild everything
#   bash scripts/toolchain.sh --tools    only the tools (vegeta for loadtest/), no Terraform
#
# Cache layout (${CASERA_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/casera-toolchain}):
#   bin/terraform          only when terraform on PATH is not the wanted version
#   bin/vegeta             the load generator (loadtest/casera.ts, npm run bench)
#   terraform-bin          path of the terraform binary to use (read by toolchain-env.sh)
#   mirror/<host>/<ns>/<type>/<version>/<os>_<arch>/terraform-provider-<type>_v<version>
#   stamps/                what each binary was built from; a matching stamp skips the build
#   terraformrc            CLI config: providers only from the mirror, no checkpoint calls
#   schemas/all.json       `terraform providers schema -json` for every provider in the lock
#   schemas/<name>.json    the same, one provider each (input for cdktf's generator)
#   logs/                  build logs (build-times.txt: seconds per provider build)
#   plugin-cache/          not written here; emptied for a provider that is rebuilt
# Other scripts: `. scripts/toolchain-env.sh` (or `bash scripts/toolchain-env.sh --json`).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCK="$ROOT/scripts/providers.lock"
TF_VERSION_FILE="$ROOT/.terraform-version"
# shellcheck source=scripts/toolchain-env.sh
. "$ROOT/scripts/toolchain-env.sh"

CACHE="$CASERA_TOOLCHAIN_DIR"
MIRROR="$CASERA_TF_MIRROR"
SCHEMAS="$CASERA_TF_SCHEMAS"
STAMPS="$CACHE/stamps"
LOGS="$CACHE/logs"

FORCE=0
VERIFY=0
TOOLS_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    --verify) VERIFY=1 ;;
    --tools) TOOLS_ONLY=1 ;;
    -h|--help) sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { printf '[toolchain] %s\n' "$*" >&2; }
die() { printf '[toolchain] ERROR: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "go is required (the providers are built from source)"
[[ -f "$LOCK" ]] || die "missing $LOCK"
[[ -f "$TF_VERSION_FILE" ]] || die "missing $TF_VERSION_FILE"

mkdir -p "$CACHE" "$MIRROR" "$SCHEMAS" "$STAMPS" "$LOGS"
# One run at a time per cache (tests and people may start it concurrently);
# a run that waited then finds everything up to date.
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.lock"
  if ! flock -n 9; then
    log "another toolchain.sh run holds $CACHE/.lock; waiting for it"
    flock 9
  fi
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/casera-toolchain.XXXXXX")"
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

export CHECKPOINT_DISABLE=1
# Keep the default GOCACHE (warm rebuilds); -trimpath for reproducible binaries;
# -mod=mod lets a module whose go.sum misses an entry still build (we build in
# a throw-away copy, so go.mod/go.sum edits do not matter).
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-trimpath -mod=mod"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
PLATFORM="$(go env GOOS)_$(go env GOARCH)"

BUILT_SOMETHING=0

# ---------------------------------------------------------------------------
# helpers

# fetch_module MODULE VERSION DEST: writable copy of the module's source in DEST.
fetch_module() {
  local module="$1" version="$2" dest="$3" json dir
  # Outside any module, so the download does not touch a go.mod.
  json="$(cd "$WORK" && go mod download -json "$module@$version" 2>&1)" ||
    die "go mod download $module@$version failed:
$json"
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -n "$dir" && -d "$dir" ]] || die "no source directory for $module@$version:
$json"
  mkdir -p "$dest"
  cp -R "$dir"/. "$dest"/
  chmod -R u+w "$dest"
}

# fix_gomod DIR: drop `godebug` settings this Go no longer knows (go.mod then
# fails to load), e.g. terraform 1.11's `godebug tlskyber=0` under Go >= 1.25.
fix_gomod() {
  local dir="$1" out key i
  for i in 1 2 3 4 5; do
    if out="$(cd "$dir" && go list -m 2>&1)"; then return 0; fi
    key="$(printf '%s\n' "$out" | sed -n 's/.*unknown godebug "\([^"]*\)".*/\1/p' | head -n1)"
    [[ -n "$key" ]] || break
    log "  dropping unknown 'godebug $key' from $(basename "$dir")/go.mod"
    (cd "$dir" && go mod edit -dropgodebug="$key")
  done
  (cd "$dir" && go list -m >/dev/null) || die "cannot load go.mod in $dir (attempt $i)"
}

# fill_embeds DIR: create empty placeholders for //go:embed files that the
# module zip does not carry (e.g. b2's pyinstaller helper). Only plain file
# names are handled; patterns with wildcards are left alone.
fill_embeds() {
  local dir="$1" file pat target
  while IFS= read -r file; do
    while IFS= read -r pat; do
      [[ "$pat" == *[*?[]* ]] && continue
      target="$(dirname "$file")/$pat"
      if [[ ! -e "$target" ]]; then
        log "  placeholder for embedded file ${target#"$dir"/}"
        mkdir -p "$(dirname "$target")"
        : >"$target"
      fi
    done < <(sed -n 's#^//go:embed[[:space:]]\{1,\}##p' "$file" | tr ' ' '\n' | tr -d '"`' | sed '/^$/d')
  done < <(grep -rl --include='*.go' '^//go:embed ' "$dir" 2>/dev/null || true)
}

stamp_ok() { # stamp_ok FILE CONTENT BINARY
  [[ "$FORCE" == 0 && -x "$3" && -f "$1" && "$(<"$1")" == "$2" ]]
}

# ---------------------------------------------------------------------------
# lock file

TERRAFORM_ROW=""
PROVIDER_ROWS=()
TOOL_ROWS=()
while read -r kind rest; do
  case "$kind" in
    ''|'#'*) continue ;;
    terraform) TERRAFORM_ROW="$rest" ;;
    provider) PROVIDER_ROWS+=("$rest") ;;
    tool) TOOL_ROWS+=("$rest") ;;
    *) die "$LOCK: unknown kind '$kind'" ;;
  esac
done <"$LOCK"
[[ -n "$TERRAFORM_ROW" ]] || die "$LOCK has no terraform row"

# ---------------------------------------------------------------------------
# 1. Terraform CLI

WANT_TF="$(tr -d '[:space:]' <"$TF_VERSION_FILE")"
WANT_TF="${WANT_TF#v}"

tf_version_of() { # prints the version of terraform binary $1, or nothing
  "$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -n1
}

ensure_terraform() {
  local _name _src lock_ver module gover extra sub bin stamp stamp_file src start path_tf mod path
  read -r _name _src lock_ver module gover extra <<<"$TERRAFORM_ROW"
  bin="$CACHE/bin/terraform"

  path_tf="$(PATH="${PATH//"$CACHE/bin:"/}" command -v terraform || true)"
  if [[ -n "$path_tf" && "$(tf_version_of "$path_tf")" == "$WANT_TF" ]]; then
    log "terraform $WANT_TF: using $path_tf"
    printf '%s\n' "$path_tf" >"$CACHE/terraform-bin"
    return
  fi

  [[ "$lock_ver" == "$WANT_TF" ]] ||
    die ".terraform-version says $WANT_TF but $LOCK pins terraform $lock_ver: update the terraform row (version and submodules= pseudo-version)"
  sub="${extra#submodules=}"
  stamp="module=$module@$gover submodules=$sub platform=$PLATFORM"
  stamp_file="$STAMPS/terraform.stamp"
  if stamp_ok "$stamp_file" "$stamp" "$bin"; then
    log "terraform $WANT_TF: up to date ($bin)"
  else
    log "terraform $WANT_TF: building $module@$gover (terraform on PATH: ${path_tf:-none})"
    start=$SECONDS
    src="$WORK/terraform"
    fetch_module "$module" "$gover" "$src"
    # Module zips leave out nested modules; terraform replaces them with ./internal/...
    while read -r mod path; do
      [[ -f "$src/$path/go.mod" ]] && continue
      log "  filling $path from $mod@$sub"
      fetch_module "$mod" "$sub" "$src/$path"
    done < <(sed -n 's#^replace[[:space:]]\{1,\}\([^[:space:]]*\)[[:space:]]\{1,\}=>[[:space:]]\{1,\}\(\./[^[:space:]]*\).*#\1 \2#p' "$src/go.mod")
    fix_gomod "$src"
    if ! (cd "$src" && go build -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$WORK/terraform.bin" .) >"$LOGS/terraform.log" 2>&1; then
      tail -n 30 "$LOGS/terraform.log" >&2
      die "terraform build failed (log: $LOGS/terraform.log)"
    fi
    mkdir -p "$CACHE/bin"
    mv -f "$WORK/terraform.bin" "$bin"
    printf '%s\n' "$stamp" >"$stamp_file"
    BUILT_SOMETHING=1
    log "terraform $WANT_TF: built in $((SECONDS - start))s"
  fi
  [[ "$(tf_version_of "$bin")" == "$WANT_TF" ]] || die "$bin does not report version $WANT_TF"
  printf '%s\n' "$bin" >"$CACHE/terraform-bin"
}

# ---------------------------------------------------------------------------
# 2. providers

ensure_provider() {
  local name="$1" source="$2" tfver="$3" module="$4" gover="$5" ldvar="$6"
  local host ns type dir bin stamp stamp_file src ldflags start old
  IFS=/ read -r host ns type <<<"$source"
  [[ -n "$host" && -n "$ns" && -n "$type" ]] || die "bad source address '$source' for $name"
  dir="$MIRROR/$host/$ns/$type/$tfver/$PLATFORM"
  bin="$dir/terraform-provider-${type}_v${tfver}"
  stamp="module=$module@$gover source=$source version=$tfver ldflag=$ldvar platform=$PLATFORM"
  stamp_file="$STAMPS/provider-$name.stamp"

  # Only the pinned version may be in the mirror for this provider.
  for old in "$MIRROR/$host/$ns/$type"/*; do
    [[ -e "$old" && "$(basename "$old")" != "$tfver" ]] || continue
    log "$name: removing stale $(basename "$old") from the mirror"
    rm -rf "$old"
  done

  if stamp_ok "$stamp_file" "$stamp" "$bin"; then
    log "$name $tfver: up to date"
    return
  fi
  log "$name $tfver: building $module@$gover"
  start=$SECONDS
  src="$WORK/$name"
  fetch_module "$module" "$gover" "$src"
  fix_gomod "$src"
  fill_embeds "$src"
  ldflags="-s -w"
  [[ "$ldvar" == "-" ]] || ldflags+=" -X $ldvar=$tfver"
  # Build outside the mirror: a failed build must not leave a half-made
  # version directory that terraform would pick up.
  if ! (cd "$src" && go build -ldflags "$ldflags" -o "$WORK/$name.bin" .) >"$LOGS/$name.log" 2>&1; then
    tail -n 30 "$LOGS/$name.log" >&2
    die "$name build failed (log: $LOGS/$name.log)"
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  mv -f "$WORK/$name.bin" "$bin"
  # A TF_PLUGIN_CACHE_DIR kept in the cache (scripts/toolchain-paths.ts) must
  # not keep serving the previous build of the same version.
  rm -rf "$CACHE/plugin-cache/$host/$ns/$type"
  printf '%s\n' "$stamp" >"$stamp_file"
  chmod -R u+w "$src" && rm -rf "$src"
  BUILT_SOMETHING=1
  log "$name $tfver: built in $((SECONDS - start))s"
  printf '%s %s %s %ss %s\n' "$(date -u +%FT%TZ)" "$name" "$tfver" "$((SECONDS - start))" "$module@$gover" >>"$LOGS/build-times.txt"
}

# ---------------------------------------------------------------------------
# 3. CLI config

write_terraformrc() {
  local tmp="$TF_CLI_CONFIG_FILE.tmp"
  cat >"$tmp" <<EOF
# Written by scripts/toolchain.sh: providers come only from the local
# filesystem mirror (no direct block, so nothing is fetched from a registry).
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/*/*"]
  }
}
EOF
  if [[ -f "$TF_CLI_CONFIG_FILE" ]] && cmp -s "$tmp" "$TF_CLI_CONFIG_FILE"; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$TF_CLI_CONFIG_FILE"
  fi
}

# ---------------------------------------------------------------------------
# 4. tools: programs the load test and the bench run, not Terraform's

# ensure_tool NAME - VERSION MODULE GO_VERSION LDVAR: bin/NAME built from the
# module's main package; LDVAR (or "-") is set to GO_VERSION with -X. Its stamp
# lives apart from the provider stamps, so a tool never re-runs the verification.
ensure_tool() {
  local name="$1" version="$3" module="$4" gover="$5" ldvar="$6"
  local bin="$CACHE/bin/$name" stamp stamp_file src ldflags start
  stamp="module=$module@$gover version=$version ldflag=$ldvar platform=$PLATFORM flags=$GOFLAGS"
  stamp_file="$STAMPS/tool-$name"
  if stamp_ok "$stamp_file" "$stamp" "$bin"; then
    log "$name $version: up to date ($bin)"
    return
  fi
  log "$name $version: building $module@$gover"
  start=$SECONDS
  src="$WORK/$name"
  fetch_module "$module" "$gover" "$src"
  fix_gomod "$src"
  ldflags="-s -w"
  [[ "$ldvar" == "-" ]] || ldflags+=" -X $ldvar=$gover"
  if ! (cd "$src" && go build -ldflags "$ldflags" -o "$WORK/$name.bin" .) >"$LOGS/$name.log" 2>&1; then
    tail -n 30 "$LOGS/$name.log" >&2
    die "$name build failed (log: $LOGS/$name.log)"
  fi
  mkdir -p "$CACHE/bin"
  mv -f "$WORK/$name.bin" "$bin"
  printf '%s\n' "$stamp" >"$stamp_file"
  chmod -R u+w "$src" && rm -rf "$src"
  log "$name $version: built in $((SECONDS - start))s"
  printf '%s %s %s %ss %s\n' "$(date -u +%FT%TZ)" "$name" "$version" "$((SECONDS - start))" "$module@$gover" >>"$LOGS/build-times.txt"
}

# ---------------------------------------------------------------------------
# 5. verification: init from the mirror only, dump the schemas

verify() {
  local tf dir row name source tfver _m _g _l sep=""
  tf="$(<"$CACHE/terraform-bin")"
  dir="$WORK/verify"
  mkdir -p "$dir"
  {
    printf '{\n  "terraform": {\n    "required_providers": {\n'
    for row in "${PROVIDER_ROWS[@]}"; do
      read -r name source tfver _m _g _l <<<"$row"
      printf '%s      "%s": { "source": "%s", "version": "= %s" }' "$sep" "$name" "$source" "$tfver"
      sep=$',\n'
    done
    printf '\n    }\n  }\n}\n'
  } >"$dir/main.tf.json"

  log "verify: terraform init (filesystem mirror only)"
  # Any attempt to reach a registry would fail here: TF_CLI_CONFIG_FILE allows
  # only the mirror, and the proxies below point nowhere.
  if ! (cd "$dir" && env TF_CLI_CONFIG_FILE="$TF_CLI_CONFIG_FILE" TF_IN_AUTOMATION=1 \
          HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 \
          "$tf" init -input=false -no-color) >"$LOGS/verify-init.log" 2>&1; then
    cat "$LOGS/verify-init.log" >&2
    die "terraform init from the mirror failed"
  fi
  (cd "$dir" && TF_CLI_CONFIG_FILE="$TF_CLI_CONFIG_FILE" "$tf" validate -no-color) >"$LOGS/verify-validate.log" 2>&1 ||
    { cat "$LOGS/verify-validate.log" >&2; die "terraform validate failed"; }
  (cd "$dir" && TF_CLI_CONFIG_FILE="$TF_CLI_CONFIG_FILE" "$tf" providers schema -json) >"$SCHEMAS/all.json.tmp" ||
    die "terraform providers schema -json failed"
  mv -f "$SCHEMAS/all.json.tmp" "$SCHEMAS/all.json"

  # One file per provider, same envelope as `terraform providers schema -json`.
  for row in "${PROVIDER_ROWS[@]}"; do
    read -r name source tfver _m _g _l <<<"$row"
    node -e '
      const fs = require("fs");
      const [all, addr, out] = process.argv.slice(1);
      const s = JSON.parse(fs.readFileSync(all, "utf8"));
      const p = s.provider_schemas && s.provider_schemas[addr];
      if (!p) { console.error("no schema for " + addr); process.exit(1); }
      fs.writeFileSync(out, JSON.stringify({ format_version: s.format_version, provider_schemas: { [addr]: p } }));
    ' "$SCHEMAS/all.json" "$source" "$SCHEMAS/$name.json" || die "could not extract the schema of $source"
  done
  log "verify: ok, schemas in $SCHEMAS"
}

# ---------------------------------------------------------------------------

TOTAL_START=$SECONDS
for row in "${TOOL_ROWS[@]}"; do
  # shellcheck disable=SC2086 # the row is whitespace-separated on purpose
  ensure_tool $row
done
if [[ "$TOOLS_ONLY" == 1 ]]; then
  log "done in $((SECONDS - TOTAL_START))s (tools only)"
  for row in "${TOOL_ROWS[@]}"; do
    read -r name _rest <<<"$row"
    echo "$name: $CACHE/bin/$name"
  done
  exit 0
fi
ensure_terraform
for row in "${PROVIDER_ROWS[@]}"; do
  # shellcheck disable=SC2086 # the row is whitespace-separated on purpose
  ensure_provider $row
done
write_terraformrc

VERIFY_STAMP="$( { cat "$LOCK" "$TF_CLI_CONFIG_FILE" "$CACHE/terraform-bin"; cat "$STAMPS"/*.stamp; } | cksum)"
if [[ "$BUILT_SOMETHING" == 1 || "$VERIFY" == 1 || ! -f "$SCHEMAS/all.json" ||
      "$(cat "$STAMPS/verify" 2>/dev/null)" != "$VERIFY_STAMP" ]]; then
  command -v node >/dev/null || die "node is required to split the provider schemas"
  verify
  printf '%s\n' "$VERIFY_STAMP" >"$STAMPS/verify"
else
  log "verify: nothing changed since the last successful verification (--verify to re-run)"
fi

log "done in $((SECONDS - TOTAL_START))s"
echo "export TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE"
echo "terraform: $(<"$CACHE/terraform-bin")"
for row in "${TOOL_ROWS[@]}"; do
  read -r name _rest <<<"$row"
  echo "$name: $CACHE/bin/$name"
done
echo "# or: . scripts/toolchain-env.sh   (exports TF_CLI_CONFIG_FILE, CASERA_TERRAFORM, CASERA_VEGETA, ...)"
