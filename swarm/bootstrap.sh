#!/usr/bin/env bash
# First-boot Swarm bootstrap: join the cluster's swarm over the private network,
# or found it when this node is the seed and every peer positively has none.
# Running it again changes nothing: a swarm member only gets its labels checked.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

# Settings come from the file cloud-init wrote; tests point this elsewhere.
SETTINGS=${CASERA_SWARM_ENV:-/etc/casera/swarm.env}
load_settings "$SETTINGS"
: "${PEERS:=}" "${SEED:=0}" "${LABELS:=}" "${INGRESS_MTU:=1400}" "${ADDR_POOL:=}"
: "${ADDR_TIMEOUT:=300}" "${DOCKER_TIMEOUT:=300}" "${JOIN_TIMEOUT:=1800}" "${ASK_TIMEOUT:=20}"
: "${BACKOFF_START:=2}" "${BACKOFF_MAX:=60}" "${POLL_INTERVAL:=2}"
for setting in SUBNET SSH_PORT TOKEN_USER TOKEN_KEY KNOWN_HOSTS; do
  [[ -n ${!setting:-} ]] || die "$SETTINGS does not set $setting"
done
is_ipv4_cidr "$SUBNET" || die "SUBNET must be an IPv4 CIDR such as 10.0.0.0/16; got '$SUBNET'"
[[ $SEED == 0 || $SEED == 1 ]] || die "SEED must be 0 or 1; got '$SEED'"
read -r -a peers <<<"$PEERS"
read -r -a labels <<<"$LABELS"
MY_IP=""
JOINED=0

# Prints the first IPv4 address, on any interface, that lies in SUBNET. Hetzner
# gives the private address a /32 and names the interface by server type, so
# only the address itself is compared.
subnet_address() {
  local _index _device _family cidr _rest
  while read -r _index _device _family cidr _rest; do
    if in_subnet "${cidr%/*}" "$SUBNET"; then
      echo "${cidr%/*}"
      return 0
    fi
  done < <(ip -o -4 addr show)
  return 1
}

# The private interface may come up after cloud-init starts.
wait_for_address() {
  local deadline=$(($(now_ms) + $(to_ms "$ADDR_TIMEOUT")))
  until MY_IP=$(subnet_address); do
    if (($(now_ms) >= deadline)); then
      die "no IPv4 address in $SUBNET on any interface after ${ADDR_TIMEOUT}s; addresses seen: $(ip -o -4 addr show | awk '{printf "%s %s; ", $2, $4}')"
    fi
    sleep_ms "$(to_ms "$POLL_INTERVAL")"
  done
  log "private address $MY_IP (in $SUBNET)"
}

# The package was just installed; dockerd may still be starting.
wait_for_docker() {
  local deadline=$(($(now_ms) + $(to_ms "$DOCKER_TIMEOUT")))
  until docker version --format '{{.Server.Version}}' >/dev/null 2>&1; do
    if (($(now_ms) >= deadline)); then
      die "docker did not answer within ${DOCKER_TIMEOUT}s (see: systemctl status docker)"
    fi
    sleep_ms "$(to_ms "$POLL_INTERVAL")"
  done
  log "docker is up"
}

swarm_state() {
  docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown
}

# One peer's answer: "token <T>", "no-swarm", "not-ready", "unreachable" or
# "unexpected". The peer's forced command ignores what we send.
ask_peer() {
  local reply kind token
  if ! reply=$(timeout "$ASK_TIMEOUT" ssh -n -i "$TOKEN_KEY" -p "$SSH_PORT" \
    -o BatchMode=yes -o IdentitiesOnly=yes -o ConnectTimeout=5 \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$KNOWN_HOSTS" \
    -o GlobalKnownHostsFile=/dev/null -o LogLevel=ERROR \
    "$TOKEN_USER@$1" token 2>/dev/null); then
    echo unreachable
    return 0
  fi
  read -r kind token _ <<<"${reply%%$'\n'*}"
  case $kind in
    token) if [[ $token =~ ^SWMTKN-[0-9A-Za-z-]+$ ]]; then echo "token $token"; else echo unexpected; fi ;;
    no-swarm | not-ready) echo "$kind" ;;
    *) echo unexpected ;;
  esac
}

join_through() {
  local peer=$1 token=$2 out
  log "$peer has a swarm: joining through $peer:2377 as a manager on $MY_IP"
  if out=$(docker swarm join --token "$token" --advertise-addr "$MY_IP" --data-path-addr "$MY_IP" \
    --listen-addr "$MY_IP:2377" "$peer:2377" 2>&1); then
    JOINED=1
    return 0
  fi
  # A join that timed out on the client may still have gone through.
  if [[ $(swarm_state) == active ]]; then
    JOINED=1
    return 0
  fi
  log "joining through $peer failed: ${out//$'\n'/ }"
  return 1
}

# Overlay traffic is VXLAN inside Hetzner's 1450-byte private network, so the
# ingress network needs an MTU below Docker's default of 1500.
recreate_ingress() {
  local deadline out
  log "recreating the ingress network with MTU $INGRESS_MTU"
  out=$(printf 'y\n' | docker network rm ingress 2>&1) || die "could not remove the default ingress network: $out"
  deadline=$(($(now_ms) + 60000))
  until out=$(docker network create --driver overlay --ingress \
    --opt "com.docker.network.driver.mtu=$INGRESS_MTU" ingress 2>&1); do
    (($(now_ms) < deadline)) || die "could not recreate the ingress network: $out"
    sleep_ms "$(to_ms "$POLL_INTERVAL")"
  done
}

found_swarm() {
  local args=(--advertise-addr "$MY_IP" --data-path-addr "$MY_IP" --listen-addr "$MY_IP:2377") out
  [[ -z $ADDR_POOL ]] || args+=(--default-addr-pool "$ADDR_POOL")
  log "no peer has a swarm (answers:${1:- no peers}) and this node is the seed: founding it on $MY_IP"
  out=$(docker swarm init "${args[@]}" 2>&1) || die "docker swarm init failed: ${out//$'\n'/ }"
  recreate_ingress
}

# Asks every peer until one hands out a token or, for the seed only, until all
# of them positively say they have no swarm. An unreachable or not-ready peer
# is not an answer, so a replaced seed never founds a second swarm.
join_or_found() {
  local deadline delay now pause peer reply answers all_no_swarm
  deadline=$(($(now_ms) + $(to_ms "$JOIN_TIMEOUT")))
  delay=$(to_ms "$BACKOFF_START")
  while :; do
    answers=""
    all_no_swarm=1
    for peer in "${peers[@]}"; do
      reply=$(ask_peer "$peer")
      answers+=" $peer=${reply%% *}"
      if [[ $reply == token\ * ]] && join_through "$peer" "${reply#token }"; then
        return 0
      fi
      [[ $reply == no-swarm ]] || all_no_swarm=0
    done
    if ((all_no_swarm)) && [[ $SEED == 1 ]]; then
      found_swarm "$answers"
      return 0
    fi
    now=$(now_ms)
    if ((now >= deadline)); then
      if [[ $SEED == 1 ]]; then
        die "no swarm joined or founded after ${JOIN_TIMEOUT}s; the seed founds one only when every peer answers no-swarm; last answers:$answers"
      fi
      die "no swarm joined after ${JOIN_TIMEOUT}s; this node is not the seed and waits for a peer with a swarm; last answers:$answers"
    fi
    pause=$((delay < deadline - now ? delay : deadline - now))
    log "no swarm to join yet (answers:$answers); asking again in $((pause / 1000)).$(printf "%03d" $((pause % 1000)))s"
    sleep_ms "$pause"
    delay=$((delay * 2))
    delay=$((delay < $(to_ms "$BACKOFF_MAX") ? delay : $(to_ms "$BACKOFF_MAX")))
  done
}

# A replacement keeps its predecessor's hostname; left alone, the dead entry
# counts as one more manager and raises the quorum the swarm needs.
remove_replaced_entry() {
  local info self name id host status manager
  info=$(docker info --format '{{.Swarm.NodeID}} {{.Name}}')
  read -r self name <<<"$info"
  while read -r id host status manager; do
    [[ $id != "$self" && $host == "$name" && $status == Down ]] || continue
    log "removing $id, the dead entry for $host that this node replaces"
    if [[ -n $manager ]] && ! docker node demote "$id" >/dev/null; then
      log "WARNING: could not demote $id; run: docker node demote $id && docker node rm $id"
      continue
    fi
    docker node rm "$id" >/dev/null || log "WARNING: could not remove $id; run: docker node rm $id"
  done < <(docker node ls --format '{{.ID}} {{.Hostname}} {{.Status}} {{.ManagerStatus}}')
}

# Adds only the labels that are missing, so a second run updates nothing.
apply_labels() {
  local self current label missing=() added=()
  ((${#labels[@]})) || return 0
  self=$(docker info --format '{{.Swarm.NodeID}}')
  current=$(docker node inspect "$self" --format '{{json .Spec.Labels}}')
  for label in "${labels[@]}"; do
    if [[ $current != *"\"${label%%=*}\":\"${label#*=}\""* ]]; then
      missing+=(--label-add "$label")
      added+=("$label")
    fi
  done
  if ((${#added[@]} == 0)); then
    log "labels already set: ${labels[*]}"
    return 0
  fi
  log "adding labels: ${added[*]}"
  docker node update "${missing[@]}" "$self" >/dev/null || die "could not set labels on $self"
}

main() {
  local state
  if ((${#peers[@]} == 0)) && [[ $SEED != 1 ]]; then
    die "no peers to ask and this node is not the seed: it can neither join nor found a swarm"
  fi
  wait_for_address
  wait_for_docker
  state=$(swarm_state)
  case $state in
    active) log "already an active swarm member; nothing to join" ;;
    inactive)
      join_or_found
      if ((JOINED)); then remove_replaced_entry; fi
      ;;
    *) die "docker reports swarm state '$state'; inspect with: docker info (a stuck join clears with: docker swarm leave --force)" ;;
  esac
  apply_labels
  log "done: $(swarm_state) swarm member on $MY_IP"
}

main "$@"
