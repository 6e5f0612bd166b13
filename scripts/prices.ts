import { distance } from "fastest-levenshtein";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { quote } from "../constructs/core/errors";
import { FileRefused, formatBytes, MiB, notJsonReason, readUserFile, resolveFile, showFile, why } from "./user-files";
import { LOAD_BALANCER_TYPES, SERVER_TYPES } from "../constructs/hetzner/catalogue";
import { NEON_PLANS } from "../constructs/neon/neon-database";

/**
 * Monthly prices and estimates `npm run cost` works from. The built-in table
 * holds the prices of Casera's plan (casera-infrastructure-plan.md, February
 * 2026) and nothing else: no figure here was looked up elsewhere. A user adds
 * current prices with a JSON file (CASERA_PRICES or --prices), and the report
 * flags every one that differs from the plan's. The file is checked against
 * the shape below before any of it is used (loadPrices).
 */

/** A monthly range in dollars; `low === high` for a fixed price. */
export interface Range {
  readonly low: number;
  readonly high: number;
}

/** A fixed monthly price, as the plan states it and, when known, as it is now. */
export interface Price {
  /** Monthly price in the plan, or null when the plan gives none. */
  readonly plan: number | null;
  /** Where `plan` comes from. */
  readonly source: string;
  /** Set when the plan implies the price rather than stating it: how it was worked out. */
  readonly derived?: string;
  /** A current price from a source the user names; differences are flagged. */
  readonly current?: CurrentPrice;
}

/** A usage-dependent estimate at the two loads the plan prices. */
export interface Estimate {
  readonly light: Range;
  readonly at100k: Range;
  readonly source: string;
  /** How the plan writes it when that is not a plain range, e.g. "<$1". */
  readonly lightLabel?: string;
  /** Compute price per CU-hour, to show what the autoscaling limit allows at most. */
  readonly cuHour?: number;
  /** The figures a user's price file gave (a light label counts as the light figure); the others are the plan's. */
  readonly given?: ReadonlyArray<EstimateFigure>;
}

/** The figures of an estimate a price file may give. */
export type EstimateFigure = "light" | "at100k" | "cuHour";

export interface PriceTable {
  /** Month the prices were stated, e.g. "2026-02". */
  readonly asOf: string;
  readonly currency: "USD";
  readonly source: string;
  /** Hetzner server types by name (hcloud_server.server_type). */
  readonly servers: Readonly<Record<string, Price>>;
  /** Hetzner load balancer types (hcloud_load_balancer.load_balancer_type). */
  readonly loadBalancers: Readonly<Record<string, Price>>;
  /** A primary IPv4 per server, which Hetzner bills apart from the server. */
  readonly primaryIpv4: Price;
  /** Neon by plan (the plan of the account, not a resource attribute). */
  readonly neon: Readonly<Record<string, Estimate>>;
  /** Backblaze B2 for the account (storage and egress, not per bucket). */
  readonly b2: Estimate;
  /** Monitoring beyond Dozzle, which the stacks do not create. */
  readonly monitoring: Estimate;
  /** The user's price file merged into this table, as the messages show it (the name given, and where it is); unset for the plan's table. */
  readonly file?: string;
}

const PLAN = "casera-infrastructure-plan.md, February 2026";
const fixed = (n: number): Range => ({ low: n, high: n });

/** The plan's prices. */
export const PLAN_PRICES: PriceTable = {
  asOf: "2026-02",
  currency: "USD",
  source: PLAN,
  servers: {
    cx33: { plan: 6.59, source: `${PLAN}: "Price $6.59/mo per node"` },
    // The plan names CX23 only through the difference it quotes.
    cx23: {
      plan: 4.09,
      source: `${PLAN}: CX33 $6.59 less "the $2.50/mo difference per node"`,
      derived: "plan price worked out from the plan's CX33 price less the $2.50 difference it quotes",
    },
  },
  loadBalancers: {
    lb11: { plan: 5.99, source: `${PLAN}: "Hetzner LB ($5.99)"` },
  },
  primaryIpv4: { plan: null, source: "not in the plan's tables; Hetzner bills a server's primary IPv4 address separately" },
  // Scale and Business have no figure in the plan, so none here: the report prints
  // them as not priced (never $0) until a price file gives neon.scale or neon.business.
  neon: {
    free: { light: fixed(0), at100k: fixed(0), source: `${PLAN}: free tier for dev/staging (100 CU-hrs/mo, 0.5 GB)` },
    launch: { light: { low: 5, high: 15 }, at100k: { low: 20, high: 40 }, cuHour: 0.106, source: `${PLAN}: "~$5-15/mo for light load, ~$20-40/mo at 100k users"` },
  },
  b2: {
    light: fixed(0),
    lightLabel: "<$1",
    at100k: { low: 1, high: 3 },
    source: `${PLAN}: "<$1/mo" to start (10 GB always free; the plan's total counts it as $0), "~$1-3/mo" at 100k users`,
  },
  monitoring: { light: fixed(0), at100k: { low: 0, high: 10 }, source: `${PLAN}: "Betterstack or self-hosted ~$0-10/mo" at 100k users` },
};

/** The plan's own totals, which the report checks itself against. */
export const PLAN_TOTALS = {
  threeCx33: 19.77,
  startingOut: { low: 25, high: 35 },
  at100k: { low: 47, high: 79 },
} as const;

/** A current price as a price file gives it. */
export interface CurrentPrice {
  readonly monthly: number;
  readonly asOf: string;
  readonly source: string;
}

/**
 * A fixed price in a user's file: the current figure only. The plan's own
 * figure and its source stay the plan's, so the plan check means what it says
 * and every user figure is compared with the plan's (PRICE CHANGED).
 */
export interface PriceOverride {
  readonly current: CurrentPrice;
}

/** An estimate in a user's file: the figures it replaces, and where they come from. */
export type EstimateOverride = Partial<Omit<Estimate, "source">> & { readonly source: string };

/** A partial table in a user's JSON file; each entry given replaces the built-in one. */
export interface PriceOverrides {
  readonly asOf?: string;
  readonly source?: string;
  readonly servers?: Record<string, PriceOverride>;
  readonly loadBalancers?: Record<string, PriceOverride>;
  readonly primaryIpv4?: PriceOverride;
  readonly neon?: Record<string, EstimateOverride>;
  readonly b2?: EstimateOverride;
  readonly monitoring?: EstimateOverride;
}

/** Bad input from the user (an option, a price file): the CLI prints the message alone and exits 2. */
export class UsageError extends Error {}

/** The built-in table with a user's overrides merged entry by entry. */
export function mergePrices(base: PriceTable, over: PriceOverrides): PriceTable {
  const noPrice: Price = { plan: null, source: "not in the plan's tables" };
  const noEstimate: Estimate = { light: fixed(0), at100k: fixed(0), source: "user price file" };
  const mergeMap = <T, O>(a: Readonly<Record<string, T>>, b: Record<string, O> | undefined, blank: T, merge: (x: T, y: O) => T): Record<string, T> => {
    const out: Record<string, T> = { ...a };
    for (const [key, value] of Object.entries(b ?? {})) out[key] = merge(a[key] ?? blank, value);
    return out;
  };
  const price = (x: Price, y: PriceOverride | undefined): Price => (y ? { ...x, current: y.current } : x);
  return {
    asOf: over.asOf ?? base.asOf,
    currency: base.currency,
    source: over.source ? `${base.source}; overrides: ${over.source}` : base.source,
    servers: mergeMap(base.servers, over.servers, noPrice, price),
    loadBalancers: mergeMap(base.loadBalancers, over.loadBalancers, noPrice, price),
    primaryIpv4: price(base.primaryIpv4, over.primaryIpv4),
    neon: mergeMap(base.neon, over.neon, noEstimate, mergeEstimate),
    b2: mergeEstimate(base.b2, over.b2),
    monitoring: mergeEstimate(base.monitoring, over.monitoring),
  };
}

/**
 * An estimate with a user's figures; a new light figure drops the plan's way
 * of writing the old one ("<$1"). `given` records which figures are the
 * file's, so the report can say whose each one is.
 */
function mergeEstimate(base: Estimate, over: EstimateOverride | undefined): Estimate {
  if (!over) return base;
  const lightLabel = over.lightLabel ?? (over.light ? undefined : base.lightLabel);
  const given: EstimateFigure[] = [];
  if (over.light !== undefined || over.lightLabel !== undefined) given.push("light");
  if (over.at100k !== undefined) given.push("at100k");
  if (over.cuHour !== undefined) given.push("cuHour");
  // A file entry with only a source changes no figure: the figures, and so their source, stay the plan's.
  if (given.length === 0) return base;
  return { ...base, ...over, lightLabel, given };
}

/**
 * Largest monthly figure a price file may give for one line. Nothing this
 * app creates costs near it; a larger number is a typo (or `1e308`, whose sum
 * prints as `$Infinity`).
 */
const MAX_MONTHLY = 10_000;
/** Largest Neon compute price per CU-hour a file may give (the plan's Launch figure is $0.106). */
const MAX_CU_HOUR = 10;

// One printable line: the report prints it as written, so a line break or a terminal escape would forge report lines.
const SOURCE = {
  description: 'where the figure was read, e.g. "hetzner.com/cloud" (a name on one line, at most 200 characters, no control characters; not a placeholder such as "...")',
  type: "string",
  maxLength: 200,
  pattern: "^[^\\u0000-\\u001f\\u007f-\\u009f]*[A-Za-z0-9][^\\u0000-\\u001f\\u007f-\\u009f]*$",
};
const DATE = {
  description: "a real date, the month (YYYY-MM) or the day (YYYY-MM-DD) the price was read, not after today",
  type: "string",
  format: "price-date",
};
/** A fixed price may not be 0: Hetzner bills every server, balancer and primary IPv4, and 0 is the template's placeholder. */
const FIXED_MONTHLY = {
  description: `a price in USD a month: a number above 0 (Hetzner bills every server, load balancer and primary IPv4; 0 is the template's placeholder) and at most ${MAX_MONTHLY}`,
  type: "number",
  exclusiveMinimum: 0,
  maximum: MAX_MONTHLY,
};
/** An estimate may be 0: free tiers (Neon Free, B2's first 10 GB) cost nothing. */
const ESTIMATE_MONTHLY = { description: `a number of USD a month from 0 (a free tier) to ${MAX_MONTHLY}`, type: "number", minimum: 0, maximum: MAX_MONTHLY };

const PRICE_SCHEMA = {
  description: 'an object {"current": {"monthly": <USD a month>, "asOf": "YYYY-MM", "source": "<where it was read>"}}',
  type: "object",
  required: ["current"],
  additionalProperties: false,
  properties: {
    current: {
      description: 'an object {"monthly": <USD a month>, "asOf": "YYYY-MM", "source": "<where it was read>"}',
      type: "object",
      required: ["monthly", "asOf", "source"],
      additionalProperties: false,
      properties: { monthly: FIXED_MONTHLY, asOf: DATE, source: SOURCE },
    },
  },
};

const RANGE_SCHEMA = {
  description: `a range {"low": <USD a month>, "high": <USD a month>} with 0 <= low <= high <= ${MAX_MONTHLY}`,
  type: "object",
  required: ["low", "high"],
  additionalProperties: false,
  properties: { low: ESTIMATE_MONTHLY, high: ESTIMATE_MONTHLY },
};

/** An estimate's override; one the built-in table lacks (a Neon plan it does not price) must give both loads, never a silent $0. */
function estimateSchema(builtIn: boolean): object {
  return {
    description: builtIn
      ? 'an object with "source" and any of "light", "at100k" (ranges), "lightLabel", "cuHour"'
      : 'an object with "light" and "at100k" (ranges {"low", "high"}) and "source", optionally "lightLabel" and "cuHour"',
    type: "object",
    required: builtIn ? ["source"] : ["light", "at100k", "source"],
    additionalProperties: false,
    properties: {
      light: RANGE_SCHEMA,
      at100k: RANGE_SCHEMA,
      lightLabel: { description: 'how to print the light figure, e.g. "<$1"', type: "string", minLength: 1 },
      cuHour: { description: `Neon's compute price in USD per CU-hour, above 0 and at most ${MAX_CU_HOUR}`, type: "number", exclusiveMinimum: 0, maximum: MAX_CU_HOUR },
      source: SOURCE,
    },
  };
}

/** An object keyed by names the code knows (server types, plans); any other key is refused. */
function keyedBy(names: readonly string[], what: string, entry: (name: string) => object): object {
  return {
    description: `an object keyed by ${what}`,
    type: "object",
    additionalProperties: false,
    properties: Object.fromEntries(names.map((n) => [n, entry(n)])),
  };
}

/** The shape of a price file: PriceOverrides, with every key the code reads and no other. */
const PRICE_FILE_SCHEMA = {
  description: "a JSON object",
  type: "object",
  additionalProperties: false,
  properties: {
    asOf: DATE,
    source: SOURCE,
    servers: keyedBy(Object.keys(SERVER_TYPES), "Hetzner server type (cx33, ...)", () => PRICE_SCHEMA),
    loadBalancers: keyedBy(LOAD_BALANCER_TYPES, "Hetzner load balancer type (lb11, ...)", () => PRICE_SCHEMA),
    primaryIpv4: PRICE_SCHEMA,
    neon: keyedBy(NEON_PLANS, "Neon plan (free, launch, ...)", (plan) => estimateSchema(plan in PLAN_PRICES.neon)),
    b2: estimateSchema(true),
    monitoring: estimateSchema(true),
  },
};

/** `YYYY-MM` or `YYYY-MM-DD` naming a real day, not after today (UTC): a price read in the future is a typo. */
function isPriceDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 1)];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = year >= 2000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && value <= new Date().toISOString().slice(0, value.length);
}

let validator: ValidateFunction | undefined;

/** The compiled schema, built on first use so `npm run cost` without a price file never loads ajv. */
function priceFileValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true });
    ajv.addFormat("price-date", { type: "string", validate: isPriceDate });
    validator = ajv.compile(PRICE_FILE_SCHEMA);
  }
  return validator;
}

/** Every problem in a parsed price file, one sentence each naming the field; empty when the file is good. */
function priceFileProblems(over: unknown): string[] {
  const validate = priceFileValidator();
  const problems = validate(over) ? rangeProblems(over as PriceOverrides) : (validate.errors ?? []).map(describeError);
  return [...new Set(problems)];
}

/** Ranges whose low is above their high, which the schema cannot compare. */
function rangeProblems(over: PriceOverrides): string[] {
  const estimates: Array<[string, EstimateOverride | undefined]> = [
    ...Object.entries(over.neon ?? {}).map(([plan, e]): [string, EstimateOverride] => [`neon.${plan}`, e]),
    ["b2", over.b2],
    ["monitoring", over.monitoring],
  ];
  return estimates.flatMap(([field, e]) =>
    (["light", "at100k"] as const)
      .filter((load) => e?.[load] && e[load]!.low > e[load]!.high)
      .map((load) => `${field}.${load} must be ${RANGE_SCHEMA.description}; got ${quote(e![load])}, whose low is above its high`),
  );
}

/** One ajv error as a sentence: the field, what is allowed, the value received. */
function describeError(e: ErrorObject): string {
  const field = e.instancePath === "" ? "the file" : e.instancePath.slice(1).split("/").join(".");
  const schema = e.parentSchema as { description?: string; properties?: Record<string, unknown> };
  if (e.keyword === "additionalProperties") {
    const key = String(e.params.additionalProperty);
    const known = Object.keys(schema.properties ?? {});
    return `${field === "the file" ? "the file's top level" : field} has an unknown key ${quote(key)}${keyHint(key, known)}; known keys: ${known.join(", ")}`;
  }
  if (e.keyword === "required") return `${field} must be ${schema.description}; ${quote(e.params.missingProperty)} is missing`;
  const placeholder = typeof e.data === "string" && /YYYY|MM|DD/.test(e.data) ? " (the template's placeholder: put the date the price was read)" : "";
  return `${field} must be ${schema.description}; got ${quote(e.data)}${placeholder}`;
}

/** A hint for an unknown key: a case mistake, a price outside its `current` block, a name put at the wrong level. */
function keyHint(key: string, known: string[]): string {
  const lower = key.toLowerCase();
  const sameLetters = known.find((k) => k.toLowerCase() === lower);
  if (sameLetters) return ` (did you mean ${quote(sameLetters)}? keys are case-sensitive)`;
  if (known.includes("current") && ["monthly", "asof", "source"].includes(lower)) {
    return ' (a current price goes inside "current": {"monthly": ..., "asOf": ..., "source": ...})';
  }
  if (lower in SERVER_TYPES) return ` (${lower} is a server type: its price goes under servers.${lower}.current)`;
  if ((LOAD_BALANCER_TYPES as readonly string[]).includes(lower)) return ` (${lower} is a load balancer type: its price goes under loadBalancers.${lower}.current)`;
  if ((NEON_PLANS as readonly string[]).includes(lower)) return ` (${lower} is a Neon plan: its estimate goes under neon.${lower})`;
  const near = known.filter((k) => distance(k.toLowerCase(), lower) <= Math.min(2, Math.floor(k.length / 3)));
  return near.length > 0 ? ` (did you mean ${near.map((k) => quote(k)).join(" or ")}?)` : "";
}

/** A price file is a few hundred bytes; anything near this is not one (and /dev/zero never ends). */
export const PRICE_FILE_MAX_BYTES = MiB;

/**
 * Reads a price file and merges it over the plan's table. The whole file is
 * checked first: a figure the code would misread (a string, a placeholder, a
 * key in the wrong place) is an error naming the field, never a silent plan
 * price or $0. `option` is where the name came from (--prices or CASERA_PRICES).
 */
export function loadPrices(file?: string, cwd: string = process.cwd(), option = "--prices"): PriceTable {
  if (!file) return PLAN_PRICES;
  const shown = showFile(file, cwd);
  let text: string;
  try {
    // A byte-order mark (Windows editors write one) is not JSON's, and says nothing: dropped.
    text = readUserFile(resolveFile(file, cwd), PRICE_FILE_MAX_BYTES).replace(/^\uFEFF/, "");
  } catch (err) {
    if (err instanceof FileRefused) throw new UsageError(`price file ${shown}: ${option} takes a regular file of at most ${formatBytes(PRICE_FILE_MAX_BYTES)}; ${err.message}`);
    throw new UsageError(`price file ${shown}: cannot be read (${why(err)})`);
  }
  let over: unknown;
  try {
    over = JSON.parse(text);
  } catch (err) {
    // Its contents are never quoted: the file named may not be the one meant, and may hold secrets.
    throw new UsageError(`price file ${shown}: is not JSON: ${notJsonReason(text, err)}`);
  }
  if (over === null || typeof over !== "object" || Array.isArray(over)) {
    const kind = over === null ? "JSON null" : Array.isArray(over) ? "a JSON array" : `a JSON ${typeof over}`;
    throw new UsageError(`price file ${shown}: must be a JSON object such as {"servers": {"cx33": {"current": {"monthly": 6.59, "asOf": "2026-12", "source": "hetzner.com"}}}}; got ${kind}`);
  }
  const problems = priceFileProblems(over);
  if (problems.length === 1) throw new UsageError(`price file ${shown}: ${problems[0]}`);
  if (problems.length > 1) throw new UsageError(`price file ${shown} has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return { ...mergePrices(PLAN_PRICES, over as PriceOverrides), file: shown };
}

/** The price a bill would show: the current one when given, else the plan's. */
export function effective(price: Price): number | null {
  return price.current?.monthly ?? price.plan;
}
