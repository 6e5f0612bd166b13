import { Token } from "cdktf";
import { Construct } from "constructs";
import { LoadBalancer } from "../../providers/providers/hcloud/load-balancer";
import { LoadBalancerNetwork } from "../../providers/providers/hcloud/load-balancer-network";
import { LoadBalancerService } from "../../providers/providers/hcloud/load-balancer-service";
import { LoadBalancerTargetA } from "../../providers/providers/hcloud/load-balancer-target";
import { InvalidPropError } from "../core/errors";
import {
  Cidr,
  HETZNER_LABEL_VALUE,
  isHetznerLabelKey,
  isPrivateIpv4Block,
  parseCidr,
  validateBoolean,
  validateDependsOn,
  validateHetznerLabels,
  validateHostAddressIn,
  validateIp,
  validateName,
  validateObject,
  validateOneOf,
  validateOnlyKeys,
  validateString,
} from "../core/validate";
import { HetznerLocation, LOAD_BALANCER_TYPES, LoadBalancerType, LOCATIONS } from "../hetzner/catalogue";

/** Path the edge proxy answers 200 "ok" on, on port 80, for the balancer's health checks. */
export const EDGE_HEALTH_PATH = "/healthz";

export interface SwarmLoadBalancerProps {
  /** Balancer name. */
  readonly name: string;
  /** Hetzner load balancer type. */
  readonly type: LoadBalancerType;
  /** Hetzner location, the nodes' own. */
  readonly location: string;
  /**
   * ID of the `hcloud_network_subnet` the balancer joins (`subnet.id`). The
   * hcloud provider writes it `<network ID>-<IP range>`, e.g.
   * `12345-10.0.1.0/24`; a literal ID must have that form, and its range must
   * be `subnetCidr` when that is given.
   */
  readonly subnetId: string;
  /** The balancer's fixed private address. */
  readonly privateIp: string;
  /**
   * The subnet's IPv4 range, when known at synth (e.g. `"10.0.1.0/24"`), a
   * /30 or larger: `privateIp` must then lie inside it and be none of the
   * three addresses Hetzner keeps (network, gateway, broadcast), which Hetzner
   * would refuse at apply. `SwarmCluster` passes its own.
   * @default - not checked: `subnetId` alone does not say the range at synth
   */
  readonly subnetCidr?: string;
  /** Label selector matching the nodes, e.g. `casera-cluster=prod,casera-role=manager` (the labels SwarmCluster gives its servers). */
  readonly targetSelector: string;
  /**
   * Labels on the balancer.
   * @default {}
   */
  readonly labels?: Record<string, string>;
  /** Delete protection. */
  readonly protection: boolean;
  /**
   * Subnet resource, so targets attach after the balancer joined the network.
   * Each entry a Terraform resource, data source or module, not a construct
   * that only groups resources (cdktf would leave it out of `depends_on`).
   * @default []
   */
  readonly dependsOn?: Construct[];
}

/**
 * A Hetzner load balancer that passes TCP 80 and 443 through to the nodes'
 * private addresses with the PROXY protocol, so the in-cluster edge proxy
 * terminates TLS and still sees the client address. A firewall cannot be
 * attached to a load balancer; the nodes' firewall keeps their public web
 * ports closed instead.
 */
export class SwarmLoadBalancer extends Construct {
  public readonly loadBalancer: LoadBalancer;
  public readonly ipv4Address: string;
  public readonly ipv6Address: string;
  public readonly privateIp: string;

  constructor(scope: Construct, id: string, props: SwarmLoadBalancerProps) {
    super(scope, id);

    // Validate, before any resource exists.
    validateLoadBalancerProps(this, props);

    this.loadBalancer = new LoadBalancer(this, "LoadBalancer", {
      name: props.name,
      loadBalancerType: props.type,
      location: props.location,
      labels: props.labels,
      deleteProtection: props.protection,
      algorithm: { type: "round_robin" },
    });
    const lbId = Token.asNumber(this.loadBalancer.id);

    const attachment = new LoadBalancerNetwork(this, "Network", {
      loadBalancerId: lbId,
      subnetId: props.subnetId,
      ip: props.privateIp,
      dependsOn: props.dependsOn as never,
    });

    new LoadBalancerTargetA(this, "Nodes", {
      loadBalancerId: lbId,
      type: "label_selector",
      labelSelector: props.targetSelector,
      usePrivateIp: true,
      dependsOn: [attachment],
    });

    // Both services check the edge proxy itself: GET /healthz on port 80, sent
    // like the traffic with a PROXY header, answered 200 by the edge's default
    // server whatever the Host. A plain TCP check would pass on any open port.
    for (const port of [80, 443]) {
      new LoadBalancerService(this, `Tcp${port}`, {
        loadBalancerId: this.loadBalancer.id,
        protocol: "tcp",
        listenPort: port,
        destinationPort: port,
        proxyprotocol: true,
        healthCheck: {
          protocol: "http",
          port: 80,
          interval: 10,
          timeout: 5,
          retries: 3,
          http: { path: EDGE_HEALTH_PATH, statusCodes: ["200"], response: "ok" },
        },
      });
    }

    this.ipv4Address = this.loadBalancer.ipv4;
    this.ipv6Address = this.loadBalancer.ipv6;
    this.privateIp = props.privateIp;
  }
}

/** What a literal subnetId looks like, in words. */
const SUBNET_ID_ALLOWED =
  'must be an hcloud_network_subnet\'s ID, which Hetzner writes "<network ID>-<IP range>" such as "12345-10.0.1.0/24" (pass subnet.id; a token passes as it is)';

/**
 * The IP range part of a literal subnet ID. The hcloud provider names a
 * subnet `<network ID>-<ip_range>` (hcloud_network_subnet's id attribute);
 * anything else is no subnet it knows, and attaching the balancer fails at
 * apply.
 */
function subnetIdCidr(scope: Construct, subnetId: string): Cidr {
  const match = /^([1-9][0-9]{0,18})-([^-]+)$/.exec(subnetId);
  if (!match) throw new InvalidPropError(scope, "subnetId", subnetId, SUBNET_ID_ALLOWED);
  try {
    return parseCidr(scope, "subnetId", match[2], "ipv4");
  } catch {
    throw new InvalidPropError(scope, "subnetId", subnetId, SUBNET_ID_ALLOWED);
  }
}

const SELECTOR_ALLOWED =
  'must be a Hetzner label selector of key=value terms joined by commas, without spaces, such as "casera-cluster=prod,casera-role=manager"';

/** Every prop, with the messages the other constructs use. Unresolved tokens pass as they are. */
function validateLoadBalancerProps(scope: Construct, props: SwarmLoadBalancerProps): void {
  validateObject(scope, "props", props, "{ name, type, location, subnetId, privateIp, subnetCidr?, targetSelector, protection, labels?, dependsOn? }");
  validateOnlyKeys(scope, "props", props, ["name", "type", "location", "subnetId", "privateIp", "subnetCidr", "targetSelector", "labels", "protection", "dependsOn"], "a SwarmLoadBalancer prop");
  if (!Token.isUnresolved(props.name)) validateName(scope, "name", props.name, 63);
  if (!Token.isUnresolved(props.type)) validateOneOf(scope, "type", props.type, LOAD_BALANCER_TYPES);
  if (!Token.isUnresolved(props.location)) validateOneOf(scope, "location", props.location as HetznerLocation, LOCATIONS);

  validateString(scope, "subnetId", props.subnetId, "the hcloud_network_subnet's ID (subnet.id)");
  if (!Token.isUnresolved(props.subnetId) && props.subnetId.trim() === "") {
    throw new InvalidPropError(scope, "subnetId", props.subnetId, "must be a non-empty string: the hcloud_network_subnet's ID (subnet.id)");
  }
  const subnetIdRange = Token.isUnresolved(props.subnetId) ? undefined : subnetIdCidr(scope, props.subnetId);

  validateString(scope, "privateIp", props.privateIp, "the balancer's fixed private IPv4 address");
  validateIp(scope, "privateIp", props.privateIp, "ipv4");
  if (!Token.isUnresolved(props.privateIp) && !isPrivateIpv4Block(scope, parseCidr(scope, "privateIp", `${props.privateIp}/32`, "ipv4"))) {
    throw new InvalidPropError(scope, "privateIp", props.privateIp, "must lie inside a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16), as Hetzner networks do");
  }
  if (props.subnetCidr !== undefined) {
    validateString(scope, "subnetCidr", props.subnetCidr, 'the subnet\'s IPv4 range, e.g. "10.0.1.0/24" (or left out)');
    if (!Token.isUnresolved(props.subnetCidr)) {
      const subnet = parseCidr(scope, "subnetCidr", props.subnetCidr, "ipv4");
      if (!isPrivateIpv4Block(scope, subnet)) {
        throw new InvalidPropError(scope, "subnetCidr", props.subnetCidr, "must lie inside a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16), as Hetzner networks do");
      }
      if (subnet.prefix > 30) {
        throw new InvalidPropError(
          scope,
          "subnetCidr",
          props.subnetCidr,
          "must be a /30 or larger: Hetzner keeps a subnet's network, gateway and broadcast addresses, which leaves a /31 or /32 no address for the balancer",
        );
      }
      if (subnetIdRange && subnetIdRange.text !== subnet.text) {
        throw new InvalidPropError(
          scope,
          "subnetId",
          props.subnetId,
          `must name the subnet subnetCidr gives: its range part (after the network ID) is ${subnetIdRange.text}, subnetCidr is ${subnet.text}; pass the same subnet's id and ip_range`,
        );
      }
      validateHostAddressIn(scope, "privateIp", props.privateIp, subnet, "subnetCidr");
    }
  }

  validateString(scope, "targetSelector", props.targetSelector, "the label selector of the nodes, e.g. \"casera-cluster=prod,casera-role=manager\"");
  if (!Token.isUnresolved(props.targetSelector)) {
    const terms = props.targetSelector.split(",").map((term) => term.split("="));
    if (!terms.every((t) => t.length === 2 && isHetznerLabelKey(t[0]) && t[1] !== "" && HETZNER_LABEL_VALUE.test(t[1]))) {
      throw new InvalidPropError(scope, "targetSelector", props.targetSelector, SELECTOR_ALLOWED);
    }
  }

  validateHetznerLabels(scope, "labels", props.labels);

  // Required here: a balancer without it would get no delete protection by accident.
  if (!Token.isUnresolved(props.protection)) {
    if (props.protection === undefined) {
      throw new InvalidPropError(scope, "protection", props.protection, "must be true or false (a boolean; the string \"false\" would count as true)");
    }
    validateBoolean(scope, "protection", props.protection);
  }

  validateDependsOn(scope, "dependsOn", props.dependsOn, "constructs the targets wait for, e.g. [subnet]");
}
