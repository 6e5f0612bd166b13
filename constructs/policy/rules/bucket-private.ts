import { IConstruct } from "constructs";
import { attributesOf, resourceOf } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";

/** Every `b2_bucket` has `bucket_type = "allPrivate"`; a value only known at apply time is reported too. */
export const BucketPrivate: PolicyRule = {
  id: "BucketPrivate",
  message: "The B2 bucket is not private (bucket_type must be \"allPrivate\").",
  explanation:
    "A public bucket lets anyone who guesses a file name download users' uploads or the APNs certificates; files are handed out through signed URLs instead.",
  evaluate(construct: IConstruct): RuleResult {
    const bucket = resourceOf(construct, "b2_bucket");
    if (!bucket) return Compliance.NOT_APPLICABLE;
    const type = attributesOf(bucket).bucket_type;
    return type === "allPrivate" ? Compliance.COMPLIANT : nonCompliant(`bucket_type is ${JSON.stringify(type ?? null)}`);
  },
};
