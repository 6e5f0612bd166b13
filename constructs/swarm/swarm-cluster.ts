import { Fn, TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { Network } from "../../providers/providers/hcloud/network";
import { NetworkSubnet } from "../../providers/providers/hcloud/network-subnet";
import { PlacementGroup } from "../../providers/providers/hcloud/placement-group";
import { SshKey } from "../../providers/providers/hcloud/ssh-key";
import { InvalidPropError } from "../core/errors";
import {
  Cidr,
  cidrContains,
  hostAddress,
  isPrivateIpv4Block,
  parseCidr,
  validateAdminCidrs,
  validateArray,
  validateBoolean,
  validateInt,
  validateName,
  validateOneOf,
  validateOnlyKeys,
  validateSwarmAddressPool,
  validateSshPort,
  validateSshPublicKeys,
  validateObject,
} from "../core/validate";
import { HetznerLocation, LOAD_BALANCER_TYPES, LoadBalancerType, LOCATIONS, NETWORK_ZONE, NODE_IMAGES, NodeImage } from "../hetzner/catalogue";
import { HardenedNode, validateServerType } from "../node/hardened-node";
import { escapeForTerraform } from "../node/terraform-escape";
import { NodeFirewall } from "./firewall";
import { SwarmLoadBalancer } from "./load-balancer";

/** Host offsets inside the subnet: the balancer and then the managers. */
const LB_OFFSET = 5;
const FIRST_NODE_OFFSET = 11;
/** Hetzner spread placement groups hold at most ten servers. */
const MAX_SPREAD = 10;

/** Every prop SwarmClusterProps has: a misspelt one (`manager: 5`) would otherwise be ignored. */
const SWARM_CLUSTER_KEYS: readonly (keyof SwarmClusterProps)[] = [
  "name",
  "managers",
  "allowSingleManager",
  "serverType",
  "location",
  "image",
  "sshPort",
  "adminCidrs",
  "deployKeys",
  "networkCidr",
  "subnetCidr",
  "swarmAddressPool",
  "overlayMtu",
  "loadBalancer",
  "nodeLabels",
  "protection",
];

export interface SwarmLoadBalancerOptions {
  /**
   * Load balancer type.
   * @default "lb11"
   */
  readonly type?: LoadBalancerType;
}

export interface SwarmClusterProps {
  /** Cluster name: prefixes every Hetzner resource and labels them. */
  readonly name: string;
  /**
   * Number of managers. Every node is a manager: Raft needs a majority, so an
   * odd count of 3 or more survives the loss of (count - 1) / 2 nodes. At most
   * 9 (a spread placement group holds 10 servers); 1 needs `allowSingleManager`.
   * @default 3
   */
  readonly managers?: number;
  /**
   * Allow a single manager (no fault tolerance), e.g. for staging.
   * @default false
   */
  readonly allowSingleManager?: boolean;
  /**
   * Hetzner server type of every node.
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
   * SSH port, shared by sshd and the firewall rule.
   * @default 2222
   */
  readonly sshPort?: number;
  /** CIDR blocks allowed to reach SSH. */
  readonly adminCidrs: string[];
  /** OpenSSH public keys of the operators (the `deploy` user). */
  readonly deployKeys: string[];
  /**
   * Private network range: a private block of /24 or larger (Hetzner's minimum).
   * @default "10.0.0.0/16"
   */
  readonly networkCidr?: string;
  /**
   * Subnet of the nodes, inside `networkCidr`.
   * @default "10.0.1.0/24"
   */
  readonly subnetCidr?: string;
  /**
   * Address pool Swarm carves overlay networks from. It must not overlap the
   * private network, or containers lose the route to the nodes, nor Docker's
   * own bridges (172.17.0.0/16 and 172.18.0.0/16).
   * @default "10.200.0.0/16"
   */
  readonly swarmAddressPool?: string;
  /**
   * MTU of the overlay networks (ingress included). Hetzner's private network
   * has MTU 1450 and VXLAN takes 50 bytes.
   * @default 1400
   */
  readonly overlayMtu?: number;
  /**
   * A Hetzner load balancer in front of the nodes.
   * @default - none: Cloudflare reaches the nodes directly
   */
  readonly loadBalancer?: SwarmLoadBalancerOptions;
  /**
   * Swarm node labels by node index, e.g. `[{ "casera.redis": "true" }]`
   * pins Redis to the first node.
   * @default - no labels
   */
  readonly nodeLabels?: Record<string, string>[];
  /**
   * Delete and rebuild protection on servers and the load balancer.
   * @default true
   */
  readonly protection?: boolean;
}

/**
 * A Docker Swarm of hardened Hetzner servers, all managers, on a private
 * network: subnet, spread placement group, Cloud Firewall, SSH keys, the
 * bootstrap credentials, the nodes, and an optional load balancer.
 */
export class SwarmCluster extends Construct {
  public readonly network: Network;
  public readonly subnet: NetworkSubnet;
  public readonly placementGroup: PlacementGroup;
  public readonly firewall: NodeFirewall;
  public readonly nodes: HardenedNode[];
  public readonly loadBalancer?: SwarmLoadBalancer;
  /** The key the nodes use to ask each other for the join token. */
  public readonly tokenKey: PrivateKey;
  public readonly sshPort: number;
  public readonly subnetCidr: string;
  /** Overlay MTU the stack's networks must use. */
  public readonly overlayMtu: number;
  /** Public addresses web traffic should go to: the balancer, or every node. */
  public readonly ingressIpv4: string[];
  public readonly ingressIpv6: string[];
  /** Swarm labels by node index, as applied at boot. */
  public readonly nodeLabels: Record<string, string>[];

  constructor(scope: Construct, id: string, props: SwarmClusterProps) {
    super(scope, id);
    validateObject(this, "props", props, "{ name, adminCidrs, deployKeys, ... } (see the props reference)");
    validateOnlyKeys(this, "props", props, SWARM_CLUSTER_KEYS, "a SwarmCluster prop");

    // Validate.
    validateName(this, "name", props.name, 30);
    const managers = props.managers ?? 3;
    validateBoolean(this, "allowSingleManager", props.allowSingleManager);
    validateBoolean(this, "protection", props.protection);
    validateManagers(this, managers, props.allowSingleManager ?? false);
    const location = props.location ?? "nbg1";
    validateOneOf(this, "location", location, LOCATIONS);
    const serverType = props.serverType ?? "cx33";
    validateServerType(this, serverType, location);
    const image = props.image ?? "ubuntu-24.04";
    validateOneOf(this, "image", image, NODE_IMAGES);
    const sshPort = props.sshPort ?? 2222;
    validateSshPort(this, "sshPort", sshPort);
    const adminCidrs = validateAdminCidrs(this, "adminCidrs", props.adminCidrs);
    validateSshPublicKeys(this, "deployKeys", props.deployKeys);
    const { network: networkCidr, subnet: subnetCidr } = validateAddressing(this, props, managers);
    const overlayMtu = props.overlayMtu ?? 1400;
    validateInt(this, "overlayMtu", overlayMtu, 1280, 1400, "Hetzner's private network has MTU 1450 and VXLAN needs 50 bytes");
    if (props.loadBalancer !== undefined && (typeof props.loadBalancer !== "object" || props.loadBalancer === null || Array.isArray(props.loadBalancer))) {
      throw new InvalidPropError(this, "loadBalancer", props.loadBalancer, 'must be an object such as { type: "lb11" } (or left out for no balancer)');
    }
    if (props.loadBalancer) validateOnlyKeys(this, "loadBalancer", props.loadBalancer, ["type"], "a load balancer option");
    const lbType = props.loadBalancer ? props.loadBalancer.type ?? "lb11" : undefined;
    if (lbType !== undefined) validateOneOf(this, "loadBalancer.type", lbType, LOAD_BALANCER_TYPES);
    const nodeLabels = props.nodeLabels ?? [];
    validateArray(this, "nodeLabels", nodeLabels, 'one object of labels per node, by index, e.g. [{ "casera.redis": "true" }]');
    if (nodeLabels.length > managers) {
      throw new InvalidPropError(this, "nodeLabels", nodeLabels, `must not list more entries than there are managers (${managers})`);
    }
    nodeLabels.forEach((entry, i) => {
      if (entry !== undefined && (typeof entry !== "object" || entry === null || Array.isArray(entry))) {
        throw new InvalidPropError(this, `nodeLabels[${i}]`, entry, 'must be an object of labels such as { "casera.redis": "true" } (or {} for none)');
      }
      for (const [key, value] of Object.entries(entry ?? {})) {
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(key)) {
          throw new InvalidPropError(this, `nodeLabels[${i}] key`, key, "must be a Docker node label key: letters, digits, dots, hyphens and underscores, starting with a letter or digit");
        }
        if (typeof value !== "string" || !/^[^\s]*$/.test(value)) {
          throw new InvalidPropError(this, `nodeLabels[${i}].${key}`, value, "must be a string without whitespace (the bootstrap passes labels as words)");
        }
      }
    });
    const protection = props.protection ?? true;
    const labels = { "casera-cluster": props.name };

    // Create the network.
    this.network = new Network(this, "Network", { name: props.name, ipRange: networkCidr.text, labels, deleteProtection: protection });
    this.subnet = new NetworkSubnet(this, "Subnet", {
      networkId: Token.asNumber(this.network.id),
      type: "cloud",
      networkZone: NETWORK_ZONE[location],
      ipRange: subnetCidr.text,
    });

    // Create what every node shares.
    this.placementGroup = new PlacementGroup(this, "PlacementGroup", { name: `${props.name}-spread`, type: "spread", labels });
    // A key's comment is free text: `${` or `%{` in it must reach Hetzner as written, not as a Terraform template.
    const sshKeys = props.deployKeys.map(
      (key, i) => new SshKey(this, `DeployKey${i + 1}`, { name: `${props.name}-deploy-${i + 1}`, publicKey: escapeForTerraform(key.trim()), labels }),
    );
    this.firewall = new NodeFirewall(this, "Firewall", {
      name: `${props.name}-nodes`,
      sshPort,
      adminCidrs,
      webSources: lbType ? "none" : "cloudflare",
      labels,
    });
    this.tokenKey = new PrivateKey(this, "SwarmTokenKey", { algorithm: "ED25519" });

    // Create the managers; each knows its peers' addresses and host keys.
    const ips = Array.from({ length: managers }, (_, i) => hostAddress(subnetCidr, FIRST_NODE_OFFSET + i));
    const hostKeys = ips.map((_, i) => new PrivateKey(this, `Manager${i + 1}HostKey`, { algorithm: "ED25519" }));
    const hostKeyLine = (i: number) => `[${ips[i]}]:${sshPort} ${Fn.trimspace(hostKeys[i].publicKeyOpenssh)}`;
    this.nodes = ips.map((ip, i) => {
      const peers = ips.map((_, j) => j).filter((j) => j !== i);
      return new HardenedNode(this, `Manager${i + 1}`, {
        name: `${props.name}-manager-${i + 1}`,
        serverType,
        location,
        image,
        sshPort,
        deployKeys: props.deployKeys,
        sshKeyIds: sshKeys.map((k) => k.id),
        network: { networkId: this.network.id, ip, subnetCidr: subnetCidr.text, dependsOn: [this.subnet] },
        firewallIds: [this.firewall.firewall.id],
        placementGroupId: this.placementGroup.id,
        labels: { ...labels, "casera-role": "manager" },
        protection,
        hostKey: hostKeys[i],
        swarm: {
          seed: i === 0,
          peers: peers.map((j) => ips[j]),
          peerKnownHosts: peers.map(hostKeyLine),
          tokenKey: {
            privateKeyBase64: Fn.base64encode(this.tokenKey.privateKeyOpenssh),
            publicKey: Fn.trimspace(this.tokenKey.publicKeyOpenssh),
          },
          labels: nodeLabels[i] ?? {},
          ingressMtu: overlayMtu,
          addressPool: props.swarmAddressPool ?? "10.200.0.0/16",
        },
      });
    });

    // Put the optional load balancer in front.
    if (lbType) {
      this.loadBalancer = new SwarmLoadBalancer(this, "LoadBalancer", {
        name: `${props.name}-lb`,
        type: lbType,
        location,
        subnetId: this.subnet.id,
        privateIp: hostAddress(subnetCidr, LB_OFFSET),
        subnetCidr: subnetCidr.text,
        targetSelector: `casera-cluster=${props.name},casera-role=manager`,
        labels,
        protection,
        dependsOn: [this.subnet],
      });
    }

    this.sshPort = sshPort;
    this.subnetCidr = subnetCidr.text;
    this.overlayMtu = overlayMtu;
    this.nodeLabels = nodeLabels;
    this.ingressIpv4 = this.loadBalancer ? [this.loadBalancer.ipv4Address] : this.nodes.map((n) => n.ipv4Address);
    this.ingressIpv6 = this.loadBalancer ? [this.loadBalancer.ipv6Address] : this.nodes.map((n) => n.ipv6Address);

    // Output what operators need after deploy.
    const out = (name: string, value: unknown, description: string) =>
      new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
    out("node_public_ipv4", this.nodes.map((n) => n.ipv4Address), "Public IPv4 address of each manager");
    out("node_public_ipv6", this.nodes.map((n) => n.ipv6Address), "Public IPv6 address of each manager");
    out("node_private_ips", ips, "Private address of each manager on the Swarm network");
    out("ssh_commands", this.nodes.map((n) => n.sshCommand), "SSH into each manager as the deploy user");
    out("known_hosts", Fn.join("\n", this.nodes.map((n) => n.knownHostsLine)), "Lines for ~/.ssh/known_hosts: the nodes' pinned host keys");
    if (this.loadBalancer) {
      out("load_balancer_ipv4", this.loadBalancer.ipv4Address, "Public IPv4 address of the load balancer");
      out("load_balancer_ipv6", this.loadBalancer.ipv6Address, "Public IPv6 address of the load balancer");
    }
  }
}

/** Manager count: odd and at least 3, or exactly 1 with an explicit opt-in. */
function validateManagers(scope: Construct, managers: number, allowSingle: boolean): void {
  // The largest odd count that fits one spread placement group.
  const most = MAX_SPREAD % 2 === 0 ? MAX_SPREAD - 1 : MAX_SPREAD;
  validateInt(scope, "managers", managers, 1, most, `odd, and a spread placement group holds at most ${MAX_SPREAD} servers, so ${most} is the largest`);
  if (managers === 1 && !allowSingle) {
    throw new InvalidPropError(
      scope,
      "managers",
      managers,
      "must be an odd number >= 3 for a fault-tolerant Raft quorum; a single manager needs allowSingleManager: true",
    );
  }
  if (managers % 2 === 0) {
    // Even counts here are at most 8 (the range above ends at the largest odd count), so both neighbours fit.
    const use = `${managers - 1} or ${managers + 1}`;
    throw new InvalidPropError(
      scope,
      "managers",
      managers,
      `must be odd: Raft needs a majority, so ${managers} managers tolerate no more failures than ${managers - 1} (quorum ${managers / 2 + 1}); use ${use}`,
    );
  }
}

/** Network and subnet: private ranges, subnet inside network, room for every node, pool apart from both. */
function validateAddressing(scope: Construct, props: SwarmClusterProps, managers: number): { network: Cidr; subnet: Cidr } {
  const network = parseCidr(scope, "networkCidr", props.networkCidr ?? "10.0.0.0/16", "ipv4");
  const subnet = parseCidr(scope, "subnetCidr", props.subnetCidr ?? "10.0.1.0/24", "ipv4");
  if (!isPrivateIpv4Block(scope, network)) {
    throw new InvalidPropError(scope, "networkCidr", network.text, "must lie inside a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16), as Hetzner requires");
  }
  // "Minimum network size is /24" (Hetzner Cloud API, POST /networks).
  if (network.prefix > 24) {
    throw new InvalidPropError(scope, "networkCidr", network.text, "must be a /24 or larger: Hetzner refuses smaller networks (a /16 such as 10.0.0.0/16 leaves room for more subnets)");
  }
  if (!cidrContains(network, subnet)) {
    throw new InvalidPropError(scope, "subnetCidr", subnet.text, `must lie inside networkCidr ${network.text}`);
  }
  const needed = FIRST_NODE_OFFSET + managers + 1;
  if (2 ** (32 - subnet.prefix) < needed) {
    const prefix = 32 - Math.ceil(Math.log2(needed));
    throw new InvalidPropError(
      scope,
      "subnetCidr",
      subnet.text,
      `must hold at least ${needed} addresses for ${managers} managers (nodes start at host .${FIRST_NODE_OFFSET}, and Hetzner keeps the last address); use a /${prefix} or larger`,
    );
  }
  validateSwarmAddressPool(scope, "swarmAddressPool", props.swarmAddressPool ?? "10.200.0.0/16", { cidr: network, prop: "networkCidr" });
  return { network, subnet };
}
