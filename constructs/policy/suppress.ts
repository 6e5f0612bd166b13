import { Construct, IConstruct } from "constructs";
import { InvalidPropError } from "../core/errors";

/** Metadata type under which suppressions are kept on a construct's node. */
const SUPPRESSION = "casera:policy-suppression";

/** A rule turned off for a construct and everything under it, with the reason why. */
export interface PolicySuppression {
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Suppresses policy rule `ruleId` for `construct` and everything inside it.
 * The reason is required: it is what a reviewer reads instead of the finding,
 * and it is recorded as an info annotation in the manifest.
 *
 * @throws InvalidPropError when the reason is empty or the rule id is malformed
 */
export function suppress(construct: IConstruct, ruleId: string, reason: string): void {
  if (typeof ruleId !== "string" || !/^[A-Z][A-Za-z0-9]+$/.test(ruleId)) {
    throw new InvalidPropError(construct as Construct, "ruleId", ruleId, 'must be a policy rule id such as "BucketPrivate" (without the "casera:" prefix)');
  }
  if (typeof reason !== "string" || reason.trim().length === 0) {
    throw new InvalidPropError(construct as Construct, "reason", reason, `must say why ${ruleId} does not apply here; a suppression without a reason is not accepted`);
  }
  construct.node.addMetadata(SUPPRESSION, { ruleId, reason: reason.trim() } satisfies PolicySuppression);
}

/** The suppression of `ruleId` that covers `construct` (on it or on a scope above it), if any. */
export function suppressionOf(construct: IConstruct, ruleId: string): PolicySuppression | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const entry = scope.node.metadata.find((m) => m.type === SUPPRESSION && (m.data as PolicySuppression).ruleId === ruleId);
    if (entry) return entry.data as PolicySuppression;
  }
  return undefined;
}

/** Rule ids suppressed on `construct` itself (not on its scopes). */
export function suppressedRuleIds(construct: IConstruct): string[] {
  return construct.node.metadata.filter((m) => m.type === SUPPRESSION).map((m) => (m.data as PolicySuppression).ruleId);
}
