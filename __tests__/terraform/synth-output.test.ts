import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthCasera } from "../../scripts/synth-app";
import { repoRoot } from "../helpers/tools";

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name]))
    .sort();
}

describe("npm run synth output", () => {
  const first = fs.mkdtempSync(path.join(os.tmpdir(), "casera-synth-a-"));
  const second = fs.mkdtempSync(path.join(os.tmpdir(), "casera-synth-b-"));
  afterAll(() => {
    fs.rmSync(first, { recursive: true, force: true });
    fs.rmSync(second, { recursive: true, force: true });
  });

  test("writes the production and staging stacks", () => {
    const stacks = synthCasera(first, {});

    expect(stacks.map((s) => s.name)).toEqual(expect.arrayContaining(["casera-production", "casera-staging"]));
  });

  test("is byte-identical in two different folders", () => {
    synthCasera(second, {});

    const files = listFiles(first);
    expect(listFiles(second)).toEqual(files);
    for (const file of files) {
      expect({ file, bytes: fs.readFileSync(path.join(second, file), "utf8") }).toEqual({ file, bytes: fs.readFileSync(path.join(first, file), "utf8") });
    }
  });

  test("holds no machine path", () => {
    for (const file of listFiles(first)) {
      const text = fs.readFileSync(path.join(first, file), "utf8");
      for (const machinePath of [first, repoRoot, os.homedir() + "/"]) {
        expect({ file, contains: text.includes(machinePath) }).toEqual({ file, contains: false });
      }
    }
  });
});

describe("main.ts as cdktf.json runs it (cdktf synth, cdktf deploy)", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-cdktf-app-"));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(repoRoot, "cdktf.json"), "utf8")) as { app: string };
  const runApp = (env: Record<string, string>) =>
    spawnSync("sh", ["-c", cdktfJson.app], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, ...env, CDKTF_OUTDIR: outdir } });

  test("writes every stack into CDKTF_OUTDIR", () => {
    const run = runApp({});
    expect(run.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["casera-production", "casera-production-swarm", "casera-staging", "casera-staging-swarm"]);
  });

  test("prints a bad setting's message without a stack trace, exits 1 and leaves no stacks to deploy", () => {
    const run = runApp({ CASERA_DOMAIN: "Casera.app" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: casera-production: settings\.domain \(CASERA_DOMAIN\) must be a lower-case DNS name.*got "Casera\.app"\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(outdir, "stacks"))).toBe(false);
  });
});
