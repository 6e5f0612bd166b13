import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Toolchain } from "./toolchain-paths";

export interface StackValidation {
  readonly stack: string;
  readonly ok: boolean;
  /** One line: "valid" or the first diagnostics, each with its attribute path. */
  readonly summary: string;
  readonly diagnostics: string[];
}

/**
 * Runs `terraform init` (from the offline mirror, no backend) and
 * `terraform validate` in every stack folder under `<outdir>/stacks`.
 */
export function validateStacks(outdir: string, toolchain: Toolchain): StackValidation[] {
  const stacksDir = path.join(outdir, "stacks");
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).sort() : [];
  if (stacks.length === 0) throw new Error(`no stacks under ${stacksDir}; synthesize first`);
  return stacks.map((stack) => validateStack(stack, path.join(stacksDir, stack), toolchain));
}

function validateStack(stack: string, dir: string, toolchain: Toolchain): StackValidation {
  const tf = (args: string[]) => spawnSync(toolchain.terraform, args, { cwd: dir, env: toolchain.env, encoding: "utf8" });

  const init = tf(["init", "-backend=false", "-input=false", "-no-color"]);
  if (init.status !== 0) {
    const lines = `${init.stderr}\n${init.stdout}`.split("\n").filter((l) => /Error|error/.test(l)).slice(0, 3);
    return { stack, ok: false, summary: `init failed: ${lines.join(" ").trim()}`, diagnostics: [init.stderr] };
  }

  const validate = tf(["validate", "-json", "-no-color"]);
  let report: { valid: boolean; diagnostics: Array<{ severity: string; summary: string; detail?: string; address?: string; range?: unknown; snippet?: { context?: string; code?: string } }> };
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
