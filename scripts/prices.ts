import * as fs from "fs";

/**
 * Monthly prices and estimates `npm run cost` works from. The built-in table
 * holds the prices of Casera's plan (casera-infrastructure-plan.md, February
 * 2026) and nothing else: no figure here was looked up elsewhere. A user adds
 * current prices with a JSON file (CASERA_PRICES or --prices), and the report
 * flags every one that differs from the plan's.
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
  readonly current?: { readonly monthly: number; readonly asOf: string; readonly source: string };
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
}

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

/** A partial table in a user's JSON file; each entry given replaces the built-in one. */
export interface PriceOverrides {
  readonly asOf?: string;
  readonly source?: string;
  readonly servers?: Record<string, Partial<Price>>;
  readonly loadBalancers?: Record<string, Partial<Price>>;
  readonly primaryIpv4?: Partial<Price>;
  readonly neon?: Record<string, Partial<Estimate>>;
  readonly b2?: Partial<Estimate>;
  readonly monitoring?: Partial<Estimate>;
}

/** The built-in table with a user's overrides merged entry by entry. */
export function mergePrices(base: PriceTable, over: PriceOverrides): PriceTable {
  const mergeMap = <T>(a: Readonly<Record<string, T>>, b: Record<string, Partial<T>> | undefined, blank: T): Record<string, T> => {
    const out: Record<string, T> = { ...a };
    for (const [key, value] of Object.entries(b ?? {})) out[key] = { ...(a[key] ?? blank), ...value };
    return out;
  };
  const noPrice: Price = { plan: null, source: "user price file" };
  const noEstimate: Estimate = { light: fixed(0), at100k: fixed(0), source: "user price file" };
  return {
    asOf: over.asOf ?? base.asOf,
    currency: base.currency,
    source: over.source ? `${base.source}; overrides: ${over.source}` : base.source,
    servers: mergeMap(base.servers, over.servers, noPrice),
    loadBalancers: mergeMap(base.loadBalancers, over.loadBalancers, noPrice),
    primaryIpv4: { ...base.primaryIpv4, ...over.primaryIpv4 },
    neon: mergeMap(base.neon, over.neon, noEstimate),
    b2: { ...base.b2, ...over.b2 },
    monitoring: { ...base.monitoring, ...over.monitoring },
  };
}

/** Reads a price file and merges it over the plan's table; a bad file is an error naming it. */
export function loadPrices(file?: string): PriceTable {
  if (!file) return PLAN_PRICES;
  let over: unknown;
  try {
    over = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`price file ${file}: ${(err as Error).message}`);
  }
  if (over === null || typeof over !== "object" || Array.isArray(over)) {
    throw new Error(`price file ${file}: must be a JSON object such as {"servers": {"cx33": {"current": {"monthly": 6.59, "asOf": "2026-12", "source": "hetzner.com"}}}}`);
  }
  return mergePrices(PLAN_PRICES, over as PriceOverrides);
}

/** The price a bill would show: the current one when given, else the plan's. */
export function effective(price: Price): number | null {
  return price.current?.monthly ?? price.plan;
}
