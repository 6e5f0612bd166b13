import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { makeOutdir, SynthError } from "../../scripts/synth-app";
import { outdirOption } from "../../scripts/user-files";

const ROOT = path.resolve(__dirname, "../..");

describe("the output folder of npm run synth", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "casera-outdir-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test("is created with its missing parents", () => {
    const outdir = path.join(root, "not", "yet", "there");
    makeOutdir(outdir);
    expect(fs.statSync(outdir).isDirectory()).toBe(true);
    expect(() => makeOutdir(outdir)).not.toThrow();
  });

  test("is refused, naming it, when a file stands where a folder must go", () => {
    const file = path.join(root, "a-file");
    fs.writeFileSync(file, "");
    expect(() => makeOutdir(file)).toThrow(SynthError);
    expect(() => makeOutdir(file)).toThrow(`cannot use ${JSON.stringify(file)} as the output folder (CDKTF_OUTDIR or --outdir): a file of that name is in the way`);
    const below = path.join(file, "below", "out");
    expect(() => makeOutdir(below)).toThrow(`cannot use ${JSON.stringify(below)} as the output folder (CDKTF_OUTDIR or --outdir): ${file} is a file, where a folder must go`);
  });

  test("is refused, not retried forever, where the system makes no folders", () => {
    expect(() => makeOutdir("/proc/casera-out/deeper")).toThrow('cannot use "/proc/casera-out/deeper" as the output folder (CDKTF_OUTDIR or --outdir): folders cannot be made there');
  });

  test("npm run synth writes the stacks into a nested CDKTF_OUTDIR, and refuses a file with the message alone", () => {
    const outdir = path.join(root, "deep", "out");
    const ok = spawnSync("npm", ["run", "--silent", "synth"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["casera-production", "casera-production-swarm", "casera-staging", "casera-staging-swarm"]);

    const bad = spawnSync("npm", ["run", "--silent", "synth"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: path.join(ROOT, "package.json") }, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe(`error: cannot use ${JSON.stringify(path.join(ROOT, "package.json"))} as the output folder (CDKTF_OUTDIR or --outdir): a file of that name is in the way; name a folder synth may create or write`);
  });

  test("a blank CDKTF_OUTDIR counts as unset, as an empty one does", () => {
    const saved = process.env.CDKTF_OUTDIR;
    try {
      process.env.CDKTF_OUTDIR = " ";
      expect(outdirOption("synth", "usage", undefined)).toEqual({ outdir: "cdktf.out", named: undefined });
    } finally {
      if (saved === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = saved;
    }
  });

  test("npm run synth takes --outdir and CDKTF_OUTDIR relative to where npm ran, and refuses what it does not know instead of ignoring it", () => {
    const ok = spawnSync("npm", ["--prefix", ROOT, "run", "--silent", "synth", "--", "--outdir", "rel-out"], { cwd: root, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(fs.existsSync(path.join(root, "rel-out", "manifest.json"))).toBe(true);
    const byEnv = spawnSync("npm", ["--prefix", ROOT, "run", "--silent", "synth"], { cwd: root, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: "env-out" } });
    expect(byEnv.status).toBe(0);
    expect(fs.existsSync(path.join(root, "env-out", "manifest.json"))).toBe(true);

    // An earlier synth's output is written again; a folder of other files is refused before anything in it is removed.
    expect(spawnSync("npm", ["--prefix", ROOT, "run", "--silent", "synth", "--", "--outdir", "rel-out"], { cwd: root, encoding: "utf8" }).status).toBe(0);
    const docs = path.join(root, "docs");
    fs.mkdirSync(path.join(docs, "stacks"), { recursive: true });
    fs.writeFileSync(path.join(docs, "stacks", "notes.md"), "mine");
    const refused = spawnSync("npm", ["--prefix", ROOT, "run", "--silent", "synth", "--", "--outdir", "docs"], { cwd: root, encoding: "utf8" });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^synth: refusing --outdir "docs", at .*: it is no synth output \(it holds a stacks folder but no manifest\.json\)\. Synth starts by removing/);
    expect(fs.readFileSync(path.join(docs, "stacks", "notes.md"), "utf8")).toBe("mine");

    for (const [args, message] of [
      [["stacks"], "synth: Unexpected argument 'stacks'"],
      [["--outdr", "x"], "synth: Unknown option '--outdr'"],
      [["--outdir", ""], 'synth: --outdir needs a folder; got ""'],
    ]) {
      const bad = spawnSync("npm", ["run", "--silent", "synth", "--", ...args], { cwd: ROOT, encoding: "utf8" });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain(message);
      expect(bad.stderr).toContain("usage: npm run synth [-- [--outdir DIR]]");
    }
  });
});
