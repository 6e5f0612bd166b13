import * as fs from "fs";
import * as path from "path";
import { parseCommandLine } from "./user-files";
import * as ts from "typescript";
import { readBlock, replaceBlock } from "./readme-block";

/**
 * `npm run props`: the configuration reference of the public constructs,
 * read from their TypeScript props (names, types, `@default` and the doc
 * comments) by the TypeScript compiler, so it cannot drift from the code.
 * Props whose type is another of our interfaces are expanded below them
 * (`cluster.managers`). `--write` puts it in README.md between the props
 * markers; a test fails when the README's copy is not what this prints.
 */

const repo = path.join(__dirname, "..");
const ENTRY = path.join(repo, "constructs", "index.ts");

/** The props interfaces the reference shows, in order, with what takes them. */
export const REFERENCE: readonly { readonly title: string; readonly type: string; readonly intro: string }[] = [
  { title: "CaseraStack", type: "CaseraStackProps", intro: "`new CaseraStack(app, id, props)`: one environment's infrastructure." },
  { title: "CaseraSwarmStack", type: "CaseraSwarmStackProps", intro: "`new CaseraSwarmStack(app, id, props)`: the Docker secrets and the stack deploy for one environment." },
  { title: "SwarmCluster", type: "SwarmClusterProps", intro: "Network, firewall, SSH keys and N hardened managers, with an optional load balancer." },
  { title: "HardenedNode", type: "HardenedNodeProps", intro: "One server with the hardening cloud-init (`SwarmCluster` makes these)." },
  { title: "SwarmLoadBalancer", type: "SwarmLoadBalancerProps", intro: "TCP 80/443 to the nodes' private addresses with the PROXY protocol, and health checks (`SwarmCluster` makes it)." },
  { title: "NodeFirewall", type: "NodeFirewallProps", intro: "The Cloud Firewall on every node (`SwarmCluster` makes it)." },
  { title: "NeonDatabase", type: "NeonDatabaseProps", intro: "A Neon project with its role and database." },
  { title: "B2Bucket", type: "B2BucketProps", intro: "A private, encrypted B2 bucket; `grantRead()` / `grantReadWrite()` make scoped keys." },
  { title: "CloudflareEdge", type: "CloudflareEdgeProps", intro: "Proxied DNS records, zone TLS settings and the Origin CA certificate." },
  { title: "CaseraPolicyPack", type: "CaseraPolicyPackProps", intro: "The synth-time checks (`Aspects.of(stack).add(new CaseraPolicyPack(props))`)." },
  { title: "State backends (`stateBackend`)", type: "StateBackend", intro: "Where a stack keeps its Terraform state: one of these objects." },
];

/** Interfaces named but not expanded: what takes them is another construct, not a literal. */
const NOT_EXPANDED = new Set(["CaseraStackOutputs"]);

interface Row {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly defaultText: string;
  readonly doc: string;
}

/** Doc text on one line: paragraphs joined, spaces collapsed. */
const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();
/** A Markdown table cell: pipes escaped, never empty. */
const cell = (text: string): string => (text === "" ? " " : text.replace(/\|/g, "\\|"));

class Reader {
  private readonly checker: ts.TypeChecker;
  private readonly exports = new Map<string, ts.Symbol>();

  constructor() {
    const configFile = ts.readConfigFile(path.join(repo, "tsconfig.json"), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, repo);
    const program = ts.createProgram([ENTRY], { ...parsed.options, noEmit: true });
    this.checker = program.getTypeChecker();
    const source = program.getSourceFile(ENTRY);
    const module = source && this.checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`cannot read ${ENTRY}`);
    for (const s of this.checker.getExportsOfModule(module)) this.exports.set(s.getName(), s);
  }

  /** The exported interface or type alias `name`. */
  declaration(name: string): ts.InterfaceDeclaration | ts.TypeAliasDeclaration {
    let symbol = this.exports.get(name);
    if (!symbol) throw new Error(`constructs/index.ts exports no ${name}`);
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const decl = symbol.declarations?.find((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d));
    if (!decl) throw new Error(`${name} is not an interface or type`);
    return decl as ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
  }

  /** The doc comment of a declaration, without its tags. */
  doc(node: ts.Node): string {
    const symbol = (node as { name?: ts.Node }).name ? this.checker.getSymbolAtLocation((node as unknown as { name: ts.Node }).name) : undefined;
    return symbol ? oneLine(ts.displayPartsToString(symbol.getDocumentationComment(this.checker))) : "";
  }

  /**
   * Our own exported interface that a prop's type names, to expand below it;
   * for a map (`Partial<Record<K, T>>`), T, with the keys in the prefix.
   */
  private nested(typeNode: ts.TypeNode | undefined): { prefix: string; decl: ts.InterfaceDeclaration; typeText: string; map: boolean; keys?: string[] } | undefined {
    if (!typeNode) return undefined;
    let node = typeNode;
    let prefix = "";
    let map = false;
    let keys: string[] | undefined;
    if (ts.isTypeReferenceNode(node) && node.typeName.getText() === "Partial" && node.typeArguments?.length === 1) node = node.typeArguments[0];
    if (ts.isTypeReferenceNode(node) && node.typeName.getText() === "Record" && node.typeArguments?.length === 2) {
      prefix = "<key>.";
      keys = this.literals(node.typeArguments[0])?.map((v) => JSON.parse(v) as string);
      node = node.typeArguments[1];
      map = true;
    }
    if (!ts.isTypeReferenceNode(node) || node.typeArguments) return undefined;
    const name = node.typeName.getText();
    const symbol = this.exports.get(name);
    if (!symbol || NOT_EXPANDED.has(name)) return undefined;
    const target = symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    const decl = target.declarations?.find(ts.isInterfaceDeclaration);
    return decl ? { prefix, decl, typeText: map ? `{ [key]: ${name} }` : name, map, keys } : undefined;
  }

  /** The values of a type that is a union of literals (or one literal), as JSON. */
  private literals(typeNode: ts.TypeNode): string[] | undefined {
    const type = this.checker.getTypeAtLocation(typeNode);
    const parts = type.isUnion() ? type.types : [type];
    if (!parts.every((t) => t.isStringLiteral() || t.isNumberLiteral())) return undefined;
    return parts.map((t) => JSON.stringify((t as ts.LiteralType).value));
  }

  /** How a prop's type reads: as written, or the literal values of a short union alias. */
  private typeText(typeNode: ts.TypeNode | undefined): string {
    if (!typeNode) return "";
    const written = oneLine(
      typeNode
        .getText()
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\breadonly /g, ""),
    );
    if (ts.isTypeReferenceNode(typeNode) && !typeNode.typeArguments) {
      const values = this.literals(typeNode);
      if (values) {
        const text = values.join(" | ");
        return text.length <= 90 ? text : `${written} (${values.length} values, e.g. ${values.slice(0, 3).join(", ")})`;
      }
    }
    return written;
  }

  /** The rows of an interface, nested interfaces expanded with a dotted prefix. */
  rows(decl: ts.InterfaceDeclaration, prefix = "", optionalParent?: { name: string; map: boolean }): Row[] {
    const out: Row[] = [];
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member) || !member.name) continue;
      const name = member.name.getText();
      const symbol = this.checker.getSymbolAtLocation(member.name);
      const tags = symbol?.getJsDocTags(this.checker) ?? [];
      const tag = (n: string) => oneLine(ts.displayPartsToString(tags.find((t) => t.name === n)?.text ?? []));
      const required = !member.questionToken;
      // `@default value - why`: the value as code, the why after it; `@default - text`: the text.
      const given = tag("default");
      const [, value, why] = /^(.*?)(?:\s+-\s+(.*))?$/.exec(given) ?? [];
      let defaultText = given.startsWith("- ") ? given.slice(2) : given === "" ? "" : `\`${value}\`${why ? ` (${why})` : ""}`;
      if (required && optionalParent) defaultText = optionalParent.map ? `required in each entry` : `required when \`${optionalParent.name}\` is given`;
      const example = tag("example");
      const nested = this.nested(member.type);
      const keys = nested?.keys ? ` Keys: ${nested.keys.map((k) => `\`${k}\``).join(", ")}.` : "";
      const doc = this.doc(member) + keys + (example ? ` Example: \`${example}\`.` : "");
      out.push({ name: `${prefix}${name}`, type: nested ? nested.typeText : this.typeText(member.type), required: required && !optionalParent, defaultText, doc });
      if (nested) {
        const parent = !required || nested.map ? { name: `${prefix}${name}`, map: nested.map } : optionalParent;
        out.push(...this.rows(nested.decl, `${prefix}${name}.${nested.prefix}`, parent));
      }
    }
    return out;
  }
}

function table(rows: readonly Row[]): string {
  const lines = ["| prop | type | default | what it is |", "|---|---|---|---|"];
  for (const r of rows) {
    const def = r.required ? "required" : r.defaultText;
    lines.push(`| ${cell(`\`${r.name}\``)} | ${cell(r.type === "" ? "" : `\`${r.type.replace(/`/g, "")}\``)} | ${cell(def)} | ${cell(r.doc)} |`);
  }
  return lines.join("\n");
}

/** The reference as Markdown: a `###` heading and a table per construct. Deterministic. */
export function propsReference(): string {
  const reader = new Reader();
  const parts: string[] = [];
  for (const entry of REFERENCE) {
    const decl = reader.declaration(entry.type);
    parts.push(`### ${entry.title}`, "", entry.intro, "");
    if (ts.isInterfaceDeclaration(decl)) {
      parts.push(table(reader.rows(decl)), "");
      continue;
    }
    // A union of interfaces: a table for each.
    if (!ts.isUnionTypeNode(decl.type)) throw new Error(`${entry.type} is neither an interface nor a union of interfaces`);
    for (const member of decl.type.types) {
      const inner = reader.declaration(member.getText());
      if (!ts.isInterfaceDeclaration(inner)) throw new Error(`${member.getText()} is not an interface`);
      const doc = reader.doc(inner);
      parts.push(`\`${inner.name.getText()}\`${doc ? `: ${doc}` : ""}`, "", table(reader.rows(inner)), "");
    }
  }
  return parts.join("\n").trimEnd();
}

const USAGE = "usage: npm run props [-- --write]  (prints the props reference; --write puts it in README.md)";

function main(): void {
  const { write } = parseCommandLine("props", USAGE, process.argv.slice(2), { write: { type: "boolean" } });
  const block = propsReference();
  if (write) {
    const readme = path.join(repo, "README.md");
    const text = fs.readFileSync(readme, "utf8");
    const next = replaceBlock(text, "props", block);
    fs.writeFileSync(readme, next);
    console.log(`README.md: props block ${next === text ? "already current" : "updated"} (${block.split("\n").length} lines)`);
  } else {
    console.log(block);
  }
}

/** The README's copy of the reference. */
export const readmePropsBlock = (readme: string): string => readBlock(readme, "props");

if (require.main === module) main();
