import { Token } from "cdktf";
import { Construct } from "constructs";
import { InvalidPropError } from "../core/errors";
import {
  Cidr,
  isPrivateIpv4Block,
  KEY_TYPES,
  parseCidr,
  validateArray,
  validateBoolean,
  validateSwarmAddressPool,
  validateDependsOn,
  validateHetznerId,
  validateHetznerLabels,
  validateInt,
  validateIp,
  validateObject,
  validateOnlyKeys,
  validateHostAddressIn,
  validateString,
} from "../core/validate";
import type { NodeNetworkAttachment } from "./hardened-node";
import type { SwarmBootConfig } from "./user-data";

/** Hetzner refuses a server whose user_data is longer (API: "Length must be between 0 and 32768"). */
export const MAX_USER_DATA_BYTES = 32768;

/**
 * Accounts an image already has, or that the node's own setup uses. The token
 * user's sshd Match block forces every login of its name to print the join
 * token, so giving it one of these names would lock that account out.
 */
const RESERVED_USERS = ["root", "deploy", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy", "www-data", "backup", "list", "irc", "nobody", "sshd", "syslog", "messagebus", "ubuntu", "debian", "admin"];

/** A Linux user name useradd and sshd's Match User both take. */
const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/** The private network attachment: a network ID, an IPv4 address inside an IPv4 subnet. Returns the subnet when it is not a token. */
export function validateNetworkAttachment(scope: Construct, network: NodeNetworkAttachment): Cidr | undefined {
  validateObject(scope, "network", network, "{ networkId, ip, subnetCidr }: where the node sits on the private network");
  validateOnlyKeys(scope, "network", network, ["networkId", "ip", "subnetCidr", "dependsOn"], "a network attachment field");
  validateString(scope, "network.networkId", network.networkId, "the hcloud_network's ID (network.id)");
  validateHetznerId(scope, "network.networkId", network.networkId, "a Hetzner network ID (network.id)");
  validateString(scope, "network.subnetCidr", network.subnetCidr, 'the subnet the node has its address in, e.g. "10.0.1.0/24"');
  const subnet = Token.isUnresolved(network.subnetCidr) ? undefined : parseCidr(scope, "network.subnetCidr", network.subnetCidr, "ipv4");
  if (subnet && !isPrivateIpv4Block(scope, subnet)) {
    throw new InvalidPropError(scope, "network.subnetCidr", network.subnetCidr, "must lie inside a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)");
  }
  if (subnet && subnet.prefix > 30) {
    throw new InvalidPropError(scope, "network.subnetCidr", network.subnetCidr, "must be a /30 or larger: Hetzner keeps a subnet's network, gateway and broadcast addresses, which leaves a /31 or /32 no address for the node");
  }
  validateString(scope, "network.ip", network.ip, "the node's fixed private IPv4 address");
  validateIp(scope, "network.ip", network.ip, "ipv4");
  if (subnet) validateHostAddressIn(scope, "network.ip", network.ip, subnet, "network.subnetCidr");
  validateDependsOn(scope, "network.dependsOn", network.dependsOn, "constructs the server waits for, e.g. [subnet]");
  return subnet;
}

/** Every field of SwarmBootConfig: a misspelt one (`addresspool`) would otherwise be ignored. */
const SWARM_BOOT_KEYS: readonly (keyof SwarmBootConfig)[] = ["peers", "seed", "peerKnownHosts", "tokenKey", "tokenUser", "labels", "ingressMtu", "addressPool"];

/** Checks the Swarm part of the first boot, whose values the bootstrap scripts read as words. */
export function validateSwarmBoot(scope: Construct, swarm: SwarmBootConfig, ownIp: string, subnet: Cidr | undefined, sshPort = 22): void {
  validateObject(scope, "swarm", swarm, "the join-or-found settings (seed, peers, peerKnownHosts, tokenKey)");
  validateOnlyKeys(scope, "swarm", swarm, SWARM_BOOT_KEYS, "a swarm boot setting");
  if (typeof swarm.seed !== "boolean") {
    throw new InvalidPropError(scope, "swarm.seed", swarm.seed, "must be true for the one node that may found the swarm and false for every other (a boolean; the string \"false\" would count as true)");
  }
  validateArray(scope, "swarm.peers", swarm.peers, "the other managers' private IPv4 addresses");
  swarm.peers.forEach((peer, i) => {
    const prop = `swarm.peers[${i}]`;
    validateString(scope, prop, peer, "a peer's private IPv4 address");
    validateIp(scope, prop, peer, "ipv4");
    if (Token.isUnresolved(peer)) return;
    if (subnet) validateHostAddressIn(scope, prop, peer, subnet, "network.subnetCidr");
    if (peer === ownIp) throw new InvalidPropError(scope, prop, peer, "must not be the node's own address (network.ip): a node asks its peers, not itself");
    const first = swarm.peers.indexOf(peer);
    if (first !== i) throw new InvalidPropError(scope, prop, peer, `must not repeat swarm.peers[${first}]`);
  });
  validateArray(scope, "swarm.peerKnownHosts", swarm.peerKnownHosts, "one known_hosts line per peer");
  if (swarm.peerKnownHosts.length !== swarm.peers.length) {
    throw new InvalidPropError(
      scope,
      "swarm.peerKnownHosts",
      swarm.peerKnownHosts,
      `must hold one known_hosts line per peer (${swarm.peers.length}): the bootstrap checks host keys strictly and cannot ask a peer it has no key for`,
    );
  }
  swarm.peerKnownHosts.forEach((line, i) => {
    validateString(scope, `swarm.peerKnownHosts[${i}]`, line, "a known_hosts line such as \"[10.0.1.12]:2222 ssh-ed25519 AAAA...\"");
    if (/[\r\n]/.test(line)) throw new InvalidPropError(scope, `swarm.peerKnownHosts[${i}]`, line, "must be one line");
    checkKnownHostsLine(scope, `swarm.peerKnownHosts[${i}]`, line, swarm.peers[i], sshPort);
  });
  if (!swarm.seed && swarm.peers.length === 0) {
    throw new InvalidPropError(scope, "swarm.peers", swarm.peers, "must name at least one peer when swarm.seed is false: a node that may not found the swarm joins it through a peer, and with none it never joins");
  }
  validateObject(scope, "swarm.tokenKey", swarm.tokenKey, "the cluster's token key pair { privateKeyBase64, publicKey }");
  validateOnlyKeys(scope, "swarm.tokenKey", swarm.tokenKey, ["privateKeyBase64", "publicKey"], "a token key field");
  validateString(scope, "swarm.tokenKey.privateKeyBase64", swarm.tokenKey.privateKeyBase64, "the OpenSSH private key, base64-encoded (Fn.base64encode(key.privateKeyOpenssh))");
  validateString(scope, "swarm.tokenKey.publicKey", swarm.tokenKey.publicKey, "the public key as one line (Fn.trimspace(key.publicKeyOpenssh))");
  checkTokenKey(scope, swarm.tokenKey);
  if (swarm.tokenUser !== undefined) {
    if (typeof swarm.tokenUser !== "string" || !USER_NAME.test(swarm.tokenUser)) {
      throw new InvalidPropError(scope, "swarm.tokenUser", swarm.tokenUser, "must be a Linux user name: a lower-case letter or _, then at most 31 of a-z, 0-9, _ and -");
    }
    if (RESERVED_USERS.includes(swarm.tokenUser)) {
      throw new InvalidPropError(
        scope,
        "swarm.tokenUser",
        swarm.tokenUser,
        `must be a name of its own, not one of ${RESERVED_USERS.join(", ")}: every login as the token user only prints the join token, so sharing a name locks that account out`,
      );
    }
  }
  if (swarm.labels !== undefined) {
    validateObject(scope, "swarm.labels", swarm.labels, 'Swarm node labels such as { "casera.redis": "true" }');
    for (const [key, value] of Object.entries(swarm.labels)) {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(key)) {
        throw new InvalidPropError(scope, "swarm.labels key", key, "must be a Docker node label key: letters, digits, dots, hyphens and underscores, starting with a letter or digit");
      }
      if (typeof value !== "string" || /\s/.test(value)) {
        throw new InvalidPropError(scope, `swarm.labels.${key}`, value, "must be a string without whitespace (the bootstrap passes labels as words)");
      }
    }
  }
  validateInt(scope, "swarm.ingressMtu", swarm.ingressMtu ?? 1400, 1280, 1400, "Hetzner's private network has MTU 1450 and VXLAN needs 50 bytes");
  if (swarm.addressPool !== undefined) validateSwarmAddressPool(scope, "swarm.addressPool", swarm.addressPool, subnet && { cidr: subnet, prop: "network.subnetCidr" });
}

/** Boolean props and the server labels. */
export function validateNodeOptions(scope: Construct, props: { protection?: unknown; replaceOnBootConfigChange?: unknown; labels?: unknown }): void {
  validateBoolean(scope, "protection", props.protection);
  validateBoolean(scope, "replaceOnBootConfigChange", props.replaceOnBootConfigChange);
  validateHetznerLabels(scope, "labels", props.labels);
}

/**
 * Refuses user_data Hetzner would refuse at apply, after the network, keys and
 * firewall already exist. The Terraform values in it (keys the tls provider
 * makes) are counted at their largest: an OpenSSH ed25519 private key in
 * base64 and a public key line.
 */
export function validateUserDataSize(scope: Construct, userData: string, privateKeyTokens: readonly string[], deployKeyCount: number): void {
  const bytes = userDataBytes(userData, privateKeyTokens);
  if (bytes > MAX_USER_DATA_BYTES) {
    throw new InvalidPropError(
      scope,
      "deployKeys",
      `${deployKeyCount} keys`,
      `must leave the node's user_data within the ${MAX_USER_DATA_BYTES} bytes Hetzner accepts, and with these it is about ${bytes}: list fewer or shorter keys (an ed25519 key takes about 100 bytes, an RSA 4096 one about 750)`,
    );
  }
}

/** Largest base64 of a tls_private_key ED25519 private_key_openssh (about 400 bytes of PEM). */
const PRIVATE_KEY_BASE64_BYTES = 600;
/** Largest resolved value of any other token in user_data: a public key line or an address. */
const OTHER_TOKEN_BYTES = 120;

/** Bytes of user_data once Terraform has resolved it: escapes undone, each token at its largest. */
export function userDataBytes(userData: string, privateKeyTokens: readonly string[]): number {
  let bytes = 0;
  // cdktf's token placeholders look like ${TfToken[TOKEN.12]}; everything else is literal.
  const text = userData.replace(/\$\{TfToken\[[^\]]+\]\}/g, (token) => {
    bytes += privateKeyTokens.includes(token) ? PRIVATE_KEY_BASE64_BYTES : OTHER_TOKEN_BYTES;
    return "";
  });
  // Terraform turns $${ into ${ and %%{ into %{.
  const unescaped = text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
  return bytes + Buffer.byteLength(unescaped, "utf8");
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A literal known_hosts line for peer `peer`: its host field names the peer
 * (`10.0.1.12` or `[10.0.1.12]:2222`), then a key type and the key. Parts
 * that are Terraform tokens (a host key made at apply) are taken as they are.
 */
function checkKnownHostsLine(scope: Construct, prop: string, line: string, peer: string | undefined, sshPort: number): void {
  const host = (ip: string) => (sshPort === 22 ? ip : `[${ip}]:${sshPort}`);
  const example = `"${host(peer ?? "10.0.1.12")} ssh-ed25519 AAAA..." (knownHostsLine(peer, hostPublicKey, sshPort))`;
  const fields = line.trim().split(/\s+/);
  const hosts = fields[0] ?? "";
  if (peer !== undefined && !Token.isUnresolved(peer) && !Token.isUnresolved(hosts)) {
    const names = hosts.split(",");
    if (!names.map((h) => h.replace(/^\[([^\]]+)\](:\d+)?$/, "$1")).includes(peer)) {
      throw new InvalidPropError(scope, prop, line, `must be the known_hosts line of swarm.peers at the same position (${peer}), starting with its address: ${example}`);
    }
    // ssh looks a host up as [address]:port when the port is not 22; under another port strict checking fails and the node never joins.
    if (!names.includes(host(peer))) {
      throw new InvalidPropError(scope, prop, line, `must name the peer as ssh looks it up on sshPort ${sshPort}, ${JSON.stringify(host(peer))}: ${example}`);
    }
  }
  if (Token.isUnresolved(line)) return;
  if (fields.length < 3 || !KEY_TYPES.includes(fields[1]) || !BASE64.test(fields[2])) {
    throw new InvalidPropError(scope, prop, line, `must be a known_hosts line: the peer's address, a key type and the base64 key, such as ${example}`);
  }
}

/** The token key pair: base64 of an OpenSSH private key (not the PEM itself), and a public key on one line. */
function checkTokenKey(scope: Construct, key: { privateKeyBase64: string; publicKey: string }): void {
  const priv = key.privateKeyBase64;
  if (!Token.isUnresolved(priv)) {
    if (priv.includes("-----BEGIN")) {
      throw new InvalidPropError(scope, "swarm.tokenKey.privateKeyBase64", "(a PEM private key, not shown)", "must be the private key base64-encoded (Fn.base64encode(key.privateKeyOpenssh)), not the PEM text itself: the boot writes it through base64 -d");
    }
    if (!BASE64.test(priv.trim())) {
      throw new InvalidPropError(scope, "swarm.tokenKey.privateKeyBase64", `(${priv.length} characters, not shown)`, "must be base64 (A-Z, a-z, 0-9, +, /, = padding) of the OpenSSH private key: Fn.base64encode(key.privateKeyOpenssh)");
    }
  }
  const pub = key.publicKey;
  if (!Token.isUnresolved(pub)) {
    if (/[\r\n]/.test(pub)) throw new InvalidPropError(scope, "swarm.tokenKey.publicKey", pub, "must be one line, without a trailing newline (Fn.trimspace(key.publicKeyOpenssh)): sshd reads authorized_keys line by line");
    const fields = pub.trim().split(/\s+/);
    if (fields.length < 2 || !KEY_TYPES.includes(fields[0]) || !BASE64.test(fields[1])) {
      throw new InvalidPropError(scope, "swarm.tokenKey.publicKey", pub, 'must be an OpenSSH public key line such as "ssh-ed25519 AAAA..."');
    }
  }
}
