#!/usr/bin/env bash
# Makes sshd use the Casera drop-in now, whether ssh is socket-activated
# (Ubuntu 24.04: ssh.socket) or a plain service (Debian 12: ssh.service).
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

# sshd -t needs its privilege separation directory, which socket-activated ssh
# creates only when the first connection starts ssh.service.
install -d -m 0755 "${CASERA_SSHD_PRIVSEP_DIR:-/run/sshd}"

# A config sshd rejects would lock everyone out after a restart: keep the old one.
if ! out=$(sshd -t 2>&1); then
  die "sshd -t rejected the configuration, ssh left as it was: ${out//$'\n'/ }"
fi

if systemctl is-enabled --quiet ssh.socket 2>/dev/null; then
  # The socket's port comes from sshd_config only when systemd regenerates the
  # unit at daemon-reload; a running ssh.service would block the socket restart.
  log "ssh is socket-activated: regenerating ssh.socket"
  systemctl daemon-reload
  systemctl stop ssh.service
  systemctl restart ssh.socket
else
  log "ssh runs as ssh.service: restarting it"
  systemctl restart ssh.service
fi
log "sshd now uses port $(sshd -T 2>/dev/null | awk '$1 == "port" { print $2 }' | paste -sd ' ')"
