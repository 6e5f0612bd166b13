import { IConstruct } from "constructs";
import { attributesOf, inboundRules, portCovers, resourceOf } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";

/** Docker Swarm's ports: cluster management, node discovery, overlay data (VXLAN). */
export const SWARM_PORTS: Readonly<Record<number, readonly string[]>> = { 2377: ["tcp"], 7946: ["tcp", "udp"], 4789: ["udp"] };

/**
 * No `hcloud_firewall` has an inbound rule for a Swarm port (2377/tcp,
 * 7946/tcp+udp, 4789/udp), from any source. A Hetzner Cloud Firewall filters
 * public traffic only, so any such rule is a public one; the nodes reach each
 * other over the private network, which needs no rule.
 */
export const SwarmPortsNotPublic: PolicyRule = {
  id: "SwarmPortsNotPublic",
  message: "A firewall rule opens a Docker Swarm port on the nodes' public addresses.",
  explanation:
    "The Swarm control plane and the VXLAN data path are unauthenticated at the network level; exposed, they let anyone inject overlay traffic or probe the managers. Swarm traffic belongs on the private network only.",
  evaluate(construct: IConstruct): RuleResult {
    const firewall = resourceOf(construct, "hcloud_firewall");
    if (!firewall) return Compliance.NOT_APPLICABLE;
    for (const rule of inboundRules(attributesOf(firewall))) {
      for (const [port, protocols] of Object.entries(SWARM_PORTS)) {
        if (protocols.includes(rule.protocol) && portCovers(rule.port, Number(port))) {
          return nonCompliant(`${rule.protocol} port ${rule.port ?? "any"} covers ${port}`);
        }
      }
    }
    return Compliance.COMPLIANT;
  },
};
