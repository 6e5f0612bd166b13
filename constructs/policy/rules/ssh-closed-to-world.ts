import { IConstruct } from "constructs";
import { Attributes, attributesOf, describeWorld, inboundRules, portCovers, resourceOf, resourcesIn, sourcesOf, worldSources } from "../inspect";
import { Compliance, nonCompliant, PolicyContext, PolicyRule, RuleResult } from "../rule";
import { readCloudConfig, sshdConfigLines, sshdListenPorts } from "../sshd-config";

/**
 * SSH ports of a stack: 22, and every port a server's sshd listens on by the
 * files its cloud-init writes, read as sshd reads them (see sshd-config.ts):
 * each `Port` (any case, `Port 2202` or `Port=2202`, every one of them) and
 * the port of each `ListenAddress host:port` or `[address]:port`. A Port under
 * a Match block counts too. What sshd does not read (a commented line, the ssh
 * client's config, a drop-in not ending in .conf) does not count, nor does a
 * port only known at apply time; user_data that is no cloud-config adds none.
 */
function sshPorts(context: PolicyContext): number[] {
  const ports = new Set<number>([22]);
  for (const server of resourcesIn(context.stack, "hcloud_server")) {
    const reading = readCloudConfig(attributesOf(server).user_data);
    if (!("config" in reading)) continue;
    for (const port of sshdListenPorts(sshdConfigLines(reading.config))) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}

/**
 * Whether the inbound TCP rules of one firewall that cover an SSH port let
 * the whole internet reach it: their sources, taken together, cover all of
 * IPv4 or all of IPv6. That is `0.0.0.0/0` or `::/0`, but also blocks that add
 * up to it (`0.0.0.0/1` and `128.0.0.0/1`), in one rule or spread over
 * several. Sources that cover only part of a family do not count here.
 */
function worldExposure(rules: readonly Attributes[], port: number): string | undefined {
  const covering = rules.filter((rule) => rule.protocol === "tcp" && portCovers(rule.port, port));
  const entries = covering.flatMap((rule) => sourcesOf(rule).map((source) => ({ rule, source })));
  const covers = worldSources(entries.map((e) => e.source));
  if (covers.length === 0) return undefined;
  const used = [...new Set(covers.flatMap((c) => c.indices).map((i) => entries[i].rule))];
  const ruleports = [...new Set(used.map((rule) => String(rule.port ?? "any")))];
  const detail = `port ${ruleports.length === 1 ? ruleports[0] : port} from ${describeWorld(covers)}`;
  if (used.length === 1) return detail;
  return `${detail}, in ${used.length} rules${ruleports.length > 1 ? ` (ports ${ruleports.join(", ")})` : ""}`;
}

/** No `hcloud_firewall` lets the whole internet (all of IPv4 or all of IPv6) reach an SSH port. */
export const SshClosedToWorld: PolicyRule = {
  id: "SshClosedToWorld",
  message: "A firewall rule opens an SSH port to the whole internet.",
  explanation:
    "SSH reachable from anywhere is scanned and brute-forced within minutes; list the operators' networks (adminCidrs) so that only they can reach it.",
  evaluate(construct: IConstruct, context: PolicyContext): RuleResult {
    const firewall = resourceOf(construct, "hcloud_firewall");
    if (!firewall) return Compliance.NOT_APPLICABLE;
    const rules = inboundRules(attributesOf(firewall));
    for (const port of sshPorts(context)) {
      const exposure = worldExposure(rules, port);
      if (exposure !== undefined) return nonCompliant(exposure);
    }
    return Compliance.COMPLIANT;
  },
};
