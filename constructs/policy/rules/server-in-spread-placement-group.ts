import { IConstruct } from "constructs";
import { attributesOf, isExpression, referencedResource, resourceOf } from "../inspect";
import { Compliance, nonCompliant, PolicyContext, PolicyRule, RuleResult } from "../rule";

/**
 * Every `hcloud_server` sits in a placement group of type `spread`. A group
 * defined in the same stack is checked for its type; a group ID from
 * elsewhere cannot be, and counts as compliant.
 */
export const ServerInSpreadPlacementGroup: PolicyRule = {
  id: "ServerInSpreadPlacementGroup",
  message: "The server is not in a spread placement group.",
  explanation:
    "Without a spread group Hetzner may put several managers on one physical host, and that host's failure then takes quorum with it.",
  evaluate(construct: IConstruct, context: PolicyContext): RuleResult {
    const server = resourceOf(construct, "hcloud_server");
    if (!server) return Compliance.NOT_APPLICABLE;
    const groupId = attributesOf(server).placement_group_id;
    if (groupId === undefined || groupId === null || groupId === "") return nonCompliant("placement_group_id is not set");
    const group = referencedResource(context.stack, groupId);
    if (!group) return Compliance.COMPLIANT;
    if (group.terraformResourceType !== "hcloud_placement_group") return Compliance.COMPLIANT;
    const type = attributesOf(group).type;
    if (isExpression(type)) return Compliance.COMPLIANT;
    return type === "spread" ? Compliance.COMPLIANT : nonCompliant(`placement group type is ${JSON.stringify(type ?? null)}`);
  },
};
