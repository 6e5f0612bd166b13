import { IConstruct } from "constructs";
import { attributesOf, resourceOf, resourcesIn, stringsIn } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";

/**
 * Every `hcloud_server` carries a Cloud Firewall: a non-empty `firewall_ids`,
 * or an `hcloud_firewall_attachment` or a firewall's `apply_to` in the same
 * stack that names the server. (Attachment by label selector is not followed.)
 */
export const ServerHasFirewall: PolicyRule = {
  id: "ServerHasFirewall",
  message: "The server has no Cloud Firewall attached.",
  explanation:
    "Without a firewall every port a process opens on the public address (Docker's published ports, the Swarm API, a debug server) is reachable from the internet.",
  evaluate(construct: IConstruct, context): RuleResult {
    const server = resourceOf(construct, "hcloud_server");
    if (!server) return Compliance.NOT_APPLICABLE;
    const ids = attributesOf(server).firewall_ids;
    if (Array.isArray(ids) ? ids.length > 0 : ids !== undefined && ids !== null) return Compliance.COMPLIANT;
    const reference = `hcloud_server.${server.friendlyUniqueId}.id`;
    const names = (value: unknown) => stringsIn(value).some((s) => s.includes(reference));
    const attached =
      resourcesIn(context.stack, "hcloud_firewall_attachment").some((a) => names(attributesOf(a).server_ids)) ||
      resourcesIn(context.stack, "hcloud_firewall").some((f) => names((attributesOf(f).apply_to ?? []).map((t: { server?: unknown }) => t.server)));
    return attached ? Compliance.COMPLIANT : nonCompliant("firewall_ids is empty");
  },
};
