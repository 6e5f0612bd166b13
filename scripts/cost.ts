import * as fs from "fs";
import * as path from "path";
import { effective, loadPrices, PLAN_PRICES, PLAN_TOTALS, Price, PriceTable, Range } from "./prices";

/**
 * `npm run cost`: the monthly cost of each environment, read from the
 * synthesized stacks (servers by type and count, load balancers, Neon by plan,
 * B2, Cloudflare, Dozzle), priced from scripts/prices.ts and any price file
 * the user gives. Columns are the plan's two loads: light, and 100k users.
 */

/** One line of an environment's bill. A null column is not priced. */
export interface CostLine {
  readonly component: string;
  readonly light: Range | null;
  readonly at100k: Range | null;
  readonly lightLabel?: string;
  readonly note?: string;
}

export interface EnvironmentCost {
  /** The main stack's name, e.g. `casera-production`. */
  readonly name: string;
  readonly stacks: string[];
  readonly lines: CostLine[];
  readonly total: { readonly light: Range; readonly at100k: Range };
  /** Resources the table has no price for; they are not in the totals. */
  readonly unpriced: string[];
  /** Prices whose current figure differs from the plan's. */
  readonly differences: string[];
}

interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, any>>>;
}

interface ManifestStack {
  readonly name: string;
  readonly synthesizedStackPath: string;
  readonly annotations?: Array<{ constructPath: string; level: string; message: string }>;
}

/** Resource types that cost nothing by themselves. */
const NO_CHARGE = [
  /^hcloud_(network|network_subnet|firewall|firewall_attachment|placement_group|ssh_key|load_balancer_(service|target|network)|server_network|rdns)$/,
  /^(tls|random|time|null|local|cloudflare)_/,
  /^terraform_data$/,
  /^neon_(role|database|branch|endpoint|project_permission)$/,
  /^b2_(application_key)$/,
];
/** Types this report prices itself. */
const PRICED = ["hcloud_server", "hcloud_load_balancer", "neon_project", "b2_bucket"];

const zero: Range = { low: 0, high: 0 };
const add = (a: Range, b: Range): Range => ({ low: a.low + b.low, high: a.high + b.high });
const fixed = (n: number): Range => ({ low: n, high: n });

/** Neon plan per stack, given as `stack=plan` by the user; wins over what the synth output says. */
export type NeonPlans = Readonly<Record<string, string>>;

/** Reads every stack under `outdir` (a cdktf.out) and prices each environment (`x` with `x-swarm`). */
export function costOf(outdir: string, prices: PriceTable = PLAN_PRICES, neonPlans: NeonPlans = {}): EnvironmentCost[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const stacks = Object.values<ManifestStack>(manifest.stacks);
  const envs = new Map<string, ManifestStack[]>();
  for (const stack of stacks) {
    const env = stack.name.replace(/-swarm$/, "");
    envs.set(env, [...(envs.get(env) ?? []), stack]);
  }
  return [...envs.entries()].map(([name, members]) => {
    const docs = members.map((m) => ({ stack: m, json: JSON.parse(fs.readFileSync(path.join(outdir, m.synthesizedStackPath), "utf8")) as StackJson }));
    return priceEnvironment(name, docs, prices, neonPlans);
  });
}

function priceEnvironment(name: string, docs: Array<{ stack: ManifestStack; json: StackJson }>, prices: PriceTable, neonPlans: NeonPlans): EnvironmentCost {
  const lines: CostLine[] = [];
  const unpriced: string[] = [];
  const used: Array<{ what: string; price: Price; count: number }> = [];
  const all = (type: string) => docs.flatMap((d) => Object.values(d.json.resource?.[type] ?? {}).map((r) => ({ r, doc: d })));
  const fixedLine = (component: string, price: Price | undefined, count: number, what: string) => {
    const each = price ? effective(price) : null;
    if (price && each !== null) {
      used.push({ what, price, count });
      lines.push({ component, light: fixed(each * count), at100k: fixed(each * count), note: price.derived });
    } else {
      unpriced.push(`${count} x ${what}: no price in the table`);
    }
  };

  // Servers by type, then the primary IPv4 each public server carries.
  const servers = all("hcloud_server").map(({ r }) => r);
  for (const [type, count] of countBy(servers.map((s) => String(s.server_type)))) {
    const price = prices.servers[type];
    const each = price ? effective(price) : null;
    fixedLine(`${count} x ${type} server${count > 1 ? "s" : ""}${each !== null ? ` (${money(each)} each)` : ""}`, price, count, `${type} server`);
  }
  const ipv4 = servers.filter((s) => (s.public_net ?? [{}]).every((p: any) => p.ipv4_enabled !== false)).length;
  if (ipv4 > 0) {
    if (effective(prices.primaryIpv4) === null) unpriced.push(`${ipv4} x primary IPv4: ${prices.primaryIpv4.source}`);
    else fixedLine(`${ipv4} x primary IPv4`, prices.primaryIpv4, ipv4, "primary IPv4");
  }

  // Load balancers by type.
  const lbs = all("hcloud_load_balancer").map(({ r }) => String(r.load_balancer_type));
  for (const [type, count] of countBy(lbs)) fixedLine(`${count > 1 ? `${count} x ` : ""}load balancer ${type}`, prices.loadBalancers[type], count, `${type} load balancer`);

  // Neon: the plan is the account's, so it comes from the construct's annotation or the user.
  for (const { r, doc } of all("neon_project")) {
    const plan = neonPlans[doc.stack.name] ?? neonPlanOf(doc.stack, r);
    const estimate = plan ? prices.neon[plan] : undefined;
    const cu = r.default_endpoint_settings ?? {};
    const limits = cu.autoscaling_limit_min_cu !== undefined ? `, ${cu.autoscaling_limit_min_cu}-${cu.autoscaling_limit_max_cu} CU` : "";
    if (!estimate) {
      unpriced.push(`Neon project ${r.name} (plan ${plan ?? "unknown"}${limits}): no estimate in the table${plan ? "" : "; pass --neon-plan " + doc.stack.name + "=<plan>"}`);
      continue;
    }
    const ceiling = estimate.cuHour && cu.autoscaling_limit_max_cu ? `at most ${money(estimate.cuHour * cu.autoscaling_limit_max_cu * 730)} compute if pinned at ${cu.autoscaling_limit_max_cu} CU all month` : undefined;
    lines.push({ component: `Neon (${plan}${limits})`, light: estimate.light, at100k: estimate.at100k, lightLabel: estimate.lightLabel, note: ceiling });
  }

  // B2 bills the account by storage and egress, whatever the number of buckets.
  const buckets = all("b2_bucket").map(({ r }) => String(r.bucket_name));
  if (buckets.length > 0) {
    lines.push({ component: `B2 (${buckets.length} bucket${buckets.length > 1 ? "s" : ""})`, light: prices.b2.light, at100k: prices.b2.at100k, lightLabel: prices.b2.lightLabel });
  }

  // What is free: Cloudflare's free plan, Dozzle, Hetzner's network and firewall.
  if (docs.some((d) => Object.keys(d.json.resource ?? {}).some((t) => t.startsWith("cloudflare_")))) {
    lines.push({ component: "Cloudflare (free plan)", light: zero, at100k: zero });
  }
  const dozzle = all("terraform_data").some(({ r }) => JSON.stringify(r.provisioner ?? []).includes("DOZZLE_IMAGE"));
  if (dozzle) lines.push({ component: "Dozzle (in the Swarm stack)", light: zero, at100k: zero });
  const hetznerFree = docs.flatMap((d) => Object.keys(d.json.resource ?? {})).filter((t) => t.startsWith("hcloud_") && !PRICED.includes(t));
  if (hetznerFree.length > 0) lines.push({ component: "network, firewall, placement group, SSH keys", light: zero, at100k: zero });
  lines.push({ component: "monitoring (not in the stacks)", light: prices.monitoring.light, at100k: prices.monitoring.at100k });

  // Anything else that may bill is named, never silently counted as free.
  for (const d of docs) {
    for (const [type, byName] of Object.entries(d.json.resource ?? {})) {
      if (PRICED.includes(type) || NO_CHARGE.some((re) => re.test(type))) continue;
      unpriced.push(`${Object.keys(byName).length} x ${type} in ${d.stack.name}: no price in the table`);
    }
  }

  const total = {
    light: lines.reduce((sum, l) => add(sum, l.light ?? zero), zero),
    at100k: lines.reduce((sum, l) => add(sum, l.at100k ?? zero), zero),
  };
  const differences = used
    .filter((u) => u.price.current && u.price.plan !== null && u.price.current.monthly !== u.price.plan)
    .map((u) => {
      const { plan } = u.price as { plan: number };
      const cur = u.price.current!;
      const delta = (cur.monthly - plan) * u.count;
      return `${u.what}: plan ${money(plan)}, current ${money(cur.monthly)} (${cur.source}, ${cur.asOf}); ${delta >= 0 ? "+" : "-"}${money(Math.abs(delta))}/mo here`;
    });
  return { name, stacks: docs.map((d) => d.stack.name), lines, total, unpriced, differences };
}

/** The Neon plan NeonDatabase states in its `casera:NeonNoIpAllow` warning, or undefined. */
function neonPlanOf(stack: ManifestStack, project: Record<string, any>): string | undefined {
  const projectPath: string = project["//"]?.metadata?.path ?? "";
  const owner = projectPath.split("/").slice(0, -1).join("/");
  for (const a of stack.annotations ?? []) {
    if (a.constructPath !== owner) continue;
    const match = /\[casera:NeonNoIpAllow\] The (\w+) plan has no IP Allow/.exec(a.message);
    if (match) return match[1];
  }
  return undefined;
}

function countBy(values: string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** `$19.77`; whole dollars keep no cents only in rounded ranges. */
export function money(n: number): string {
  return `$${n.toFixed(2)}`;
}

/** `$19.77` for a fixed amount, `~$5-15` for a range (rounded to dollars, as the plan writes them). */
export function formatRange(r: Range | null, label?: string): string {
  if (r === null) return "not priced";
  if (label) return label;
  if (r.low === r.high) return r.low === 0 ? "$0" : money(r.low);
  return `~$${Math.round(r.low)}-${Math.round(r.high)}`;
}

/** A total's exact sums. */
export function formatTotal(r: Range): string {
  return r.low === r.high ? money(r.low) : `${money(r.low)}-${money(r.high)}`;
}

/** The plan's own totals recomputed from the table's plan prices. */
export function planCheck(prices: PriceTable = PLAN_PRICES): Array<{ name: string; computed: Range; plan: Range; ok: boolean }> {
  const p = (x: Price | undefined) => x?.plan ?? NaN;
  const servers = fixed(3 * p(prices.servers.cx33));
  const launch = prices.neon.launch;
  const start = add(add(servers, launch.light), prices.b2.light);
  const scale = [fixed(p(prices.loadBalancers.lb11)), launch.at100k, prices.b2.at100k, prices.monitoring.at100k].reduce(add, servers);
  const rows = [
    { name: "3 x CX33", computed: servers, plan: fixed(PLAN_TOTALS.threeCx33) },
    { name: "starting out (no load balancer)", computed: start, plan: PLAN_TOTALS.startingOut },
    { name: "at 100k users (with lb11)", computed: scale, plan: PLAN_TOTALS.at100k },
  ];
  return rows.map((r) => ({
    ...r,
    ok: r.plan.low === r.plan.high ? Math.abs(r.computed.low - r.plan.low) < 0.005 : Math.round(r.computed.low) === r.plan.low && Math.round(r.computed.high) === r.plan.high,
  }));
}

/** The printed report. */
export function formatReport(envs: EnvironmentCost[], prices: PriceTable = PLAN_PRICES): string {
  const out: string[] = [];
  out.push(`Monthly cost in ${prices.currency}, excluding VAT. Prices as of ${prices.asOf} (${prices.source}).`);
  out.push("Columns are the plan's two loads: light (starting out) and 100k users; usage-based lines are the plan's estimates.");
  for (const env of envs) {
    out.push("");
    out.push(`${env.name}  (${env.stacks.join(" + ")})`);
    const width = Math.max(30, ...env.lines.map((l) => l.component.length)) + 2;
    out.push(`  ${"component".padEnd(width)}${"light".padStart(14)}${"100k users".padStart(14)}`);
    for (const l of env.lines) {
      out.push(`  ${l.component.padEnd(width)}${formatRange(l.light, l.lightLabel).padStart(14)}${formatRange(l.at100k).padStart(14)}`);
      if (l.note) out.push(`    (${l.note})`);
    }
    out.push(`  ${"total".padEnd(width)}${formatRange(env.total.light).padStart(14)}${formatRange(env.total.at100k).padStart(14)}`);
    out.push(`  exact: light ${formatTotal(env.total.light)}, 100k users ${formatTotal(env.total.at100k)}`);
    for (const u of env.unpriced) out.push(`  not in the total: ${u}`);
    for (const d of env.differences) out.push(`  PRICE CHANGED: ${d}`);
  }
  out.push("");
  out.push("Plan check (the plan's Monthly Cost Summary, recomputed from the table's plan prices):");
  for (const row of planCheck(prices)) {
    out.push(`  ${row.name.padEnd(34)}${formatRange(row.computed).padStart(12)}   plan ${formatRange(row.plan)}   ${row.ok ? "matches" : "DIFFERS"}`);
  }
  const anyCurrent = [...Object.values(prices.servers), ...Object.values(prices.loadBalancers), prices.primaryIpv4].some((p) => p.current);
  out.push("");
  out.push(
    anyCurrent
      ? "Current prices from the price file are used where given; each one that differs from the plan is flagged PRICE CHANGED above."
      : "Current prices: none given, so every figure is the plan's. Prices change: put current ones in a JSON file ({\"servers\": {\"cx33\": {\"current\": {\"monthly\": 0, \"asOf\": \"YYYY-MM\", \"source\": \"...\"}}}}) and pass --prices FILE or CASERA_PRICES=FILE; differences are flagged.",
  );
  return out.join("\n");
}

interface CliOptions {
  from?: string;
  prices?: string;
  neonPlans: Record<string, string>;
  json: boolean;
}

function parseArgs(argv: string[]): CliOptions {
  const opts: CliOptions = { neonPlans: {}, json: false, prices: process.env.CASERA_PRICES };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--from") opts.from = value();
    else if (arg === "--prices") opts.prices = value();
    else if (arg === "--json") opts.json = true;
    else if (arg === "--neon-plan") {
      const [stack, plan] = value().split("=");
      if (!stack || !plan) throw new Error("--neon-plan takes STACK=PLAN, e.g. casera-production=launch");
      opts.neonPlans[stack] = plan;
    } else throw new Error(`unknown option ${arg}; use --from DIR, --prices FILE, --neon-plan STACK=PLAN, --json`);
  }
  return opts;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const prices = loadPrices(opts.prices);
  let outdir = opts.from;
  if (!outdir) {
    // Synthesize first so the report never prices a stale cdktf.out.
    const { synthCasera } = await import("./synth-app");
    outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
    synthCasera(outdir);
  }
  const envs = costOf(outdir, prices, opts.neonPlans);
  console.log(opts.json ? JSON.stringify({ prices: { asOf: prices.asOf, source: prices.source }, environments: envs, planCheck: planCheck(prices) }, null, 2) : formatReport(envs, prices));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`cost: ${(err as Error).message}`);
    process.exitCode = 1;
  });
}
