import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack, Tokenization } from "cdktf";
import { IConstruct } from "constructs";

/**
 * Read-only views of synthesized configuration for the policy rules. Values
 * are resolved the way synth writes them, so a reference reads
 * `${hcloud_firewall.Firewall_1234.id}` and a literal reads as itself.
 * Resolution here never prepares cross-stack references.
 */

/** Attributes of a resource as they appear in the synthesized JSON (snake_case keys). */
export type Attributes = Record<string, any>;

/** The construct as a resource of one of `types`, or undefined. */
export function resourceOf(construct: IConstruct, ...types: string[]): TerraformResource | undefined {
  if (!TerraformResource.isTerraformResource(construct)) return undefined;
  return types.includes(construct.terraformResourceType) ? construct : undefined;
}

/** What `inspecting` remembers while one construct is checked. */
interface Memo {
  readonly attributes: Map<TerraformResource, Attributes>;
  readonly outputs: Map<TerraformOutput, Attributes>;
  readonly resources: Map<TerraformStack, TerraformResource[]>;
  readonly locals: Map<TerraformStack, Map<string, unknown>>;
}

let memo: Memo | undefined;

/**
 * Runs `check` with `attributesOf`, `outputOf`, `resourcesIn` and
 * `localExpression` remembering their answers until it returns, so rules that
 * look at the same resource during one check resolve it once. The pack checks
 * each construct inside one call; nothing changes the tree meanwhile. Views
 * handed out are shared within the call: read them, never change them.
 */
export function inspecting<T>(check: () => T): T {
  if (memo) return check();
  memo = { attributes: new Map(), outputs: new Map(), resources: new Map(), locals: new Map() };
  try {
    return check();
  } finally {
    memo = undefined;
  }
}

/** A resource's synthesized attributes, overrides and lifecycle included. */
export function attributesOf(resource: TerraformResource): Attributes {
  const known = memo?.attributes.get(resource);
  if (known) return known;
  const tf = resolve(resource, resource.toTerraform());
  const attributes: Attributes = tf.resource?.[resource.terraformResourceType]?.[resource.friendlyUniqueId] ?? {};
  memo?.attributes.set(resource, attributes);
  return attributes;
}

/** An output's synthesized block: `value`, `sensitive`, `description`. */
export function outputOf(output: TerraformOutput): Attributes {
  const known = memo?.outputs.get(output);
  if (known) return known;
  const block: Attributes = resolve(output, output.toTerraform()).output?.[output.friendlyUniqueId] ?? {};
  memo?.outputs.set(output, block);
  return block;
}

/** Resolves tokens in `value` as synth would, from `scope`'s stack. */
export function resolve(scope: IConstruct, value: any): any {
  return Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false });
}

/** True for a value Terraform knows only at plan or apply time: a resolved string holding `${...}`. */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && /(^|[^$])\$\{/.test(value);
}

/** The resource `${type.name.attr}` points at, when it lives in `stack`. */
export function referencedResource(stack: TerraformStack, expression: unknown): TerraformResource | undefined {
  if (typeof expression !== "string") return undefined;
  const match = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z0-9_]+\}$/.exec(expression);
  if (!match) return undefined;
  return resourcesIn(stack).find((r) => r.terraformResourceType === match[1] && r.friendlyUniqueId === match[2]);
}

/** Every resource of the stack, optionally of one type. */
export function resourcesIn(stack: TerraformStack, type?: string): TerraformResource[] {
  let all = memo?.resources.get(stack);
  if (!all) {
    all = stack.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c) && TerraformStack.of(c) === stack);
    memo?.resources.set(stack, all);
  }
  return all.filter((r) => type === undefined || r.terraformResourceType === type);
}

/** The expression of `local.<name>` in `stack`, resolved. */
export function localExpression(stack: TerraformStack, name: string): unknown {
  const locals = memo?.locals.get(stack) ?? new Map<string, unknown>();
  memo?.locals.set(stack, locals);
  if (locals.has(name)) return locals.get(name);
  const local = stack.node
    .findAll()
    .find((c): c is TerraformLocal => c instanceof TerraformLocal && TerraformStack.of(c) === stack && c.friendlyUniqueId === name);
  const expression = local ? resolve(local, local.toTerraform()).locals?.[name] : undefined;
  locals.set(name, expression);
  return expression;
}

/** Every string inside a resolved value (objects and arrays walked). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** A Terraform element's address for messages, e.g. `hcloud_server.Node_Server_1234`. */
export function addressOf(element: TerraformElement): string {
  return TerraformResource.isTerraformResource(element) ? `${element.terraformResourceType}.${element.friendlyUniqueId}` : element.friendlyUniqueId;
}

/** The inbound rules of an `hcloud_firewall`, as synthesized. */
export function inboundRules(firewall: Attributes): Attributes[] {
  const rules: Attributes[] = Array.isArray(firewall.rule) ? firewall.rule : [];
  return rules.filter((r) => (r.direction ?? "in") === "in");
}

/** Whether a firewall rule's `port` ("22", "80-85", "any") includes `port`. Unknown ports count as covering. */
export function portCovers(rulePort: unknown, port: number): boolean {
  if (rulePort === undefined || rulePort === null || rulePort === "any" || isExpression(rulePort)) return true;
  const match = /^(\d+)(?:-(\d+))?$/.exec(String(rulePort).trim());
  if (!match) return true;
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  return port >= low && port <= high;
}

/** Source CIDRs of a rule that stand for the whole internet (prefix /0). */
export function worldSources(rule: Attributes): string[] {
  const sources: unknown[] = Array.isArray(rule.source_ips) ? rule.source_ips : [];
  return sources.filter((s): s is string => typeof s === "string" && /^(0\.0\.0\.0|::|::0|0:0:0:0:0:0:0:0)\/0$/.test(s.trim()));
}
