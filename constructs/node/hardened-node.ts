import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { Server } from "../../providers/providers/hcloud/server";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { InvalidPropError } from "../core/errors";
import { validateHetznerId, validateName, validateObject, validateOneOf, validateOnlyKeys, validateSshPort, validateSshPublicKeys } from "../core/validate";
import { HetznerLocation, LOCATIONS, NODE_IMAGES, NodeImage, SERVER_TYPES, suggestServerType } from "../hetzner/catalogue";
import { renderUserData, SwarmBootConfig } from "./user-data";
import { validateNetworkAttachment, validateNodeOptions, validateSwarmBoot, validateUserDataSize } from "./validate-node";

/** Where a node sits on the private network. */
export interface NodeNetworkAttachment {
  /** ID of the `hcloud_network`. */
  readonly networkId: string;
  /** The node's fixed private IPv4 address, inside `subnetCidr`. */
  readonly ip: string;
  /** The subnet the address belongs to; the boot waits for an address inside it. */
  readonly subnetCidr: string;
  /**
   * Resources the server must wait for, typically the `hcloud_network_subnet`:
   * Hetzner refuses to attach a server to a network whose subnet does not exist yet.
   * Each entry a Terraform resource, data source or module, not a construct
   * that only groups resources (cdktf would leave it out of `depends_on`).
   * @default []
   */
  readonly dependsOn?: Construct[];
}

/** Every prop HardenedNodeProps has: a misspelt one (`protecton: false`) would otherwise be ignored. */
const HARDENED_NODE_KEYS: readonly (keyof HardenedNodeProps)[] = [
  "name",
  "serverType",
  "location",
  "image",
  "sshPort",
  "deployKeys",
  "sshKeyIds",
  "network",
  "firewallIds",
  "placementGroupId",
  "labels",
  "protection",
  "hostKey",
  "swarm",
  "replaceOnBootConfigChange",
];

export interface HardenedNodeProps {
  /** Server name; also the node's hostname. Lower-case letters, digits, hyphens. */
  readonly name: string;
  /**
   * Hetzner server type.
   * @default "cx33"
   */
  readonly serverType?: string;
  /**
   * Hetzner location.
   * @default "nbg1"
   */
  readonly location?: HetznerLocation;
  /**
   * Operating system image.
   * @default "ubuntu-24.04"
   */
  readonly image?: NodeImage;
  /**
   * SSH port sshd listens on; the firewall rule must use the same number.
   * @default 2222
   */
  readonly sshPort?: number;
  /** OpenSSH public keys allowed to log in as `deploy`. */
  readonly deployKeys: string[];
  /**
   * IDs of `hcloud_ssh_key` resources. Hetzner installs them for root, which
   * the hardening then locks out; giving at least one stops Hetzner from
   * e-mailing a root password.
   */
  readonly sshKeyIds: string[];
  /** Private network attachment; the network block lives inside the server resource. */
  readonly network: NodeNetworkAttachment;
  /** Cloud Firewall IDs attached to the server. */
  readonly firewallIds: string[];
  /**
   * Placement group ID.
   * @default - no placement group
   */
  readonly placementGroupId?: string;
  /**
   * Hetzner labels on the server.
   * @default {}
   */
  readonly labels?: Record<string, string>;
  /**
   * Delete and rebuild protection. Turn off only for throwaway environments.
   * @default true
   */
  readonly protection?: boolean;
  /**
   * The node's ed25519 SSH host key. Giving it lets a cluster pin the keys of
   * its peers before the nodes exist.
   * @default - a new `tls_private_key` inside this construct
   */
  readonly hostKey?: PrivateKey;
  /**
   * Swarm part of the first boot (join or init). Without it the node is only
   * hardened and runs Docker.
   * @default - no Swarm bootstrap
   */
  readonly swarm?: SwarmBootConfig;
  /**
   * Replace the server when its boot configuration (user_data, SSH keys,
   * image) changes. Off by default: cloud-init runs once, and replacing a
   * running manager because a template changed would cost quorum. Replace
   * nodes one at a time with `terraform apply -replace=...` instead.
   * @default false
   */
  readonly replaceOnBootConfigChange?: boolean;
}

/**
 * One Hetzner Cloud server hardened on first boot by cloud-init: key-only SSH
 * on a custom port for the `deploy` user, Docker, unattended upgrades and
 * fail2ban, a pinned host key, and optionally the Swarm bootstrap.
 */
export class HardenedNode extends Construct {
  /** The `hcloud_server` resource. */
  public readonly server: Server;
  /** The node's host key. */
  public readonly hostKey: PrivateKey;
  /** Public IPv4 address. */
  public readonly ipv4Address: string;
  /** Public IPv6 address. */
  public readonly ipv6Address: string;
  /** Fixed private IPv4 address. */
  public readonly privateIp: string;
  /** SSH port. */
  public readonly sshPort: number;
  /** A known_hosts line for the public IPv4 address, e.g. `[1.2.3.4]:2222 ssh-ed25519 AAAA...`. */
  public readonly knownHostsLine: string;
  /** `ssh -p <port> deploy@<ip>`. */
  public readonly sshCommand: string;
  /** The rendered cloud-config (a string holding Terraform references). */
  public readonly userData: string;

  constructor(scope: Construct, id: string, props: HardenedNodeProps) {
    super(scope, id);
    validateObject(this, "props", props, "{ name, deployKeys, sshKeyIds, firewallIds, network, ... } (see the props reference)");
    validateOnlyKeys(this, "props", props, HARDENED_NODE_KEYS, "a HardenedNode prop");

    // Validate.
    validateName(this, "name", props.name, 63);
    const location = props.location ?? "nbg1";
    validateOneOf(this, "location", location, LOCATIONS);
    const serverType = props.serverType ?? "cx33";
    validateServerType(this, serverType, location);
    const image = props.image ?? "ubuntu-24.04";
    validateOneOf(this, "image", image, NODE_IMAGES);
    const sshPort = props.sshPort ?? 2222;
    validateSshPort(this, "sshPort", sshPort);
    validateSshPublicKeys(this, "deployKeys", props.deployKeys);
    if (!Array.isArray(props.sshKeyIds) || props.sshKeyIds.length === 0) {
      throw new InvalidPropError(this, "sshKeyIds", props.sshKeyIds, "must hold at least one hcloud_ssh_key ID, or Hetzner e-mails a root password");
    }
    if (!Array.isArray(props.firewallIds) || props.firewallIds.length === 0) {
      throw new InvalidPropError(this, "firewallIds", props.firewallIds, "must hold at least one Cloud Firewall ID; a node without a firewall is exposed on every port");
    }
    props.sshKeyIds.forEach((id, i) => {
      // Hetzner takes an SSH key's ID or its name here; a name is a word, never a Terraform template.
      if (typeof id !== "string" || (!Token.isUnresolved(id) && !/^[^\s${}%]+$/.test(id))) {
        throw new InvalidPropError(this, `sshKeyIds[${i}]`, id, "must be an hcloud_ssh_key's ID or name: a non-empty string without spaces, control characters, $, % or braces (e.g. key.id)");
      }
      if (props.sshKeyIds.indexOf(id) !== i) throw new InvalidPropError(this, `sshKeyIds[${i}]`, id, `must not repeat sshKeyIds[${props.sshKeyIds.indexOf(id)}]`);
    });
    // https://docs.hetzner.com/cloud/firewalls/faq/: "Assign up to 5 active Firewalls per server".
    if (props.firewallIds.length > 5) throw new InvalidPropError(this, "firewallIds", props.firewallIds, "must hold at most 5 firewalls: Hetzner applies at most 5 to a server");
    props.firewallIds.forEach((id, i) => {
      validateHetznerId(this, `firewallIds[${i}]`, id, "a Cloud Firewall's ID (firewall.id)");
      if (props.firewallIds.indexOf(id) !== i) throw new InvalidPropError(this, `firewallIds[${i}]`, id, `must not repeat firewallIds[${props.firewallIds.indexOf(id)}]`);
    });
    if (props.placementGroupId !== undefined) validateHetznerId(this, "placementGroupId", props.placementGroupId, "a placement group's ID (placementGroup.id)");
    validateNodeOptions(this, props);
    const subnet = validateNetworkAttachment(this, props.network);
    if (props.swarm !== undefined) validateSwarmBoot(this, props.swarm, props.network.ip, subnet, sshPort);
    const protection = props.protection ?? true;

    // Resolve the host key and the boot configuration.
    this.hostKey = props.hostKey ?? new PrivateKey(this, "HostKey", { algorithm: "ED25519" });
    const hostPrivateKey = Fn.base64encode(this.hostKey.privateKeyOpenssh);
    this.userData = renderUserData({
      hostname: props.name,
      image,
      sshPort,
      deployKeys: props.deployKeys,
      hostKey: { privateKeyBase64: hostPrivateKey, publicKey: Fn.trimspace(this.hostKey.publicKeyOpenssh) },
      privateSubnet: props.network.subnetCidr,
      swarm: props.swarm,
    });
    const privateKeys = props.swarm ? [hostPrivateKey, props.swarm.tokenKey.privateKeyBase64] : [hostPrivateKey];
    validateUserDataSize(this, this.userData, privateKeys, props.deployKeys.length);

    // Create the server.
    this.server = new Server(this, "Server", {
      name: props.name,
      serverType,
      location,
      image,
      userData: this.userData,
      sshKeys: props.sshKeyIds,
      firewallIds: props.firewallIds.map((fw) => Token.asNumber(fw)),
      placementGroupId: props.placementGroupId === undefined ? undefined : Token.asNumber(props.placementGroupId),
      labels: props.labels,
      deleteProtection: protection,
      rebuildProtection: protection,
      publicNet: [{ ipv4Enabled: true, ipv6Enabled: true }],
      network: [{ networkId: Token.asNumber(props.network.networkId), ip: props.network.ip }],
      dependsOn: props.network.dependsOn as never,
      lifecycle: props.replaceOnBootConfigChange ? undefined : { ignoreChanges: ["user_data", "ssh_keys", "image"] },
    });

    // Expose what operators need.
    this.ipv4Address = this.server.ipv4Address;
    this.ipv6Address = this.server.ipv6Address;
    this.privateIp = props.network.ip;
    this.sshPort = sshPort;
    this.knownHostsLine = `[${this.ipv4Address}]:${sshPort} ${Fn.trimspace(this.hostKey.publicKeyOpenssh)}`;
    this.sshCommand = `ssh -p ${sshPort} deploy@${this.ipv4Address}`;
  }
}

/** Checks that a server type exists and is sold in the location. */
export function validateServerType(scope: Construct, serverType: string, location: HetznerLocation, prop = "serverType"): void {
  // Own keys only: "constructor" or "toString" must not find Object's.
  const info = typeof serverType === "string" && Object.hasOwn(SERVER_TYPES, serverType) ? SERVER_TYPES[serverType] : undefined;
  if (!info) {
    throw new InvalidPropError(scope, prop, serverType, `must be a Hetzner Cloud server type, one of ${Object.keys(SERVER_TYPES).join(", ")}`);
  }
  if (!info.locations.includes(location)) {
    const alternative = suggestServerType(serverType, location);
    const eu = info.locations.join(", ");
    throw new InvalidPropError(
      scope,
      prop,
      serverType,
      `is not sold in ${location}; ${serverType} exists only in ${eu}. Use ${alternative ? `"${alternative}" (a similar type sold in ${location})` : "another type"} or an EU location (${eu})`,
    );
  }
}
