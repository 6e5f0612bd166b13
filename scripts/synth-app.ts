import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { InvalidPropError } from "../constructs";
import { buildApp } from "../main";

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

/**
 * Synthesizes the Casera app into `outdir` and summarizes each stack from the
 * manifest and the stack JSON. Invalid props end the process with the
 * message alone: it already says what to change.
 */
export function synthCasera(outdir: string, env: Readonly<Record<string, string | undefined>> = process.env, timings: SynthTimings = {}): StackSummary[] {
  // A failed synth must not leave the previous stacks behind to be applied by mistake.
  fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
  const started = performance.now();
  try {
    const app = buildApp(new App({ outdir }), env);
    const built = performance.now();
    timings.buildMs = built - started;
    app.synth();
    timings.synthMs = performance.now() - built;
  } catch (err) {
    if (err instanceof InvalidPropError) {
      console.error(`error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const synthesized = performance.now();
  const stacks = summarize(outdir);
  timings.summaryMs = performance.now() - synthesized;
  return stacks;
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
  const warnings = [...new Set(stacks.flatMap((s) => s.warnings.map((w) => `${s.name}: ${w}`)))];
  if (warnings.length > 0) {
    lines.push(`warnings (${warnings.length}):`);
    for (const w of warnings) lines.push(`  - ${w}`);
  }
  return lines;
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
