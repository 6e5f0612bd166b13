import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diagramMarkdown, parseDiagramArgs, readmeBlock, replaceReadmeBlock, synthEnvironment, UsageError } from "../../scripts/diagram";
import { exampleSynth, removeExampleSynth } from "./synth-once";

const root = path.join(__dirname, "..", "..");
const readmePath = path.join(root, "README.md");

/** `npm run diagram -- ...args` as a user runs it: in the package folder, with `env` (INIT_CWD: where the user ran npm). */
function runDiagramIn(env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, ["-r", "./scripts/ts-cached.js", "scripts/diagram.ts", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
}
const runDiagram = (...args: string[]) => runDiagramIn({}, ...args);

describe("npm run diagram", () => {
  afterAll(removeExampleSynth);

  test("the README's diagram block is what the generator prints now (npm run diagram -- --write updates it)", () => {
    const generated = diagramMarkdown(exampleSynth());

    expect(readmeBlock(fs.readFileSync(readmePath, "utf8"))).toBe(generated);
  });

  test("is the same text on a second run", () => {
    expect(diagramMarkdown(exampleSynth())).toBe(diagramMarkdown(exampleSynth()));
  });

  test("draws Cloudflare to the balancer and the balancer to every manager in production", () => {
    const text = diagramMarkdown(exampleSynth());

    expect(text).toMatch(/casera_production_cloudflare -->\|"TCP 80\/443"\| casera_production_Cluster_LoadBalancer_/);
    expect(text.match(/casera_production_Cluster_LoadBalancer_\w+ -->\|"TCP 80\/443, private IP, PROXY protocol"\|/g)).toHaveLength(3);
  });

  test("draws Cloudflare straight to the node in staging, which has no balancer", () => {
    const text = diagramMarkdown(exampleSynth());

    expect(text).toMatch(/casera_staging_cloudflare -->\|"TCP 80\/443"\| casera_staging_Cluster_Manager1_Server_/);
    expect(text).not.toMatch(/casera_staging_Cluster_LoadBalancer/);
  });

  test("shows the firewall's rules, the buckets' keys and the Docker secrets", () => {
    const text = diagramMarkdown(exampleSynth());

    expect(text).toContain("in tcp 2222 from 203.0.113.10/32");
    expect(text).toContain('"read/write key casera-production-api-uploads"');
    expect(text).toContain('"read-only key casera-production-certs-read"');
    expect(text).toMatch(/Docker secrets \(9\)[^"]*postgres_password/);
  });

  test("replaces only the text between the markers", () => {
    const readme = "# T\n\nbefore\n<!-- diagram:start -->\nold\n<!-- diagram:end -->\nafter\n";

    expect(replaceReadmeBlock(readme, "new")).toBe("# T\n\nbefore\n<!-- diagram:start -->\nnew\n<!-- diagram:end -->\nafter\n");
  });

  test("refuses unknown flags and --from without a folder", () => {
    expect(() => parseDiagramArgs(["--bogus"])).toThrow(
      new UsageError('unknown option "--bogus"; use --from DIR (draw an existing cdktf.out) or --write [FILE] (update README.md, or FILE\'s diagram block, from the example configuration)'),
    );
    expect(() => parseDiagramArgs(["--json"])).toThrow(/unknown option "--json"/);
    expect(() => parseDiagramArgs(["--from"])).toThrow(new UsageError("--from needs a value (a cdktf.out folder); got nothing"));
    expect(() => parseDiagramArgs(["--from", "--write"])).toThrow(/--from needs a value .*; got "--write"/);
    expect(parseDiagramArgs(["--from", "cdktf.out"])).toEqual({ write: false, from: "cdktf.out" });
  });

  test("--write takes an optional FILE, never reading an option as one", () => {
    expect(parseDiagramArgs(["--write"])).toEqual({ write: true });
    expect(parseDiagramArgs(["--write", "docs/topology.md"])).toEqual({ write: true, writeFile: "docs/topology.md" });
    expect(() => parseDiagramArgs(["--write", "--from", "x"])).toThrow(/--write cannot be used with --from x/);
    expect(() => parseDiagramArgs(["--write", ""])).toThrow(new UsageError('--write FILE needs a file name; got ""'));
    expect(() => parseDiagramArgs(["--write", "a.md", "--write", "b.md"])).toThrow(/--write is given twice/);
  });

  test("refuses --write with --from, so the README never gets a user's own settings", () => {
    expect(() => parseDiagramArgs(["--write", "--from", "cdktf.out"])).toThrow(/--write cannot be used with --from cdktf\.out: --write draws the example configuration into README\.md/);
    expect(() => parseDiagramArgs(["--write", "docs/topology.md", "--from", "cdktf.out"])).toThrow(
      /--write draws the example configuration into docs\/topology\.md, .*; run `npm run diagram -- --write docs\/topology\.md` alone/,
    );
  });

  test("refuses a --write FILE with two diagram blocks instead of updating only the first", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-diagram-two-"));
    try {
      const file = path.join(dir, "two.md");
      const text = "<!-- diagram:start -->\nold\n<!-- diagram:end -->\n\n<!-- diagram:start -->\nold\n<!-- diagram:end -->\n";
      fs.writeFileSync(file, text);
      const run = runDiagramIn({}, "--write", file);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("has more than one diagram block; keep one pair of <!-- diagram:start --> and <!-- diagram:end --> lines");
      expect(fs.readFileSync(file, "utf8")).toBe(text);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("--write synthesizes the example configuration whatever CASERA_* says, and names what it skipped", () => {
    const env = { CASERA_DOMAIN: "mine.example", CASERA_ADMIN_CIDRS: "198.51.100.7/32", PATH: "/bin" };

    expect(synthEnvironment({ write: true }, env)).toEqual({ env: {}, ignored: ["CASERA_DOMAIN", "CASERA_ADMIN_CIDRS"] });
    expect(synthEnvironment({ write: false }, env)).toEqual({ env, ignored: [] });
  });

  test("a relative --write FILE is taken from where npm was run (INIT_CWD); a second run says the block is unchanged", () => {
    const user = fs.mkdtempSync(path.join(os.tmpdir(), "casera-diagram-cwd-"));
    try {
      const doc = path.join(user, "topology.md");
      fs.writeFileSync(doc, "# Topology\n\n<!-- diagram:start -->\nold\n<!-- diagram:end -->\nafter\n");
      const readmeBefore = fs.readFileSync(readmePath, "utf8");
      const lines = diagramMarkdown(exampleSynth()).split("\n").length;

      const first = runDiagramIn({ INIT_CWD: user }, "--write", "topology.md");
      const written = fs.readFileSync(doc, "utf8");
      const second = runDiagramIn({ INIT_CWD: user }, "--write", "topology.md");

      expect([first.status, second.status]).toEqual([0, 0]);
      expect(first.stdout).toBe(`"topology.md", at ${doc}: diagram block updated (${lines} lines)\n`);
      expect(readmeBlock(written)).toBe(diagramMarkdown(exampleSynth()));
      expect(written).toMatch(/^# Topology\n\n<!-- diagram:start -->\n[\s\S]*\n<!-- diagram:end -->\nafter\n$/);
      expect(second.stdout).toBe(`"topology.md", at ${doc}: diagram block unchanged (${lines} lines)\n`);
      expect(fs.readFileSync(doc, "utf8")).toBe(written);
      expect(fs.existsSync(path.join(root, "topology.md"))).toBe(false);
      expect(fs.readFileSync(readmePath, "utf8")).toBe(readmeBefore);
    } finally {
      fs.rmSync(user, { recursive: true, force: true });
    }
  });

  test("a --write FILE or --from DIR that cannot be used exits 2 before synthesizing, naming it as given and where that is", () => {
    const user = fs.mkdtempSync(path.join(os.tmpdir(), "casera-diagram-cwd-"));
    try {
      fs.writeFileSync(path.join(user, "plain.md"), "no markers\n");

      const runs = [
        runDiagramIn({ INIT_CWD: user }, "--write", "plain.md"),
        runDiagramIn({ INIT_CWD: user }, "--write", "missing.md"),
        runDiagramIn({ INIT_CWD: user }, "--from", "out"),
      ];

      expect(runs.map((r) => r.status)).toEqual([2, 2, 2]);
      expect(runs.map((r) => r.stdout)).toEqual(["", "", ""]);
      expect(runs[0].stderr).toBe(`diagram: --write "plain.md", at ${path.join(user, "plain.md")}: has no diagram block; put the lines <!-- diagram:start --> and <!-- diagram:end --> where the diagram goes\n`);
      expect(runs[1].stderr).toBe(`diagram: --write "missing.md", at ${path.join(user, "missing.md")}: cannot be read (no such file); give a Markdown file with a diagram block\n`);
      expect(runs[2].stderr).toMatch(/^diagram: --from "out", at [^:]+\/out: no manifest\.json file there/);
      expect(runs[2].stderr).toContain(path.join(user, "out"));
    } finally {
      fs.rmSync(user, { recursive: true, force: true });
    }
  });

  test("the CLI exits 2 with the message alone for a bad option, and leaves README.md alone", () => {
    const before = readmeBlock(fs.readFileSync(readmePath, "utf8"));
    const runs = [runDiagram("--bogus"), runDiagram("--from"), runDiagram("--write", "--from", exampleSynth())];

    expect(runs.map((r) => r.status)).toEqual([2, 2, 2]);
    expect(runs.map((r) => r.stdout)).toEqual(["", "", ""]);
    expect(runs[2].stderr).toMatch(/^diagram: --write cannot be used with --from /);
    expect(runs.map((r) => r.stderr).join("")).not.toMatch(/\n\s+at /);
    expect(readmeBlock(fs.readFileSync(readmePath, "utf8"))).toBe(before);
  });

  test("a failed synth exits 1 with synth's message and removes its temporary folder", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casera-diagram-tmp-"));
    try {
      const run = runDiagramIn({ TMPDIR: tmp, CASERA_DOMAIN: "bad_domain" });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^error: casera-production: settings\.domain \(CASERA_DOMAIN\) must be a lower-case DNS name.*; got "bad_domain"$/m);
      expect(fs.readdirSync(tmp)).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
