import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { diagramMarkdown, parseDiagramArgs, readmeBlock, replaceReadmeBlock, synthEnvironment, UsageError } from "../../scripts/diagram";
import { exampleSynth, removeExampleSynth } from "./synth-once";

const root = path.join(__dirname, "..", "..");
const readmePath = path.join(root, "README.md");

/** `npm run diagram -- ...args` as a user runs it. */
function runDiagram(...args: string[]) {
  return spawnSync(process.execPath, ["-r", "./scripts/ts-cached.js", "scripts/diagram.ts", ...args], { cwd: root, encoding: "utf8" });
}

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
    expect(() => parseDiagramArgs(["--bogus"])).toThrow(new UsageError('unknown option "--bogus"; use --from DIR (draw an existing cdktf.out) or --write (update README.md from the example configuration)'));
    expect(() => parseDiagramArgs(["--json"])).toThrow(/unknown option "--json"/);
    expect(() => parseDiagramArgs(["--from"])).toThrow(new UsageError("--from needs a value (a cdktf.out folder); got nothing"));
    expect(() => parseDiagramArgs(["--from", "--write"])).toThrow(/--from needs a value .*; got "--write"/);
    expect(parseDiagramArgs(["--from", "cdktf.out"])).toEqual({ write: false, from: "cdktf.out" });
  });

  test("refuses --write with --from, so the README never gets a user's own settings", () => {
    expect(() => parseDiagramArgs(["--write", "--from", "cdktf.out"])).toThrow(/--write cannot be used with --from cdktf\.out: README\.md shows the example configuration/);
  });

  test("--write synthesizes the example configuration whatever CASERA_* says, and names what it skipped", () => {
    const env = { CASERA_DOMAIN: "mine.example", CASERA_ADMIN_CIDRS: "198.51.100.7/32", PATH: "/bin" };

    expect(synthEnvironment({ write: true }, env)).toEqual({ env: {}, ignored: ["CASERA_DOMAIN", "CASERA_ADMIN_CIDRS"] });
    expect(synthEnvironment({ write: false }, env)).toEqual({ env, ignored: [] });
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
});
