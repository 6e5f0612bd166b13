import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repo = path.join(__dirname, "..", "..");

describe("npm run synth without Terraform 1.4 or later on PATH", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-no-terraform-"));
  const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), "casera-empty-bin-"));
  afterAll(() => {
    for (const dir of [outdir, emptyBin]) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("stops with one message that says what to install, no stack trace, and writes no stack", () => {
    // As the npm script runs it, in a child: cdktf runs `terraform version` with the real process's PATH.
    const r = spawnSync(process.execPath, ["-r", "./scripts/ts-cached.js", "scripts/synth.ts"], {
      cwd: repo,
      encoding: "utf8",
      timeout: 120000,
      env: { ...process.env, PATH: emptyBin, CDKTF_OUTDIR: outdir },
    });

    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      "error: synth needs Terraform 1.4 or later on PATH: cdktf checks its version for the swarm stacks' terraform_data resources.",
      expect.stringMatching(/^  \[casera-[a-z-]+\/[A-Za-z]+\] Could not determine version of terraform/),
      expect.stringMatching(/^  Put Terraform on PATH \(1\.4 or later; the project pins the version in \.terraform-version/),
    ]);
    expect(fs.readdirSync(outdir)).not.toContain("stacks");
  });

  test("says the same for a Terraform older than 1.4, quoting the version found", () => {
    const oldBin = fs.mkdtempSync(path.join(os.tmpdir(), "casera-old-terraform-"));
    try {
      fs.writeFileSync(path.join(oldBin, "terraform"), '#!/bin/sh\necho "Terraform v1.2.0"\n', { mode: 0o755 });
      const r = spawnSync(process.execPath, ["-r", "./scripts/ts-cached.js", "scripts/synth.ts"], {
        cwd: repo,
        encoding: "utf8",
        timeout: 120000,
        env: { ...process.env, PATH: `${oldBin}:/usr/bin:/bin`, CDKTF_OUTDIR: outdir },
      });
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split("\n")).toEqual([
        "error: synth needs Terraform 1.4 or later on PATH: cdktf checks its version for the swarm stacks' terraform_data resources.",
        expect.stringMatching(/^  \[casera-[a-z-]+\/[A-Za-z]+\] terraform version 1\.2\.0 is lower than the required version >=1\.4/),
        expect.stringMatching(/^  Put Terraform on PATH \(1\.4 or later;/),
      ]);
      expect(fs.readdirSync(outdir)).not.toContain("stacks");
    } finally {
      fs.rmSync(oldBin, { recursive: true, force: true });
    }
  });
});
