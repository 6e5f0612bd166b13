import { Token } from "cdktf";
import { Construct } from "constructs";
import { LoadBalancer } from "../../providers/providers/hcloud/load-balancer";
import { LoadBalancerNetwork } from "../../providers/providers/hcloud/load-balancer-network";
import { LoadBalancerService } from "../../providers/providers/hcloud/load-balancer-service";
import { LoadBalancerTargetA } from "../../providers/providers/hcloud/load-balancer-target";
import { LoadBalancerType } from "../hetzner/catalogue";

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
