import { spawn, spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "../..");

/** Every operator CLI, as `npm run <name>` starts it. */
const CLIS: Record<string, string> = {
  synth: "scripts/synth.ts",
  validate: "scripts/validate.ts",
  cost: "scripts/cost.ts",
  diagram: "scripts/diagram.ts",
  props: "scripts/props-reference.ts",
  bench: "scripts/bench.ts",
  "bench-synth": "scripts/bench-synth.ts",
  loadtest: "loadtest/casera.ts",
};

const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ["-r", "./scripts/ts-cached.js", script, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: "" }, timeout: 60000 });

describe("every operator CLI", () => {
  test.each(Object.entries(CLIS))("npm run %s -- --help prints its usage and exits 0, doing nothing else", (name, script) => {
    const r = run(script, "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: npm run ${name}\\b`));
    expect(r.stderr).toBe("");
  });

  test.each(Object.entries(CLIS))("npm run %s refuses an option it does not know with exit 2, instead of ignoring it", (name, script) => {
    const r = run(script, "--no-such-option");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("--no-such-option");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("the shell scripts behind npm run toolchain and npm run providers", () => {
  test.each([["toolchain", "scripts/toolchain.sh"], ["providers", "scripts/generate-providers.sh"]])("npm run %s answers --help without doing anything, and refuses an unknown option", (_name, script) => {
    const help = spawnSync("bash", [script, "--help"], { cwd: root, encoding: "utf8", timeout: 30000 });
    expect([help.status, help.stderr]).toEqual([0, ""]);
    expect(help.stdout).toMatch(/\S/);
    const bad = spawnSync("bash", [script, "--no-such-option"], { cwd: root, encoding: "utf8", timeout: 30000 });
    expect([bad.status, bad.stdout]).toEqual([2, ""]);
    expect(bad.stderr).toContain("--no-such-option");
  });
});

describe("a CLI whose output is piped into a reader that stops early (npm run synth | head -1)", () => {
  test.each([["synth", "scripts/synth.ts"], ["cost", "scripts/cost.ts"], ["diagram", "scripts/diagram.ts"]])("npm run %s ends quietly with exit 0", async (_name, script) => {
    const outdir = path.join(require("os").tmpdir(), `casera-epipe-${process.pid}-${_name}`);
    const child = spawn(process.execPath, ["-r", "./scripts/ts-cached.js", script], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    // Close the reading end after the first chunk, as head does.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    require("fs").rmSync(outdir, { recursive: true, force: true });
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  }, 60000);
});
