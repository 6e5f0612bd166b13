import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { mirroredProviders, Toolchain } from "./toolchain-paths";

export interface StackValidation {
  readonly stack: string;
  readonly ok: boolean;
  /** One line: "valid", or the diagnostics, each with its attribute path. */
  readonly summary: string;
  readonly diagnostics: string[];
  /** Resources left out because their provider is not in the mirror (e.g. `b2_bucket.x`). */
  readonly unchecked: string[];
  /** Pinned versions the mirror lacks, validated with the version it has instead (e.g. `cloudflare 5.14.0 -> 5.24.0`). */
  readonly substituted: string[];
}

type StackJson = {
  terraform?: { required_providers?: Record<string, { source?: string }> };
  provider?: Record<string, unknown>;
  resource?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, unknown>>;
  output?: Record<string, { value?: unknown }>;
};

/**
 * Runs `terraform init` (from the offline mirror, no backend) and
 * `terraform validate` for every stack under `<outdir>/stacks`, in a copy
 * under `<outdir>/validate`.
 */
export function validateStacks(outdir: string, toolchain: Toolchain): StackValidation[] {
  const stacksDir = path.join(outdir, "stacks");
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).sort() : [];
  if (stacks.length === 0) throw new Error(`no stacks under ${stacksDir}; synthesize first`);
  const mirrored = mirroredProviders(toolchain.mirror);
  return stacks.map((stack) => {
    const json: StackJson = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8"));
    const unchecked = withoutUnmirroredProviders(json, mirrored);
    const substituted = withMirroredVersions(json, toolchain.mirror);
    const workDir = path.join(outdir, "validate", stack);
    fs.mkdirSync(workDir, { recursive: true });
    fs.writeFileSync(path.join(workDir, "cdk.tf.json"), JSON.stringify(json, null, 2));
    return { ...validateDir(stack, workDir, toolchain), unchecked, substituted };
  });
}

/**
 * Removes, in place, what belongs to providers the mirror lacks (their
 * resources, data sources and the outputs that read them) and returns the
 * addresses removed. Terraform could not load those providers offline.
 */
export function withoutUnmirroredProviders(json: StackJson, mirrored: Set<string>): string[] {
  const required = json.terraform?.required_providers ?? {};
  const missing = Object.entries(required)
    .filter(([, p]) => p.source && !mirrored.has(p.source.toLowerCase().replace(/^registry\.terraform\.io\//, "")))
    .map(([name]) => name);
  const removed: string[] = [];
  for (const name of missing) {
    delete required[name];
    delete json.provider?.[name];
    for (const section of ["resource", "data"] as const) {
      for (const type of Object.keys(json[section] ?? {})) {
        if (type !== name && !type.startsWith(`${name}_`)) continue;
        for (const id of Object.keys(json[section]![type])) removed.push(`${section === "data" ? "data." : ""}${type}.${id}`);
        delete json[section]![type];
      }
    }
  }
  if (removed.length > 0) {
    for (const [id, output] of Object.entries(json.output ?? {})) {
      const text = JSON.stringify(output.value ?? "");
      if (removed.some((address) => text.includes(`${address}.`) || text.includes(`${address}}`))) delete json.output![id];
    }
  }
  return removed.sort();
}

/**
 * Points exact version pins the mirror cannot satisfy at the version it has
 * (the module proxy serves only some releases) and returns what was swapped.
 */
export function withMirroredVersions(json: StackJson, mirror: string): string[] {
  const swapped: string[] = [];
  for (const [name, p] of Object.entries(json.terraform?.required_providers ?? {}) as Array<[string, { source?: string; version?: string }]>) {
    if (!p.source || !p.version || !/^=?\s*\d+\.\d+\.\d+$/.test(p.version.trim())) continue;
    const dir = path.join(mirror, "registry.terraform.io", p.source.toLowerCase().replace(/^registry\.terraform\.io\//, ""));
    const versions = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
    const wanted = p.version.replace(/^=\s*/, "").trim();
    if (versions.length === 0 || versions.includes(wanted)) continue;
    const have = versions[versions.length - 1];
    p.version = have;
    swapped.push(`${name} ${wanted} -> ${have}`);
  }
  return swapped;
}

function validateDir(stack: string, dir: string, toolchain: Toolchain): Omit<StackValidation, "unchecked" | "substituted"> {
  const tf = (args: string[]) => spawnSync(toolchain.terraform, args, { cwd: dir, env: toolchain.env, encoding: "utf8" });

  const init = tf(["init", "-backend=false", "-input=false", "-no-color"]);
  if (init.status !== 0) {
    const lines = `${init.stderr}\n${init.stdout}`.split("\n").filter((l) => l.trim().length > 0 && /rror/.test(l)).slice(0, 3);
    return { stack, ok: false, summary: `init failed: ${lines.join(" ").trim()}`, diagnostics: [init.stderr] };
  }

  const validate = tf(["validate", "-json", "-no-color"]);
  let report: { valid: boolean; diagnostics: Array<{ severity: string; summary: string; detail?: string; address?: string; snippet?: { context?: string; code?: string } }> };
  try {
    report = JSON.parse(validate.stdout);
  } catch {
    return { stack, ok: false, summary: `validate failed: ${validate.stderr.trim()}`, diagnostics: [validate.stderr] };
  }
  const errors = report.diagnostics.filter((d) => d.severity === "error");
  const diagnostics = errors.map((d) => {
    const where = d.address ?? d.snippet?.context ?? "";
    const code = d.snippet?.code ? ` at ${d.snippet.code.trim()}` : "";
    return `${d.summary}${where ? ` (${where})` : ""}${code}${d.detail ? `: ${d.detail}` : ""}`;
  });
  if (report.valid && errors.length === 0) {
    const warnings = report.diagnostics.filter((d) => d.severity === "warning").length;
    return { stack, ok: true, summary: warnings > 0 ? `valid (${warnings} warnings)` : "valid", diagnostics: [] };
  }
  return { stack, ok: false, summary: diagnostics.join("; "), diagnostics };
}
