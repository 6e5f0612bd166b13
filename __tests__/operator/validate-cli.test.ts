import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

/** `npm run validate -- ARGS` as npm runs it: in the package folder, INIT_CWD where the user was. */
function validate(args: string[], initCwd = root) {
  // The timeout: a run that gets past its checks synthesizes, then waits for the toolchain.
  return spawnSync(process.execPath, ["-r", "./scripts/ts-cached.js", "scripts/validate.ts", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, INIT_CWD: initCwd, CDKTF_OUTDIR: "" }, timeout: 60000 });
}

describe("npm run validate: its options are checked before anything is synthesized or built", () => {
  test.each([
    ["--outdir without a folder", ["--outdir"], /validate: Option '--outdir <value>' argument missing/],
    ["an empty --outdir", ["--outdir", ""], /validate: --outdir needs a folder; got ""/],
    ["an unknown option", ["--out-dir", "x"], /validate: Unknown option '--out-dir'/],
    ["a stray argument", ["production"], /validate: Unexpected argument 'production'/],
  ])("%s exits 2 with the usage", (_name, args, message) => {
    const run = validate(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/usage: npm run validate/);
    expect(run.stderr).not.toMatch(/TypeError|    at /);
  });

  test("--no-synth with a folder that holds no synth output says so; a relative folder is where npm ran", () => {
    const user = fs.mkdtempSync(path.join(os.tmpdir(), "casera-validate-cli-"));
    try {
      const run = validate(["--no-synth", "--outdir", "out"], user);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`--no-synth checks an existing synth output, but ${path.join(user, "out")} holds no manifest.json`);
    } finally {
      fs.rmSync(user, { recursive: true, force: true });
    }
  });

  test("--no-synth with a manifest but no stacks folder, or a manifest.json that is a folder, says so in one line", () => {
    const user = fs.mkdtempSync(path.join(os.tmpdir(), "casera-validate-cli-"));
    try {
      fs.mkdirSync(path.join(user, "no-stacks"));
      fs.writeFileSync(path.join(user, "no-stacks", "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: {} }));
      fs.mkdirSync(path.join(user, "folder", "manifest.json"), { recursive: true });

      const noStacks = validate(["--no-synth", "--outdir", "no-stacks"], user);
      const folder = validate(["--no-synth", "--outdir", "folder"], user);

      expect([noStacks.status, noStacks.stderr]).toEqual([2, `validate: --no-synth checks an existing synth output, but ${path.join(user, "no-stacks")} holds no stacks folder: run npm run synth first, or drop --no-synth\n`]);
      expect([folder.status, folder.stderr]).toEqual([
        2,
        `validate: --no-synth checks an existing synth output, but ${path.join(user, "folder", "manifest.json")} cannot be read as cdktf's manifest (it is a folder): run npm run synth first, or drop --no-synth\n`,
      ]);
    } finally {
      fs.rmSync(user, { recursive: true, force: true });
    }
  });
});
