import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repo = path.join(__dirname, "..", "..");

/** A `terraform` that reports `version` and counts its runs, in a folder of its own. */
function fakeTerraform(version: string): { dir: string; runs: () => number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-fake-terraform-"));
  const log = path.join(dir, "runs");
  fs.writeFileSync(path.join(dir, "terraform"), `#!/bin/sh\necho run >> '${log}'\necho 'Terraform v${version}'\n`, { mode: 0o755 });
  return { dir, runs: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0) };
}

/**
 * Synthesizes an app with three terraform_data resources after
 * `shareBinaryVersionChecks()`, in a child process whose PATH is `pathDirs`
 * (jest gives tests their own copy of process.env, which child_process ignores).
 */
function synthWithPath(pathDirs: string): { status: number | null; stderr: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-version-check-"));
  const script = `
    const { App, DataResource, TerraformStack } = require("cdktf");
    require(${JSON.stringify(path.join(repo, "constructs"))}).shareBinaryVersionChecks();
    const app = new App({ outdir: ${JSON.stringify(outdir)} });
    const stack = new TerraformStack(app, "stack");
    for (const id of ["One", "Two", "Three"]) new DataResource(stack, id, { input: id });
    app.synth();
  `;
  try {
    const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, PATH: pathDirs },
    });
    return { status: child.status, stderr: child.stderr };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe("shareBinaryVersionChecks", () => {
  test("runs `terraform version` once for many terraform_data resources (early, on a worker thread)", () => {
    const terraform = fakeTerraform("1.11.4");

    const result = synthWithPath(`${terraform.dir}:${process.env.PATH}`);

    expect(result).toEqual({ status: 0, stderr: "" });
    expect(terraform.runs()).toBe(1);
  });

  test("a too old Terraform still fails synth, naming every terraform_data resource", () => {
    const terraform = fakeTerraform("1.3.0");

    const result = synthWithPath(`${terraform.dir}:${process.env.PATH}`);

    expect(result.status).not.toBe(0);
    for (const id of ["One", "Two", "Three"]) {
      expect(result.stderr).toContain(`[stack/${id}] terraform version 1.3.0 is lower than the required version >=1.4 for this construct.`);
    }
    // The early run on the worker thread, then cdktf's own check once, which words the error.
    expect(terraform.runs()).toBe(2);
  });

  test("a missing Terraform still fails synth", () => {
    const result = synthWithPath(fs.mkdtempSync(path.join(os.tmpdir(), "casera-no-terraform-")));

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("[stack/One] Could not determine version of terraform");
  });
});
