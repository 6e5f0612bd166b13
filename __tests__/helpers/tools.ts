import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** True when running under CI, where a missing system tool is a failure, never a skip. */
export const inCi = (): boolean => process.env.CI === "true" || process.env.CI === "1";

/** Repository root (the folder holding package.json). */
export const repoRoot = path.resolve(__dirname, "..", "..");

/** The shared JSON schemas, `../shared/schemas` beside the repository unless CASERA_SCHEMAS_DIR says otherwise. */
export const schemasDir = (): string =>
  process.env.CASERA_SCHEMAS_DIR ?? path.resolve(repoRoot, "..", "shared", "schemas");

/** Absolute path of a command on PATH (also searching the sbin folders), or undefined. */
export function which(cmd: string): string | undefined {
  const dirs = (process.env.PATH ?? "").split(":").concat(["/usr/sbin", "/sbin", "/usr/local/sbin"]);
  for (const dir of dirs) {
    const candidate = path.join(dir, cmd);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** True when running as root (needed for network namespaces and dockerd). */
export const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0;

/**
 * A `describe` that runs only when every requirement holds. In CI an unmet
 * requirement fails the suite instead of skipping it; on a laptop the suite is
 * skipped and says why.
 */
export function describeWith(requirements: Array<{ ok: boolean; why: string }>, name: string, fn: () => void): void {
  const missing = requirements.filter((r) => !r.ok).map((r) => r.why);
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  if (inCi()) {
    describe(name, () => {
      test("has the tools it needs", () => {
        throw new Error(`${name}: ${missing.join("; ")} (CI must install these; see .ci/run)`);
      });
    });
    return;
  }
  describe.skip(`${name} (skipped: ${missing.join("; ")})`, fn);
}

/** Requirement: a command exists. */
export const tool = (cmd: string) => ({ ok: which(cmd) !== undefined, why: `\`${cmd}\` is not installed` });

/** Requirement: running as root. */
export const root = () => ({ ok: isRoot(), why: "needs root" });

/** Run a command and return stdout; throws with stderr on failure. */
export function run(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): string {
  return execFileSync(cmd, args, {
    encoding: "utf8",
    input: opts.input,
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
}
