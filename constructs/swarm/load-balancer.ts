import { Token } from "cdktf";
import { Construct } from "constructs";
import { LoadBalancer } from "../../providers/providers/hcloud/load-balancer";
import { LoadBalancerNetwork } from "../../providers/providers/hcloud/load-balancer-network";
import { LoadBalancerService } from "../../providers/providers/hcloud/load-balancer-service";
import { LoadBalancerTargetA } from "../../providers/providers/hcloud/load-balancer-target";
import { InvalidPropError } from "../core/errors";
import {
  isPrivateIpv4Block,
  parseCidr,
  validateArray,
  validateBoolean,
  validateIp,
  validateName,
  validateObject,
  validateOneOf,
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
  /** ID of the `hcloud_network_subnet` the balancer joins. */
  readonly subnetId: string;
  /** The balancer's fixed private address. */
  readonly privateIp: string;
  /** Label selector matching the nodes, e.g. `casera/cluster=prod`. */
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

/**
 * A Hetzner label key: an optional prefix (a lower-case DNS subdomain of at
 * most 253 characters) and a slash, then a name of 1-63 characters that
 * starts and ends with a letter or digit and has `-`, `_` and `.` inside.
 */
const LABEL_KEY_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const LABEL_KEY_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** A Hetzner label value: empty, or 1-63 characters like a key's name. */
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$/;

const LABEL_KEY_ALLOWED =
  'must be a Hetzner label key: an optional DNS-subdomain prefix and "/", then 1-63 letters, digits, "-", "_" and "." starting and ending with a letter or digit (e.g. "casera-cluster" or "casera/role")';
const LABEL_VALUE_ALLOWED = 'must be a Hetzner label value: empty, or 1-63 letters, digits, "-", "_" and "." starting and ending with a letter or digit';
const SELECTOR_ALLOWED =
  'must be a Hetzner label selector of key=value terms joined by commas, without spaces, such as "casera-cluster=prod,casera-role=manager"';

function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  if (slash < 0) return LABEL_KEY_NAME.test(key);
  const prefix = key.slice(0, slash);
  return prefix.length <= 253 && LABEL_KEY_PREFIX.test(prefix) && LABEL_KEY_NAME.test(key.slice(slash + 1));
}

/** Every prop, with the messages the other constructs use. Unresolved tokens pass as they are. */
function validateLoadBalancerProps(scope: Construct, props: SwarmLoadBalancerProps): void {
  validateObject(scope, "props", props, "the balancer's name, type, location, subnetId, privateIp, targetSelector and protection");
  if (!Token.isUnresolved(props.name)) validateName(scope, "name", props.name, 63);
  if (!Token.isUnresolved(props.type)) validateOneOf(scope, "type", props.type, LOAD_BALANCER_TYPES);
  if (!Token.isUnresolved(props.location)) validateOneOf(scope, "location", props.location as HetznerLocation, LOCATIONS);

  validateString(scope, "subnetId", props.subnetId, "the hcloud_network_subnet's ID (subnet.id)");
  if (!Token.isUnresolved(props.subnetId) && props.subnetId.trim() === "") {
    throw new InvalidPropError(scope, "subnetId", props.subnetId, "must be a non-empty string: the hcloud_network_subnet's ID (subnet.id)");
  }

  validateString(scope, "privateIp", props.privateIp, "the balancer's fixed private IPv4 address");
  validateIp(scope, "privateIp", props.privateIp, "ipv4");
  if (!Token.isUnresolved(props.privateIp) && !isPrivateIpv4Block(scope, parseCidr(scope, "privateIp", `${props.privateIp}/32`, "ipv4"))) {
    throw new InvalidPropError(scope, "privateIp", props.privateIp, "must lie inside a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16), as Hetzner networks do");
  }

  validateString(scope, "targetSelector", props.targetSelector, "the label selector of the nodes, e.g. \"casera-cluster=prod,casera-role=manager\"");
  if (!Token.isUnresolved(props.targetSelector)) {
    const terms = props.targetSelector.split(",").map((term) => term.split("="));
    if (!terms.every((t) => t.length === 2 && isLabelKey(t[0]) && t[1] !== "" && LABEL_VALUE.test(t[1]))) {
      throw new InvalidPropError(scope, "targetSelector", props.targetSelector, SELECTOR_ALLOWED);
    }
  }

  if (props.labels !== undefined && !Token.isUnresolved(props.labels)) {
    validateObject(scope, "labels", props.labels, 'Hetzner labels such as { "casera-cluster": "prod" }');
    for (const [key, value] of Object.entries(props.labels as Record<string, unknown>)) {
      if (!isLabelKey(key)) throw new InvalidPropError(scope, "labels key", key, LABEL_KEY_ALLOWED);
      if (typeof value !== "string") throw new InvalidPropError(scope, `labels.${key}`, value, "must be a string (Hetzner label values are strings)");
      if (!Token.isUnresolved(value) && !LABEL_VALUE.test(value)) throw new InvalidPropError(scope, `labels.${key}`, value, LABEL_VALUE_ALLOWED);
    }
  }

  // Required here: a balancer without it would get no delete protection by accident.
  if (!Token.isUnresolved(props.protection)) {
    if (props.protection === undefined) {
      throw new InvalidPropError(scope, "protection", props.protection, "must be true or false (a boolean; the string \"false\" would count as true)");
    }
    validateBoolean(scope, "protection", props.protection);
  }

  if (props.dependsOn !== undefined) validateArray(scope, "dependsOn", props.dependsOn, "constructs the targets wait for, e.g. [subnet]");
}
