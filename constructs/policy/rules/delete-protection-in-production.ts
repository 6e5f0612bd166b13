import { IConstruct } from "constructs";
import { attributesOf, resourceOf } from "../inspect";
import { Compliance, nonCompliant, PolicyContext, PolicyRule, RuleResult } from "../rule";

/** Protection attributes each protectable Hetzner resource must set to true. */
export const PROTECTION_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  hcloud_server: ["delete_protection", "rebuild_protection"],
  hcloud_load_balancer: ["delete_protection"],
  hcloud_network: ["delete_protection"],
  hcloud_volume: ["delete_protection"],
  hcloud_primary_ip: ["delete_protection"],
  hcloud_floating_ip: ["delete_protection"],
};

/**
 * In production, Hetzner servers, load balancers, networks, volumes and IPs
 * have delete protection on (servers: rebuild protection too). Not applicable
 * outside production.
 */
export const DeleteProtectionInProduction: PolicyRule = {
  id: "DeleteProtectionInProduction",
  message: "A production Hetzner resource has delete (or rebuild) protection off.",
  explanation:
    "A mistaken destroy, a renamed construct id or a click in the console would delete a running manager or the network the swarm lives on; protection makes that a deliberate two-step change.",
  evaluate(construct: IConstruct, context: PolicyContext): RuleResult {
    if (!context.production) return Compliance.NOT_APPLICABLE;
    const resource = resourceOf(construct, ...Object.keys(PROTECTION_ATTRIBUTES));
    if (!resource) return Compliance.NOT_APPLICABLE;
    const attributes = attributesOf(resource);
    const off = PROTECTION_ATTRIBUTES[resource.terraformResourceType].filter((a) => attributes[a] !== true);
    return off.length === 0 ? Compliance.COMPLIANT : nonCompliant(`${off.join(" and ")} not true`);
  },
};
