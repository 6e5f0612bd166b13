import { Annotations, IAspect, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { InvalidPropError } from "../core/errors";
import { inspecting } from "./inspect";
import { Compliance, PolicyContext, PolicyLevel, PolicyRule, RuleResult } from "./rule";
import { suppressedRuleIds, suppressionOf } from "./suppress";
import { ApplicationKeyCannotManageKeys } from "./rules/application-key-cannot-manage-keys";
import { ApplicationKeyScopedToBucket } from "./rules/application-key-scoped-to-bucket";
import { BucketPrivate } from "./rules/bucket-private";
import { CloudflareTlsStrict } from "./rules/cloudflare-tls-strict";
import { DatabaseSslRequired } from "./rules/database-ssl-required";
import { ManagedCertificateOutsideCloudflare } from "./rules/managed-certificate-outside-cloudflare";
import { ManagersOddInProduction } from "./rules/managers-odd-in-production";
import { DeleteProtectionInProduction } from "./rules/delete-protection-in-production";
import { OriginCertificateBehindProxy } from "./rules/origin-certificate-behind-proxy";
import { SecretOutputsSensitive } from "./rules/secret-outputs-sensitive";
import { ServerHasFirewall } from "./rules/server-has-firewall";
import { ServerInSpreadPlacementGroup } from "./rules/server-in-spread-placement-group";
import { SshClosedToWorld } from "./rules/ssh-closed-to-world";
import { SshRootAndPasswordLoginOff } from "./rules/ssh-root-and-password-login-off";
import { SwarmPortsNotPublic } from "./rules/swarm-ports-not-public";

/** A rule as a pack uses it: with the level its findings are reported at. */
export interface PackRule {
  readonly rule: PolicyRule;
  readonly level: PolicyLevel;
}

/** The Casera pack: every rule and its level. */
export const CASERA_POLICY_RULES: readonly PackRule[] = [
  { rule: SshClosedToWorld, level: "error" },
  { rule: SshRootAndPasswordLoginOff, level: "error" },
  { rule: ServerHasFirewall, level: "error" },
  { rule: SwarmPortsNotPublic, level: "error" },
  { rule: BucketPrivate, level: "error" },
  { rule: ApplicationKeyScopedToBucket, level: "error" },
  { rule: ApplicationKeyCannotManageKeys, level: "error" },
  { rule: DeleteProtectionInProduction, level: "error" },
  { rule: CloudflareTlsStrict, level: "error" },
  { rule: OriginCertificateBehindProxy, level: "error" },
  { rule: ManagedCertificateOutsideCloudflare, level: "error" },
  { rule: DatabaseSslRequired, level: "error" },
  { rule: SecretOutputsSensitive, level: "error" },
  { rule: ManagersOddInProduction, level: "error" },
  { rule: ServerInSpreadPlacementGroup, level: "warning" },
];

/** Construct context key read when `environment` is not given to the pack. */
export const ENVIRONMENT_CONTEXT_KEY = "casera:environment";

/** The environment name that turns on the production-only rules. */
export const PRODUCTION_ENVIRONMENT = "production";

export interface CaseraPolicyPackProps {
  /**
   * Environment of the stack. The production-only rules (delete protection,
   * manager count) apply when it is exactly `"production"`.
   * @default - the construct context value `casera:environment`, else not production
   */
  readonly environment?: string;
  /**
   * Rules and levels to apply.
   * @default CASERA_POLICY_RULES
   */
  readonly rules?: readonly PackRule[];
}

/**
 * The Casera policy pack, applied as an Aspect:
 * `Aspects.of(stack).add(new CaseraPolicyPack({ environment: "production" }))`.
 *
 * Each non-compliant construct gets an annotation `[casera:<RuleId>] <what is
 * wrong> <why it matters>`: an error, which fails synth, or a warning, which
 * the synth summary lists. A suppression (see `suppress`) replaces the finding
 * with an info annotation that carries its reason.
 */
export class CaseraPolicyPack implements IAspect {
  private readonly rules: readonly PackRule[];
  /** Findings already reported, so repeated aspect runs (Testing.synth, then synth) report once. */
  private readonly reported = new WeakMap<IConstruct, Set<string>>();

  constructor(private readonly props: CaseraPolicyPackProps = {}) {
    checkPackProps(props);
    this.rules = props.rules ?? CASERA_POLICY_RULES;
  }

  public visit(node: IConstruct): void {
    let stack: TerraformStack;
    try {
      stack = TerraformStack.of(node);
    } catch {
      return;
    }
    // A suppression that names no rule of this pack (a typo, a renamed rule) would silently do nothing.
    for (const ruleId of suppressedRuleIds(node)) {
      if (!this.rules.some(({ rule }) => rule.id === ruleId) && this.firstReport(node, `suppression:${ruleId}`)) {
        Annotations.of(node).addError(
          `[casera:UnknownSuppression] suppress(..., ${JSON.stringify(ruleId)}, ...) names no rule of the policy pack; the rules are ${this.rules.map(({ rule }) => rule.id).join(", ")}.`,
        );
      }
    }
    const environment = this.props.environment ?? node.node.tryGetContext(ENVIRONMENT_CONTEXT_KEY);
    const context: PolicyContext = { stack, production: environment === PRODUCTION_ENVIRONMENT };
    // All rules look at the tree as it is now: each resource they read is resolved once for this node.
    inspecting(() => {
      for (const { rule, level } of this.rules) {
        const result = rule.evaluate(node, context);
        if (compliance(result) !== Compliance.NON_COMPLIANT) continue;
        if (!this.firstReport(node, rule.id)) continue;
        report(node, rule, level, typeof result === "object" ? result.detail : undefined);
      }
    });
  }

  private firstReport(node: IConstruct, ruleId: string): boolean {
    const seen = this.reported.get(node) ?? new Set<string>();
    this.reported.set(node, seen);
    if (seen.has(ruleId)) return false;
    seen.add(ruleId);
    return true;
  }
}

/** The pack is no construct: its errors carry its class name where a construct path would be. */
const PACK_SCOPE = { node: { path: "CaseraPolicyPack" } } as unknown as Construct;
const RULE_SHAPE = '{ rule, level }: a PolicyRule (id, message, explanation, evaluate(construct, context)) and level "error" or "warning", e.g. { rule: SshClosedToWorld, level: "error" }';

/** Refuses a pack that would fail at synth with a TypeError, or report under a blank or repeated rule id. */
function checkPackProps(props: CaseraPolicyPackProps): void {
  if (typeof props !== "object" || props === null || Array.isArray(props)) throw new InvalidPropError(PACK_SCOPE, "props", props, "must be an object: { environment?, rules? }");
  if (props.environment !== undefined && typeof props.environment !== "string") {
    throw new InvalidPropError(PACK_SCOPE, "environment", props.environment, 'must be a string such as "production" or "staging"');
  }
  if (props.rules === undefined) return;
  if (!Array.isArray(props.rules)) throw new InvalidPropError(PACK_SCOPE, "rules", props.rules, `must be an array of ${RULE_SHAPE}`);
  const ids: string[] = [];
  props.rules.forEach((entry: PackRule, i) => {
    const prop = `rules[${i}]`;
    const rule = (entry as Partial<PackRule> | undefined)?.rule;
    if (typeof entry !== "object" || entry === null || typeof rule !== "object" || rule === null) {
      throw new InvalidPropError(PACK_SCOPE, prop, entry === undefined ? undefined : entry, `must be ${RULE_SHAPE}`);
    }
    if (typeof rule.id !== "string" || !/^[A-Z][A-Za-z0-9]*$/.test(rule.id)) {
      throw new InvalidPropError(PACK_SCOPE, `${prop}.rule.id`, rule.id, "must be a PascalCase rule name such as SshClosedToWorld (it appears as [casera:<id>] in findings and names the rule in suppress)");
    }
    if (typeof rule.evaluate !== "function") throw new InvalidPropError(PACK_SCOPE, `${prop}.rule.evaluate`, typeof rule.evaluate, `must be a function (construct, context) returning a Compliance (rule ${rule.id})`);
    for (const field of ["message", "explanation"] as const) {
      if (typeof rule[field] !== "string" || rule[field].trim() === "") throw new InvalidPropError(PACK_SCOPE, `${prop}.rule.${field}`, rule[field], `must be a non-empty string (rule ${rule.id})`);
    }
    if (entry.level !== "error" && entry.level !== "warning") throw new InvalidPropError(PACK_SCOPE, `${prop}.level`, entry.level, `must be "error" or "warning" (rule ${rule.id})`);
    const first = ids.indexOf(rule.id);
    if (first >= 0) throw new InvalidPropError(PACK_SCOPE, `${prop}.rule.id`, rule.id, `must not repeat rules[${first}]: each rule is listed once, with one level`);
    ids.push(rule.id);
  });
}

/** The compliance of a rule result. */
export function compliance(result: RuleResult): Compliance {
  return typeof result === "object" ? result.compliance : result;
}

function report(node: IConstruct, rule: PolicyRule, level: PolicyLevel, detail: string | undefined): void {
  const annotations = Annotations.of(node);
  const suppression = suppressionOf(node, rule.id);
  if (suppression) {
    annotations.addInfo(`[casera:${rule.id}] suppressed: ${suppression.reason}`);
    return;
  }
  const text = `[casera:${rule.id}] ${rule.message}${detail ? ` (${detail})` : ""} ${rule.explanation}`;
  if (level === "error") annotations.addError(text);
  else annotations.addWarning(text);
}
