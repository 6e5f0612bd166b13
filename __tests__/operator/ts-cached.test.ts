import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repo = path.join(__dirname, "..", "..");

describe("scripts/ts-cached.js (how the npm scripts run TypeScript)", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "casera-ts-cached-"));
  const cache = path.join(work, "cache");
  const entry = path.join(work, "entry.ts");
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const run = () =>
    spawnSync(process.execPath, ["-r", path.join(repo, "scripts", "ts-cached.js"), entry], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, CASERA_TS_CACHE: cache },
    });
  const cached = () => (fs.existsSync(cache) ? fs.readdirSync(cache).filter((f) => f.endsWith(".js")).length : 0);
  const write = (greeting: string) =>
    fs.writeFileSync(
      entry,
      `import * as path from "path";\ninterface Greeting { readonly text: string }\nenum Kind { Plain = "plain" }\nconst g: Greeting = { text: ${JSON.stringify(greeting)} };\nconsole.log(g.text, Kind.Plain, path.basename(__filename));\n`,
    );

  test("transpiles a file on its first run and keeps the JavaScript", () => {
    write("hello");

    const first = run();

    expect({ status: first.status, stdout: first.stdout }).toEqual({ status: 0, stdout: "hello plain entry.ts\n" });
    expect(cached()).toBe(1);
  });

  test("a second run loads the cached JavaScript and writes nothing new", () => {
    const [file] = fs.readdirSync(cache).filter((f) => f.endsWith(".js"));
    const javascript = path.join(cache, file);
    fs.writeFileSync(javascript, fs.readFileSync(javascript, "utf8").replace('"hello"', '"from the cache"'));

    const second = run();

    expect(second.stdout).toBe("from the cache plain entry.ts\n");
    expect(cached()).toBe(1);
  });

  test("with --enable-source-maps a stack trace names the TypeScript line, from the cache too", () => {
    const thrower = path.join(work, "thrower.ts");
    fs.writeFileSync(thrower, `interface A { readonly x: number }\n\n\nconst a: A = { x: 1 };\nexport function fail(): void {\n  throw new Error("boom " + a.x);\n}\nfail();\n`);
    const trace = () =>
      spawnSync(process.execPath, ["--enable-source-maps", "-r", path.join(repo, "scripts", "ts-cached.js"), thrower], { cwd: repo, encoding: "utf8", env: { ...process.env, CASERA_TS_CACHE: cache } }).stderr;

    expect(trace()).toContain(`at fail (${thrower}:6:9)`);
    expect(trace()).toContain(`at fail (${thrower}:6:9)`);
  });

  test("a changed file is transpiled again", () => {
    write("changed");

    const third = run();

    expect(third.stdout).toBe("changed plain entry.ts\n");
    expect(cached()).toBe(3);
  });
});
