import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack, Tokenization } from "cdktf";
import { IConstruct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { AddressFamily, AddressSpan, blockSpan, FAMILIES, familiesCovered } from "../core/address-spans";

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

/** The `source_ips` of a firewall rule as synthesized; none when it is not a list (an expression). */
export function sourcesOf(rule: Attributes): unknown[] {
  return Array.isArray(rule.source_ips) ? rule.source_ips : [];
}

export type { AddressFamily };

/** One family's whole address space, covered by some of the sources handed to `worldSources`. */
export interface WorldCover {
  readonly family: AddressFamily;
  /** The sources that together make up the family, trimmed, in the order given. Every one is needed. */
  readonly sources: string[];
  /** Where those sources sit in the list handed to `worldSources`. */
  readonly indices: number[];
}

/**
 * The families whose whole address space `sources` cover together: `0.0.0.0/0`
 * alone, but also `0.0.0.0/1` with `128.0.0.0/1`, four /2 blocks, `::/1` with
 * `8000::/1`, and so on. Sources may come from several firewall rules.
 *
 * Each source is parsed with ipaddr.js (host bits set count as the block they
 * lie in); what does not parse as a CIDR block, such as an expression known
 * only at apply time, is skipped. The sources reported are the ones the cover
 * needs, so `203.0.113.7/32` next to `0.0.0.0/0` is not named. A list that
 * covers only part of a family (`0.0.0.0/1` alone, or `0.0.0.0/1` with
 * `128.0.0.0/2`) gives nothing for it.
 */
export function worldSources(sources: readonly unknown[]): WorldCover[] {
  const spans: AddressSpan[] = [];
  const texts = new Map<number, string>();
  sources.forEach((source, index) => {
    if (typeof source !== "string") return;
    const text = source.trim();
    let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
    try {
      parsed = ipaddr.parseCIDR(text);
    } catch {
      return;
    }
    spans.push(blockSpan(parsed[0], parsed[1], index));
    texts.set(index, text);
  });
  return familiesCovered(spans).map(({ family, indices }) => ({ family, sources: indices.map((i) => texts.get(i) as string), indices }));
}

/**
 * The covers of `worldSources` for a message: `0.0.0.0/0, ::/0`, or
 * `0.0.0.0/1, 128.0.0.0/1 (together all of IPv4)` when it takes several
 * blocks to make up a family.
 */
export function describeWorld(covers: readonly WorldCover[]): string {
  const parts = covers.map((c) => (c.sources.length > 1 ? `${c.sources.join(", ")} (together all of ${FAMILIES[c.family].name})` : c.sources[0]));
  return parts.join(covers.some((c) => c.sources.length > 1) ? "; " : ", ");
}
