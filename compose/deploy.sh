#!/usr/bin/env bash
# Casera stack deployment, run by Terraform's local-exec on the workstation.
# Every Docker command runs on a Swarm manager over SSH (pinned host key).
# Secret values arrive in the environment and reach the manager on stdin only:
# never in an argument, never in a log line.
#
# Usage:
#   deploy.sh create secret|config BASE NAME   value in $CASERA_VALUE
#   deploy.sh deploy STACK_FILE                 then removes outdated secrets/configs
#
# Settings (environment):
#   CASERA_SSH_HOST, CASERA_SSH_PORT (2222), CASERA_SSH_USER (deploy)
#   CASERA_KNOWN_HOSTS     the manager's pinned known_hosts line
#   CASERA_STACK           stack name (casera)
#   CASERA_STACK_VARS      names of the variables the stack file uses, passed on
#   CASERA_SECRETS         "base=name ..." secrets the stack now uses
#   CASERA_CONFIGS         "base=name ..." configs the stack now uses
#   CASERA_DEPLOY_TIMEOUT  seconds to wait for the services to converge (600)
#   CASERA_RESOLVE_IMAGE   always|changed|never (always)
#   CASERA_POLL_SECONDS    pause between convergence checks (5)
set -euo pipefail

log() { printf 'casera-deploy: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

known_hosts_file=""
cleanup() { if [ -n "$known_hosts_file" ]; then rm -f -- "$known_hosts_file"; fi; }
trap cleanup EXIT

# Write the pinned host key to a file of our own; ssh accepts no other.
prepare_ssh() {
  : "${CASERA_SSH_HOST:?CASERA_SSH_HOST must name a manager}"
  : "${CASERA_KNOWN_HOSTS:?CASERA_KNOWN_HOSTS must hold the pinned known_hosts line of the manager}"
  known_hosts_file=$(mktemp "${TMPDIR:-/tmp}/casera-known-hosts.XXXXXX")
  printf '%s\n' "$CASERA_KNOWN_HOSTS" >"$known_hosts_file"
}

# Run one command on the manager. Arguments are quoted for the remote shell;
# stdin is passed through.
remote() {
  local quoted
  quoted=$(printf '%q ' "$@")
  ssh -p "${CASERA_SSH_PORT:-2222}" \
    -o UserKnownHostsFile="$known_hosts_file" \
    -o StrictHostKeyChecking=yes \
    -o BatchMode=yes \
    -o ConnectTimeout=15 \
    "${CASERA_SSH_USER:-deploy}@${CASERA_SSH_HOST}" "$quoted"
}

# Docker secret and config names: letters, digits, dots, dashes, underscores.
check_name() {
  [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]] || die "invalid name: $1"
}

# Create a secret or config unless one of that name exists (same name, same value).
create() {
  local kind=$1 base=$2 name=$3
  [ "$kind" = secret ] || [ "$kind" = config ] || die "kind must be secret or config, got $kind"
  check_name "$base"
  check_name "$name"
  [ -n "${CASERA_VALUE:-}" ] || die "$kind $base: CASERA_VALUE is empty"
  if remote docker "$kind" inspect "$name" </dev/null >/dev/null 2>&1; then
    log "$kind $name exists"
    return 0
  fi
  log "creating $kind $name"
  printf '%s' "$CASERA_VALUE" | remote docker "$kind" create --label "casera.$kind=$base" "$name" -
}

# `env NAME=value ...` for the variables the stack file uses (none of them secret).
stack_env() {
  local var
  printf '%s\0' env
  for var in ${CASERA_STACK_VARS:-}; do
    [[ "$var" =~ ^[A-Z][A-Z0-9_]*$ ]] || die "invalid variable name: $var"
    printf '%s\0' "$var=${!var-}"
  done
}

# Prints "converged", "failed <service> <state>" or "waiting".
stack_state() {
  local stack=$1 services states names name replicas state
  services=$(remote docker stack services "$stack" --format '{{.Name}} {{.Replicas}}' </dev/null)
  mapfile -t names < <(printf '%s\n' "$services" | cut -d' ' -f1 | grep -v '^$')
  if [ "${#names[@]}" -eq 0 ]; then echo waiting; return 0; fi
  states=$(remote docker service inspect --format '{{.Spec.Name}} {{if .UpdateStatus}}{{.UpdateStatus.State}}{{else}}none{{end}}' \
    "${names[@]}" </dev/null)
  while read -r name state; do
    case "$state" in
      paused | rollback_started | rollback_paused | rollback_completed) echo "failed $name $state"; return 0 ;;
      updating) echo waiting; return 0 ;;
    esac
  done <<<"$states"
  while read -r name replicas; do
    [ -n "$name" ] || continue
    replicas=${replicas%% *}
    if [ "${replicas%/*}" != "${replicas#*/}" ]; then echo waiting; return 0; fi
  done <<<"$services"
  echo converged
}

# Show the tasks that are not running, for the operator.
show_problems() {
  remote docker stack ps "$1" --filter desired-state=running --format '{{.Name}} {{.CurrentState}} {{.Error}}' </dev/null |
    grep -v ' Running ' >&2 || true
}

# Wait until every service runs its desired tasks and no update is in flight,
# twice in a row (an update may not have started at the first look).
wait_converged() {
  local stack=$1 deadline state streak=0
  deadline=$(($(date +%s) + ${CASERA_DEPLOY_TIMEOUT:-600}))
  sleep "${CASERA_POLL_SECONDS:-5}"
  while :; do
    state=$(stack_state "$stack")
    case "$state" in
      converged) streak=$((streak + 1)); [ "$streak" -ge 2 ] && return 0 ;;
      failed*) show_problems "$stack"; die "stack $stack: ${state#failed }; outdated secrets are kept for the rollback" ;;
      *) streak=0 ;;
    esac
    [ "$(date +%s)" -lt "$deadline" ] || show_problems "$stack"
    [ "$(date +%s)" -lt "$deadline" ] || die "stack $stack did not converge within ${CASERA_DEPLOY_TIMEOUT:-600}s; outdated secrets are kept"
    sleep "${CASERA_POLL_SECONDS:-5}"
  done
}

# Remove secrets/configs of a managed base name that the stack no longer uses.
prune() {
  local kind=$1 pairs=$2 pair base name old
  for pair in $pairs; do
    base=${pair%%=*}
    name=${pair#*=}
    check_name "$base"
    while read -r old; do
      if [ -z "$old" ] || [ "$old" = "$name" ] || [[ "$old" != "${base}_"* ]]; then continue; fi
      if remote docker "$kind" rm "$old" </dev/null >/dev/null 2>&1; then
        log "removed outdated $kind $old"
      else
        log "kept $kind $old: still in use"
      fi
    done < <(remote docker "$kind" ls --filter "label=casera.$kind=$base" --format '{{.Name}}' </dev/null)
  done
}

deploy() {
  local file=$1 stack=${CASERA_STACK:-casera} env_args=()
  [ -r "$file" ] || die "cannot read stack file $file"
  check_name "$stack"
  mapfile -d '' env_args < <(stack_env)
  log "deploying stack $stack to ${CASERA_SSH_HOST}"
  remote "${env_args[@]}" docker stack deploy --prune --with-registry-auth \
    --resolve-image "${CASERA_RESOLVE_IMAGE:-always}" -c - "$stack" <"$file"
  wait_converged "$stack"
  log "stack $stack converged"
  prune secret "${CASERA_SECRETS:-}"
  prune config "${CASERA_CONFIGS:-}"
}

main() {
  [ "$#" -ge 1 ] || die "usage: deploy.sh create secret|config BASE NAME | deploy STACK_FILE"
  local command=$1
  shift
  prepare_ssh
  case "$command" in
    create) [ "$#" -eq 3 ] || die "usage: deploy.sh create secret|config BASE NAME"; create "$@" ;;
    deploy) [ "$#" -eq 1 ] || die "usage: deploy.sh deploy STACK_FILE"; deploy "$1" ;;
    *) die "unknown command: $command" ;;
  esac
}

main "$@"
