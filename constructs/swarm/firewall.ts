import { Construct } from "constructs";
import { Firewall, FirewallRule } from "../../providers/providers/hcloud/firewall";
import { CLOUDFLARE_RANGES } from "../cloudflare/ip-ranges";
import { validateAdminCidrs, validateHetznerLabels, validateName, validateObject, validateOneOf, validateOnlyKeys, validateSshPort } from "../core/validate";

export interface NodeFirewallProps {
  /** Firewall name. */
  readonly name: string;
  /** SSH port, the same number sshd listens on. */
  readonly sshPort: number;
  /** CIDR blocks allowed to reach SSH. */
  readonly adminCidrs: readonly string[];
  /**
   * Who may reach ports 80 and 443 on the nodes' public addresses: nobody when
   * a load balancer reaches them over the private network, otherwise only
   * Cloudflare's edge.
   */
  readonly webSources: "none" | "cloudflare";
  /**
   * Labels on the firewall.
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

/**
 * The Cloud Firewall every node carries. It filters public traffic only, so
 * Swarm's ports (which run over the private network) get no rule at all:
 * everything not listed is dropped.
 */
export class NodeFirewall extends Construct {
  /** The `hcloud_firewall` resource. */
  public readonly firewall: Firewall;

  constructor(scope: Construct, id: string, props: NodeFirewallProps) {
    super(scope, id);
    validateObject(this, "props", props, "{ name, sshPort, adminCidrs, webSources, labels? }");
    validateOnlyKeys(this, "props", props, ["name", "sshPort", "adminCidrs", "webSources", "labels"], "a NodeFirewall prop");
    validateName(this, "name", props.name, 63);
    validateSshPort(this, "sshPort", props.sshPort);
    const adminCidrs = validateAdminCidrs(this, "adminCidrs", props.adminCidrs);
    validateOneOf(this, "webSources", props.webSources, ["none", "cloudflare"] as const);
    validateHetznerLabels(this, "labels", props.labels);

    const rules: FirewallRule[] = [
      {
        description: "SSH from admin networks",
        direction: "in",
        protocol: "tcp",
        port: String(props.sshPort),
        sourceIps: adminCidrs,
      },
    ];
    if (props.webSources === "cloudflare") {
      for (const port of ["80", "443"]) {
        rules.push({
          description: `${port === "80" ? "HTTP" : "HTTPS"} from Cloudflare's edge`,
          direction: "in",
          protocol: "tcp",
          port,
          sourceIps: [...CLOUDFLARE_RANGES],
        });
      }
    }

    this.firewall = new Firewall(this, "Firewall", { name: props.name, labels: props.labels, rule: rules });
  }
}
