import { Worker } from "worker_threads";
import { terraformBinaryName } from "cdktf/lib/util";
import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";

/**
 * cdktf gives every `terraform_data` resource (`DataResource`) its own
 * `ValidateTerraformVersion(">=1.4")`, and each one runs `terraform version`
 * through a shell when the stack is validated at synth: 22 identical runs for
 * the Casera app, about 1.1 s of a synth. After `shareBinaryVersionChecks()`,
 * each distinct check (binary, version constraint, command, hint, and PATH at
 * the time) runs once per process and every construct that carries it gets
 * that result, the same messages it would have produced itself. Nothing is
 * skipped: a missing or too old Terraform still fails synth, naming each
 * construct as before.
 *
 * It also starts `terraform version` at once on a worker thread, so the one
 * run overlaps building the app instead of adding to it. When the check comes,
 * it takes that output if the command and PATH are the same and the version
 * satisfies the constraint; in any other case (no version in the output, too
 * old, the command failed) cdktf's own check runs as before, so every message
 * is cdktf's.
 *
 * It changes cdktf's `ValidateBinaryVersion` for the whole process, so the app
 * calls it (`buildApp` does), not the constructs. Calling it again does nothing.
 */
export function shareBinaryVersionChecks(): void {
  const prototype = ValidateBinaryVersion.prototype as ValidateBinaryVersion & { [SHARED]?: true };
  if (prototype[SHARED]) return;
  Object.defineProperty(prototype, SHARED, { value: true });
  const early = startEarly(`${terraformBinaryName} version`);
  const validate = prototype.validate;
  const results = new Map<string, readonly string[]>();
  prototype.validate = function (this: ValidateBinaryVersion): string[] {
    const check = this as unknown as CheckFields;
    const key = JSON.stringify([check.binary, check.versionConstraint, check.versionCommand, check.hint ?? null, process.env.PATH ?? null]);
    let result = results.get(key);
    if (!result) {
      result = early?.satisfies(check) ? [] : validate.call(this);
      results.set(key, result);
    }
    return [...result];
  };
}

const SHARED = Symbol.for("casera/shareBinaryVersionChecks");

/** The protected fields of `ValidateBinaryVersion` the cache key is made of. */
interface CheckFields {
  readonly binary: string;
  readonly versionConstraint: string;
  readonly versionCommand: string;
  readonly hint?: string;
}

/** Room for the command's output; `terraform version` prints a few hundred bytes. */
const OUTPUT_BYTES = 64 * 1024;

/** Runs the command on a worker thread as cdktf would (`execSync`, stdio piped) and writes state, length and output to `buffer`. */
const WORKER = `
const { workerData } = require("worker_threads");
const { execSync } = require("child_process");
const state = new Int32Array(workerData.buffer, 0, 2);
let ok = 0;
let out = Buffer.alloc(0);
try {
  out = execSync(workerData.command, { stdio: "pipe" });
  ok = 1;
} catch {}
const length = Math.min(out.length, ${OUTPUT_BYTES});
new Uint8Array(workerData.buffer, 8, length).set(out.subarray(0, length));
state[1] = length;
Atomics.store(state, 0, ok ? 1 : 2);
Atomics.notify(state, 0);
`;

/**
 * Starts `command` on a worker thread. `satisfies(check)` waits for it and is
 * true only when the check runs that same command with the same PATH and the
 * version printed satisfies the check's constraint (as cdktf decides it).
 */
function startEarly(command: string): { satisfies(check: CheckFields): boolean } | undefined {
  const path = process.env.PATH;
  const buffer = new SharedArrayBuffer(8 + OUTPUT_BYTES);
  const state = new Int32Array(buffer, 0, 2);
  try {
    // No execArgv: the parent's --require hooks (e.g. the npm scripts' ts-cached.js) have nothing to do here.
    new Worker(WORKER, { eval: true, workerData: { command, buffer }, execArgv: [] }).unref();
  } catch {
    return undefined;
  }
  let output: string | undefined;
  return {
    satisfies(check: CheckFields): boolean {
      if (check.versionCommand !== command || process.env.PATH !== path) return false;
      if (output === undefined) {
        Atomics.wait(state, 0, 0);
        output = Atomics.load(state, 0) === 1 ? Buffer.from(new Uint8Array(buffer, 8, state[1])).toString() : "";
      }
      const version = /\d+\.\d+\.\d+/.exec(output);
      return version !== null && semver().satisfies(version[0], check.versionConstraint);
    },
  };
}

/** The semver cdktf's own check uses (bundled with cdktf). */
function semver(): { satisfies(version: string, range: string): boolean } {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(require.resolve("semver", { paths: [require.resolve("cdktf")] }));
}
