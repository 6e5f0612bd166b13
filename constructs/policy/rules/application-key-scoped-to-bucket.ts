import { IConstruct } from "constructs";
import { attributesOf, resourceOf } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";

/**
 * Every `b2_application_key` is restricted to buckets: a non-empty
 * `bucket_ids` (or the older single `bucket_id`).
 */
export const ApplicationKeyScopedToBucket: PolicyRule = {
  id: "ApplicationKeyScopedToBucket",
  message: "The B2 application key is not restricted to a bucket.",
  explanation:
    "An unrestricted key reads, overwrites and deletes every bucket of the account; a key that leaks from one service should expose only that service's bucket.",
  evaluate(construct: IConstruct): RuleResult {
    const key = resourceOf(construct, "b2_application_key");
    if (!key) return Compliance.NOT_APPLICABLE;
    const attributes = attributesOf(key);
    const ids = attributes.bucket_ids;
    const scoped = (Array.isArray(ids) ? ids.length > 0 : typeof ids === "string" && ids !== "") || (typeof attributes.bucket_id === "string" && attributes.bucket_id !== "");
    return scoped ? Compliance.COMPLIANT : nonCompliant("bucket_ids is not set");
  },
};
