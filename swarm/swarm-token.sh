#!/usr/bin/env bash
# Forced command of the swarm-token SSH user, run through sudo as root. Prints
# exactly one line on stdout and nothing else:
#   token <manager join token> <this node's swarm address>  (manager in an active swarm)
#   no-swarm                                                 (docker up, in no swarm)
#   not-ready                                                (anything else)
set -euo pipefail

# Say not-ready whenever docker cannot be asked: a peer must never read an
# error as "no swarm here" and found a second one.
if ! info=$(docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeAddr}}' 2>/dev/null); then
  echo not-ready
  exit 0
fi
read -r state manager addr _ <<<"$info"

case $state in
  inactive) echo no-swarm ;;
  active)
    # Only a manager can hand out the manager token; a worker is not an answer.
    if [[ $manager == true ]] && token=$(docker swarm join-token -q manager 2>/dev/null) && [[ -n $token ]]; then
      printf 'token %s %s\n' "$token" "$addr"
    else
      echo not-ready
    fi
    ;;
  *) echo not-ready ;;
esac
