import { TerraformStack } from "cdktf";
import { IConstruct } from "constructs";

/** What a rule concluded about one construct. */
export enum Compliance {
  COMPLIANT = "compliant",
  NON_COMPLIANT = "non-compliant",
  NOT_APPLICABLE = "not-applicable",
}

/** How a finding is reported: an error fails synth, a warning is listed in the synth summary. */
export type PolicyLevel = "error" | "warning";

/** A non-compliant result with a detail that names what was found (a port, a value, an output). */
export interface NonCompliance {
  readonly compliance: Compliance.NON_COMPLIANT;
  readonly detail: string;
}

export type RuleResult = Compliance | NonCompliance;

/** A non-compliant result that says what was found. */
export function nonCompliant(detail: string): NonCompliance {
  return { compliance: Compliance.NON_COMPLIANT, detail };
}

/** What a rule may know besides the construct it looks at. */
export interface PolicyContext {
  /** The stack the construct belongs to. */
  readonly stack: TerraformStack;
  /** Whether the stack is a production environment (see `CaseraPolicyPackProps.environment`). */
  readonly production: boolean;
}

/**
 * One policy rule. Its id is named for the compliant state ("BucketPrivate"),
 * so a finding reads as the state that is missing.
 */
export interface PolicyRule {
  /** Stable id, PascalCase; annotations carry it as `casera:<id>`. */
  readonly id: string;
  /** What is wrong when the rule fails, in one sentence. */
  readonly message: string;
  /** Why it matters, in one or two sentences. */
  readonly explanation: string;
  /** Looks at one construct; everything the rule is not about is NOT_APPLICABLE. */
  evaluate(construct: IConstruct, context: PolicyContext): RuleResult;
}
