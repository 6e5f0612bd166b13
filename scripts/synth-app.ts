import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { InvalidPropError } from "../constructs";
import { buildApp } from "../main";
import { isRegularFile, MiB, notJsonReason, readUserFile, why } from "./user-files";

export interface StackSummary {
  readonly name: string;
  readonly dir: string;
  readonly resources: Record<string, number>;
  readonly warnings: string[];
}

/** Where a synth's time went, in milliseconds (filled in by `synthCasera` when given). */
export interface SynthTimings {
  /** Building the construct tree (`buildApp`). */
  buildMs?: number;
  /** `app.synth()`: aspects, validations, writing the stacks. */
  synthMs?: number;
  /** Reading the manifest and stacks back for the summary. */
  summaryMs?: number;
}

/** A synth that must stop: its message says what to change. The output folder holds no stacks. */
export class SynthError extends Error {}

/**
 * Synthesizes the Casera app into `outdir` and summarizes each stack from the
 * manifest and the stack JSON. A failed synth ends the process with the
 * message alone (it already says what to change) and leaves no stacks.
 */
export function synthCasera(outdir: string, env: Readonly<Record<string, string | undefined>> = process.env, timings: SynthTimings = {}): StackSummary[] {
  try {
    return synthCaseraOrThrow(outdir, env, timings);
  } catch (err) {
    if (!(err instanceof SynthError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

/** {@link synthCasera} for a caller with something to clean up: a failed synth throws the SynthError instead of ending the process. */
export function synthCaseraOrThrow(outdir: string, env: Readonly<Record<string, string | undefined>> = process.env, timings: SynthTimings = {}): StackSummary[] {
  makeOutdir(outdir);
  return synthStacks(outdir, (app) => buildApp(app, env), timings);
}

/** Creates `outdir` with its parents (cdktf makes only the last folder), or says why it cannot. */
export function makeOutdir(outdir: string): void {
  try {
    makeFolders(path.resolve(outdir));
    if (!fs.statSync(outdir).isDirectory()) throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "EEXIST" || code === "ENOTDIR" ? fileInTheWay(path.resolve(outdir)) : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "ENOENT" || code === "EROFS" ? "folders cannot be made there" : (err as Error).message;
    throw new SynthError(`error: cannot use ${JSON.stringify(outdir)} as the output folder (CDKTF_OUTDIR or --outdir): ${why}; name a folder synth may create or write`);
  }
}

/** Which of `dir` and its parents is a file, where a folder must go. */
function fileInTheWay(dir: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    if (isRegularFile(at)) return at === dir ? "a file of that name is in the way" : `${at} is a file, where a folder must go`;
    if (path.dirname(at) === at) return "a file is in the way";
  }
}

/**
 * `mkdir -p` one folder at a time: Node 20's `mkdirSync(dir, { recursive: true })`
 * spins forever where the kernel answers ENOENT for a folder it will not
 * create (under /proc), so parents are made here, each with a plain mkdir.
 */
function makeFolders(dir: string): void {
  if (fs.existsSync(dir)) return;
  const parent = path.dirname(dir);
  if (parent !== dir) makeFolders(parent);
  fs.mkdirSync(dir);
}

/**
 * Builds an app with `build` and synthesizes it into `outdir`. Invalid props
 * and error annotations (from every stack, not only the first) throw a
 * SynthError; nothing is left in `outdir` then, neither old stacks nor new.
 */
export function synthStacks(outdir: string, build: (app: App) => App, timings: SynthTimings = {}): StackSummary[] {
  removeOutput(outdir);
  const started = performance.now();
  try {
    // cdktf stops at the first stack with an error annotation, after writing the stacks before it,
    // and skips the check altogether when this variable is set. Every stack is synthesized here,
    // then every error is reported and the output removed, whatever the variable says.
    const app = withEnv(CONTINUE_ON_ERRORS, "true", () => build(new App({ outdir })));
    const built = performance.now();
    timings.buildMs = built - started;
    app.synth();
    timings.synthMs = performance.now() - built;
  } catch (err) {
    removeOutput(outdir);
    if (err instanceof InvalidPropError) throw new SynthError(`error: ${err.message}`);
    // No Terraform, or one older than 1.4: cdktf fails every terraform_data's check with a stack trace; one message instead.
    const noTerraform = /Could not determine version of terraform|terraform version \d+\.\d+\.\d+ is lower than the required version/;
    if (err instanceof Error && noTerraform.test(err.message)) {
      const first = err.message.split("\n").find((line) => noTerraform.test(line)) ?? "";
      throw new SynthError(
        [
          "error: synth needs Terraform 1.4 or later on PATH: cdktf checks its version for the swarm stacks' terraform_data resources.",
          `  ${first.trim()}`,
          "  Put Terraform on PATH (1.4 or later; the project pins the version in .terraform-version, and `npm run toolchain` builds it when none is found).",
        ].join("\n"),
      );
    }
    throw err;
  }
  const errors = errorAnnotations(outdir);
  if (errors.length > 0) {
    removeOutput(outdir);
    const lines = errors.map((e) => `  - ${e.constructPath}: ${e.message}`);
    throw new SynthError([`error: synth found ${errors.length} error${errors.length === 1 ? "" : "s"}; no stack was written:`, ...lines].join("\n"));
  }
  const synthesized = performance.now();
  const stacks = summarize(outdir);
  timings.summaryMs = performance.now() - synthesized;
  return stacks;
}

const CONTINUE_ON_ERRORS = "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS";

/** Runs `fn` with environment variable `name` set to `value`, then restores it (cdktf reads it when a stack is made). */
function withEnv<T>(name: string, value: string, fn: () => T): T {
  const previous = process.env[name];
  process.env[name] = value;
  try {
    return fn();
  } finally {
    if (previous === undefined) delete process.env[name];
    else process.env[name] = previous;
  }
}

/** A manifest this large is no cdktf manifest (Casera's four stacks make about 6 KiB). */
const MANIFEST_MAX_BYTES = 16 * MiB;
/** A synthesized stack read back: the Casera stacks are under 200 KiB. */
const STACK_MAX_BYTES = 64 * MiB;

/** The stacks of a cdktf manifest, by name. */
export type ManifestStacks = Record<string, { name?: string; workingDirectory?: string; synthesizedStackPath?: string; dependencies?: unknown }>;

/**
 * `<outdir>/manifest.json` read as a cdktf manifest: a JSON object with a
 * `stacks` object. Throws a SynthError naming the file when it is missing,
 * not a file (a folder, a device), not JSON or not a manifest; its contents
 * are never quoted.
 */
export function readManifest(outdir: string): { stacks: ManifestStacks } {
  const file = path.join(outdir, "manifest.json");
  let text: string;
  try {
    text = readUserFile(file, MANIFEST_MAX_BYTES);
  } catch (err) {
    throw new SynthError(`${file} cannot be read as cdktf's manifest (${why(err)})`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (err) {
    throw new SynthError(`${file} is not cdktf's manifest: it is not JSON: ${notJsonReason(text, err)}`);
  }
  const stacks = (manifest as { stacks?: unknown } | null)?.stacks;
  if (typeof manifest !== "object" || Array.isArray(manifest) || stacks === null || typeof stacks !== "object" || Array.isArray(stacks)) {
    throw new SynthError(`${file} is not cdktf's manifest: it has no "stacks" object`);
  }
  return manifest as { stacks: ManifestStacks };
}

/**
 * Why `outdir` is not a complete synth output to read as it is, or undefined:
 * a cdktf manifest listing at least one stack, each stack's JSON a file
 * inside `outdir/stacks`, and no folder in `stacks/` without its
 * `cdk.tf.json`. A stack missing would be skipped and the rest reported as if
 * complete; a path leading out of the folder would read some other file.
 */
export function synthOutputProblem(outdir: string): string | undefined {
  if (!fs.existsSync(path.join(outdir, "manifest.json"))) return `${outdir} holds no manifest.json`;
  let listed: ManifestStacks;
  try {
    listed = readManifest(outdir).stacks;
  } catch (err) {
    if (err instanceof SynthError) return err.message;
    throw err;
  }
  const stacks = path.join(outdir, "stacks");
  if (!fs.statSync(stacks, { throwIfNoEntry: false })?.isDirectory()) return `${outdir} holds no stacks folder`;
  if (Object.keys(listed).length === 0 || fs.readdirSync(stacks).length === 0) return `${stacks} holds no stack`;
  for (const [id, stack] of Object.entries(listed).sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.resolve(outdir, stack.synthesizedStackPath ?? path.join("stacks", id, "cdk.tf.json"));
    if (path.relative(stacks, file).startsWith("..") || path.isAbsolute(path.relative(stacks, file))) {
      return `${path.join(outdir, "manifest.json")} puts stack ${JSON.stringify(id)} outside ${stacks}`;
    }
    if (!isRegularFile(file)) return `${file}, of stack ${JSON.stringify(id)} in its manifest, is missing`;
    let text: string;
    try {
      text = readUserFile(file, STACK_MAX_BYTES);
    } catch (err) {
      return `${file} cannot be read (${why(err)})`;
    }
    try {
      JSON.parse(text);
    } catch (err) {
      return `${file} is not a synthesized stack: it is not JSON: ${notJsonReason(text, err)}`;
    }
    // A stack read without the one it takes values from (a swarm stack without its environment's) would be judged on half the picture.
    const missing = (Array.isArray(stack.dependencies) ? stack.dependencies : []).find((d) => typeof d === "string" && !(d in listed));
    if (missing) return `stack ${JSON.stringify(id)} depends on ${JSON.stringify(missing)}, which its manifest does not list`;
  }
  for (const entry of fs.readdirSync(stacks).sort()) {
    if (!isRegularFile(path.join(stacks, entry, "cdk.tf.json"))) return `${path.join(stacks, entry)} holds no cdk.tf.json`;
  }
  return undefined;
}

/**
 * Why `--from DIR` of cost or diagram cannot be read, as the text after
 * "--from <dir>: ", or undefined. `leaveOut` ends the hint ("synthesize", or
 * "synthesize first"). A manifest.json that is a folder counts as missing.
 */
export function fromOutdirProblem(outdir: string, leaveOut: string): string | undefined {
  if (!isRegularFile(path.join(outdir, "manifest.json"))) return `no manifest.json file there; give a cdktf.out folder (npm run synth writes one), or leave --from out to ${leaveOut}`;
  const problem = synthOutputProblem(outdir);
  return problem && `${problem}; give a complete cdktf.out folder (npm run synth writes one), or leave --from out to ${leaveOut}`;
}

/**
 * Why a synth must not write into `outdir`, as a sentence that names the
 * folder as the user gave it (`named`: `--outdir "x"` or `CDKTF_OUTDIR "x"`),
 * or undefined. Only a folder the user named is checked: the default
 * cdktf.out is the project's own.
 */
export function outdirRefusal(named: string | undefined, outdir: string): string | undefined {
  const problem = named ? outdirProblem(outdir) : undefined;
  return problem && `refusing ${named}: ${problem}. Synth starts by removing stacks/ and manifest.json there: pick an empty (or new) folder, or the output of an earlier synth`;
}

/**
 * Why a synth must not write into `outdir`, or undefined when it may: a synth
 * removes `stacks/` and `manifest.json` there first, so the folder must be
 * absent, empty, or an earlier synth's output (a cdktf manifest, and a
 * `stacks/` holding only folders named after its stacks). The `validate/`
 * folder `npm run validate` leaves is allowed. A file in the folder's place
 * is left to `makeOutdir`, which names it.
 */
export function outdirProblem(outdir: string): string | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync(outdir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    return `it cannot be listed (${why(err)})`;
  }
  const hasManifest = entries.includes("manifest.json");
  const hasStacks = entries.includes("stacks");
  if (!hasManifest && !hasStacks) {
    const others = entries.filter((e) => e !== "validate").sort();
    if (others.length === 0) return undefined;
    const shown = others.slice(0, 3).map((e) => JSON.stringify(e)).join(", ");
    return `it is neither empty nor a synth output (it holds ${shown}${others.length > 3 ? ` and ${others.length - 3} more` : ""} and no manifest.json)`;
  }
  if (!hasManifest) return "it is no synth output (it holds a stacks folder but no manifest.json)";
  let stacks: ManifestStacks;
  try {
    ({ stacks } = readManifest(outdir));
  } catch (err) {
    if (err instanceof SynthError) return err.message;
    throw err;
  }
  if (!hasStacks) return undefined;
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.lstatSync(stacksDir).isDirectory()) return `${stacksDir} is not a folder`;
  const names = new Set(Object.entries(stacks).flatMap(([key, stack]) => [key, ...(typeof stack?.workingDirectory === "string" ? [path.basename(stack.workingDirectory)] : [])]));
  for (const entry of fs.readdirSync(stacksDir).sort()) {
    if (!names.has(entry)) return `${stacksDir} holds ${JSON.stringify(entry)}, which is no stack of its manifest.json`;
    if (!fs.lstatSync(path.join(stacksDir, entry)).isDirectory()) return `${path.join(stacksDir, entry)} is not a stack folder`;
    // Terraform state left in a stack's folder (a run with another backend, or a workspace's under terraform.tfstate.d/) would go with the folder.
    const state = stateFileIn(path.join(stacksDir, entry));
    if (state) return `${state} is Terraform state, which synth would delete with the stack's folder; move it out first`;
  }
  return undefined;
}

/**
 * The first Terraform state file (`*.tfstate`, `*.tfstate.backup`) under
 * `dir`, workspaces' `terraform.tfstate.d/` included, or undefined. `.terraform/`
 * is skipped: its `terraform.tfstate` only records the backend's settings, and
 * `terraform init` writes it again.
 */
function stateFileIn(dir: string): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== ".terraform") {
      const inner = stateFileIn(file);
      if (inner) return inner;
    } else if (entry.isFile() && /\.tfstate(\.backup)?$/.test(entry.name)) return file;
  }
  return undefined;
}

/** Removes what a synth writes into `outdir`: the stacks and the manifest. */
function removeOutput(outdir: string): void {
  fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
}

/** Every error annotation of every stack in the manifest, in stack order. */
export function errorAnnotations(outdir: string): Array<{ constructPath: string; message: string }> {
  const file = path.join(outdir, "manifest.json");
  if (!fs.existsSync(file)) return [];
  const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
  return Object.values<{ annotations?: Array<{ constructPath: string; level: string; message: string }> }>(manifest.stacks).flatMap((stack) =>
    (stack.annotations ?? []).filter((a) => a.level === "@cdktf/error").map(({ constructPath, message }) => ({ constructPath, message })),
  );
}

/** The lines `npm run synth` prints: each stack's resources by type, then the warnings once each. */
export function formatSummary(stacks: StackSummary[]): string[] {
  const lines: string[] = [];
  for (const stack of stacks) {
    const total = Object.values(stack.resources).reduce((a, b) => a + b, 0);
    lines.push(`${stack.name}: ${total} resources, ${stack.warnings.length} warnings (${stack.dir})`);
    const types = Object.entries(stack.resources).sort(([a], [b]) => a.localeCompare(b));
    for (const [type, count] of types) lines.push(`  ${String(count).padStart(3)}  ${type}`);
  }
  return [...lines, ...formatWarnings(stacks)];
}

/** The warnings of every stack, one line each under a `warnings (n):` heading; nothing when there are none. */
export function formatWarnings(stacks: StackSummary[]): string[] {
  const warnings = [...new Set(stacks.flatMap((s) => s.warnings.map((w) => `${s.name}: ${w}`)))];
  return warnings.length === 0 ? [] : [`warnings (${warnings.length}):`, ...warnings.map((w) => `  - ${w}`)];
}

/** Reads `manifest.json` in `outdir`: resources by type and warnings per stack. */
export function summarize(outdir: string): StackSummary[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  return Object.values<{ name: string; synthesizedStackPath: string; workingDirectory: string; annotations: Array<{ level: string; message: string }> }>(
    manifest.stacks,
  ).map((stack) => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, stack.synthesizedStackPath), "utf8"));
    const resources: Record<string, number> = {};
    for (const section of ["resource", "data"]) {
      for (const [type, byName] of Object.entries<Record<string, unknown>>(json[section] ?? {})) {
        const key = section === "data" ? `data.${type}` : type;
        resources[key] = Object.keys(byName).length;
      }
    }
    const warnings = (stack.annotations ?? []).filter((a) => a.level === "@cdktf/warn").map((a) => a.message);
    return { name: stack.name, dir: path.join(outdir, stack.workingDirectory), resources, warnings };
  });
}
