import { IConstruct } from "constructs";
import { attributesOf, inboundRules, portCovers, resourceOf, resourcesIn, stringsIn, worldSources } from "../inspect";
import { Compliance, nonCompliant, PolicyContext, PolicyRule, RuleResult } from "../rule";

/**
 * SSH ports of a stack: 22, and every `Port N` the servers' cloud-init
 * writes into sshd's configuration.
 */
function sshPorts(context: PolicyContext): number[] {
  const ports = new Set<number>([22]);
  for (const server of resourcesIn(context.stack, "hcloud_server")) {
    for (const text of stringsIn(attributesOf(server).user_data)) {
      for (const match of text.matchAll(/^\s*Port\s+(\d{1,5})\s*$/gm)) ports.add(Number(match[1]));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** No `hcloud_firewall` rule lets the whole internet (0.0.0.0/0 or ::/0) reach an SSH port. */
export const SshClosedToWorld: PolicyRule = {
  id: "SshClosedToWorld",
  message: "A firewall rule opens an SSH port to the whole internet.",
  explanation:
    "SSH reachable from anywhere is scanned and brute-forced within minutes; list the operators' networks (adminCidrs) so that only they can reach it.",
  evaluate(construct: IConstruct, context: PolicyContext): RuleResult {
    const firewall = resourceOf(construct, "hcloud_firewall");
    if (!firewall) return Compliance.NOT_APPLICABLE;
    const ports = sshPorts(context);
    for (const rule of inboundRules(attributesOf(firewall))) {
      if (rule.protocol !== "tcp") continue;
      const port = ports.find((p) => portCovers(rule.port, p));
      const world = worldSources(rule);
      if (port !== undefined && world.length > 0) return nonCompliant(`port ${rule.port ?? "any"} from ${world.join(", ")}`);
    }
    return Compliance.COMPLIANT;
  },
};
