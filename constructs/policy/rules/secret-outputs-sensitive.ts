import { TerraformOutput, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { localExpression, outputOf, stringsIn } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";

/** Attributes that hold a secret, by resource type. */
export const SECRET_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  random_password: ["result", "bcrypt_hash"],
  tls_private_key: ["private_key_pem", "private_key_openssh", "private_key_pem_pkcs8"],
  neon_role: ["password"],
  neon_project: ["database_password", "connection_uri", "connection_uri_pooler"],
  b2_application_key: ["application_key"],
  cloudflare_api_token: ["value"],
};

/** How deep `local.x` references are followed. */
const MAX_LOCAL_DEPTH = 5;

/** Text of `expression` with every `nonsensitive(...)` call cut out: Terraform treats its result as not secret. */
function withoutNonsensitive(expression: string): string {
  let out = "";
  let i = 0;
  while (i < expression.length) {
    const at = expression.indexOf("nonsensitive(", i);
    if (at < 0) return out + expression.slice(i);
    out += expression.slice(i, at);
    let depth = 0;
    let j = at + "nonsensitive".length;
    for (; j < expression.length; j++) {
      if (expression[j] === "(") depth++;
      else if (expression[j] === ")" && --depth === 0) break;
    }
    i = j + 1;
  }
  return out;
}

/** For each secret attribute, how a direct reference and a cross-stack output of it read. */
const SECRET_PATTERNS = Object.entries(SECRET_ATTRIBUTES).flatMap(([type, attributes]) =>
  attributes.map((attribute) => ({
    name: `${type}.${attribute}`,
    direct: new RegExp(`(?<![A-Za-z0-9_.])${type}\\.[A-Za-z0-9_-]+\\.${attribute}(?![A-Za-z0-9_])`),
    crossStack: new RegExp(`cross-stack-output-${type}[A-Za-z0-9_-]*${attribute}(?![A-Za-z0-9_])`),
  })),
);

/** The secret attributes an expression reads, directly, through a cross-stack output, or through locals. */
export function secretReferences(stack: TerraformStack, value: unknown, depth = 0): string[] {
  const found: string[] = [];
  for (const text of stringsIn(value).map(withoutNonsensitive)) {
    for (const { name, direct, crossStack } of SECRET_PATTERNS) {
      if (direct.test(text) || crossStack.test(text)) found.push(name);
    }
    if (/(?<![A-Za-z0-9_])sensitive\(/.test(text)) found.push("sensitive()");
    if (depth < MAX_LOCAL_DEPTH) {
      for (const match of text.matchAll(/(?<![A-Za-z0-9_.])local\.([A-Za-z0-9_-]+)/g)) {
        found.push(...secretReferences(stack, localExpression(stack, match[1]), depth + 1));
      }
    }
  }
  return [...new Set(found)];
}

/**
 * Every `TerraformOutput` whose value reads a secret attribute (a generated
 * password, a private key, the Neon role password, a B2 application key),
 * directly or through locals and cross-stack outputs, is `sensitive: true`.
 * Values wrapped in `nonsensitive(...)` (e.g. a hash of a secret) are
 * deliberately declassified and not counted.
 */
export const SecretOutputsSensitive: PolicyRule = {
  id: "SecretOutputsSensitive",
  message: "An output that carries a secret is not marked sensitive.",
  explanation:
    "Terraform prints non-sensitive outputs after every apply and in plan output, where CI logs and terminal scrollback keep them; sensitive outputs stay in state only.",
  evaluate(construct: IConstruct): RuleResult {
    if (!TerraformOutput.isTerraformOutput(construct)) return Compliance.NOT_APPLICABLE;
    const output = outputOf(construct);
    if (output.sensitive === true) return Compliance.COMPLIANT;
    const secrets = secretReferences(TerraformStack.of(construct), output.value);
    return secrets.length === 0 ? Compliance.COMPLIANT : nonCompliant(`output "${construct.friendlyUniqueId}" reads ${secrets.join(", ")}`);
  },
};
