import { spawnSync } from "child_process";
import { builtinModules } from "module";
import { parseArgs } from "util";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Synth benchmark: the full Casera app against an empty cdktf app, each
 * synthesized several times in a child process of the same kind, its peak
 * memory, and the time of the construct unit tests. The ratio that counts is
 * the one measured as the npm scripts run TypeScript (`node -r
 * ./scripts/ts-cached.js`); the Casera child does what `npm run synth` does
 * (clear the old stacks, build, synth, read the result back and format the
 * summary). Targets: Casera/empty wall-time ratio at most 1.5, peak memory
 * under 500 MB. It prints figures and never fails on a missed target;
 * `--strict` makes a missed target exit 1.
 */

const repo = path.join(__dirname, "..");

/**
 * `empty`: `new App().synth()`. `casera`: what `npm run synth` does.
 * `plain`: cdktf alone writing what Casera's synth wrote, every resource and
 * output as a plain `TerraformResource`/`TerraformOutput` with its
 * attributes as overrides (no constructs, bindings, tokens, YAML or checks):
 * the least any app with these resources pays cdktf.
 * `least`: `plain` plus the work Casera's synth cannot skip while it uses the
 * libraries it must (`yaml` for YAML, `sshpk` for SSH keys, `ipaddr.js` for
 * addresses, the provider bindings): loading them, parsing compose/casera.stack.yml and
 * swarm/cloud-init.yaml, and writing cloud-init from its template once per
 * server (without the files it embeds). No construct, check or token: a lower
 * bound of Casera's own synth.
 */
export type AppKind = "empty" | "casera" | "plain" | "least";

/**
 * How a child loads TypeScript: `npm` (scripts/ts-cached.js, as the npm
 * scripts run: transpiled once, then from its cache), `compiled` (tsc output
 * of main.ts and everything it imports, as a packaged consumer runs) or
 * `ts-node` (`ts-node --transpile-only`, as the npm scripts ran before
 * ts-cached.js: every file transpiled on every run).
 */
export interface Runtime {
  readonly kind: "npm" | "ts-node" | "compiled";
  /** Folder of the compiled main.js (for `compiled`). */
  readonly dir?: string;
  /** Transpile cache folder (for `npm`); default: the one the npm scripts use. */
  readonly cache?: string;
}

/** What one child reports about itself. */
export interface ChildRun {
  readonly kind: AppKind;
  /** Wall time of the child process, start to exit. */
  readonly wallMs: number;
  /** Loading the app's modules (cdktf, and for Casera the constructs and bindings). */
  readonly loadMs: number;
  /** Building the construct tree. */
  readonly buildMs: number;
  /** `app.synth()`, validations included, and for Casera reading the result back for the summary. */
  readonly synthMs: number;
  /** Peak resident set size of the child, in MB. */
  readonly peakRssMb: number;
}

export interface Pair {
  readonly ratio: number;
  readonly empty: ChildRun[];
  readonly casera: ChildRun[];
}

export interface BenchSynthResult {
  readonly runs: number;
  /** As the npm scripts run the app (scripts/ts-cached.js, cache warm). */
  readonly empty: ChildRun[];
  readonly casera: ChildRun[];
  /** Median Casera wall time over median empty wall time, as the npm scripts run. */
  readonly ratio: number;
  /** Casera's stacks as plain cdktf resources (see `AppKind`), run beside the other two. */
  readonly plain: ChildRun[];
  /** Median plain wall time over median empty wall time: the ratio no app with Casera's resources gets below. */
  readonly plainRatio: number;
  /** `plain` plus loading the packages and bindings the constructs import and the YAML work synth must do (see `AppKind`). */
  readonly least: ChildRun[];
  /** Median least wall time over median empty wall time: a lower bound of the Casera ratio. */
  readonly leastRatio: number;
  /** The same pair from compiled JavaScript, and with `ts-node --transpile-only`. */
  readonly compiled: Pair;
  readonly tsNode: Pair;
  /** One run of each with an empty transpile cache: the first run after a fresh clone. */
  readonly coldCache: { readonly empty: ChildRun; readonly casera: ChildRun };
  /** Highest peak RSS of any Casera child (npm scripts, compiled, ts-node: ts-node loads TypeScript itself). */
  readonly peakRssMb: number;
  /** `jest __tests__/constructs` wall time, or null when skipped. */
  readonly unitTestMs: number | null;
  readonly unitTestsPassed: boolean | null;
  readonly targets: { readonly ratio: boolean; readonly memory: boolean };
}

export const TARGET_RATIO = 1.5;
export const TARGET_PEAK_MB = 500;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Compiles main.ts and what it imports into a temporary folder (no type
 * check: `tsc --noEmit` does that) beside links to package.json, swarm/,
 * compose/ and node_modules, so the constructs find their files as in a package.
 */
export function compileApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-bench-build-"));
  const tsc = path.join(repo, "node_modules", "typescript", "bin", "tsc");
  const args = ["main.ts", "scripts/bench-synth.ts", "--outDir", dir, "--rootDir", ".", "--module", "commonjs", "--target", "ES2022", "--esModuleInterop", "--resolveJsonModule", "--skipLibCheck", "--noCheck"];
  const build = spawnSync(process.execPath, [tsc, ...args], { cwd: repo, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`tsc failed:\n${build.stdout}${build.stderr}`);
  for (const entry of ["package.json", "swarm", "compose", "node_modules"]) fs.symlinkSync(path.join(repo, entry), path.join(dir, entry));
  return dir;
}

/** Runs one synth in a fresh child process and returns its own measurements. `input` is the stacks file a `plain` or `least` child writes again. */
export function runChild(kind: AppKind, runtime: Runtime = { kind: "npm" }, input?: string): ChildRun {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `casera-bench-${kind}-`));
  const childArgs = ["--child", kind, outdir, ...(input ? [input] : [])];
  const source = path.join(repo, "scripts", "bench-synth.ts");
  const args =
    runtime.kind === "compiled"
      ? [path.join(runtime.dir!, "scripts", "bench-synth.js"), ...childArgs]
      : runtime.kind === "npm"
        ? ["-r", path.join(repo, "scripts", "ts-cached.js"), source, ...childArgs]
        : ["-r", "ts-node/register/transpile-only", source, ...childArgs];
  // Example values only, so every run synthesizes the same app.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CASERA_")));
  if (runtime.cache) env.CASERA_TS_CACHE = runtime.cache;
  try {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, args, { cwd: repo, encoding: "utf8", env });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (child.status !== 0) throw new Error(`${kind} synth child failed (${child.status}):\n${child.stderr}`);
    const line = child.stdout.trim().split("\n").pop() ?? "";
    return { ...JSON.parse(line), kind, wallMs };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Inside the child: load, build and synthesize one app, then print the phases
 * as JSON. The empty app is `new App().synth()`; Casera does what `npm run
 * synth` does (scripts/synth.ts), its summary included.
 */
function childMain(kind: AppKind, outdir: string, input?: string): void {
  const t0 = performance.now();
  if (kind === "plain" || kind === "least") {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { App, TerraformOutput, TerraformResource, TerraformStack } = require("cdktf") as typeof import("cdktf");
    const stacks = JSON.parse(fs.readFileSync(input!, "utf8")) as Record<string, SynthesizedStack>;
    if (kind === "least") unskippableWork(stacks, JSON.parse(fs.readFileSync(path.join(path.dirname(input!), MODULES_FILE), "utf8")));
    const t1 = performance.now();
    const app = new App({ outdir });
    for (const [name, json] of Object.entries(stacks)) {
      const stack = new TerraformStack(app, name);
      for (const [type, byName] of Object.entries(json.resource ?? {})) {
        for (const [id, body] of Object.entries(byName)) {
          const resource = new TerraformResource(stack, id, { terraformResourceType: type });
          for (const [key, value] of Object.entries(body)) if (key !== "//") resource.addOverride(key, value);
        }
      }
      for (const [id, output] of Object.entries(json.output ?? {})) new TerraformOutput(stack, id, { value: output.value, sensitive: output.sensitive });
    }
    const t2 = performance.now();
    app.synth();
    report({ loadMs: t1 - t0, buildMs: t2 - t1, synthMs: performance.now() - t2 });
    return;
  }
  if (kind === "empty") {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { App } = require("cdktf") as typeof import("cdktf");
    const t1 = performance.now();
    const app = new App({ outdir });
    const t2 = performance.now();
    app.synth();
    const t3 = performance.now();
    report({ loadMs: t1 - t0, buildMs: t2 - t1, synthMs: t3 - t2 });
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { formatSummary, synthCasera } = require("./synth-app") as typeof import("./synth-app");
  const t1 = performance.now();
  const timings: import("./synth-app").SynthTimings = {};
  const summary = formatSummary(synthCasera(outdir, process.env, timings));
  console.log(summary.join("\n"));
  report({ loadMs: t1 - t0, buildMs: timings.buildMs!, synthMs: performance.now() - t1 - timings.buildMs! });
}

/**
 * What a `least` child does before it writes the stacks: load the packages and
 * bindings the constructs import (`unskippableModules`), parse the
 * two YAML files synth reads, and write cloud-init once per server.
 */
function unskippableWork(stacks: Record<string, SynthesizedStack>, modules: readonly string[]): void {
  for (const module of modules) require(module);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const yaml = require("yaml") as typeof import("yaml");
  yaml.parseDocument(fs.readFileSync(path.join(repo, "compose", "casera.stack.yml"), "utf8"));
  const cloudInit = yaml.parseDocument(fs.readFileSync(path.join(repo, "swarm", "cloud-init.yaml"), "utf8"));
  const servers = Object.values(stacks).reduce((n, stack) => n + Object.keys(stack.resource?.hcloud_server ?? {}).length, 0);
  for (let i = 0; i < servers; i++) cloudInit.clone().toString({ lineWidth: 0 });
}

/** Where `plainInput` lists the modules of `unskippableModules`, beside the stacks file. */
const MODULES_FILE = "modules.json";

/**
 * The modules files under constructs/ import that the empty app does not load,
 * short of the constructs themselves: every package but cdktf and constructs
 * (`yaml`, `sshpk`, `ipaddr.js`, the prebuilt bindings, ...) and the generated
 * bindings in providers/, resolved.
 */
function unskippableModules(): string[] {
  const found = new Set<string>();
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.name.endsWith(".ts")) {
        // Type-only imports load nothing at run time.
        for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/^import (?!type )[^;]*? from "([^"]+)";/gms)) {
          const thirdParty = !spec.startsWith(".") && !spec.startsWith("node:") && !builtinModules.includes(spec) && spec !== "cdktf" && !spec.startsWith("cdktf/") && spec !== "constructs";
          if (thirdParty) found.add(spec);
          else if (spec.includes("/providers/providers/")) found.add(path.resolve(path.dirname(file), spec));
        }
      }
    }
  };
  visit(path.join(repo, "constructs"));
  return [...found].sort();
}

/** The parts of a synthesized stack a `plain` child writes again. */
interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; sensitive?: boolean }>;
}

/** Synthesizes the Casera app once and keeps its stacks (name -> JSON) in one file for the `plain` and `least` children, the modules a `least` child loads beside it. */
function plainInput(dir: string): string {
  const outdir = path.join(dir, "cdktf.out");
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CASERA_")));
  const child = spawnSync(process.execPath, ["-r", path.join(repo, "scripts", "ts-cached.js"), path.join(repo, "scripts", "synth.ts")], {
    cwd: repo,
    encoding: "utf8",
    env: { ...env, CDKTF_OUTDIR: outdir },
  });
  if (child.status !== 0) throw new Error(`Casera synth for the plain app failed (${child.status}):\n${child.stderr}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { name: string; synthesizedStackPath: string }> };
  const stacks = Object.fromEntries(Object.values(manifest.stacks).map((s) => [s.name, JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), "utf8"))]));
  const file = path.join(dir, "stacks.json");
  fs.writeFileSync(file, JSON.stringify(stacks));
  fs.writeFileSync(path.join(dir, MODULES_FILE), JSON.stringify(unskippableModules()));
  return file;
}

function report(phases: { loadMs: number; buildMs: number; synthMs: number }): void {
  console.log(JSON.stringify({ ...phases, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

/** Runs `jest __tests__/constructs` and times it. */
export function runUnitTests(): { ms: number; passed: boolean } {
  const started = Date.now();
  const jest = spawnSync(process.execPath, [path.join(repo, "node_modules", "jest", "bin", "jest.js"), "__tests__/constructs", "--silent"], {
    cwd: repo,
    encoding: "utf8",
  });
  return { ms: Date.now() - started, passed: jest.status === 0 };
}

/** Alternates empty and Casera children `runs` times each, then times the unit tests. */
export function benchSynth(options: { runs?: number; unitTests?: boolean } = {}): BenchSynthResult {
  const runs = options.runs ?? 5;
  const pair = (runtime: Runtime): Pair => {
    const empty: ChildRun[] = [];
    const casera: ChildRun[] = [];
    // A warm-up of each kind fills the file cache (and the transpile cache), so neither side pays for cold reads.
    runChild("empty", runtime);
    runChild("casera", runtime);
    for (let i = 0; i < runs; i++) {
      empty.push(runChild("empty", runtime));
      casera.push(runChild("casera", runtime));
    }
    return { empty, casera, ratio: median(casera.map((r) => r.wallMs)) / median(empty.map((r) => r.wallMs)) };
  };
  const { empty, casera, ratio } = pair({ kind: "npm" });
  const plainDir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-bench-plain-"));
  const plain: ChildRun[] = [];
  const least: ChildRun[] = [];
  const plainEmpty: ChildRun[] = [];
  try {
    const input = plainInput(plainDir);
    runChild("plain", { kind: "npm" }, input);
    runChild("least", { kind: "npm" }, input);
    for (let i = 0; i < runs; i++) {
      plainEmpty.push(runChild("empty"));
      plain.push(runChild("plain", { kind: "npm" }, input));
      least.push(runChild("least", { kind: "npm" }, input));
    }
  } finally {
    fs.rmSync(plainDir, { recursive: true, force: true });
  }
  const plainRatio = median(plain.map((r) => r.wallMs)) / median(plainEmpty.map((r) => r.wallMs));
  const leastRatio = median(least.map((r) => r.wallMs)) / median(plainEmpty.map((r) => r.wallMs));
  const coldCache = (() => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "casera-bench-ts-cache-"));
    try {
      const coldEmpty = runChild("empty", { kind: "npm", cache });
      return { empty: coldEmpty, casera: runChild("casera", { kind: "npm", cache }) };
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  })();
  const dir = compileApp();
  let compiled: Pair;
  try {
    compiled = pair({ kind: "compiled", dir });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const tsNode = pair({ kind: "ts-node" });
  const peakRssMb = Math.max(...[...casera, ...compiled.casera, ...tsNode.casera].map((r) => r.peakRssMb));
  const unit = options.unitTests === false ? null : runUnitTests();
  return {
    runs,
    empty,
    casera,
    ratio,
    plain,
    plainRatio,
    least,
    leastRatio,
    compiled,
    tsNode,
    coldCache,
    peakRssMb,
    unitTestMs: unit?.ms ?? null,
    unitTestsPassed: unit?.passed ?? null,
    targets: { ratio: ratio <= TARGET_RATIO, memory: peakRssMb < TARGET_PEAK_MB },
  };
}

/** The printed report. */
export function formatBench(r: BenchSynthResult): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const phase = (runs: ChildRun[], key: "wallMs" | "loadMs" | "buildMs" | "synthMs") => s(median(runs.map((x) => x[key])));
  const row = (name: string, runs: ChildRun[]) =>
    `  ${name.padEnd(30)}${(["wallMs", "loadMs", "buildMs", "synthMs"] as const).map((k) => phase(runs, k).padStart(9)).join(" ")}`;
  const lines = [
    `casera synth bench (${r.runs} runs of each, one child process per synth, medians)`,
    `  ${"".padEnd(30)}${["wall", "load", "build", "synth"].map((h) => h.padStart(9)).join(" ")}`,
    row("npm scripts: empty app", r.empty),
    row("npm scripts: Casera app", r.casera),
    row("npm scripts: plain resources", r.plain),
    row("npm scripts: least", r.least),
    row("compiled: empty app", r.compiled.empty),
    row("compiled: Casera app", r.compiled.casera),
    row("ts-node: empty app", r.tsNode.empty),
    row("ts-node: Casera app", r.tsNode.casera),
    `  ratio (Casera / empty wall time), as the npm scripts run: ${r.ratio.toFixed(2)}  target <= ${TARGET_RATIO}: ${r.targets.ratio ? "met" : "MISSED"}`,
    `  floor: Casera's stacks as plain cdktf resources (no constructs, bindings, tokens, YAML or checks) / empty: ${r.plainRatio.toFixed(2)}`,
    `  least: the floor plus loading the packages and bindings the constructs import and the YAML work synth must do (no construct, check or token) / empty: ${r.leastRatio.toFixed(2)}`,
    `  ratio, compiled JavaScript: ${r.compiled.ratio.toFixed(2)}; ts-node --transpile-only (no cache): ${r.tsNode.ratio.toFixed(2)}`,
    `  first run with an empty transpile cache (fresh clone): empty ${s(r.coldCache.empty.wallMs)}, Casera ${s(r.coldCache.casera.wallMs)}`,
    `  peak RSS of the Casera synth:     ${r.peakRssMb.toFixed(0)} MB (as the npm scripts run: ${Math.max(...r.casera.map((x) => x.peakRssMb)).toFixed(0)} MB)  target < ${TARGET_PEAK_MB} MB: ${r.targets.memory ? "met" : "MISSED"}`,
  ];
  if (r.unitTestMs !== null) lines.push(`  unit tests (jest __tests__/constructs): ${s(r.unitTestMs)}, ${r.unitTestsPassed ? "passed" : "FAILED"}`);
  return lines.join("\n");
}

/** `npm run bench-synth -- [--runs N] [--no-unit-tests] [--json] [--strict]`. */
export function main(argv: string[] = process.argv.slice(2)): void {
  if (argv[0] === "--child") {
    childMain(argv[1] as AppKind, argv[2], argv[3]);
    return;
  }
  let values: { runs?: string; "no-unit-tests"?: boolean; json?: boolean; strict?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { runs: { type: "string" }, "no-unit-tests": { type: "boolean" }, json: { type: "boolean" }, strict: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new BenchUsageError(`${(err as Error).message}\n${BENCH_SYNTH_USAGE}`);
  }
  if (values.help) {
    console.log(BENCH_SYNTH_USAGE);
    return;
  }
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1 && runs <= 50)) {
    throw new BenchUsageError(`--runs must be a whole number from 1 to 50; got ${JSON.stringify(values.runs)}\n${BENCH_SYNTH_USAGE}`);
  }
  const result = benchSynth({ runs, unitTests: !values["no-unit-tests"] });
  console.log(values.json ? JSON.stringify(result, null, 2) : formatBench(result));
  if (values.strict && !(result.targets.ratio && result.targets.memory)) process.exitCode = 1;
}

const BENCH_SYNTH_USAGE = "usage: npm run bench-synth [-- [--runs N] [--no-unit-tests] [--json] [--strict]]  (N: synths of each app, default 5; --strict exits 1 when a target is missed)";

/** A command line bench-synth cannot run: exit 2 with the message alone. */
class BenchUsageError extends Error {}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(`bench-synth: ${(err as Error).message}`);
    process.exitCode = err instanceof BenchUsageError ? 2 : 1;
  }
}
