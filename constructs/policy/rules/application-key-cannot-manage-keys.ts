import { IConstruct } from "constructs";
import { attributesOf, isExpression, resourceOf } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";

/** B2 capabilities that create, list or delete application keys. */
export const KEY_MANAGEMENT_CAPABILITIES: readonly string[] = ["writeKeys", "listKeys", "deleteKeys"];

/**
 * No `b2_application_key` holds a key-management capability (writeKeys,
 * listKeys, deleteKeys). Capabilities only known at apply time are reported.
 */
export const ApplicationKeyCannotManageKeys: PolicyRule = {
  id: "ApplicationKeyCannotManageKeys",
  message: "The B2 application key can manage application keys.",
  explanation:
    "A key that can create keys can mint itself an unrestricted one, so its bucket scope means nothing; only the account's own credentials should manage keys.",
  evaluate(construct: IConstruct): RuleResult {
    const key = resourceOf(construct, "b2_application_key");
    if (!key) return Compliance.NOT_APPLICABLE;
    const capabilities = attributesOf(key).capabilities;
    if (!Array.isArray(capabilities)) return nonCompliant("capabilities are only known at apply time");
    const found = capabilities.filter((c) => KEY_MANAGEMENT_CAPABILITIES.includes(c) || isExpression(c));
    return found.length === 0 ? Compliance.COMPLIANT : nonCompliant(`capabilities include ${found.join(", ")}`);
  },
};
