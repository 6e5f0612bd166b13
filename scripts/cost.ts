import { Construct } from "constructs";
import * as fs from "fs";
import * as path from "path";
import { InvalidPropError, quote } from "../constructs/core/errors";
import { NEON_PLANS, NeonPlan, validateNeonCompute } from "../constructs/neon/neon-database";
import { Estimate, effective, loadPrices, PLAN_PRICES, PLAN_TOTALS, Price, PriceTable, Range, UsageError } from "./prices";
import { exitQuietlyOnClosedPipe, isHelp, outdirOption, resolveFile, showFile, userCwd } from "./user-files";

/**
 * `npm run cost`: the monthly cost of each environment, read from the
 * synthesized stacks (servers by type and count, load balancers, Neon by plan,
 * B2, Cloudflare, Dozzle), priced from scripts/prices.ts and any price file
 * the user gives. Columns are the plan's two loads: light, and 100k users.
 */

/**
 * Where a figure comes from: the plan's table as the plan states it, the plan's
 * table worked out from the plan's figures (CX23), or the user's price file.
 */
export type FigureSource = "plan" | "derived" | "file";

/**
 * What a line's figures are and whose they are: a fixed monthly price, a
 * usage-based estimate, or nothing to pay (a free plan, a resource that does
 * not bill). `entry` names the table entry, e.g. "cx33 server", "Neon launch".
 */
export type LineBasis =
  | { readonly kind: "price" | "estimate"; readonly entry: string; readonly light: FigureSource; readonly at100k: FigureSource }
  | { readonly kind: "free"; readonly entry: string };

/** One line of an environment's bill. A null column is not priced. */
export interface CostLine {
  readonly component: string;
  readonly light: Range | null;
  readonly at100k: Range | null;
  readonly lightLabel?: string;
  readonly note?: string;
  /** Whose figures these are; unset on a line that is not priced. */
  readonly basis?: LineBasis;
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
/** Where a fixed price's figure comes from: a current price is the file's, else the plan's (stated or worked out). */
const priceSource = (price: Price): FigureSource => (price.current ? "file" : price.derived ? "derived" : "plan");
const priceBasis = (entry: string, price: Price): LineBasis => ({ kind: "price", entry, light: priceSource(price), at100k: priceSource(price) });
const estimateBasis = (entry: string, e: Estimate): LineBasis => ({
  kind: "estimate",
  entry,
  light: e.given?.includes("light") ? "file" : "plan",
  at100k: e.given?.includes("at100k") ? "file" : "plan",
});
const freeLine = (component: string): CostLine => ({ component, light: zero, at100k: zero, basis: { kind: "free", entry: component } });

/** Neon plan per stack, given as `stack=plan` by the user; wins over what the synth output says. */
export type NeonPlans = Readonly<Record<string, string>>;

type StackDoc = { stack: ManifestStack; json: StackJson };

/**
 * Reads every stack under `outdir` (a cdktf.out) and prices each environment
 * (`x` with `x-swarm`). A `neonPlans` entry that names no stack with a Neon
 * project, or a plan that project's compute does not fit, is a UsageError.
 */
export function costOf(outdir: string, prices: PriceTable = PLAN_PRICES, neonPlans: NeonPlans = {}): EnvironmentCost[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const docs: StackDoc[] = Object.values<ManifestStack>(manifest.stacks).map((stack) => ({
    stack,
    json: JSON.parse(fs.readFileSync(path.join(outdir, stack.synthesizedStackPath), "utf8")) as StackJson,
  }));
  checkNeonPlans(docs, neonPlans);
  const envs = new Map<string, StackDoc[]>();
  for (const doc of docs) {
    const env = doc.stack.name.replace(/-swarm$/, "");
    envs.set(env, [...(envs.get(env) ?? []), doc]);
  }
  return [...envs.entries()].map(([name, members]) => priceEnvironment(name, members, prices, neonPlans));
}

/**
 * A user's plan must name a synthesized stack that has a Neon project, and fit
 * that project's autoscaling limits: the construct's own check decides, so a
 * Free plan is never priced at $0 for compute the Free plan does not offer.
 */
function checkNeonPlans(docs: StackDoc[], neonPlans: NeonPlans): void {
  const projects = (d: StackDoc) => Object.values(d.json.resource?.neon_project ?? {});
  const withNeon = docs.filter((d) => projects(d).length > 0).map((d) => d.stack.name);
  for (const [stack, plan] of Object.entries(neonPlans)) {
    const doc = docs.find((d) => d.stack.name === stack);
    if (!doc || projects(doc).length === 0) {
      const why = doc ? `stack ${quote(stack)} has no Neon project` : `no synthesized stack is named ${quote(stack)}`;
      throw new UsageError(`--neon-plan ${stack}=${plan}: ${why}; stacks with a Neon project: ${withNeon.join(", ") || "none"}`);
    }
    for (const project of projects(doc)) {
      const cu = project.default_endpoint_settings ?? {};
      const [minCu, maxCu] = [cu.autoscaling_limit_min_cu, cu.autoscaling_limit_max_cu];
      if (typeof minCu !== "number" || typeof maxCu !== "number") continue;
      try {
        validateNeonCompute(detachedScope(), plan as NeonPlan, minCu, maxCu);
      } catch (err) {
        if (!(err instanceof InvalidPropError)) throw err;
        const allowed = err.message.replace(/^[^:]*: /, "");
        throw new UsageError(`--neon-plan ${stack}=${plan}: Neon project ${project.name} autoscales ${minCu}-${maxCu} CU, which the ${plan} plan does not offer: ${allowed}. Pass the account's actual plan.`);
      }
    }
  }
}

/** A root construct for the construct library's checks, which name a scope in their errors; the CLI cuts that name off. */
function detachedScope(): Construct {
  return new Construct(undefined as unknown as Construct, "");
}

function priceEnvironment(name: string, docs: StackDoc[], prices: PriceTable, neonPlans: NeonPlans): EnvironmentCost {
  const lines: CostLine[] = [];
  const unpriced: string[] = [];
  const used: Array<{ what: string; price: Price; count: number }> = [];
  const all = (type: string) => docs.flatMap((d) => Object.values(d.json.resource?.[type] ?? {}).map((r) => ({ r, doc: d })));
  const fixedLine = (component: string, price: Price | undefined, count: number, what: string) => {
    const each = price ? effective(price) : null;
    if (price && each !== null) {
      used.push({ what, price, count });
      // The note says how the plan's figure was worked out, so it goes with the plan's figure only.
      const note = price.current ? undefined : price.derived;
      lines.push({ component, light: fixed(each * count), at100k: fixed(each * count), note, basis: priceBasis(what, price) });
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
      // A line of its own, shown as not priced: a plan with no figure must never read as $0.
      const why = plan
        ? `no estimate for Neon's ${plan} plan: the table prices ${Object.keys(prices.neon).join(" and ")} only; give neon.${plan} in a price file`
        : `plan unknown; pass --neon-plan ${doc.stack.name}=<plan>`;
      lines.push({ component: `Neon (${plan ?? "plan unknown"}${limits})`, light: null, at100k: null, note: why });
      unpriced.push(`Neon project ${r.name} (plan ${plan ?? "unknown"}${limits}): ${why}`);
      continue;
    }
    const rate = estimate.given?.includes("cuHour") ? `, at the price file's ${money(estimate.cuHour!)}/CU-hour` : "";
    const ceiling = estimate.cuHour && cu.autoscaling_limit_max_cu ? `at most ${money(estimate.cuHour * cu.autoscaling_limit_max_cu * 730)} compute if pinned at ${cu.autoscaling_limit_max_cu} CU all month${rate}` : undefined;
    lines.push({ component: `Neon (${plan}${limits})`, light: estimate.light, at100k: estimate.at100k, lightLabel: estimate.lightLabel, note: ceiling, basis: estimateBasis(`Neon ${plan}`, estimate) });
  }

  // B2 bills the account by storage and egress, whatever the number of buckets.
  const buckets = all("b2_bucket").map(({ r }) => String(r.bucket_name));
  if (buckets.length > 0) {
    lines.push({ component: `B2 (${buckets.length} bucket${buckets.length > 1 ? "s" : ""})`, light: prices.b2.light, at100k: prices.b2.at100k, lightLabel: prices.b2.lightLabel, basis: estimateBasis("B2", prices.b2) });
  }

  // What is free: Cloudflare's free plan, Dozzle, Hetzner's network and firewall.
  if (docs.some((d) => Object.keys(d.json.resource ?? {}).some((t) => t.startsWith("cloudflare_")))) {
    lines.push(freeLine("Cloudflare (free plan)"));
  }
  const dozzle = all("terraform_data").some(({ r }) => JSON.stringify(r.provisioner ?? []).includes("DOZZLE_IMAGE"));
  if (dozzle) lines.push(freeLine("Dozzle (in the Swarm stack)"));
  const hetznerFree = docs.flatMap((d) => Object.keys(d.json.resource ?? {})).filter((t) => t.startsWith("hcloud_") && !PRICED.includes(t));
  if (hetznerFree.length > 0) lines.push(freeLine("network, firewall, placement group, SSH keys"));
  lines.push({ component: "monitoring (not in the stacks)", light: prices.monitoring.light, at100k: prices.monitoring.at100k, basis: estimateBasis("monitoring", prices.monitoring) });

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

/**
 * The plan's own totals recomputed from the table's plan figures: a price
 * file's current prices and estimates are not the plan's, so they are left out
 * (an estimate the file changed is taken from the plan's table).
 */
export function planCheck(prices: PriceTable = PLAN_PRICES): Array<{ name: string; computed: Range; plan: Range; ok: boolean }> {
  const p = (x: Price | undefined) => x?.plan ?? NaN;
  const planEstimate = (e: Estimate, plan: Estimate) => (e.given ? plan : e);
  const servers = fixed(3 * p(prices.servers.cx33));
  const launch = planEstimate(prices.neon.launch, PLAN_PRICES.neon.launch);
  const b2 = planEstimate(prices.b2, PLAN_PRICES.b2);
  const monitoring = planEstimate(prices.monitoring, PLAN_PRICES.monitoring);
  const start = add(add(servers, launch.light), b2.light);
  const scale = [fixed(p(prices.loadBalancers.lb11)), launch.at100k, b2.at100k, monitoring.at100k].reduce(add, servers);
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
  out.push("Columns are the plan's two loads: light (starting out) and 100k users; usage-based lines are estimates. Where each figure comes from is at the end.");
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
  out.push("");
  out.push(...sourcesStatement(envs, prices));
  return out.join("\n");
}

const TEMPLATE = '{"servers": {"cx33": {"current": {"monthly": 0, "asOf": "YYYY-MM", "source": "..."}}}}';

/**
 * The report's closing lines: which figures are the plan's, which the price
 * file's, which are estimates and which cost nothing, read from the lines
 * printed (never from what the table could hold), then what current prices
 * were given.
 */
export function sourcesStatement(envs: EnvironmentCost[], prices: PriceTable = PLAN_PRICES): string[] {
  type Figures = { kind: "price" | "estimate"; light: FigureSource; at100k: FigureSource };
  const priced = new Map<string, Figures>();
  const free = new Set<string>();
  for (const line of envs.flatMap((e) => e.lines)) {
    const b = line.basis;
    if (!b) continue;
    if (b.kind === "free") free.add(b.entry);
    else if (!priced.has(b.entry)) priced.set(b.entry, { kind: b.kind, light: b.light, at100k: b.at100k });
  }

  /** "prices for a, b; estimates for c (100k users)": the figures from `source`, a load named when only one is. */
  const from = (source: FigureSource): string => {
    const groups = (["price", "estimate"] as const).map((kind) => {
      const items = [...priced.entries()]
        .filter(([, f]) => f.kind === kind && (f.light === source || f.at100k === source))
        .map(([entry, f]) => (f.light === f.at100k ? entry : `${entry} (${f.light === source ? "light load" : "100k users"})`));
      return items.length > 0 ? `${kind === "price" ? "prices" : "estimates"} for ${items.join(", ")}` : "";
    });
    return groups.filter(Boolean).join("; ");
  };

  const out = ["Where the figures come from:"];
  const plan = from("plan");
  if (plan) out.push(`  the plan's table: ${plan}`);
  const derived = from("derived");
  if (derived) out.push(`  the plan's table, worked out from the plan's figures rather than stated by it: ${derived}`);
  const fileRates: string[] = [];
  // A table merged without loadPrices has no file name, but its figures are still a file's.
  const hasFile = prices.file !== undefined || fileEntries(prices).length > 0;
  if (hasFile) {
    // A Neon compute price shows in a line's note ("at most ... if pinned"), not in the columns.
    for (const [plan, e] of Object.entries(prices.neon)) {
      if (e.given?.includes("cuHour") && priced.has(`Neon ${plan}`)) fileRates.push(`the compute price per CU-hour for Neon ${plan}`);
    }
    const file = [from("file"), ...fileRates].filter(Boolean).join("; ");
    out.push(`  the price file${prices.file ? ` ${prices.file}` : ""}: ${file || "nothing used here"}`);
    const unused = fileEntries(prices).filter((entry) => !priced.has(entry));
    if (unused.length > 0) out.push(`  in the price file but not used, as no resource here needs it: ${unused.join(", ")}`);
  }
  const estimates = [...priced.entries()].filter(([, f]) => f.kind === "estimate").map(([entry]) => entry);
  if (estimates.length > 0) out.push(`  estimates, not prices (usage-based, so the bill depends on use): ${estimates.join(", ")}; every other figure is a fixed monthly price`);
  if (free.size > 0) out.push(`  $0, nothing to pay: ${[...free].join("; ")}`);

  const fileFixed = [...priced.values()].some((f) => f.kind === "price" && f.light === "file");
  out.push("");
  if (!hasFile) {
    out.push(
      `No price file given, so every figure is from the plan's table (${PLAN_PRICES.asOf}). Prices change: put current ones in a JSON file (${TEMPLATE}) with the placeholders filled in, and pass --prices FILE or CASERA_PRICES=FILE; the file is checked, and differences are flagged.`,
    );
  } else if (fileFixed) {
    out.push("Current prices from the price file are used where given; each one that differs from the plan is flagged PRICE CHANGED above.");
  } else {
    out.push(
      `The price file gives no current price used here, so every fixed price is the plan's (${PLAN_PRICES.asOf}). Prices change: add current ones to it (${TEMPLATE}, placeholders filled in); differences are flagged.`,
    );
  }
  return out;
}

/** The entries a price file gave, named as the lines' bases name them. */
function fileEntries(prices: PriceTable): string[] {
  return [
    ...Object.entries(prices.servers).filter(([, p]) => p.current).map(([type]) => `${type} server`),
    ...Object.entries(prices.loadBalancers).filter(([, p]) => p.current).map(([type]) => `${type} load balancer`),
    ...(prices.primaryIpv4.current ? ["primary IPv4"] : []),
    ...Object.entries(prices.neon).filter(([, e]) => e.given).map(([plan]) => `Neon ${plan}`),
    ...(prices.b2.given ? ["B2"] : []),
    ...(prices.monitoring.given ? ["monitoring"] : []),
  ];
}

/** An amount to the cent: sums of prices carry floating-point noise (6.59 + 5.99 + ... = 30.759999999999998). */
export const cents = (n: number): number => Math.round(n * 100) / 100;

/**
 * What `npm run cost -- --json` prints: the environments and the plan check,
 * every amount (each range's low and high) to the cent.
 */
export function costJson(envs: EnvironmentCost[], prices: PriceTable = PLAN_PRICES): unknown {
  const report = { prices: { asOf: prices.asOf, source: prices.source, file: prices.file }, environments: envs, planCheck: planCheck(prices) };
  return JSON.parse(JSON.stringify(report), (_key, value) =>
    value !== null && typeof value === "object" && typeof value.low === "number" && typeof value.high === "number" ? { ...value, low: cents(value.low), high: cents(value.high) } : value,
  );
}

export interface CliOptions {
  from?: string;
  prices?: string;
  /** Where `prices` came from, as the messages name it. */
  pricesFrom: "--prices" | "CASERA_PRICES";
  neonPlans: Record<string, NeonPlan>;
  json: boolean;
  /** The folder relative names (--from, --prices, CASERA_PRICES) are taken from: where npm was run (INIT_CWD), else the current one. */
  cwd: string;
}

const USAGE = "use --from DIR, --prices FILE, --neon-plan STACK=PLAN (repeatable), --json";

/** The command line; a mistake is a UsageError naming the option, before anything is synthesized. */
export function parseArgs(argv: string[], env: Readonly<Record<string, string | undefined>> = process.env): CliOptions {
  const opts: CliOptions = { neonPlans: {}, json: false, prices: env.CASERA_PRICES || undefined, pricesFrom: "CASERA_PRICES", cwd: userCwd(env) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (what: string) => {
      const v = argv[++i];
      // `--from --json` would otherwise read "--json" as a folder.
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${arg} needs a value (${what}); got ${v === undefined ? "nothing" : quote(v)}`);
      return v;
    };
    if (arg === "--from") opts.from = value("a cdktf.out folder");
    else if (arg === "--prices") {
      // One file: a second would silently replace the first.
      if (opts.pricesFrom === "--prices") throw new UsageError(`--prices given twice (${quote(opts.prices!)} and ${quote(argv[i + 1] ?? "")}); put every current price in one file`);
      [opts.prices, opts.pricesFrom] = [value("a JSON price file"), "--prices"];
      // An empty name would quietly mean "no price file" (as an empty CASERA_PRICES does, which is how it is unset).
      if (opts.prices.trim() === "") throw new UsageError(`--prices needs a file name; got ""`);
    }
    else if (arg === "--json") opts.json = true;
    else if (arg === "--neon-plan") addNeonPlan(opts.neonPlans, value("STACK=PLAN, e.g. casera-production=launch"));
    else throw new UsageError(`unknown option ${quote(arg)}; ${USAGE}`);
  }
  return opts;
}

/**
 * One `--neon-plan STACK=PLAN`: exactly one `=`, a plan the construct accepts
 * (lowercase, as `database.plan` is written), one plan per stack.
 */
function addNeonPlan(plans: Record<string, NeonPlan>, raw: string): void {
  const at = raw.indexOf("=");
  const [stack, plan] = at < 0 ? [raw, ""] : [raw.slice(0, at), raw.slice(at + 1)];
  if (!stack || !plan || plan.includes("=")) {
    throw new UsageError(`--neon-plan takes STACK=PLAN with one "=", e.g. casera-production=launch; got ${quote(raw)}`);
  }
  if (!(NEON_PLANS as readonly string[]).includes(plan)) {
    const lower = (NEON_PLANS as readonly string[]).includes(plan.toLowerCase()) ? `; did you mean ${quote(plan.toLowerCase())}? plans are lowercase` : "";
    throw new UsageError(`--neon-plan ${raw}: the plan must be one of ${NEON_PLANS.join(", ")}${lower}; got ${quote(plan)}`);
  }
  if (plans[stack] && plans[stack] !== plan) {
    throw new UsageError(`--neon-plan ${raw}: ${stack} is already given plan ${quote(plans[stack])}; give one plan per stack`);
  }
  plans[stack] = plan as NeonPlan;
}

async function main(): Promise<void> {
  if (isHelp(process.argv.slice(2))) {
    console.log(`usage: npm run cost [-- options]: ${USAGE}`);
    return;
  }
  const opts = parseArgs(process.argv.slice(2));
  const prices = loadPrices(opts.prices, opts.cwd, opts.pricesFrom);
  let outdir = opts.from === undefined ? undefined : resolveFile(opts.from, opts.cwd);
  if (outdir) {
    // A missing or partial synth output is named here, not met later as a raw read error.
    const { fromOutdirProblem } = await import("./synth-app");
    const problem = fromOutdirProblem(outdir, "synthesize first");
    if (problem) throw new UsageError(`--from ${showFile(opts.from!, opts.cwd)}: ${problem}`);
  }
  if (!outdir) {
    // Synthesize first so the report never prices a stale cdktf.out.
    const { outdirRefusal, synthCasera } = await import("./synth-app");
    const chosen = outdirOption("cost", USAGE, undefined); // $CDKTF_OUTDIR, as synth and validate read it, else cdktf.out
    outdir = chosen.outdir;
    // A folder the user named may hold anything; the synth would first remove its stacks/ and manifest.json.
    const refusal = outdirRefusal(chosen.named, outdir);
    if (refusal) throw new UsageError(refusal);
    synthCasera(outdir);
  }
  const envs = costOf(outdir, prices, opts.neonPlans);
  console.log(opts.json ? JSON.stringify(costJson(envs, prices), null, 2) : formatReport(envs, prices));
}

if (require.main === module) {
  exitQuietlyOnClosedPipe();
  main().catch((err) => {
    console.error(`cost: ${(err as Error).message}`);
    // 2: the user's input (an option, the price file) is wrong; 1: anything else.
    process.exitCode = err instanceof UsageError ? 2 : 1;
  });
}
