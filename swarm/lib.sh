# shellcheck shell=bash
# Shared helpers for the Casera node scripts: logging, settings, time, subnets.
# Sourced, never run; the caller has already set `set -euo pipefail`.

# Progress goes to the log file, the journal and stderr, so a node that did not
# join can be debugged from whichever of them is at hand.
CASERA_SWARM_LOG=${CASERA_SWARM_LOG:-/var/log/casera-swarm.log}

log() {
  printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>"$CASERA_SWARM_LOG" 2>/dev/null || true
  printf 'casera-swarm: %s\n' "$*" >&2
  if command -v logger >/dev/null 2>&1; then
    logger -t casera-swarm -- "$*" || true
  fi
}

die() {
  log "FAILED: $*"
  exit 1
}

# Reads KEY=value lines without evaluating them: the file is data, not shell,
# and only the settings named here are taken.
load_settings() {
  local file=$1 line key
  [[ -r $file ]] || die "cannot read settings file $file"
  while IFS= read -r line || [[ -n $line ]]; do
    [[ -z $line || $line == \#* ]] && continue
    key=${line%%=*}
    case $key in
      SUBNET | PEERS | SEED | SSH_PORT | TOKEN_USER | TOKEN_KEY | KNOWN_HOSTS | LABELS | \
        INGRESS_MTU | ADDR_POOL | ADDR_TIMEOUT | DOCKER_TIMEOUT | JOIN_TIMEOUT | \
        ASK_TIMEOUT | BACKOFF_START | BACKOFF_MAX | POLL_INTERVAL)
        printf -v "$key" '%s' "${line#*=}"
        ;;
      *) log "ignoring unknown setting '$key' in $file" ;;
    esac
  done <"$file"
}

# Durations are seconds with up to three decimals; the loops count in
# milliseconds so tests can use sub-second timeouts.
to_ms() {
  local int=${1%%.*} frac
  frac=${1#"$int"}
  frac=${frac#.}000
  echo $((10#${int:-0} * 1000 + 10#${frac:0:3}))
}

now_ms() {
  local t=${EPOCHREALTIME/[.,]/}
  echo $((t / 1000))
}

sleep_ms() {
  sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"
}

# Subnet membership in plain arithmetic: no interface names, no external tools.
ipv4_to_int() {
  local a b c d
  IFS=. read -r a b c d <<<"$1"
  echo $(((10#$a << 24) | (10#$b << 16) | (10#$c << 8) | 10#$d))
}

in_subnet() {
  local addr=$1 net=${2%/*} bits=${2#*/} mask
  mask=$(((0xffffffff << (32 - bits)) & 0xffffffff))
  ((($(ipv4_to_int "$addr") & mask) == ($(ipv4_to_int "$net") & mask)))
}

is_ipv4_cidr() {
  [[ $1 =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}/([0-9]|[12][0-9]|3[0-2])$ ]]
}
