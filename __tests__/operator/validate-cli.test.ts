import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack } from "cdktf";
import { formatWarnings, outdirProblem, synthStacks } from "../../scripts/synth-app";

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

      expect([noStacks.status, noStacks.stderr]).toEqual([2, `validate: --no-synth checks an existing synth output, but ${path.join(user, "no-stacks")} holds no stacks folder: run npm run synth -- --outdir "no-stacks" first, or drop --no-synth\n`]);
      expect([folder.status, folder.stderr]).toEqual([
        2,
        `validate: --no-synth checks an existing synth output, but ${path.join(user, "folder", "manifest.json")} cannot be read as cdktf's manifest (it is a folder): run npm run synth -- --outdir "folder" first, or drop --no-synth\n`,
      ]);
    } finally {
      fs.rmSync(user, { recursive: true, force: true });
    }
  });
});

describe("npm run validate -- --outdir DIR synthesizes into DIR only when DIR is empty or an earlier synth's output", () => {
  const user = fs.mkdtempSync(path.join(os.tmpdir(), "casera-validate-outdir-"));
  afterAll(() => fs.rmSync(user, { recursive: true, force: true }));
  /** A folder under `user` holding `files` (path: content; a path ending in / is a folder). */
  const folder = (name: string, files: Record<string, string>) => {
    const dir = path.join(user, name);
    for (const [file, content] of Object.entries(files)) {
      if (file.endsWith("/")) fs.mkdirSync(path.join(dir, file), { recursive: true });
      else {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
      }
    }
    return dir;
  };
  const manifest = JSON.stringify({ version: "0.21.0", stacks: { "casera-production": { name: "casera-production", workingDirectory: "stacks/casera-production" } } });
  const refusal = (name: string, why: string) =>
    `validate: refusing --outdir ${JSON.stringify(name)}, at ${path.join(user, name)}: ${why}. Synth starts by removing stacks/ and manifest.json there: pick an empty (or new) folder, or the output of an earlier synth\n`;

  test.each([
    ["a folder of other files", { "notes.md": "keep", "stacks/todo.txt": "keep" }, "it is no synth output (it holds a stacks folder but no manifest.json)"],
    ["a folder of other files, without stacks", { "b.md": "keep", "a.md": "keep", "c/": "", "d.md": "keep" }, 'it is neither empty nor a synth output (it holds "a.md", "b.md", "c" and 1 more and no manifest.json)'],
    ["a manifest.json that is not JSON", { "manifest.json": "password=SECRET\n" }, "{dir}/manifest.json is not cdktf's manifest: it is not JSON: unexpected character (line 1, column 1)"],
    ["a manifest.json without stacks", { "manifest.json": '{"name": "my-app"}', "stacks/casera-production/": "" }, '{dir}/manifest.json is not cdktf\'s manifest: it has no "stacks" object'],
    ["a manifest.json that is a folder", { "manifest.json/": "" }, "{dir}/manifest.json cannot be read as cdktf's manifest (it is a folder)"],
    ["a stacks folder holding more than the manifest's stacks", { "manifest.json": manifest, "stacks/casera-production/": "", "stacks/todo.txt": "keep" }, '{dir}/stacks holds "todo.txt", which is no stack of its manifest.json'],
  ])("refuses %s, naming it, and leaves it as it was", (name, files, why) => {
    const dir = folder(name.replace(/\W+/g, "-"), files);
    const before = fs.readdirSync(dir, { recursive: true }).sort();

    const run = validate(["--outdir", path.basename(dir)], user);

    expect([run.status, run.stderr]).toEqual([2, refusal(path.basename(dir), why.replace("{dir}", dir))]);
    expect(run.stderr).not.toContain("SECRET");
    expect(fs.readdirSync(dir, { recursive: true }).sort()).toEqual(before);
  });

  test("--no-synth with a stack missing, or a stack folder without its cdk.tf.json, names it in one line instead of checking the rest", () => {
    const user = fs.mkdtempSync(path.join(os.tmpdir(), "casera-validate-cli-"));
    try {
      const out = path.join(user, "out");
      synthStacks(out, (app) => {
        new TerraformStack(app, "casera-production");
        new TerraformStack(app, "casera-staging");
        return app;
      });
      fs.rmSync(path.join(out, "stacks", "casera-staging", "cdk.tf.json"));
      const noJson = validate(["--no-synth", "--outdir", "out"], user);
      fs.rmSync(path.join(out, "stacks", "casera-staging"), { recursive: true });
      const noFolder = validate(["--no-synth", "--outdir", "out"], user);

      const file = path.join(out, "stacks", "casera-staging", "cdk.tf.json");
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, "{oops");
      const notJson = validate(["--no-synth", "--outdir", "out"], user);
      expect([notJson.status, notJson.stderr]).toEqual([
        2,
        `validate: --no-synth checks an existing synth output, but ${file} is not a synthesized stack: it is not JSON: expected property name or '}' (line 1, column 2): run npm run synth -- --outdir "out" first, or drop --no-synth\n`,
      ]);
      fs.rmSync(path.dirname(file), { recursive: true });
      for (const run of [noJson, noFolder]) {
        expect([run.status, run.stdout, run.stderr]).toEqual([
          2,
          "",
          `validate: --no-synth checks an existing synth output, but ${file}, of stack "casera-staging" in its manifest, is missing: run npm run synth -- --outdir "out" first, or drop --no-synth\n`,
        ]);
      }
    } finally {
      fs.rmSync(user, { recursive: true, force: true });
    }
  });

  test("takes an absent or empty folder, and an earlier synth's output, also with the validate/ folder validate leaves", () => {
    const dir = path.join(user, "synthesized");
    expect(outdirProblem(dir)).toBeUndefined();
    fs.mkdirSync(dir);
    expect(outdirProblem(dir)).toBeUndefined();

    synthStacks(dir, (app) => {
      new TerraformStack(app, "casera-production");
      new TerraformStack(app, "casera-staging");
      return app;
    });
    expect(fs.readdirSync(path.join(dir, "stacks")).sort()).toEqual(["casera-production", "casera-staging"]);
    expect(outdirProblem(dir)).toBeUndefined();
    fs.mkdirSync(path.join(dir, "validate", "casera-production"), { recursive: true });
    expect(outdirProblem(dir)).toBeUndefined();
    fs.rmSync(path.join(dir, "stacks"), { recursive: true });
    fs.rmSync(path.join(dir, "manifest.json"));
    expect(outdirProblem(dir)).toBeUndefined(); // what a failed synth leaves after a validate
  });

  test("refuses an earlier output whose stack folder holds Terraform state, which synth would delete with it", () => {
    const dir = path.join(user, "with-state");
    synthStacks(dir, (app) => {
      new TerraformStack(app, "casera-production");
      return app;
    });
    fs.writeFileSync(path.join(dir, "stacks", "casera-production", "terraform.tfstate"), "{}");
    expect(outdirProblem(dir)).toBe(`${path.join(dir, "stacks", "casera-production", "terraform.tfstate")} is Terraform state, which synth would delete with the stack's folder; move it out first`);
    fs.rmSync(path.join(dir, "stacks", "casera-production", "terraform.tfstate"));
    // A workspace's state, under terraform.tfstate.d/, counts; .terraform/'s backend record does not.
    fs.mkdirSync(path.join(dir, "stacks", "casera-production", ".terraform"));
    fs.writeFileSync(path.join(dir, "stacks", "casera-production", ".terraform", "terraform.tfstate"), "{}");
    expect(outdirProblem(dir)).toBeUndefined();
    const workspace = path.join(dir, "stacks", "casera-production", "terraform.tfstate.d", "blue", "terraform.tfstate");
    fs.mkdirSync(path.dirname(workspace), { recursive: true });
    fs.writeFileSync(workspace, "{}");
    expect(outdirProblem(dir)).toBe(`${workspace} is Terraform state, which synth would delete with the stack's folder; move it out first`);
  });

  test("lists the synth's warnings once each under a heading, as npm run synth does, and nothing when there are none", () => {
    const stack = (name: string, warnings: string[]) => ({ name, dir: `stacks/${name}`, resources: {}, warnings });
    expect(formatWarnings([stack("casera-production", []), stack("casera-staging", [])])).toEqual([]);
    expect(formatWarnings([stack("casera-production", ["[casera:ExampleValue] a", "[casera:ExampleValue] a"]), stack("casera-staging", ["[casera:NoApnsKey] b"])])).toEqual([
      "warnings (2):",
      "  - casera-production: [casera:ExampleValue] a",
      "  - casera-staging: [casera:NoApnsKey] b",
    ]);
  });
});
