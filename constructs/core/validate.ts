import { Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import * as sshpk from "sshpk";
import { CLOUDFLARE_RANGES } from "../cloudflare/ip-ranges";
import { InvalidPropError } from "./errors";

/**
 * Prop checks shared by every construct. Each one throws InvalidPropError
 * naming the prop, quoting the value and saying what is allowed. Values that
 * are unresolved Terraform tokens are accepted as they are: they are only
 * known at apply time.
 */

export type Cidr = { address: ipaddr.IPv4 | ipaddr.IPv6; prefix: number; text: string };

/** What parseCidr accepts, in words. */
const CIDR_ALLOWED = "must be a CIDR block such as 203.0.113.7/32 or 2001:db8::/48 (IPv4 as four decimal numbers 0-255 without leading zeros, a decimal prefix)";

/**
 * Parses `a.b.c.d/n` or `x::/n` with the network address itself (no host bits
 * set). IPv4 must be written as four decimal numbers: ipaddr.js, like
 * inet_aton, also reads `010.1.2.3` as octal (8.1.2.3), `0xC6.51.100.7` and
 * `3325256711`, which would put an address in the firewall that nobody meant.
 */
export function parseCidr(scope: Construct, prop: string, value: string, family?: "ipv4" | "ipv6"): Cidr {
  const [addressPart, prefixPart, ...rest] = typeof value === "string" ? value.split("/") : [];
  const plain =
    rest.length === 0 &&
    prefixPart !== undefined &&
    /^(0|[1-9][0-9]{0,2})$/.test(prefixPart) &&
    (ipaddr.IPv4.isValidFourPartDecimal(addressPart) || (addressPart.includes(":") && !addressPart.includes("%") && ipaddr.IPv6.isValid(addressPart)));
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    if (!plain) throw new Error("not a plain CIDR block");
    parsed = ipaddr.parseCIDR(value);
  } catch {
    throw new InvalidPropError(scope, prop, value, CIDR_ALLOWED);
  }
  const [address, prefix] = parsed;
  if (family && address.kind() !== family) {
    throw new InvalidPropError(scope, prop, value, `must be an ${family === "ipv4" ? "IPv4" : "IPv6"} CIDR block`);
  }
  const network = networkAddress(address, prefix);
  if (network.toString() !== address.toString()) {
    throw new InvalidPropError(
      scope,
      prop,
      value,
      `must name the network address of the block, with no host bits set (did you mean "${network.toString()}/${prefix}"?)`,
    );
  }
  return { address, prefix, text: `${address.toString()}/${prefix}` };
}

/** The first address of the block `address/prefix`. */
export function networkAddress(address: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = address.toByteArray();
  const out = bytes.map((byte, i) => {
    const bitsLeft = Math.max(0, Math.min(8, prefix - i * 8));
    const mask = bitsLeft === 0 ? 0 : (0xff << (8 - bitsLeft)) & 0xff;
    return byte & mask;
  });
  return ipaddr.fromByteArray(out);
}

/** The address `offset` hosts into an IPv4 block. */
export function hostAddress(cidr: Cidr, offset: number): string {
  const bytes = cidr.address.toByteArray();
  let value = bytes.reduce((acc, b) => acc * 256 + b, 0) + offset;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    out.unshift(value % 256);
    value = Math.floor(value / 256);
  }
  return out.join(".");
}

/** True when block `inner` lies entirely inside block `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.address.kind() !== inner.address.kind()) return false;
  if (inner.prefix < outer.prefix) return false;
  return (inner.address as ipaddr.IPv4).match(outer.address as ipaddr.IPv4, outer.prefix);
}

/**
 * A literal IPv4 address Hetzner can give a server or load balancer in
 * `subnet` (named `subnetProp` in messages): inside it, and none of the three
 * addresses Hetzner keeps for itself, the first (network), the next (gateway)
 * and the last (broadcast):
 * https://docs.hetzner.com/networking/networks/technical-concepts/architecture
 */
export function validateHostAddressIn(scope: Construct, prop: string, ip: string, subnet: Cidr, subnetProp: string): void {
  if (Token.isUnresolved(ip)) return;
  if (!cidrContains(subnet, parseCidr(scope, prop, `${ip}/32`, "ipv4"))) {
    throw new InvalidPropError(scope, prop, ip, `must lie inside ${subnetProp} ${subnet.text}`);
  }
  const size = 2 ** (32 - subnet.prefix);
  const reserved: Array<[string, string]> = [
    [hostAddress(subnet, 0), "the subnet's network address"],
    [hostAddress(subnet, 1), "the subnet's gateway, which Hetzner's router answers on"],
    [hostAddress(subnet, size - 1), "the subnet's broadcast address"],
  ];
  const hit = reserved.find(([address]) => address === ipaddr.parse(ip).toString());
  if (hit) throw new InvalidPropError(scope, prop, ip, `must be a host address Hetzner can assign: ${hit[0]} is ${hit[1]}; use ${hostAddress(subnet, 2)} to ${hostAddress(subnet, size - 2)}`);
}

/**
 * Ranges no operator connects from over the internet: private and shared ones
 * (a Cloud Firewall filters public traffic only, so rules for them do
 * nothing), "this network", loopback, link-local, multicast, reserved,
 * IPv4-mapped, IPv6's unspecified address and its discard prefix, IPv4's
 * IETF protocol and benchmarking blocks, and all IPv6 outside 2000::/3.
 */
export const NON_PUBLIC: readonly string[] = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "224.0.0.0/4",
  "240.0.0.0/4",
  "::/128",
  "::1/128",
  "::ffff:0:0/96",
  "100::/64",
  "fc00::/7",
  "fe80::/10",
  "ff00::/8",
  "192.0.0.0/24",
  "198.18.0.0/15",
  // Reserved by the IETF (IPv4-compatible and other legacy forms), after the more specific blocks above so they are the ones named.
  "::/8",
  // Outside 2000::/3, the global unicast space, nothing is routed on the internet.
  "::/3",
  "4000::/2",
  "8000::/1",
];

let nonPublicParsed: readonly Cidr[] | undefined;

/** NON_PUBLIC parsed, once per process (the list is constant and valid, so `scope` never appears in an error). */
export function nonPublicBlocks(scope: Construct): readonly Cidr[] {
  nonPublicParsed ??= NON_PUBLIC.map((c) => parseCidr(scope, "(range)", c));
  return nonPublicParsed;
}

/** The NON_PUBLIC block that holds all of `cidr` (an address is a /32 or /128), or undefined when it is public. */
export function nonPublicBlockOf(scope: Construct, cidr: Cidr): Cidr | undefined {
  return nonPublicBlocks(scope).find((r) => cidrContains(r, cidr));
}

/** https://docs.hetzner.com/cloud/firewalls/faq/: "Have up to 500 (effective) rules per Firewall". */
const FIREWALL_EFFECTIVE_RULES = 500;
/** What the nodes' firewall leaves for SSH sources: its 80 and 443 rules each list Cloudflare's ranges. */
export const MAX_ADMIN_CIDRS = FIREWALL_EFFECTIVE_RULES - 2 * CLOUDFLARE_RANGES.length;

/**
 * Checks an admin CIDR list: non-empty, each a public CIDR block no wider than
 * a /8 (IPv4) or /16 (IPv6), and together no more addresses than one such
 * block, none repeated (also when written differently,
 * as `2001:db8::/48` and `2001:0DB8:0::/48`). Returns the blocks in their
 * normal form, which is how Hetzner stores them (so a plan shows no change).
 */
export function validateAdminCidrs(scope: Construct, prop: string, values: readonly string[]): string[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw new InvalidPropError(scope, prop, values, "must list at least one CIDR block that may reach SSH, e.g. [\"203.0.113.7/32\"]");
  }
  if (values.length > MAX_ADMIN_CIDRS) {
    throw new InvalidPropError(
      scope,
      prop,
      `${values.length} blocks`,
      `must list at most ${MAX_ADMIN_CIDRS} blocks: a Hetzner Cloud Firewall holds at most ${FIREWALL_EFFECTIVE_RULES} effective rules (one per source block) and the web rules take ${FIREWALL_EFFECTIVE_RULES - MAX_ADMIN_CIDRS} for Cloudflare's ranges; merge neighbouring blocks into wider ones (at most /8, /16 for IPv6)`,
    );
  }
  const normal: string[] = [];
  const parsed: Cidr[] = [];
  values.forEach((value, i) => {
    // Width before parsing: a block too wide to allow gets that message, not a "did you mean" towards another block too wide.
    // (parseCidr takes only plain decimal prefixes, so every block it accepts has passed this check.)
    const [, prefixText] = typeof value === "string" ? value.split("/") : [];
    const widest = typeof value === "string" && value.includes(":") ? 16 : 8;
    if (/^\d{1,3}$/.test(prefixText ?? "") && Number(prefixText) < widest) {
      throw new InvalidPropError(
        scope,
        `${prop}[${i}]`,
        value,
        `must not open SSH to a large part of the internet (a prefix of at least /${widest}); list the addresses your operators connect from`,
      );
    }
    const cidr = parseCidr(scope, `${prop}[${i}]`, value);
    const nonPublic = nonPublicBlockOf(scope, cidr);
    if (nonPublic) {
      throw new InvalidPropError(
        scope,
        `${prop}[${i}]`,
        value,
        `must be a public address block: ${nonPublic.text} is not routed on the internet, and Hetzner's Cloud Firewall filters public traffic only`,
      );
    }
    const first = normal.indexOf(cidr.text);
    if (first >= 0) {
      const written = values[first].trim() === value.trim() ? "" : ` (${JSON.stringify(values[first])}, the same block)`;
      throw new InvalidPropError(scope, `${prop}[${i}]`, value, `must not repeat ${prop}[${first}]${written}`);
    }
    normal.push(cidr.text);
    parsed.push(cidr);
  });
  // Narrow blocks add up: 220 public /8s are each allowed and together most of IPv4. The sum may count an overlap twice, which errs on the safe side.
  for (const [family, bits, widest] of [["ipv4", 32, 8], ["ipv6", 128, 16]] as const) {
    const limit = 2n ** BigInt(bits - widest);
    let total = 0n;
    for (const [i, cidr] of parsed.entries()) {
      if (cidr.address.kind() !== family) continue;
      total += 2n ** BigInt(bits - cidr.prefix);
      if (total > limit) {
        throw new InvalidPropError(
          scope,
          `${prop}[${i}]`,
          values[i],
          `must not bring the ${family === "ipv4" ? "IPv4" : "IPv6"} blocks to more than one /${widest}'s worth of addresses in all (with it, ${prop} opens SSH to ${total.toLocaleString("en-US")}, a large part of the internet); list the addresses your operators connect from`,
        );
      }
    }
  }
  return normal;
}

/** The private IPv4 ranges (RFC 1918) Hetzner networks and Swarm address pools must lie in. */
export const PRIVATE_IPV4_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

/** True when the block lies inside one of PRIVATE_IPV4_RANGES. */
export function isPrivateIpv4Block(scope: Construct, cidr: Cidr): boolean {
  return PRIVATE_IPV4_RANGES.some((range) => cidrContains(parseCidr(scope, "(private range)", range), cidr));
}

/**
 * The bridges Docker makes on every node from its own default pools: docker0
 * (172.17.0.0/16) when the engine starts, and docker_gwbridge (172.18.0.0/16
 * on a fresh node) when it joins a swarm. Swarm does not check its address
 * pool against them, and a container on an overlay network is also on
 * docker_gwbridge, so an overlap gives it two routes to the same addresses.
 */
export const DOCKER_BRIDGES = ["172.17.0.0/16", "172.18.0.0/16"] as const;

/**
 * A Swarm address pool, the `--default-addr-pool` overlay networks are carved
 * from: a private block, apart from the nodes' own network (`network`, named
 * by its prop), a /24 or larger (Swarm gives each overlay network a /24) and
 * clear of {@link DOCKER_BRIDGES}. An overlap with either gives containers two
 * routes to the same addresses. Returns the block.
 */
export function validateSwarmAddressPool(scope: Construct, prop: string, value: string, network: { cidr: Cidr; prop: string } | undefined): Cidr {
  const pool = parseCidr(scope, prop, value, "ipv4");
  if (!isPrivateIpv4Block(scope, pool)) {
    throw new InvalidPropError(scope, prop, pool.text, "must lie inside a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16), or containers lose the route to those public addresses");
  }
  if (network && cidrsOverlap(network.cidr, pool)) {
    throw new InvalidPropError(scope, prop, pool.text, `must not overlap ${network.prop} ${network.cidr.text}, or containers lose the route to the nodes`);
  }
  if (pool.prefix > 24) throw new InvalidPropError(scope, prop, pool.text, "must be a /24 or larger: Swarm gives each overlay network a /24");
  const bridge = DOCKER_BRIDGES.find((b) => cidrsOverlap(parseCidr(scope, "(Docker bridge)", b), pool));
  if (bridge) {
    throw new InvalidPropError(scope, prop, pool.text, `must not overlap ${bridge}, which Docker gives its own bridge (${bridge === DOCKER_BRIDGES[0] ? "docker0" : "docker_gwbridge"}) on every node; take a block of 10.0.0.0/8 such as 10.200.0.0/16`);
  }
  return pool;
}

/** True when two blocks share an address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** An optional boolean: `undefined` or `true`/`false`, never a string such as "false" that JavaScript reads as true. */
export function validateBoolean(scope: Construct, prop: string, value: unknown): void {
  if (value !== undefined && typeof value !== "boolean") {
    throw new InvalidPropError(scope, prop, value, "must be true or false (a boolean; the string \"false\" would count as true)");
  }
}

/** A required plain object (not an array, not null). */
export function validateObject(scope: Construct, prop: string, value: unknown, what: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidPropError(scope, prop, value, `must be an object: ${what}`);
  }
}

/** An array (of anything; the caller checks the items). */
export function validateArray(scope: Construct, prop: string, value: unknown, what: string): void {
  if (!Array.isArray(value)) {
    throw new InvalidPropError(scope, prop, value, `must be an array: ${what}`);
  }
}

/**
 * A `dependsOn` list (left out is fine): an array whose every element is a
 * Terraform resource, data source or module, the constructs with an `fqn`
 * that cdktf writes into `depends_on` (ITerraformDependable). cdktf itself
 * writes nothing for a string, a plain object or a construct that only groups
 * resources (the dependency is silently lost) and fails with a TypeError at
 * synth for null. `what` describes the list, e.g. "constructs the server
 * waits for, e.g. [subnet]".
 */
export function validateDependsOn(scope: Construct, prop: string, value: unknown, what: string): void {
  if (value === undefined) return;
  validateArray(scope, prop, value, what);
  const items = value as unknown[];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (Construct.isConstruct(item) && typeof (item as { fqn?: unknown }).fqn === "string") continue;
    const allowed = "must be a Terraform resource, data source or module (a construct with an fqn, such as the hcloud_network_subnet), which cdktf writes into depends_on";
    if (Construct.isConstruct(item)) {
      throw new InvalidPropError(scope, `${prop}[${i}]`, item.node.path, `${allowed}; this construct only groups resources, so nothing would be waited for: name the resource inside it`);
    }
    throw new InvalidPropError(scope, `${prop}[${i}]`, item, `${allowed}; anything else is left out of depends_on, so nothing would be waited for`);
  }
}

/** A string (tokens included): the ones a construct writes into a resource or a file as they are. */
export function validateString(scope: Construct, prop: string, value: unknown, what: string): void {
  if (typeof value !== "string" || value.length === 0) {
    throw new InvalidPropError(scope, prop, value, `must be a non-empty string: ${what}`);
  }
}

/** An integer within [min, max]. */
export function validateInt(scope: Construct, prop: string, value: number, min: number, max: number, what = ""): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidPropError(scope, prop, value, `must be an integer from ${min} to ${max}${what ? ` (${what})` : ""}`);
  }
}

/** Ports that Swarm or the web path already use on every node. */
/** Where Dozzle listens on the managers' loopback (compose/casera.stack.yml's DOZZLE_ADDR), the end of the SSH tunnel to it. */
export const DOZZLE_PORT = 9999;

export const RESERVED_PORTS: Readonly<Record<number, string>> = {
  80: "HTTP",
  443: "HTTPS",
  2377: "Swarm cluster management",
  4789: "Swarm overlay (VXLAN)",
  7946: "Swarm node discovery",
  [DOZZLE_PORT]: "Dozzle, on the managers' loopback (the end of the SSH tunnel to it)",
};

/** An SSH port: 1-65535 and none of the ports the cluster already uses. */
export function validateSshPort(scope: Construct, prop: string, value: number): void {
  validateInt(scope, prop, value, 1, 65535);
  const use = RESERVED_PORTS[value];
  if (use) {
    throw new InvalidPropError(scope, prop, value, `must not be ${value}, which the cluster uses for ${use}; pick a free port such as 2222`);
  }
}

/** OpenSSH public key types accepted for keys and known_hosts lines. */
export const KEY_TYPES: readonly string[] = ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"];

/** An OpenSSH public key line (`ssh-ed25519 AAAA... comment`), parsed for real. RSA keys must have at least 2048 bits. */
export function validateSshPublicKey(scope: Construct, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  const allowed = "must be one OpenSSH public key line such as \"ssh-ed25519 AAAAC3Nza... you@laptop\" (the contents of ~/.ssh/id_ed25519.pub)";
  if (typeof value !== "string" || value.trim().includes("\n") || !KEY_TYPES.includes(value.trim().split(/\s+/)[0])) {
    throw new InvalidPropError(scope, prop, value, allowed);
  }
  // Tabs and other control characters: sshd might read them, but the key goes into user_data's YAML, where a tab cannot start a token.
  if (/[\u0000-\u001f\u007f]/.test(value.trim())) {
    throw new InvalidPropError(scope, prop, value, `${allowed}, with single spaces between its parts and no tab or other control character (cloud-init's YAML refuses a tab)`);
  }
  const [type, blob, ...comment] = value.trim().split(/\s+/);
  if (blob === undefined) throw new InvalidPropError(scope, prop, value, allowed);
  // "<key1> <key2>" on one line reads as one key whose comment is the second: its operator would be locked out.
  const second = comment.findIndex((word, i) => KEY_TYPES.includes(word) && /^AAAA/.test(comment[i + 1] ?? ""));
  if (second >= 0) {
    throw new InvalidPropError(scope, prop, value, `${allowed}; its comment holds another key (${comment[second]} ${comment[second + 1].slice(0, 12)}...): put each key on its own line`);
  }
  if (type.startsWith("sk-")) {
    // sshpk does not read FIDO security-key types; their wire format is small enough to check here.
    if (!isSecurityKeyBlob(type, blob ?? "")) throw new InvalidPropError(scope, prop, value, allowed);
    return;
  }
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(value.trim(), "ssh");
  } catch {
    throw new InvalidPropError(scope, prop, value, allowed);
  }
  // sshpk reads the key from the base64 alone: the type word in front and bytes after the key go unchecked, and sshd would refuse both.
  const [ownType, ownBlob] = key.toString("ssh").split(" ");
  if (ownType !== type) {
    throw new InvalidPropError(scope, prop, value, `must name its own key type: the key is ${ownType}, not ${type}`);
  }
  if (ownBlob !== blob) {
    throw new InvalidPropError(scope, prop, value, `${allowed}; its base64 part is damaged or has bytes after the key (copy the .pub file again)`);
  }
  if (key.type === "rsa" && key.size < 2048) {
    throw new InvalidPropError(scope, prop, value, `must be an RSA key of at least 2048 bits (this one has ${key.size}); ed25519 is preferred`);
  }
}

/**
 * Whether `blob` is the base64 public key of an OpenSSH security key of `type`
 * (PROTOCOL.u2f): the type name, then the Ed25519 key (32 bytes) or the curve
 * name `nistp256` and an uncompressed point (65 bytes), then the application
 * string (`ssh:...`), and nothing after it.
 */
function isSecurityKeyBlob(type: string, blob: string): boolean {
  const bytes = Buffer.from(blob, "base64");
  if (bytes.length === 0 || bytes.toString("base64") !== blob) return false;
  let offset = 0;
  const field = (): Buffer | undefined => {
    if (offset + 4 > bytes.length) return undefined;
    const length = bytes.readUInt32BE(offset);
    if (offset + 4 + length > bytes.length) return undefined;
    const out = bytes.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    return out;
  };
  if (field()?.toString("latin1") !== type) return false;
  if (type === "sk-ssh-ed25519@openssh.com") {
    if (field()?.length !== 32) return false;
  } else {
    if (field()?.toString("latin1") !== "nistp256") return false;
    const point = field();
    if (point?.length !== 65 || point[0] !== 4) return false;
  }
  return /^ssh:/.test(field()?.toString("latin1") ?? "") && offset === bytes.length;
}

/** A non-empty list of OpenSSH public keys. */
export function validateSshPublicKeys(scope: Construct, prop: string, values: readonly string[]): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new InvalidPropError(scope, prop, values, "must list at least one OpenSSH public key for the deploy user");
  }
  values.forEach((v, i) => validateSshPublicKey(scope, `${prop}[${i}]`, v));
  const seen = new Map<string, number>();
  values.forEach((v, i) => {
    const body = typeof v === "string" ? v.trim().split(/\s+/).slice(0, 2).join(" ") : "";
    const first = seen.get(body);
    if (first !== undefined) {
      throw new InvalidPropError(scope, `${prop}[${i}]`, v, `must not repeat ${prop}[${first}]: Hetzner refuses the same key twice`);
    }
    seen.set(body, i);
  });
}

/** A Cloudflare zone ID: 32 hexadecimal characters. */
export function validateZoneId(scope: Construct, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (typeof value !== "string" || !/^[0-9a-f]{32}$/.test(value)) {
    throw new InvalidPropError(scope, prop, value, "must be a Cloudflare zone ID: 32 lower-case hexadecimal characters (Overview page of the zone)");
  }
}

/** An IP address of the given family (tokens pass). */
export function validateIp(scope: Construct, prop: string, value: string, family: "ipv4" | "ipv6"): void {
  if (Token.isUnresolved(value)) return;
  // A zone index (fe80::1%eth0) names an interface of one host: no record, firewall or allow list can carry it.
  const valid = typeof value === "string" && (family === "ipv4" ? ipaddr.IPv4.isValidFourPartDecimal(value) : !value.includes("%") && ipaddr.IPv6.isValid(value));
  if (!valid) {
    throw new InvalidPropError(scope, prop, value, family === "ipv4" ? "must be an IPv4 address" : "must be an IPv6 address, without a zone index (%...)");
  }
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS name made of at least two labels, lower case, no trailing dot. */
export function validateDomain(scope: Construct, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (!isDomainName(value)) throw new InvalidPropError(scope, prop, value, DOMAIN_ALLOWED);
}

/** What validateDomain accepts, in words. */
export const DOMAIN_ALLOWED =
  'must be a lower-case DNS name such as "example.com": labels of a-z, 0-9 and inner hyphens, at least two labels, at most 253 characters, no scheme, no trailing dot';

/** True for a lower-case DNS name of at least two labels, at most 253 characters, not ending in a number. */
export function isDomainName(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 253) return false;
  const labels = value.split(".");
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && !/^[0-9]+$/.test(labels[labels.length - 1]);
}

/** A single DNS label (a host name part such as "api"). */
export function validateDnsLabel(scope: Construct, prop: string, value: string): void {
  if (typeof value !== "string" || !LABEL.test(value)) {
    throw new InvalidPropError(scope, prop, value, "must be one lower-case DNS label: 1-63 characters of a-z, 0-9 and inner hyphens");
  }
}

/** A value from a fixed set. */
export function validateOneOf<T extends string>(scope: Construct, prop: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw new InvalidPropError(scope, prop, value, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  }
}

/** A name for Hetzner or labels: lower case letters, digits and hyphens. */
export function validateName(scope: Construct, prop: string, value: string, max = 40): void {
  if (typeof value !== "string" || !new RegExp(`^[a-z][a-z0-9-]{0,${max - 1}}$`).test(value) || value.endsWith("-")) {
    throw new InvalidPropError(scope, prop, value, `must start with a letter and hold at most ${max} lower-case letters, digits and inner hyphens`);
  }
}

/**
 * A Hetzner label key: an optional prefix (a lower-case DNS subdomain of at
 * most 253 characters) and a slash, then a name of 1-63 characters that
 * starts and ends with a letter or digit and has `-`, `_` and `.` inside.
 */
const LABEL_KEY_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const LABEL_KEY_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** A Hetzner label value: empty, or 1-63 characters like a key's name. */
export const HETZNER_LABEL_VALUE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$/;

const LABEL_KEY_ALLOWED =
  'must be a Hetzner label key: an optional DNS-subdomain prefix and "/", then 1-63 letters, digits, "-", "_" and "." starting and ending with a letter or digit (e.g. "casera-cluster" or "casera/role")';
const LABEL_VALUE_ALLOWED = 'must be a Hetzner label value: empty, or 1-63 letters, digits, "-", "_" and "." starting and ending with a letter or digit';

export function isHetznerLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  if (slash < 0) return LABEL_KEY_NAME.test(key);
  const prefix = key.slice(0, slash);
  return prefix.length <= 253 && LABEL_KEY_PREFIX.test(prefix) && LABEL_KEY_NAME.test(key.slice(slash + 1));
}

/** Hetzner labels: an object of label keys to string values, each in Hetzner's label syntax. Tokens pass as they are. */
export function validateHetznerLabels(scope: Construct, prop: string, labels: unknown): void {
  if (labels === undefined || Token.isUnresolved(labels)) return;
  validateObject(scope, prop, labels, 'Hetzner labels such as { "casera-cluster": "prod" }');
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    if (!isHetznerLabelKey(key)) throw new InvalidPropError(scope, `${prop} key`, key, LABEL_KEY_ALLOWED);
    if (typeof value !== "string") throw new InvalidPropError(scope, `${prop}.${key}`, value, "must be a string (Hetzner label values are strings)");
    if (!Token.isUnresolved(value) && !HETZNER_LABEL_VALUE.test(value)) throw new InvalidPropError(scope, `${prop}.${key}`, value, LABEL_VALUE_ALLOWED);
  }
}

/** A Hetzner resource ID (`what`, e.g. "a Cloud Firewall's ID (firewall.id)"): a number, or a token for one. */
export function validateHetznerId(scope: Construct, prop: string, value: unknown, what: string): void {
  if ((typeof value === "string" || typeof value === "number") && Token.isUnresolved(value)) return;
  const text = typeof value === "number" ? String(value) : value;
  // Hetzner's ids are 64-bit signed integers.
  if (typeof text !== "string" || !/^[1-9][0-9]{0,18}$/.test(text) || BigInt(text) > 2n ** 63n - 1n) {
    throw new InvalidPropError(scope, prop, value, `must be ${what}: a number, or the resource's id attribute`);
  }
}

/** Names of keys whose value may be a credential (`password`, `apiToken`, `secretKey`, `applicationKey`, ...). */
const SECRET_KEY_NAME = /secret|passw|token|credential|private[-_]?key|(?:api|access|application|auth)[-_]?key/i;

/**
 * An object with no keys but `keys` (a typo or an extra entry would otherwise
 * be ignored). The value of an unknown key named like a credential is not
 * repeated in the message: it may be one, and errors end up in CI logs.
 */
export function validateOnlyKeys(scope: Construct, prop: string, value: object, keys: readonly string[], what: string): void {
  const other = Object.keys(value).find((key) => !keys.includes(key));
  const list = keys.length > 1 ? `${keys.slice(0, -1).join(", ")} and ${keys[keys.length - 1]}` : keys.join("");
  if (other === undefined) return;
  const received = SECRET_KEY_NAME.test(other) ? "(a value named like a secret; it is not repeated here)" : (value as Record<string, unknown>)[other];
  throw new InvalidPropError(scope, `${prop}.${other}`, received, `is not ${what}: ${prop} takes ${list}, nothing else`);
}
