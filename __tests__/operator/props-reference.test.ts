import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { propsReference, readmePropsBlock, REFERENCE } from "../../scripts/props-reference";

const repo = path.join(__dirname, "..", "..");

describe("npm run props", () => {
  let generated: string;
  beforeAll(() => {
    generated = propsReference();
  });

  test("the README's props reference is what the generator prints now (npm run props -- --write updates it)", () => {
    expect(readmePropsBlock(fs.readFileSync(path.join(repo, "README.md"), "utf8"))).toBe(generated);
  });

  test("an unknown option or an argument exits 2 with the usage, and writes nothing", () => {
    const before = fs.readFileSync(path.join(repo, "README.md"), "utf8");
    for (const args of [["--wirte"], ["README.md"]]) {
      const run = spawnSync(process.execPath, ["-r", "./scripts/ts-cached.js", "scripts/props-reference.ts", ...args], { cwd: repo, encoding: "utf8" });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^props: (Unknown option '--wirte'|Unexpected argument 'README.md').*\nusage: npm run props/s);
      expect(run.stdout).toBe("");
    }
    expect(fs.readFileSync(path.join(repo, "README.md"), "utf8")).toBe(before);
  });

  test("covers every exported *Props interface of the constructs", () => {
    // Every `export interface XxxProps` in constructs/ is either in the reference or an internal one named here.
    const internal = new Set<string>();
    const declared: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(file);
        else if (entry.name.endsWith(".ts")) {
          const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
          source.forEachChild((n) => {
            if (ts.isInterfaceDeclaration(n) && n.name.text.endsWith("Props") && n.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) declared.push(n.name.text);
          });
        }
      }
    };
    visit(path.join(repo, "constructs"));

    const covered = new Set(REFERENCE.map((r) => r.type));
    expect(declared.filter((name) => !covered.has(name) && !internal.has(name))).toEqual([]);
    expect(declared.length).toBeGreaterThanOrEqual(REFERENCE.length - 1);
  });

  test("every row says what the prop is, and every optional prop has a default", () => {
    const rows = generated.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows.length).toBeGreaterThan(80);
    const cells = rows.map((r) => r.split(/(?<!\\)\|/).map((c) => c.trim()));
    // | name | type | default | what it is |
    expect(cells.filter((c) => c[3] === "").map((c) => c[1])).toEqual([]);
    expect(cells.filter((c) => c[4] === "").map((c) => c[1])).toEqual([]);
  });

  test("shows defaults and nested props from the declarations", () => {
    expect(generated).toContain("| `cluster.managers` | `number` | `3` | Number of managers: odd, from 3 to 9 (1 with `allowSingleManager`). |");
    expect(generated).toContain('| `cluster.location` | `"nbg1" \\| "fsn1" \\| "hel1" \\| "ash" \\| "hil"` | `"nbg1"` | Hetzner location. |');
    expect(generated).toMatch(/\| `images\.<key>\.digest` \| `string` \| the tag alone/);
    expect(generated).toMatch(/\| `images\.<key>\.tag` \| `string` \| required in each entry \|/);
    expect(generated).toMatch(/\| `settings\.domain` \| `string` \| required \|/);
  });
});
