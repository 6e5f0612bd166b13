import { IConstruct } from "constructs";
import { attributesOf, resourceOf } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";

/**
 * Every `cloudflare_zone_setting` for `ssl` sets `strict` (Full, strict).
 * Other zone settings are not applicable.
 */
export const CloudflareTlsStrict: PolicyRule = {
  id: "CloudflareTlsStrict",
  message: "Cloudflare's SSL/TLS mode for the zone is not Full (strict).",
  explanation:
    "Below strict, Cloudflare accepts any certificate from the origin (Full) or talks plain HTTP to it (Flexible, which also loops with the edge's HTTPS redirect), so traffic between Cloudflare and the nodes can be read or altered.",
  evaluate(construct: IConstruct): RuleResult {
    const setting = resourceOf(construct, "cloudflare_zone_setting");
    if (!setting) return Compliance.NOT_APPLICABLE;
    const attributes = attributesOf(setting);
    if (attributes.setting_id !== "ssl") return Compliance.NOT_APPLICABLE;
    return attributes.value === "strict" ? Compliance.COMPLIANT : nonCompliant(`ssl is ${JSON.stringify(attributes.value ?? null)}`);
  },
};
