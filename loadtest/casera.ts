/**
 * Casera's load test: the API's request mix, driven by vegeta (an open-source
 * HTTP load generator, built by `npm run toolchain` into the toolchain cache),
 * with the plan's capacity figures as thresholds and a summary a person can
 * read. See loadtest/README.md.
 *
 *   BASE_URL=https://api.example.com npm run loadtest                  # ramp (default)
 *   BASE_URL=https://api.example.com npm run loadtest -- --profile soak
 *   npm run loadtest -- --base-url https://api.example.com --profile bench
 *
 * Only ever point it at a deployment you operate.
 *
 * Exit status: 0 all thresholds held, 99 a threshold was crossed (as k6 does),
 * 1 the test could not run (vegeta failed, or the target never answered the
 * warm-up), 2 bad arguments (found before anything runs).
 */
import { spawn, spawnSync } from "child_process";
import { randomBytes, X509Certificate } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { parseArgs } from "util";
import { vegetaPath } from "../scripts/toolchain-paths";
import { FileRefused, formatBytes, MiB, notJsonReason, readUserFile, resolveFile, showFile, userCwd, why } from "../scripts/user-files";

// ---------------------------------------------------------------------------
// What the plan says, and the thresholds taken from it

/**
 * Casera's plan ("Performance Estimates"): one CX33 serves ~1,000-2,000 req/s
 * of blended API traffic with Neon's latency included, the 3-node cluster
 * ~3,000-6,000 req/s, i.e. the per-node figures times the node count. The
 * low end is the floor a deployment must reach; the ramp stops at the high end.
 */
export const PLAN_PER_NODE_RPS = { low: 1000, high: 2000 } as const;

export interface Thresholds {
  /**
   * Largest share of failed requests (transport errors, timeouts, status >= 400).
   * 1%: at the plan's 3,000 req/s that is 30 failures a second, which users
   * notice; a saturated API fails in bulk (502/504 from the edge, timeouts),
   * so anything above 1% is saturation or a fault, not background noise.
   */
  readonly maxErrorRate: number;
  /**
   * Largest p95 latency in milliseconds, measured at the client. 300 ms: a
   * request from Europe through Cloudflare to nbg1 spends ~20-60 ms on the
   * network and ~5-15 ms per pooled Neon query; 300 ms leaves about 4x that
   * for the API's own work and queueing and is still quick for a mobile app.
   * p95 and not the mean because queueing shows in the tail first.
   */
  readonly p95Ms: number;
  /**
   * Open-model stages only: the achieved rate must be at least this share of
   * the offered rate. Below it the service (or the client) is falling behind
   * and requests queue, so the stage's rate was not really served.
   */
  readonly minKeptUp: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { maxErrorRate: 0.01, p95Ms: 300, minKeptUp: 0.95 };

// ---------------------------------------------------------------------------
// Options

export type Profile = "ramp" | "soak" | "bench";

export interface Mix {
  readonly health: number;
  readonly read: number;
  readonly write: number;
}

/**
 * Per 10 requests: 1 health check, 7 reads, 2 writes. A mobile client mostly
 * reads (lists, details, lookup tables) and writes now and then (complete a
 * task, add a note); the health check stands for the load balancer's and
 * Cloudflare's probes and for cheap requests in general.
 */
export const DEFAULT_MIX: Mix = { health: 1, read: 7, write: 2 };

/** A bad option or option value: the command line exits 2 with its message, before anything runs. */
export class UsageError extends Error {}

/** The largest --write-body @FILE read: a request body, not a data set (and /dev/zero never ends). */
const BODY_MAX_BYTES = MiB;
/** The largest --ca file read: the system's whole CA bundle is about 200 KiB. */
const CA_MAX_BYTES = MiB;

/**
 * No request of the warm-up got an HTTP answer (every result a connection,
 * DNS or TLS error): nothing was measured, so the run stops there and the
 * command line exits 1 ("could not run"), not 99 (a load result).
 */
export class NoAnswerError extends Error {}

export interface LoadTestOptions {
  /** Where the API is, e.g. `https://api.example.com` (no path, or a path prefix; no query string). */
  readonly baseUrl: string;
  /** @default "ramp" */
  readonly profile?: Profile;
  /** Nodes behind the URL; the throughput thresholds scale with it. @default 3 */
  readonly nodes?: number;
  /** @default DEFAULT_MIX */
  readonly mix?: Mix;
  /** @default "/api/health/" */
  readonly healthPath?: string;
  /** A read endpoint (GET). @default "/api/static_data/" */
  readonly readPath?: string;
  /** A write endpoint (POST, JSON body). @default "/api/tasks/" */
  readonly writePath?: string;
  /** The write's JSON body. */
  readonly writeBody?: string;
  /** Full value of an Authorization header (a test account's token); never printed. */
  readonly authorization?: string;
  /** `host:port=address:port`: connect there instead of where DNS says (repeat to spread connections round robin). */
  readonly connectTo?: readonly string[];
  /** Extra CA certificate files (PEM) to trust, e.g. the origin certificate when testing the origin directly. */
  readonly caFiles?: readonly string[];
  /** Accept any TLS certificate. Only ever set by an explicit flag. @default false */
  readonly insecureSkipTlsVerify?: boolean;
  /** Reuse connections. @default true */
  readonly keepalive?: boolean;
  /** ramp: seconds per stage. @default 30 */
  readonly stageSeconds?: number;
  /** ramp: the last stage's rate per node. @default PLAN_PER_NODE_RPS.high */
  readonly maxRatePerNode?: number;
  /** ramp: stop after the first stage that crosses a threshold (the capacity is found). @default true */
  readonly abortOnFail?: boolean;
  /** soak: minutes. @default 30 */
  readonly soakMinutes?: number;
  /** soak: total rate (req/s); bench: the latency phase's rate. @default soak: half the plan's floor; bench: 200 */
  readonly rate?: number;
  /** bench: connections (workers) of the throughput phase. @default 32 */
  readonly workers?: number;
  /** bench: seconds per phase. @default 5 */
  readonly benchSeconds?: number;
  /** bench: the throughput phase's cap (req/s), which bounds its request count. @default 20000 */
  readonly benchMaxRate?: number;
  /** Refuse to start when the profile could send more requests than this. */
  readonly maxRequests?: number;
  /** @default DEFAULT_THRESHOLDS */
  readonly thresholds?: Partial<Thresholds>;
  /** Keep vegeta's raw results here (for `vegeta report`/`vegeta plot`); otherwise a temporary folder that is removed. */
  readonly outDir?: string;
  /**
   * The folder relative file names (caFiles, outDir, vegeta) are taken from.
   * The command line sets it to INIT_CWD: `npm run` runs the script in the
   * package folder, so process.cwd() is not where the user's names point.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /** The vegeta binary. @default vegetaPath() */
  readonly vegeta?: string;
  /** Command prefix the attacks run under (the bench: nsenter into its client namespace). */
  readonly wrap?: readonly string[];
  /** Progress lines (stage started/finished). @default nothing */
  readonly log?: (line: string) => void;
}

// ---------------------------------------------------------------------------
// Results

export interface Latencies {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface EndpointResult {
  readonly name: "health" | "read" | "write";
  readonly method: string;
  readonly path: string;
  readonly requests: number;
  readonly errors: number;
  /** Milliseconds. */
  readonly latencyMs: Latencies;
}

export interface Check {
  readonly name: "errors" | "p95" | "kept up";
  readonly ok: boolean;
  /** What was measured against what, e.g. `p95 412.3 ms > 300 ms`. */
  readonly detail: string;
}

/** A stage as it ran: the stage planned, and what it measured. */
export interface StageResult extends Stage {
  readonly requests: number;
  /** Successful requests per second over the stage (vegeta's throughput). */
  readonly throughput: number;
  /** Requests sent per second. */
  readonly sentRate: number;
  readonly errorRate: number;
  /** Milliseconds. */
  readonly latencyMs: Latencies;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Distinct transport errors (first few). */
  readonly errors: readonly string[];
  readonly endpoints: readonly EndpointResult[];
  readonly checks: readonly Check[];
  readonly passed: boolean;
}

export interface Summary {
  readonly tool: string;
  readonly profile: Profile;
  /** Scheme, host, port and path prefix of the base URL (it never carries credentials or a query string). */
  readonly target: string;
  readonly nodes: number;
  readonly mix: Mix;
  readonly paths: { readonly health: string; readonly read: string; readonly write: string };
  readonly keepalive: boolean;
  readonly thresholds: Thresholds;
  readonly plan: { readonly perNode: typeof PLAN_PER_NODE_RPS; readonly clusterLow: number; readonly clusterHigh: number };
  readonly plannedRequests: number;
  readonly startedAt: string;
  readonly stages: readonly StageResult[];
  /** ramp: the highest offered rate that held every threshold (0: none did). */
  readonly capacity?: number;
  readonly passed: boolean;
  /** One line per verdict, e.g. the capacity against the plan. */
  readonly verdict: readonly string[];
}

// ---------------------------------------------------------------------------
// Planning

export interface Stage {
  readonly name: string;
  /** open: a fixed arrival rate (requests keep coming whatever the latency); closed: a fixed number of connections, each sending its next request when the last returns. */
  readonly model: "open" | "closed";
  /** Requests per second offered (open) or the cap (closed). */
  readonly rate: number;
  /** Connections (closed model). */
  readonly workers?: number;
  readonly seconds: number;
  /** Evaluated against the thresholds (a warm-up is not). */
  readonly evaluated: boolean;
}

/** The stages a profile runs, in order. Pure: the tests check it without sending anything. */
export function planStages(opts: LoadTestOptions): Stage[] {
  const nodes = opts.nodes ?? 3;
  const profile = opts.profile ?? "ramp";
  if (profile === "ramp") {
    const top = opts.maxRatePerNode ?? PLAN_PER_NODE_RPS.high;
    const seconds = opts.stageSeconds ?? 30;
    // From light load to the plan's high estimate; the floor is one of the steps.
    const steps = [100, 250, 500, 1000, 1500, 2000].filter((r) => r < top).concat([top]);
    return [
      { name: "warm-up", model: "open", rate: 10 * nodes, seconds: Math.min(10, seconds), evaluated: false },
      ...steps.map((perNode): Stage => ({ name: `ramp ${perNode * nodes}/s`, model: "open", rate: perNode * nodes, seconds, evaluated: true })),
    ];
  }
  if (profile === "soak") {
    const minutes = opts.soakMinutes ?? 30;
    const rate = opts.rate ?? (PLAN_PER_NODE_RPS.low / 2) * nodes;
    const stages: Stage[] = [{ name: "warm-up", model: "open", rate: Math.max(1, Math.round(rate / 10)), seconds: 10, evaluated: false }];
    // One-minute segments, so that drift over time shows (a leak, a filling pool).
    const whole = Math.floor(minutes);
    for (let m = 1; m <= whole; m++) stages.push({ name: `soak min ${m}`, model: "open", rate, seconds: 60, evaluated: true });
    const rest = Math.round((minutes - whole) * 60);
    if (rest > 0) stages.push({ name: `soak min ${whole + 1}`, model: "open", rate, seconds: rest, evaluated: true });
    return stages;
  }
  const seconds = opts.benchSeconds ?? 5;
  const rate = opts.rate ?? 200;
  return [
    { name: "warm-up", model: "open", rate: Math.max(1, Math.round(rate / 4)), seconds: 1, evaluated: false },
    // Latency at a rate far below saturation: what the path itself adds.
    { name: "latency", model: "open", rate, seconds, evaluated: true },
    // Throughput with a fixed number of connections: how much the path serves.
    { name: "throughput", model: "closed", rate: opts.benchMaxRate ?? 20000, workers: opts.workers ?? 32, seconds, evaluated: true },
  ];
}

/** The most requests the stages can send (rate x seconds; a closed stage is capped by its rate). */
export const plannedRequests = (stages: readonly Stage[]): number => stages.reduce((n, s) => n + Math.ceil(s.rate * s.seconds), 0);

/** The checks of one stage. Pure: the tests feed it numbers. */
export function evaluateStage(
  stage: Pick<Stage, "model" | "rate">,
  measured: { requests: number; errorRate: number; p95Ms: number; sentRate: number },
  thresholds: Thresholds,
): Check[] {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const checks: Check[] = [
    {
      name: "errors",
      ok: measured.requests > 0 && measured.errorRate < thresholds.maxErrorRate,
      detail: measured.requests === 0 ? "no requests were sent" : `errors ${pct(measured.errorRate)} ${measured.errorRate < thresholds.maxErrorRate ? "<" : ">="} ${pct(thresholds.maxErrorRate)}`,
    },
    {
      name: "p95",
      ok: measured.requests > 0 && measured.p95Ms < thresholds.p95Ms,
      detail: `p95 ${measured.p95Ms.toFixed(1)} ms ${measured.p95Ms < thresholds.p95Ms ? "<" : ">="} ${thresholds.p95Ms} ms`,
    },
  ];
  if (stage.model === "open") {
    const share = stage.rate > 0 ? measured.sentRate / stage.rate : 0;
    checks.push({ name: "kept up", ok: share >= thresholds.minKeptUp, detail: `sent ${measured.sentRate.toFixed(0)}/s of ${stage.rate}/s offered (${(share * 100).toFixed(0)}%, needs ${(thresholds.minKeptUp * 100).toFixed(0)}%)` });
  }
  return checks;
}

/** `1 node`, `3 nodes`. */
const nodesText = (nodes: number): string => `${nodes} node${nodes === 1 ? "" : "s"}`;

/** The profile's verdict from its evaluated stages. Pure. */
export function verdict(profile: Profile, nodes: number, stages: readonly Pick<StageResult, "name" | "rate" | "evaluated" | "passed" | "throughput" | "model">[]): { passed: boolean; capacity?: number; lines: string[] } {
  const evaluated = stages.filter((s) => s.evaluated);
  const floor = PLAN_PER_NODE_RPS.low * nodes;
  const high = PLAN_PER_NODE_RPS.high * nodes;
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  const forNodes = `for ${nodesText(nodes)}`;
  if (evaluated.length === 0) return { passed: false, lines: ["no stage was evaluated"] };
  if (profile === "ramp") {
    let capacity = 0;
    for (const s of evaluated) {
      if (!s.passed) break;
      capacity = s.rate;
    }
    const perNode = capacity / nodes;
    const where = capacity === 0 ? "no stage held the thresholds" : perNode < PLAN_PER_NODE_RPS.low ? "below the plan's estimate" : capacity >= high ? "at the top of the plan's estimate (the ramp went no higher)" : "within the plan's estimate";
    const passed = capacity >= floor;
    return {
      passed,
      capacity,
      lines: [
        `capacity: ${n(capacity)} req/s held every threshold (${n(perNode)} per node ${forNodes}): ${where} of ${n(PLAN_PER_NODE_RPS.low)}-${n(PLAN_PER_NODE_RPS.high)} per node`,
        `plan floor ${n(floor)} req/s ${forNodes}: ${passed ? "PASS" : "FAIL"}`,
      ],
    };
  }
  const failed = evaluated.filter((s) => !s.passed);
  if (profile === "soak") {
    return {
      passed: failed.length === 0,
      lines: [failed.length === 0 ? `soak: all ${evaluated.length} segments held every threshold: PASS` : `soak: ${failed.length} of ${evaluated.length} segments crossed a threshold (first: ${failed[0].name}): FAIL`],
    };
  }
  const closed = evaluated.find((s) => s.model === "closed");
  return {
    passed: failed.length === 0,
    lines: [
      `bench: ${failed.length === 0 ? "errors and p95 held in every phase: PASS" : `${failed.map((s) => s.name).join(", ")} crossed a threshold: FAIL`}`,
      ...(closed ? [`throughput ${n(closed.throughput)} req/s (not judged: the plan's figures are for production servers, not this machine)`] : []),
    ],
  };
}

// ---------------------------------------------------------------------------
// Targets

interface Target {
  readonly name: EndpointResult["name"];
  readonly method: string;
  readonly path: string;
  readonly url: string;
  readonly header: Record<string, string[]>;
  readonly body?: string;
}

const USER_AGENT = "casera-loadtest/1 (vegeta)";

/** The mix as a list vegeta walks round robin: writes spread out, not bunched. Pure. */
export function targetSequence(mix: Mix): Array<EndpointResult["name"]> {
  for (const [k, v] of Object.entries(mix)) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`mix: ${k} must be a whole number >= 0; got ${v}`);
  }
  const total = mix.health + mix.read + mix.write;
  if (total === 0) throw new Error("mix: at least one request kind needs a weight");
  // Place each kind at evenly spaced slots (largest remainder first).
  const seq: Array<EndpointResult["name"]> = [];
  const placed = { health: 0, read: 0, write: 0 };
  for (let i = 1; i <= total; i++) {
    let best: EndpointResult["name"] = "read";
    let bestLag = -Infinity;
    for (const kind of ["health", "write", "read"] as const) {
      const lag = (mix[kind] * i) / total - placed[kind];
      if (mix[kind] > placed[kind] && lag > bestLag) [best, bestLag] = [kind, lag];
    }
    placed[best]++;
    seq.push(best);
  }
  return seq;
}

function joinUrl(base: string, p: string): string {
  const u = new URL(base);
  const prefix = u.pathname.replace(/\/+$/, "");
  return `${u.protocol}//${u.host}${prefix}${p.startsWith("/") ? p : `/${p}`}`;
}

function buildTargets(opts: LoadTestOptions, paths: Summary["paths"]): Target[] {
  const common: Record<string, string[]> = { Accept: ["application/json"], "User-Agent": [USER_AGENT] };
  if (opts.authorization) common.Authorization = [opts.authorization];
  const body = opts.writeBody ?? JSON.stringify({ title: "casera load test", note: `written by loadtest/casera.ts` });
  const make = (name: Target["name"]): Target =>
    name === "write"
      ? { name, method: "POST", path: paths.write, url: joinUrl(opts.baseUrl, paths.write), header: { ...common, "Content-Type": ["application/json"] }, body }
      : { name, method: "GET", path: paths[name], url: joinUrl(opts.baseUrl, paths[name]), header: common };
  return targetSequence(opts.mix ?? DEFAULT_MIX).map(make);
}

// ---------------------------------------------------------------------------
// Checking options: everything that can be known before anything runs

/** A value as the messages show it: quoted, and cut when long. */
const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 100)}..." (${s.length} characters)` : s;
};

const BASE_URL_EXAMPLE = "e.g. https://api.example.com or http://127.0.0.1:8000/v1";

/** The base URL, checked: http(s), no credentials, no query string or fragment. `name` is where it came from (--base-url or BASE_URL). */
function parseBaseUrl(value: string, name: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // below
  }
  const port = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/i.exec(value.trim())?.[1];
  if (!url && port !== undefined && Number(port) > 65535) throw new UsageError(`${name} must name a port from 1 to 65535, or none for the scheme's own; got ${show(value)}`);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) {
    // Suggest a scheme only for what looks like a host (and path) without one, never for arbitrary text.
    const guess = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || !/^[A-Za-z0-9.-]+(:\d{1,5})?(\/\S*)?$/.test(value) ? "" : ` (did you mean https://${value}?)`;
    throw new UsageError(`${name} must be an http:// or https:// URL (${BASE_URL_EXAMPLE}); got ${show(value)}${guess}`);
  }
  // WHATWG URL reads "http:///api" as host "api" and keeps port 0: neither is what was written or a place to connect.
  if (!/^https?:\/\/[^/\\]/i.test(value.trim())) {
    throw new UsageError(`${name} must be an http:// or https:// URL with a host right after the // (${BASE_URL_EXAMPLE}); got ${show(value)}`);
  }
  if (url.port === "0") throw new UsageError(`${name} must name a port from 1 to 65535, or none for the scheme's own; got ${show(value)}`);
  if (url.username || url.password) {
    throw new UsageError(`${name} must not carry credentials (user:password@); got ${show(`${url.protocol}//***@${url.host}${url.pathname}`)}: give an Authorization header value in CASERA_LOADTEST_AUTHORIZATION instead`);
  }
  if (url.search || url.hash || value.includes("?") || value.includes("#")) {
    throw new UsageError(
      `${name} must be scheme, host, port and at most a path prefix, without a query string or fragment (each request is the base URL plus its path, so they would be dropped); got ${show(value)}: put a query on --health-path/--read-path/--write-path instead, e.g. --read-path "/api/items/?page=1"`,
    );
  }
  return url;
}

/** Where the base URL's requests connect: `host:port`, the port spelled out. */
const dialAddress = (url: URL): string => `${url.hostname}:${url.port || (url.protocol === "https:" ? 443 : 80)}`;

/** A mix's weights: whole numbers >= 0, at least one above 0, at most 1,000 in all. */
function checkMix(mix: Mix, given: string): void {
  const total = mix.health + mix.read + mix.write;
  for (const [k, v] of Object.entries(mix)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new UsageError(`--mix weights must be whole numbers >= 0 (e.g. health=1,read=7,write=2); got ${k}=${show(v)} in ${show(given)}`);
  }
  if (total === 0) throw new UsageError(`--mix needs at least one weight above 0 (e.g. health=1,read=7,write=2; kinds left out weigh 0); got ${show(given)}`);
  if (total > 1000) throw new UsageError(`--mix weights must add up to at most 1000 (they are per round of requests, e.g. health=1,read=7,write=2); got ${show(given)}, which adds up to ${total}`);
}

/** `--mix health=1,read=7,write=2` into a Mix; kinds left out weigh 0. */
export function parseMix(text: string): Mix {
  const weights: Record<string, number> = {};
  for (const part of text.split(",")) {
    const m = /^\s*([^=\s]*)\s*(?:=\s*(.*?)\s*)?$/.exec(part)!;
    const [, kind, weight] = m;
    if (weight === undefined || kind === "") {
      throw new UsageError(`--mix wants kind=weight pairs separated by commas, e.g. health=1,read=7,write=2; got ${show(text)} (${show(part.trim())} is not kind=weight)`);
    }
    if (!["health", "read", "write"].includes(kind)) throw new UsageError(`--mix knows the kinds health, read and write; got ${show(kind)} in ${show(text)}`);
    if (kind in weights) throw new UsageError(`--mix gives each kind once; got ${kind} twice in ${show(text)}`);
    if (!/^\d+$/.test(weight)) throw new UsageError(`--mix weights must be whole numbers >= 0 (e.g. health=1,read=7,write=2); got ${kind}=${show(weight)} in ${show(text)}`);
    weights[kind] = Number(weight);
  }
  const mix: Mix = { health: weights.health ?? 0, read: weights.read ?? 0, write: weights.write ?? 0 };
  checkMix(mix, text);
  return mix;
}

/** A program to run: a name with a slash is a file (relative to `cwd`); a bare name is looked up on PATH, as a shell would. */
const executable = (file: string, cwd: string | undefined): string => (file.includes("/") ? resolveFile(file, cwd) : file);

/** What a numeric option takes. */
interface Limit {
  readonly option: string;
  readonly whole: boolean;
  readonly min: number;
  readonly max: number;
  readonly what: string;
}

/**
 * The numeric options' bounds, by LoadTestOptions field. The maxima are well
 * above what a Casera deployment needs (3 nodes, at most 6,000 req/s); they
 * catch typos before they become traffic (`--nodes 1e3` once planned
 * 160,600,000 requests). `benchMaxRate` has no flag (the bench sets it).
 */
export const LIMITS = {
  nodes: { option: "--nodes", whole: true, min: 1, max: 100, what: "the nodes behind the URL" },
  rate: { option: "--rate", whole: true, min: 1, max: 50000, what: "requests per second; vegeta takes whole numbers" },
  maxRatePerNode: { option: "--max-rate-per-node", whole: true, min: 1, max: 10000, what: "requests per second per node; vegeta takes whole numbers" },
  workers: { option: "--workers", whole: true, min: 1, max: 10000, what: "connections" },
  benchMaxRate: { option: "benchMaxRate", whole: true, min: 1, max: 100000, what: "requests per second; vegeta takes whole numbers" },
  maxRequests: { option: "--max-requests", whole: true, min: 1, max: 1000000000, what: "requests" },
  stageSeconds: { option: "--stage-seconds", whole: false, min: 1, max: 3600, what: "seconds" },
  benchSeconds: { option: "--seconds", whole: false, min: 1, max: 3600, what: "seconds" },
  soakMinutes: { option: "--minutes", whole: false, min: 0.1, max: 1440, what: "minutes" },
} as const satisfies Record<string, Limit>;

/** `a whole number from 1 to 100 (the nodes behind the URL)`. */
const allowedNumber = (l: Limit): string => `a ${l.whole ? "whole " : ""}number from ${l.min} to ${l.max} (${l.what})`;

/** A library caller's number against its limit (the command line's text is checked by numberArg first). */
function checkNumber(l: Limit, v: number | undefined): void {
  if (v === undefined) return;
  if (!((l.whole ? Number.isSafeInteger(v) : Number.isFinite(v)) && v >= l.min && v <= l.max)) throw new UsageError(`${l.option} must be ${allowedNumber(l)}; got ${show(v)}`);
}

/**
 * An option's text as a number: plain decimal notation only. Number() also
 * takes `0x3`, `1e3` and `Infinity`, which nobody means on a command line;
 * a sign is refused with a message of its own.
 */
function decimalArg(option: string, text: string, allowed: string, whole: boolean): number {
  if (/^\s*-/.test(text)) throw new UsageError(`${option} must be ${allowed}; got ${show(text)}: a negative value is not allowed`);
  if (!(whole ? /^\d+$/ : /^(?:\d+(?:\.\d*)?|\.\d+)$/).test(text)) {
    throw new UsageError(`${option} must be ${allowed}, written in ${whole ? "plain decimal digits" : "plain decimal notation (e.g. 300 or 2.5)"}; got ${show(text)}`);
  }
  return Number(text);
}

/** A numeric option's text, checked against its limit, with the text quoted as given. */
function numberArg(l: Limit, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const x = decimalArg(l.option, text, allowedNumber(l), l.whole);
  if (x < l.min || x > l.max) throw new UsageError(`${l.option} must be ${allowedNumber(l)}; got ${show(text)}`);
  return x;
}

/** RFC 3986's path and query characters; anything else reaches a server only percent-encoded. */
const URL_PATH_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

/** The path as it could be written: a leading slash, the rest percent-encoded (UTF-8) where it must be. */
function suggestPath(p: string): string {
  const encoded = p.trim().replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/gu, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      return ""; // a lone surrogate: no encoding exists
    }
  });
  return encoded.startsWith("/") ? encoded : `/${encoded}`;
}

/**
 * A request path. It is appended to the base URL, so a full URL would land
 * after the host (`https://api.example.com/https://...`), and vegeta sends it
 * as written, so spaces and other characters must come percent-encoded.
 */
function checkPath(option: string, p: string): void {
  const allowed = `${option} must be a path on the base URL's host: starting with /, without whitespace, scheme or host, other characters percent-encoded (e.g. /api/items/?page=1)`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) || p.startsWith("//")) {
    throw new UsageError(`${allowed}; got ${show(p)}: a scheme and host belong in BASE_URL (or --base-url), and only the path here`);
  }
  const problems = [
    ...(p.startsWith("/") ? [] : ["it does not start with /"]),
    ...(/\s/.test(p) ? ["it contains whitespace"] : []),
    ...(URL_PATH_CHARS.test(p.replace(/\s/g, "")) ? [] : ["it contains characters to percent-encode"]),
  ];
  if (problems.length > 0) throw new UsageError(`${allowed}; got ${show(p)}: ${problems.join(", ")} (e.g. ${show(suggestPath(p))})`);
}

/**
 * Everything about the options that can be known before anything runs; throws
 * a UsageError naming the option, the value and what is allowed. runLoadTest
 * calls it first; the command line calls it before it prints the plan.
 * `baseUrlName` is what the messages call the base URL.
 */
export function checkOptions(opts: LoadTestOptions, baseUrlName = "the base URL"): void {
  const url = parseBaseUrl(opts.baseUrl, baseUrlName);
  const profile = opts.profile ?? "ramp";
  if (profile !== "ramp" && profile !== "soak" && profile !== "bench") throw new UsageError(`--profile must be ramp, soak or bench; got ${show(profile)}`);
  for (const key of Object.keys(LIMITS) as Array<keyof typeof LIMITS>) checkNumber(LIMITS[key], opts[key]);
  if (opts.mix) checkMix(opts.mix, `health=${opts.mix.health},read=${opts.mix.read},write=${opts.mix.write}`);
  const paths = { "--health-path": opts.healthPath, "--read-path": opts.readPath, "--write-path": opts.writePath };
  for (const [option, p] of Object.entries(paths)) if (p !== undefined) checkPath(option, p);

  const dial = dialAddress(url);
  const mapped = new Map<string, string>();
  for (const m of opts.connectTo ?? []) {
    const arg = connectToArg(m);
    const [host, port] = arg.split(":");
    if (`${host}:${port}` !== dial) {
      throw new UsageError(`--connect-to must map where ${baseUrlName} connects, ${dial} (e.g. ${dial}=203.0.113.5:${dial.split(":")[1]}); got ${show(m)}, which maps ${host}:${port} and would never apply`);
    }
    // vegeta spreads connections over the mappings in turn: one given twice would get twice its share.
    const earlier = mapped.get(arg);
    if (earlier !== undefined) throw new UsageError(`--connect-to ${show(m)} repeats ${show(earlier)}: that node would get twice the others' share; give each node once`);
    mapped.set(arg, m);
  }
  checkTls(opts, url, baseUrlName);
  if (opts.outDir !== undefined && opts.outDir.trim() === "") throw new UsageError(`--out (outDir) must name a folder; got ${show(opts.outDir)}: leave it out for a temporary one`);

  const stages = planStages(opts);
  for (const s of stages) {
    // The options above make these whole; a library caller's odd value must not reach vegeta either.
    if (!Number.isSafeInteger(s.rate) || s.rate < 1 || !(s.seconds > 0)) throw new UsageError(`stage ${s.name}: rate ${show(s.rate)} (a whole number >= 1) for ${show(s.seconds)} s (> 0)`);
  }
  const planned = plannedRequests(stages);
  if (opts.maxRequests !== undefined && planned > opts.maxRequests) {
    throw new UsageError(
      `the ${profile} profile could send ${planned} requests, more than --max-requests ${opts.maxRequests}: raise --max-requests to at least ${planned}, or plan fewer (--nodes, --rate, --max-rate-per-node, --stage-seconds, --minutes, --seconds)`,
    );
  }
}

/** --insecure and --ca: only for https://, not both (one contradicts the other), and CA files of certificates only. */
function checkTls(opts: LoadTestOptions, url: URL, baseUrlName: string): void {
  const caFiles = opts.caFiles ?? [];
  if (url.protocol === "http:" && opts.insecureSkipTlsVerify) {
    throw new UsageError(`--insecure applies only to an https:// URL (plain HTTP has no certificate to check); ${baseUrlName} is ${show(opts.baseUrl)}: drop --insecure or use https://`);
  }
  if (url.protocol === "http:" && caFiles.length > 0) {
    throw new UsageError(`--ca applies only to an https:// URL (plain HTTP has no certificate to check); got --ca ${show(caFiles[0])} with ${baseUrlName} ${show(opts.baseUrl)}: drop --ca or use https://`);
  }
  if (opts.insecureSkipTlsVerify && caFiles.length > 0) {
    throw new UsageError(
      `--ca and --insecure cannot go together: --insecure accepts any certificate, so --ca ${show(caFiles[0])} would never be checked; drop --insecure to check the certificate against --ca (or drop --ca to accept any certificate)`,
    );
  }
  for (const file of caFiles) checkCaFile(file, opts.cwd);
}

/**
 * A --ca file: readable PEM holding CA certificates and nothing else. A
 * private key in it is refused (and never printed): it belongs on the
 * server, and a copy on the load generator is a leak; other blocks would be
 * ignored by vegeta without a word.
 */
function checkCaFile(file: string, cwd: string | undefined): void {
  const abs = resolveFile(file, cwd);
  if (abs.includes(",")) throw new UsageError(`--ca must be a file name without a comma (vegeta splits its list on commas); got ${showFile(file, cwd)}`);
  let text: string;
  try {
    text = readUserFile(abs, CA_MAX_BYTES);
  } catch (err) {
    if (err instanceof FileRefused) throw new UsageError(`--ca must be a regular file of at most ${formatBytes(CA_MAX_BYTES)} (PEM, CA certificates only); got ${showFile(file, cwd)} (${err.message})`);
    throw new UsageError(`--ca must be a readable PEM file of CA certificates; got ${showFile(file, cwd)} (${why(err)})`);
  }
  const labels = (text.match(/-----BEGIN [^\r\n-]*-----/g) ?? []).map((b) => b.slice("-----BEGIN ".length, -"-----".length).trim());
  const key = labels.find((l) => /PRIVATE KEY/.test(l));
  if (key) {
    throw new UsageError(`--ca must hold only CA certificates, never a private key; got ${showFile(file, cwd)} (it holds a "${key}" block): give a file with only the CERTIFICATE blocks; the key stays on the server`);
  }
  const other = labels.find((l) => l !== "CERTIFICATE");
  if (other) throw new UsageError(`--ca must hold only CA certificates (CERTIFICATE blocks; vegeta would ignore the rest); got ${showFile(file, cwd)} (it holds a "${other}" block)`);
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (pems.length === 0) throw new Error("no -----BEGIN CERTIFICATE----- block in it");
    for (const pem of pems) new X509Certificate(pem);
  } catch (err) {
    throw new UsageError(`--ca must be a PEM file of CA certificates; got ${showFile(file, cwd)} (${(err as Error).message})`);
  }
}

/** An output file (--summary-json): a file, or a new one in a folder this user can write to. */
function checkOutputFile(option: string, file: string, cwd: string | undefined): void {
  const abs = resolveFile(file, cwd);
  const allowed = `${option} must be a writable file, or a new one in an existing folder this user can write to`;
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new UsageError(`${allowed}; got ${showFile(file, cwd)} (${why(err)})`);
  }
  if (st?.isDirectory()) throw new UsageError(`${allowed}; got ${showFile(file, cwd)} (it is a folder)`);
  const dir = path.dirname(abs);
  try {
    if (st) fs.accessSync(abs, fs.constants.W_OK);
    else if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: "ENOTDIR" });
    else fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = st ? "not writable" : code === "ENOENT" ? `folder ${dir} does not exist` : code === "ENOTDIR" ? `${dir} is not a folder` : `folder ${dir} is not writable`;
    throw new UsageError(`${allowed}; got ${showFile(file, cwd)} (${reason})`);
  }
  // Permissions do not tell everything (root may "write" to /proc, where no file can be made): open it as the end of the run will.
  try {
    fs.closeSync(fs.openSync(abs, "a"));
    if (!st) fs.rmSync(abs, { force: true });
  } catch (err) {
    throw new UsageError(`${allowed}; got ${showFile(file, cwd)} (cannot open it for writing: ${why(err)})`);
  }
}

/** An output folder (--out): a folder this user can write to, made here when missing (so a place no folder can be made fails now). */
function checkOutputDir(option: string, dir: string, cwd: string | undefined): void {
  const allowed = `${option} must be a folder this user can write to (made if missing)`;
  const target = resolveFile(dir, cwd);
  const missing: string[] = [];
  for (let p = target; ; p = path.dirname(p)) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw new UsageError(`${allowed}; got ${showFile(dir, cwd)} (${why(err)})`);
    }
    if (st) {
      if (!st.isDirectory()) throw new UsageError(`${allowed}; got ${showFile(dir, cwd)} (${p} is a file)`);
      try {
        fs.accessSync(p, fs.constants.W_OK | fs.constants.X_OK);
      } catch {
        throw new UsageError(`${allowed}; got ${showFile(dir, cwd)} (${p} is not writable)`);
      }
      break;
    }
    missing.unshift(p);
    if (path.dirname(p) === p) break;
  }
  // One level at a time: Node's recursive mkdir spins forever under /proc, where a plain mkdir fails at once.
  for (const p of missing) {
    try {
      fs.mkdirSync(p);
    } catch (err) {
      throw new UsageError(`${allowed}; got ${showFile(dir, cwd)} (cannot make ${p}: ${why(err)})`);
    }
  }
}

/** The vegeta binary named by --vegeta or CASERA_VEGETA: it must run and say its version. */
function checkVegeta(name: string, file: string, cwd: string | undefined): void {
  const exe = executable(file, cwd);
  const given = exe === file ? show(file) : showFile(file, cwd);
  // Running a folder fails with EACCES, which reads as a permission problem.
  if (exe.includes("/") && fs.statSync(exe, { throwIfNoEntry: false })?.isDirectory()) {
    const inside = path.join(exe, "vegeta");
    const hint = fs.statSync(inside, { throwIfNoEntry: false })?.isFile() ? `, e.g. ${inside}` : "";
    throw new UsageError(`${name} must be the vegeta binary (an executable file); got ${given}, which is a folder: give the path to the vegeta binary itself${hint}`);
  }
  const r = spawnSync(exe, ["-version"], { encoding: "utf8", timeout: 10000 });
  if (r.error) throw new UsageError(`${name} must be the vegeta binary (an executable file); got ${given} (${why(r.error)})`);
  if (r.status !== 0 || !/Version:/.test(r.stdout)) throw new UsageError(`${name} must be the vegeta binary; got ${given}, whose -version said no "Version:" (exit ${r.status})`);
}

// ---------------------------------------------------------------------------
// Running

/** Port numbers as a URL has them. */
const isPort = (p: string): boolean => Number(p) >= 1 && Number(p) <= 65535;

/** A host name's label: letters, digits and inner hyphens, at most 63 characters (RFC 1123). */
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * Why `host` cannot be one side of a --connect-to mapping, or undefined when
 * it can: an IPv4 address or a host name. A name whose last label is all
 * digits is taken for an IPv4 address (no top-level domain is numeric), so
 * `999.1.1.1` is refused, not looked up. vegeta's -connect-to splits its
 * value at every ":", so an IPv6 address cannot reach it at all.
 */
function addressProblem(host: string): string | undefined {
  if (host.startsWith("[")) {
    const inner = host.slice(1, -1);
    return net.isIPv6(inner) ? `${inner} is an IPv6 address, which vegeta's -connect-to cannot take since it splits its value at each ":"; give an IPv4 address, or a host name that resolves to it` : `${host} is not a valid IPv6 address`;
  }
  const labels = host.replace(/\.$/, "").split(".");
  if (/^\d+$/.test(labels[labels.length - 1])) return net.isIPv4(host) ? undefined : `${host} is not a valid IPv4 address: four numbers from 0 to 255, e.g. 203.0.113.5`;
  if (host.length > 253 || !labels.every((l) => HOST_LABEL.test(l))) return `${host} is not a valid host name: dot-separated labels of letters, digits and hyphens, at most 63 characters each`;
  return undefined;
}

/** `host:port=address:port` (or vegeta's own `host:port:address:port`) into vegeta's form. */
export function connectToArg(mapping: string): string {
  const allowed = `--connect-to wants host:port=address:port (an IPv4 address or a host name, ports 1-65535), e.g. api.example.com:443=203.0.113.5:443; got ${show(mapping)}`;
  const m = /^(\[[^\]]*\]|[^:=\s[\]]+):(\d+)[=:](\[[^\]]*\]|[^:=\s[\]]+):(\d+)$/.exec(mapping.trim());
  if (!m || !isPort(m[2]) || !isPort(m[4])) throw new UsageError(allowed);
  const problem = addressProblem(m[1]) ?? addressProblem(m[3]);
  if (problem) throw new UsageError(`${allowed} (${problem})`);
  // The URL's host name reaches vegeta in lower case; the mapping must match it.
  return `${m[1].toLowerCase()}:${Number(m[2])}:${m[3]}:${Number(m[4])}`;
}

function run(argv: readonly string[], opts: { timeoutMs: number; stdout?: string }): Promise<{ status: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs);
    const stop = () => child.kill("SIGTERM");
    process.once("SIGINT", stop);
    child.on("error", (err) => {
      clearTimeout(timer);
      process.removeListener("SIGINT", stop);
      reject(err);
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      process.removeListener("SIGINT", stop);
      resolve({ status, stderr, stdout });
    });
  });
}

const ns = (x: number) => x / 1e6;

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}

function latencies(sortedMs: readonly number[]): Latencies {
  const sum = sortedMs.reduce((a, b) => a + b, 0);
  return {
    mean: sortedMs.length ? sum / sortedMs.length : 0,
    p50: percentile(sortedMs, 0.5),
    p90: percentile(sortedMs, 0.9),
    p95: percentile(sortedMs, 0.95),
    p99: percentile(sortedMs, 0.99),
    max: sortedMs.length ? sortedMs[sortedMs.length - 1] : 0,
  };
}

/** Per-endpoint figures from `vegeta encode`, read line by line. */
async function perEndpoint(vegeta: string, bin: string, targets: readonly Target[]): Promise<EndpointResult[]> {
  const byKey = new Map<string, { t: Target; lat: number[]; errors: number }>();
  for (const t of targets) byKey.set(`${t.method} ${t.url}`, { t, lat: [], errors: 0 });
  const child = spawn(vegeta, ["encode", "--to", "json", bin], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const lines = readline.createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (!line) continue;
    const r = JSON.parse(line) as { method: string; url: string; code: number; latency: number; error: string };
    const slot = byKey.get(`${r.method} ${r.url}`);
    if (!slot) continue;
    slot.lat.push(ns(r.latency));
    if (r.error || r.code < 200 || r.code >= 400) slot.errors++;
  }
  const status: number | null = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("close", resolve)));
  if (status !== 0) throw new Error(`vegeta encode failed: ${stderr.trim()}`);
  return [...byKey.values()].map(({ t, lat, errors }) => ({
    name: t.name,
    method: t.method,
    path: t.path,
    requests: lat.length,
    errors,
    latencyMs: latencies(lat.sort((a, b) => a - b)),
  }));
}

interface VegetaReport {
  latencies: { mean: number; "50th": number; "90th": number; "95th": number; "99th": number; max: number };
  requests: number;
  rate: number;
  throughput: number;
  success: number;
  status_codes: Record<string, number>;
  errors: string[] | null;
}

async function runStage(vegeta: string, stage: Stage, index: number, targetsFile: string, targets: readonly Target[], dir: string, opts: LoadTestOptions, thresholds: Thresholds): Promise<StageResult> {
  const bin = path.join(dir, `${String(index).padStart(2, "0")}-${stage.name.replace(/[^a-z0-9]+/gi, "-")}.bin`);
  const workers = stage.workers ?? Math.min(100, Math.max(4, Math.ceil(stage.rate / 20)));
  // Open model: enough workers for 2 s of latency at the offered rate, and no more (Little's law), so a stalled service shows as "not kept up" instead of unbounded client growth.
  const maxWorkers = stage.workers ?? Math.max(100, stage.rate * 2);
  const args = [
    vegeta, "attack", "-format=json", `-targets=${targetsFile}`, `-output=${bin}`, `-name=${stage.name}`,
    `-rate=${stage.rate}/1s`, `-duration=${stage.seconds}s`, `-workers=${workers}`, `-max-workers=${maxWorkers}`,
    "-timeout=10s", "-max-body=0", "-redirects=0", `-keepalive=${opts.keepalive ?? true}`,
  ];
  for (const m of opts.connectTo ?? []) args.push(`-connect-to=${connectToArg(m)}`);
  if (opts.caFiles?.length) args.push(`-root-certs=${opts.caFiles.map((f) => resolveFile(f, opts.cwd)).join(",")}`);
  if (opts.insecureSkipTlsVerify === true) args.push("-insecure");
  const attack = await run([...(opts.wrap ?? []), ...args], { timeoutMs: (stage.seconds + 30) * 1000 });
  if (attack.status !== 0 || !fs.existsSync(bin)) throw new Error(`vegeta attack (${stage.name}) failed (${attack.status}): ${attack.stderr.trim().slice(0, 2000)}`);

  const report = await run([vegeta, "report", "-type=json", bin], { timeoutMs: 120000 });
  if (report.status !== 0) throw new Error(`vegeta report failed: ${report.stderr.trim()}`);
  const r = JSON.parse(report.stdout) as VegetaReport;
  const errorRate = r.requests > 0 ? 1 - r.success : 1;
  const latencyMs: Latencies = { mean: ns(r.latencies.mean), p50: ns(r.latencies["50th"]), p90: ns(r.latencies["90th"]), p95: ns(r.latencies["95th"]), p99: ns(r.latencies["99th"]), max: ns(r.latencies.max) };
  const checks = evaluateStage(stage, { requests: r.requests, errorRate, p95Ms: latencyMs.p95, sentRate: r.rate }, thresholds);
  return {
    name: stage.name,
    model: stage.model,
    rate: stage.rate,
    workers: stage.workers,
    seconds: stage.seconds,
    evaluated: stage.evaluated,
    requests: r.requests,
    throughput: r.throughput,
    sentRate: r.rate,
    errorRate,
    latencyMs,
    statusCodes: r.status_codes,
    errors: (r.errors ?? []).slice(0, 5),
    endpoints: await perEndpoint(vegeta, bin, targets),
    checks,
    passed: checks.every((c) => c.ok),
  };
}

/** The base URL as the summary shows it: scheme, host, port and path prefix (checkOptions refuses credentials and query strings). */
const publicTarget = (baseUrl: string): string => {
  const u = new URL(baseUrl);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
};

/**
 * Throws NoAnswerError when none of the stage's requests got an HTTP answer
 * (vegeta records status 0 for a connection, DNS or TLS error). Called on the
 * warm-up: a dead target, a wrong --connect-to or an untrusted certificate
 * would otherwise climb the whole ramp against nothing and end as a load
 * result ("capacity: 0", exit 99) that says nothing about capacity.
 */
function checkAnswered(stage: StageResult, target: string): void {
  const answered = Object.entries(stage.statusCodes).some(([code, n]) => code !== "0" && n > 0);
  if (stage.requests === 0 || answered) return;
  const first = stage.errors[0];
  throw new NoAnswerError(
    `${target} never answered: none of the warm-up's ${stage.requests} requests got an HTTP response (all were connection, DNS or TLS errors), so the test stopped there; ` +
      `vegeta's first error: ${first === undefined ? "none recorded" : JSON.stringify(first.slice(0, 500))}. Check the URL, --connect-to and --ca, and that the API is up`,
  );
}

/** Runs a profile against `baseUrl` and returns its summary. Throws when the test cannot run (NoAnswerError when the target never answered the warm-up). */
export async function runLoadTest(opts: LoadTestOptions): Promise<Summary> {
  checkOptions(opts);
  const profile = opts.profile ?? "ramp";
  const nodes = opts.nodes ?? 3;
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...opts.thresholds };
  const stages = planStages(opts);
  const planned = plannedRequests(stages);
  const vegeta = opts.vegeta !== undefined ? executable(opts.vegeta, opts.cwd) : vegetaPath();
  if (!vegeta) throw new Error("vegeta not found: run `npm run toolchain` (or `bash scripts/toolchain.sh --tools`), or set CASERA_VEGETA");
  const version = (await run([vegeta, "-version"], { timeoutMs: 10000 })).stdout.match(/Version:\s*(\S+)/)?.[1] ?? "unknown";
  const paths = { health: opts.healthPath ?? "/api/health/", read: opts.readPath ?? "/api/static_data/", write: opts.writePath ?? "/api/tasks/" };
  const targets = buildTargets(opts, paths);

  // Only a folder made here is removed at the end; a given --out is the user's and is kept whole.
  const madeDir = opts.outDir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), "casera-loadtest-")) : undefined;
  const dir = madeDir ?? resolveFile(opts.outDir as string, opts.cwd);
  fs.mkdirSync(dir, { recursive: true });
  // The targets carry the Authorization header: a private file, removed at the end.
  const targetsFile = path.join(dir, `.targets-${randomBytes(4).toString("hex")}.json`);
  fs.writeFileSync(
    targetsFile,
    targets.map((t) => JSON.stringify({ method: t.method, url: t.url, header: t.header, ...(t.body !== undefined ? { body: Buffer.from(t.body).toString("base64") } : {}) })).join("\n") + "\n",
    { mode: 0o600 },
  );
  const startedAt = new Date().toISOString();
  const results: StageResult[] = [];
  try {
    for (const [i, stage] of stages.entries()) {
      opts.log?.(`${stage.name}: ${stage.model === "open" ? `${stage.rate} req/s` : `${stage.workers} connections (at most ${stage.rate} req/s)`} for ${stage.seconds} s`);
      const result = await runStage(vegeta, stage, i, targetsFile, targets, dir, opts, thresholds);
      results.push(result);
      opts.log?.(`${stage.name}: ${result.requests} requests, ${result.throughput.toFixed(0)} ok/s, p95 ${result.latencyMs.p95.toFixed(1)} ms, errors ${(result.errorRate * 100).toFixed(2)}%${result.evaluated && !result.passed ? " (threshold crossed)" : ""}`);
      if (i === 0) checkAnswered(result, publicTarget(opts.baseUrl));
      if (!stage.evaluated || result.passed) continue;
      if (profile === "ramp" && (opts.abortOnFail ?? true)) {
        opts.log?.("stopping the ramp: this stage crossed a threshold, so the capacity is found");
        break;
      }
      if (profile === "soak" && result.errorRate >= 0.1) {
        opts.log?.("stopping the soak: 10% or more of the requests fail");
        break;
      }
    }
  } finally {
    fs.rmSync(targetsFile, { force: true });
    if (madeDir !== undefined) fs.rmSync(madeDir, { recursive: true, force: true });
  }
  const v = verdict(profile, nodes, results);
  return {
    tool: `vegeta ${version}`,
    profile,
    target: publicTarget(opts.baseUrl),
    nodes,
    mix: opts.mix ?? DEFAULT_MIX,
    paths,
    keepalive: opts.keepalive ?? true,
    thresholds,
    plan: { perNode: PLAN_PER_NODE_RPS, clusterLow: PLAN_PER_NODE_RPS.low * nodes, clusterHigh: PLAN_PER_NODE_RPS.high * nodes },
    plannedRequests: planned,
    startedAt,
    stages: results,
    capacity: v.capacity,
    passed: v.passed,
    verdict: v.lines,
  };
}

// ---------------------------------------------------------------------------
// The summary a person reads

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const int = (x: number) => Math.round(x).toLocaleString("en-US");

/** The human-readable summary (what handleSummary prints in k6). */
export function formatSummary(s: Summary): string {
  const out: string[] = [];
  const m = s.mix;
  const t = s.thresholds;
  out.push(`casera load test: ${s.profile} against ${s.target} (${nodesText(s.nodes)}; ${s.tool}; ${s.keepalive ? "kept-alive connections" : "a new connection per request"})`);
  out.push(`mix per ${m.health + m.read + m.write} requests: ${m.health} GET ${s.paths.health}, ${m.read} GET ${s.paths.read}, ${m.write} POST ${s.paths.write}`);
  out.push(`thresholds: errors < ${(t.maxErrorRate * 100).toFixed(0)}%, p95 < ${t.p95Ms} ms, open stages send >= ${(t.minKeptUp * 100).toFixed(0)}% of the offered rate`);
  out.push(`plan: ${int(s.plan.perNode.low)}-${int(s.plan.perNode.high)} req/s per node = ${int(s.plan.clusterLow)}-${int(s.plan.clusterHigh)} for ${nodesText(s.nodes)}`);
  out.push("");
  const header = `${pad("stage", 16)}${lpad("offered", 10)}${lpad("ok/s", 9)}${lpad("requests", 10)}${lpad("errors", 8)}${lpad("p50", 8)}${lpad("p95", 8)}${lpad("p99", 8)}${lpad("max", 8)}  result`;
  out.push(header);
  for (const st of s.stages) {
    const offered = st.model === "open" ? `${int(st.rate)}/s` : `${st.workers} conn`;
    const failed = st.checks.filter((c) => !c.ok).map((c) => c.detail);
    const result = !st.evaluated ? "(warm-up)" : failed.length === 0 ? "ok" : `FAIL: ${failed.join("; ")}`;
    out.push(
      `${pad(st.name, 16)}${lpad(offered, 10)}${lpad(int(st.throughput), 9)}${lpad(int(st.requests), 10)}${lpad(`${(st.errorRate * 100).toFixed(2)}%`, 8)}` +
        `${lpad(ms(st.latencyMs.p50), 8)}${lpad(ms(st.latencyMs.p95), 8)}${lpad(ms(st.latencyMs.p99), 8)}${lpad(ms(st.latencyMs.max), 8)}  ${result}`,
    );
  }
  out.push("(latencies in ms, at the client)");
  // Per endpoint over the evaluated stages.
  const agg = new Map<string, { requests: number; errors: number; worstP95: number }>();
  for (const st of s.stages.filter((x) => x.evaluated)) {
    for (const e of st.endpoints) {
      const key = `${e.method} ${e.path}`;
      const a = agg.get(key) ?? { requests: 0, errors: 0, worstP95: 0 };
      agg.set(key, { requests: a.requests + e.requests, errors: a.errors + e.errors, worstP95: Math.max(a.worstP95, e.latencyMs.p95) });
    }
  }
  if (agg.size > 0) {
    out.push("");
    out.push("per endpoint (evaluated stages): requests, errors, worst stage p95");
    for (const [key, a] of agg) out.push(`  ${pad(key, 40)}${lpad(int(a.requests), 10)}${lpad(int(a.errors), 8)}${lpad(`${ms(a.worstP95)} ms`, 12)}`);
  }
  const codes = new Map<string, number>();
  const errors = new Set<string>();
  for (const st of s.stages) {
    for (const [c, n] of Object.entries(st.statusCodes)) codes.set(c, (codes.get(c) ?? 0) + n);
    st.errors.forEach((e) => errors.add(e));
  }
  out.push(`status codes: ${[...codes].map(([c, n]) => `${c === "0" ? "no response" : c} x ${int(n)}`).join(", ") || "none"}`);
  if (errors.size > 0) out.push(`errors: ${[...errors].slice(0, 5).join(" | ")}`);
  out.push("");
  for (const line of s.verdict) out.push(line);
  out.push(`result: ${s.passed ? "PASS" : "FAIL"}`);
  return out.join("\n") + "\n";
}

// ---------------------------------------------------------------------------
// Command line

const USAGE = `usage: npm run loadtest -- --base-url URL [options]     (or BASE_URL=URL)

  --profile ramp|soak|bench   ramp (default): light load up to the plan's high estimate in steps;
                              soak: a steady rate for --minutes; bench: a short latency + throughput run
  --nodes N                   nodes behind the URL; thresholds scale with it (default 3, at most ${LIMITS.nodes.max})
  --stage-seconds N           ramp: seconds per step (default 30, at most ${LIMITS.stageSeconds.max})
  --max-rate-per-node N       ramp: the last step, per node (default ${PLAN_PER_NODE_RPS.high}, at most ${LIMITS.maxRatePerNode.max})
  --no-abort                  ramp: keep going after a step crosses a threshold
  --minutes N                 soak: length (default 30, at most ${LIMITS.soakMinutes.max})
  --rate N                    soak: total req/s (default ${PLAN_PER_NODE_RPS.low / 2} per node); bench: latency phase rate (default 200); at most ${LIMITS.rate.max}
  --workers N, --seconds N    bench: connections of the throughput phase (32, at most ${LIMITS.workers.max}), seconds per phase (5)
  --health-path, --read-path, --write-path P   paths starting with /, other characters percent-encoded
  --write-body JSON|@file
  --mix health=1,read=7,write=2
  --connect-to host:port=address:port   connect there instead of DNS (IPv4 or a host name; repeat to spread over nodes)
  --ca FILE                   also trust this CA (PEM, certificates only), e.g. to test the origin with its certificate
  --insecure                  accept any TLS certificate (never the default; not with --ca)
  --no-keepalive              a new connection (and TLS handshake) per request
  --p95-ms N, --max-error-pct N   other thresholds than the plan's (300 ms, 1%)
  --max-requests N            refuse to start when the profile could send more
  --summary-json FILE         also write the summary as JSON
  --out DIR                   keep vegeta's raw results (vegeta report/plot DIR/*.bin)
  --vegeta FILE               the vegeta binary (default: CASERA_VEGETA, else the one npm run toolchain builds)

environment: BASE_URL; CASERA_LOADTEST_AUTHORIZATION (an Authorization header value, e.g. "Token ..."; never printed);
CASERA_VEGETA (the vegeta binary, as --vegeta). Numbers are plain decimals (whole ones for N); relative file names are
taken from the folder npm was run from (INIT_CWD).
exit status: 0 every threshold held, 99 a threshold was crossed, 1 the test could not run (e.g. the target never
answered the warm-up), 2 bad arguments
Point it only at a deployment you operate.`;

/** Options that shape only some profiles' stages. */
const PROFILE_OPTIONS: Record<string, readonly string[]> = {
  "stage-seconds": ["ramp"],
  "max-rate-per-node": ["ramp"],
  "no-abort": ["ramp"],
  minutes: ["soak"],
  rate: ["soak", "bench"],
  workers: ["bench"],
  seconds: ["bench"],
};

/** The command line's options, for parseArgs. */
const CLI_OPTIONS = {
  "base-url": { type: "string" },
  profile: { type: "string" },
  nodes: { type: "string" },
  "stage-seconds": { type: "string" },
  "max-rate-per-node": { type: "string" },
  "no-abort": { type: "boolean" },
  minutes: { type: "string" },
  rate: { type: "string" },
  workers: { type: "string" },
  seconds: { type: "string" },
  "health-path": { type: "string" },
  "read-path": { type: "string" },
  "write-path": { type: "string" },
  "write-body": { type: "string" },
  mix: { type: "string" },
  "connect-to": { type: "string", multiple: true },
  ca: { type: "string", multiple: true },
  insecure: { type: "boolean" },
  "no-keepalive": { type: "boolean" },
  "p95-ms": { type: "string" },
  "max-error-pct": { type: "string" },
  "max-requests": { type: "string" },
  "summary-json": { type: "string" },
  out: { type: "string" },
  vegeta: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `--nodes -3` as `--nodes=-3`. parseArgs takes a value that starts with a
 * dash for a forgotten one ("argument is ambiguous"); a negative number is a
 * value, which the checks then refuse with a message of ours.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const option = a.startsWith("--") ? (CLI_OPTIONS as Record<string, { type: string }>)[a.slice(2)] : undefined;
    if (option?.type === "string" && /^-[\d.]/.test(argv[i + 1] ?? "")) out.push(`${a}=${argv[++i]}`);
    else out.push(a);
  }
  return out;
}

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): LoadTestOptions & { summaryJson?: string } {
  const { values, tokens } = parseArgs({ args: joinNegativeValues(argv), options: CLI_OPTIONS, strict: true, allowPositionals: false, tokens: true });
  if (values.help) throw new UsageError("");
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    // An empty value is never meant: `--out ""` would be the folder npm ran from, `--vegeta ""` no program at all.
    if (t.value !== undefined && t.value.trim() === "") throw new UsageError(`--${t.name} needs a value; got ${show(t.value)}: give one, or leave the option out for its default`);
    const multiple = (CLI_OPTIONS as Record<string, { multiple?: boolean }>)[t.name]?.multiple === true;
    if (!multiple && seen.has(t.name)) throw new UsageError(`--${t.name} is given twice; give it once (only --connect-to and --ca repeat)`);
    seen.add(t.name);
  }
  const profileGiven = values.profile ?? "ramp";
  for (const [option, profiles] of Object.entries(PROFILE_OPTIONS)) {
    if (seen.has(option) && !profiles.includes(profileGiven)) {
      throw new UsageError(`--${option} applies to --profile ${profiles.join(" and ")} only; got it with --profile ${profileGiven}, where it would do nothing: drop it, or choose that profile`);
    }
  }
  if (env.CASERA_VEGETA !== undefined && env.CASERA_VEGETA !== "" && env.CASERA_VEGETA.trim() === "") throw new UsageError(`CASERA_VEGETA must name the vegeta binary; got ${show(env.CASERA_VEGETA)}: unset it to use the toolchain's`);
  const cwd = userCwd(env);
  const baseUrl = values["base-url"] ?? env.BASE_URL;
  if (!baseUrl) throw new UsageError("no target: give --base-url or BASE_URL");
  const baseUrlName = values["base-url"] !== undefined ? "--base-url" : "BASE_URL";
  const profile = values.profile ?? "ramp";
  if (profile !== "ramp" && profile !== "soak" && profile !== "bench") throw new UsageError(`--profile must be ramp, soak or bench; got ${show(profile)}`);
  const mix = values.mix !== undefined ? parseMix(values.mix) : undefined;
  let writeBody = values["write-body"];
  // A body from a file is never quoted back: the file may not be the one meant, and may hold secrets.
  const bodyFile = writeBody?.startsWith("@") ? writeBody.slice(1) : undefined;
  if (bodyFile !== undefined) {
    try {
      writeBody = readUserFile(resolveFile(bodyFile, cwd), BODY_MAX_BYTES);
    } catch (err) {
      if (err instanceof FileRefused) throw new UsageError(`--write-body @FILE must name a regular file of at most ${formatBytes(BODY_MAX_BYTES)} (the JSON body); got ${showFile(bodyFile, cwd)} (${err.message})`);
      throw new UsageError(`--write-body @FILE must name a readable file of JSON; got ${showFile(bodyFile, cwd)} (${why(err)})`);
    }
  }
  if (writeBody !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(writeBody);
    } catch (err) {
      if (bodyFile !== undefined) throw new UsageError(`--write-body @FILE must name a file of JSON; got ${showFile(bodyFile, cwd)}, which is not JSON: ${notJsonReason(writeBody, err)}`);
      throw new UsageError(`--write-body must be JSON, or @FILE naming a file of JSON (e.g. '{"name":"loadtest"}'); got ${show(writeBody)} (${(err as Error).message})`);
    }
    if (typeof parsed !== "object" || parsed === null) {
      const kind = `a JSON ${parsed === null ? "null" : typeof parsed}`;
      const given = bodyFile !== undefined ? `@${showFile(bodyFile, cwd)}, which holds ${kind}` : `${show(writeBody)}, ${kind}`;
      throw new UsageError(`--write-body must be a JSON object or array, the body the API's write takes (e.g. '{"name":"loadtest"}'); got ${given}`);
    }
  }
  const p95Allowed = "a number of milliseconds > 0";
  const p95 = values["p95-ms"] !== undefined ? decimalArg("--p95-ms", values["p95-ms"], p95Allowed, false) : undefined;
  if (p95 !== undefined && !(p95 > 0)) throw new UsageError(`--p95-ms must be ${p95Allowed}; got ${show(values["p95-ms"])}`);
  const errorPctAllowed = "a percentage from 0 to 100";
  const errorPct = values["max-error-pct"] !== undefined ? decimalArg("--max-error-pct", values["max-error-pct"], errorPctAllowed, false) : undefined;
  if (errorPct !== undefined && !(errorPct >= 0 && errorPct <= 100)) throw new UsageError(`--max-error-pct must be ${errorPctAllowed}; got ${show(values["max-error-pct"])}`);
  const opts: LoadTestOptions & { summaryJson?: string } = {
    baseUrl,
    profile,
    nodes: numberArg(LIMITS.nodes, values.nodes),
    stageSeconds: numberArg(LIMITS.stageSeconds, values["stage-seconds"]),
    maxRatePerNode: numberArg(LIMITS.maxRatePerNode, values["max-rate-per-node"]),
    abortOnFail: !values["no-abort"],
    soakMinutes: numberArg(LIMITS.soakMinutes, values.minutes),
    rate: numberArg(LIMITS.rate, values.rate),
    workers: numberArg(LIMITS.workers, values.workers),
    benchSeconds: numberArg(LIMITS.benchSeconds, values.seconds),
    healthPath: values["health-path"],
    readPath: values["read-path"],
    writePath: values["write-path"],
    writeBody,
    mix,
    authorization: env.CASERA_LOADTEST_AUTHORIZATION || undefined,
    connectTo: values["connect-to"],
    caFiles: values.ca,
    insecureSkipTlsVerify: values.insecure === true,
    keepalive: !values["no-keepalive"],
    thresholds: { ...(p95 !== undefined ? { p95Ms: p95 } : {}), ...(errorPct !== undefined ? { maxErrorRate: errorPct / 100 } : {}) },
    maxRequests: numberArg(LIMITS.maxRequests, values["max-requests"]),
    summaryJson: values["summary-json"],
    outDir: values.out,
    vegeta: values.vegeta ?? (env.CASERA_VEGETA || undefined),
    cwd,
  };
  checkOptions(opts, baseUrlName);
  if (opts.summaryJson !== undefined) checkOutputFile("--summary-json", opts.summaryJson, cwd);
  if (opts.vegeta !== undefined) checkVegeta(values.vegeta !== undefined ? "--vegeta" : "CASERA_VEGETA", opts.vegeta, cwd);
  // Last: it makes the folder when missing, which no later refusal should leave behind.
  if (opts.outDir !== undefined) checkOutputDir("--out", opts.outDir, cwd);
  return opts;
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let opts: ReturnType<typeof parseCli>;
  try {
    opts = parseCli(argv, process.env);
  } catch (err) {
    const msg = (err as Error).message;
    // --help asked for the usage: it goes to stdout, as every CLI here prints it.
    if (err instanceof UsageError && !msg) {
      console.log(USAGE);
      return 0;
    }
    console.error(`loadtest: ${msg}`);
    console.error(USAGE);
    return 2; // parseArgs's own errors (an unknown option, a missing value) are usage errors too
  }
  try {
    const stages = planStages(opts);
    console.error(`loadtest: ${opts.profile} against ${publicTarget(opts.baseUrl)}: ${stages.length} stages, ${stages.reduce((n, s) => n + s.seconds, 0)} s, at most ${int(plannedRequests(stages))} requests`);
    const summary = await runLoadTest({ ...opts, log: (line) => console.error(`loadtest: ${line}`) });
    process.stdout.write(formatSummary(summary));
    if (opts.summaryJson) fs.writeFileSync(resolveFile(opts.summaryJson, opts.cwd), JSON.stringify(summary, null, 2) + "\n");
    return summary.passed ? 0 : 99;
  } catch (err) {
    console.error(`loadtest: could not run: ${(err as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  main().then((code) => {
    process.exitCode = code;
  });
}
