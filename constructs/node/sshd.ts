import { fillTemplate, readSwarmFile } from "./swarm-files";

/** Where cloud-init installs the scripts from swarm/. */
export const NODE_LIB_DIR = "/usr/local/lib/casera";

/** The forced command's script on a node. */
export const TOKEN_SCRIPT = `${NODE_LIB_DIR}/swarm-token.sh`;

/** The host key cloud-init installs and the only one sshd presents. */
export const HOST_KEY_PATH = "/etc/ssh/ssh_host_ed25519_key";

/** The sshd drop-in's file name: sorts before the image's `50-cloud-init.conf`. */
export const SSHD_DROP_IN_NAME = "01-casera-hardening.conf";

/** The Swarm token user's part of the sshd drop-in. */
export interface SshdTokenUser {
  /** The user whose key only prints the swarm join token. */
  readonly name: string;
  /** The private subnet (IPv4 CIDR) it may connect from. */
  readonly subnet: string;
  /** @default TOKEN_SCRIPT */
  readonly script?: string;
}

/** Values for the sshd drop-in. */
export interface SshdDropInOptions {
  /** Port sshd listens on; the firewall rule uses the same number. */
  readonly sshPort: number;
  /** The operator account. */
  readonly deployUser: string;
  /** @default - no token user (a node without the Swarm bootstrap) */
  readonly tokenUser?: SshdTokenUser;
  /** @default HOST_KEY_PATH */
  readonly hostKeyPath?: string;
}

/** The command the token user is forced to run: the token script, as root, never prompting. */
export function tokenCommand(tokenScript: string = TOKEN_SCRIPT): string {
  return `sudo -n ${tokenScript}`;
}

/** The token user's sudoers rule: exactly the token script, with no arguments, as root. */
export function tokenSudoRule(tokenScript: string = TOKEN_SCRIPT): string {
  return `ALL=(root) NOPASSWD: ${tokenScript} ""`;
}

/** The token user's authorized_keys line: the forced command, from the subnet only, no forwarding or tty. */
export function tokenAuthorizedKey(publicKey: string, subnet: string, tokenScript: string = TOKEN_SCRIPT): string {
  return `restrict,from="${subnet}",command="${tokenCommand(tokenScript)}" ${publicKey}`;
}

/** The sshd drop-in from `swarm/sshd/`, with this node's values filled in. */
export function renderSshdDropIn(options: SshdDropInOptions): string {
  const token = options.tokenUser;
  const allowUsers = token ? `${options.deployUser} ${token.name}@${token.subnet}` : options.deployUser;
  const base = fillTemplate(
    readSwarmFile(`sshd/${SSHD_DROP_IN_NAME}`),
    { SSH_PORT: String(options.sshPort), ALLOW_USERS: allowUsers, HOST_KEY: options.hostKeyPath ?? HOST_KEY_PATH },
    `sshd/${SSHD_DROP_IN_NAME}`,
  );
  if (!token) {
    return base;
  }
  const match = fillTemplate(
    readSwarmFile("sshd/token-user.conf"),
    { TOKEN_USER: token.name, TOKEN_COMMAND: tokenCommand(token.script) },
    "sshd/token-user.conf",
  );
  return `${base}\n${match}`;
}

/**
 * A known_hosts line for a host key. OpenSSH looks hosts up as `[host]:port`
 * when the port is not 22: pass the SSH port, for a workstation's known_hosts
 * and for a node's peer list alike.
 */
export function knownHostsLine(host: string, publicKey: string, port: number = 22): string {
  const name = port === 22 ? host : `[${host}]:${port}`;
  return `${name} ${publicKey.trim()}`;
}
