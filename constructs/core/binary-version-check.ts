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
 * It changes cdktf's `ValidateBinaryVersion` for the whole process, so the app
 * calls it (`buildApp` does), not the constructs. Calling it again does nothing.
 */
export function shareBinaryVersionChecks(): void {
  const prototype = ValidateBinaryVersion.prototype as ValidateBinaryVersion & { [SHARED]?: true };
  if (prototype[SHARED]) return;
  const validate = prototype.validate;
  const results = new Map<string, readonly string[]>();
  prototype.validate = function (this: CheckFields): string[] {
    const key = JSON.stringify([this.binary, this.versionConstraint, this.versionCommand, this.hint ?? null, process.env.PATH ?? null]);
    let result = results.get(key);
    if (!result) {
      result = validate.call(this);
      results.set(key, result);
    }
    return [...result];
  };
  Object.defineProperty(prototype, SHARED, { value: true });
}

const SHARED = Symbol.for("casera/shareBinaryVersionChecks");

/** The protected fields of `ValidateBinaryVersion` the cache key is made of. */
interface CheckFields {
  readonly binary: string;
  readonly versionConstraint: string;
  readonly versionCommand: string;
  readonly hint?: string;
}
