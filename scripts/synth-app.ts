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

/**
 * Synthesizes the Casera app into `outdir` and summarizes each stack from the
 * manifest and the stack JSON. Invalid props end the process with the
 * message alone: it already says what to change.
 */
export function synthCasera(outdir: string, env: Readonly<Record<string, string | undefined>> = process.env): StackSummary[] {
  // A failed synth must not leave the previous stacks behind to be applied by mistake.
  fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
  try {
    buildApp(new App({ outdir }), env).synth();
  } catch (err) {
    if (err instanceof InvalidPropError) {
      console.error(`error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  return summarize(outdir);
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
