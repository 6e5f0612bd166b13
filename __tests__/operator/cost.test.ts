import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { CaseraStack, resolveSettings } from "../../constructs";
import { costOf, formatRange, formatReport, parseArgs, planCheck } from "../../scripts/cost";
import { loadPrices, PLAN_PRICES, UsageError } from "../../scripts/prices";
import { exampleSynth, removeExampleSynth } from "./synth-once";

const rounded = (r: { low: number; high: number }) => formatRange(r);
const root = path.join(__dirname, "..", "..");

const priceDirs: string[] = [];

/** A price file holding `content` (JSON unless a string is given). */
function priceFile(content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-prices-"));
  priceDirs.push(dir);
  const file = path.join(dir, "prices.json");
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

/** The error loadPrices throws for `content`, which must be a UsageError. */
function priceError(content: unknown): string {
  try {
    loadPrices(priceFile(content));
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(content)}`);
}

const cx33 = (current: Record<string, unknown>) => ({ servers: { cx33: { current: { monthly: 7.59, asOf: "2026-12", source: "test", ...current } } } });

/** `npm run cost -- ...args` as a user runs it: in the package folder, with `env` (INIT_CWD: where the user ran npm). */
function runCostIn(env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, ["-r", "./scripts/ts-cached.js", "scripts/cost.ts", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, CASERA_PRICES: "", ...env } });
}
const runCost = (...args: string[]) => runCostIn({}, ...args);

/** The report's closing lines, from "Where the figures come from:" on. */
const closing = (report: string) => report.slice(report.indexOf("Where the figures come from:"));

describe("npm run cost", () => {
  afterAll(removeExampleSynth);
  afterAll(() => priceDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  test("prices production's three CX33 at the plan's $19.77", () => {
    const production = costOf(exampleSynth()).find((e) => e.name === "casera-production")!;

    const servers = production.lines.find((l) => l.component.startsWith("3 x cx33"));

    expect(servers?.light?.low).toBeCloseTo(19.77, 2);
  });

  test("production at 100k users totals the plan's ~$47-79", () => {
    const production = costOf(exampleSynth()).find((e) => e.name === "casera-production")!;

    expect(rounded(production.total.at100k)).toBe("~$47-79");
    expect(production.lines.map((l) => l.component)).toEqual(
      expect.arrayContaining(["load balancer lb11", "Neon (launch, 0.25-4 CU)", "B2 (2 buckets)", "Cloudflare (free plan)", "Dozzle (in the Swarm stack)"]),
    );
  });

  test("production at light load is the plan's ~$25-35 plus the $5.99 balancer it has from day one", () => {
    const production = costOf(exampleSynth()).find((e) => e.name === "casera-production")!;

    expect(production.total.light.low).toBeCloseTo(24.77 + 5.99, 2);
    expect(production.total.light.high).toBeCloseTo(34.77 + 5.99, 2);
  });

  test("the plan's starting-out cluster (3 x CX33, no balancer, Neon Launch) synthesizes to its ~$25-35", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-start-"));
    const app = new App({ outdir });
    new CaseraStack(app, "casera-start", {
      environment: "start",
      settings: resolveSettings({}).settings,
      cluster: { managers: 3, serverType: "cx33", location: "nbg1" },
      database: { plan: "launch" },
    });

    app.synth();
    const [start] = costOf(outdir);

    expect(rounded(start.total.light)).toBe("~$25-35");
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test("staging is one CX23 on Neon's free plan", () => {
    const staging = costOf(exampleSynth()).find((e) => e.name === "casera-staging")!;

    expect(staging.lines[0].component).toBe("1 x cx23 server ($4.09 each)");
    expect(staging.lines.find((l) => l.component.startsWith("Neon"))?.component).toBe("Neon (free, 0.25-1 CU)");
    expect(rounded(staging.total.light)).toBe("$4.09");
  });

  test("recomputes each of the plan's totals from its prices", () => {
    const rows = planCheck(PLAN_PRICES);

    expect(rows.map((r) => [r.name, rounded(r.computed), r.ok])).toEqual([
      ["3 x CX33", "$19.77", true],
      ["starting out (no load balancer)", "~$25-35", true],
      ["at 100k users (with lb11)", "~$47-79", true],
    ]);
  });

  test("names the primary IPv4 addresses it cannot price instead of counting them as free", () => {
    const production = costOf(exampleSynth()).find((e) => e.name === "casera-production")!;

    expect(production.unpriced).toEqual([expect.stringMatching(/^3 x primary IPv4/)]);
  });

  test("flags a current price from a price file that differs from the plan's", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "casera-prices-")), "prices.json");
    fs.writeFileSync(file, JSON.stringify({ servers: { cx33: { current: { monthly: 7.59, asOf: "2026-12", source: "test" } } } }));

    const prices = loadPrices(file);
    const production = costOf(exampleSynth(), prices).find((e) => e.name === "casera-production")!;

    expect(production.differences).toEqual(["cx33 server: plan $6.59, current $7.59 (test, 2026-12); +$3.00/mo here"]);
    expect(formatReport([production], prices)).toContain("PRICE CHANGED");
  });

  test("rejects a price file that is not a JSON object, naming it", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "casera-prices-")), "bad.json");
    fs.writeFileSync(file, "[1]");

    expect(() => loadPrices(file)).toThrow(/bad\.json": must be a JSON object/);
  });

  test("a price file that is not JSON is named, with where it stops being JSON, and none of it is quoted", () => {
    expect(priceError('{"servers": SECRETSECRET}')).toMatch(/prices\.json": is not JSON: unexpected character \(line 1, column 13\)$/);
    expect(priceError('password=hunter2-SECRET\n')).toMatch(/prices\.json": is not JSON: unexpected character \(line 1, column 1\)$/);
    expect(priceError('{\n  "b2": {"source": "SECRET"}\n  "x": 1}')).toMatch(/prices\.json": is not JSON: expected ',' or '}' after property value \(line 3, column 3\)$/);
    for (const content of ['{"servers": SECRETSECRET}', "password=hunter2-SECRET\n", '"SECRET-TOKEN"', '["SECRET"]']) {
      expect(priceError(content)).not.toMatch(/SECRET|hunter2/);
    }
    expect(priceError('"SECRET-TOKEN"')).toMatch(/must be a JSON object such as .*; got a JSON string$/);
  });

  test("a price file that is not a regular file, or larger than 1 MiB, is refused before it is read, naming the option, the file and the limit", () => {
    const big = priceFile("");
    fs.truncateSync(big, 2 * 1024 * 1024);
    const folder = path.dirname(big);
    const refused = (file: string, option?: string) => {
      try {
        loadPrices(file, "/", option);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      throw new Error(`accepted ${file}`);
    };

    // The big file first: before the limit, /dev/zero was read until memory ran out.
    expect(refused(big)).toBe(`price file ${JSON.stringify(big)}: --prices takes a regular file of at most 1 MiB; it is 2 MiB, more than the 1 MiB allowed`);
    expect(refused(folder, "CASERA_PRICES")).toBe(`price file ${JSON.stringify(folder)}: CASERA_PRICES takes a regular file of at most 1 MiB; it is a folder`);
    expect(refused("/dev/zero")).toBe('price file "/dev/zero": --prices takes a regular file of at most 1 MiB; it is a character device, not a regular file');
    const cli = runCostIn({ CASERA_PRICES: "/dev/zero" }, "--from", exampleSynth());
    expect([cli.status, cli.stderr]).toEqual([2, 'cost: price file "/dev/zero": CASERA_PRICES takes a regular file of at most 1 MiB; it is a character device, not a regular file\n']);
  });

  test("refuses a price given as a string, naming the field and quoting the value", () => {
    expect(priceError(cx33({ monthly: "6.59" }))).toMatch(/: servers\.cx33\.current\.monthly must be a price in USD a month: a number above 0 .*; got "6\.59"$/);
  });

  test("refuses a negative price and one so large the totals would print $Infinity", () => {
    expect(priceError(cx33({ monthly: -5 }))).toMatch(/servers\.cx33\.current\.monthly must be .*at most 10000; got -5$/);
    expect(priceError(cx33({ monthly: 1e308 }))).toMatch(/servers\.cx33\.current\.monthly must be .*; got 1e\+308$/);
    expect(priceError({ b2: { at100k: { low: 3, high: 1 }, source: "test" } })).toMatch(/b2\.at100k must be a range .*whose low is above its high/);
  });

  test("refuses unknown keys with the known ones, suggesting the right case or place", () => {
    expect(priceError({ server: {} })).toMatch(/top level has an unknown key "server" \(did you mean "servers"\?\); known keys: asOf, source, servers, loadBalancers, primaryIpv4, neon, b2, monitoring/);
    expect(priceError({ servers: { CX33: cx33({}).servers.cx33 } })).toMatch(/servers has an unknown key "CX33" \(did you mean "cx33"\? keys are case-sensitive\); known keys: cx23, cx33, /);
    expect(priceError({ cx33: 9.99 })).toMatch(/unknown key "cx33" \(cx33 is a server type: its price goes under servers\.cx33\.current\)/);
    expect(priceError({ servers: { cx33: 9.99 } })).toMatch(/servers\.cx33 must be an object \{"current": .*; got 9\.99/);
    expect(priceError({ servers: { cx33: { monthly: 7.59, asOf: "2026-12", source: "test" } } })).toMatch(/servers\.cx33 must be an object .*; "current" is missing/);
  });

  test("refuses the README's own template as it is: $0 and YYYY-MM are placeholders", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const template = /cat > prices\.json <<'JSON'\n([\s\S]*?)\n\s*JSON\n/.exec(readme)![1];

    const message = priceError(template);

    expect(message).toMatch(/servers\.cx33\.current\.monthly must be a price .*above 0 .*; got 0/);
    expect(message).toMatch(/servers\.cx33\.current\.asOf must be a real date.*; got "YYYY-MM" \(the template's placeholder/);
    expect(message).toMatch(/primaryIpv4\.current\.monthly/);
  });

  test("refuses a date that is no day, or after today", () => {
    expect(priceError(cx33({ asOf: "2026-02-30" }))).toMatch(/asOf must be a real date.*; got "2026-02-30"$/);
    expect(priceError(cx33({ asOf: `${new Date().getUTCFullYear() + 1}-01` }))).toMatch(/not after today; got/);
  });

  test("a Neon plan the table does not price needs both loads from the price file, then is priced", () => {
    expect(priceError({ neon: { scale: { source: "test" } } })).toMatch(/neon\.scale must be an object with "light" and "at100k".*"light" is missing/);

    const scale = { light: { low: 10, high: 20 }, at100k: { low: 30, high: 60 }, source: "test" };
    const prices = loadPrices(priceFile({ neon: { scale } }));
    const production = costOf(exampleSynth(), prices, { "casera-production": "scale" }).find((e) => e.name === "casera-production")!;

    expect(production.lines.find((l) => l.component.startsWith("Neon"))).toMatchObject({ component: "Neon (scale, 0.25-4 CU)", light: scale.light, at100k: scale.at100k });
  });

  test("shows a Neon plan with no estimate as not priced, never $0", () => {
    const production = costOf(exampleSynth(), PLAN_PRICES, { "casera-production": "scale" }).find((e) => e.name === "casera-production")!;

    expect(production.lines.find((l) => l.component.startsWith("Neon"))).toMatchObject({ component: "Neon (scale, 0.25-4 CU)", light: null, at100k: null });
    expect(production.unpriced).toContainEqual(expect.stringMatching(/^Neon project casera-production \(plan scale, 0\.25-4 CU\): no estimate for Neon's scale plan/));
    expect(formatReport([production])).toMatch(/Neon \(scale, 0\.25-4 CU\) +not priced +not priced/);
  });

  test("refuses --neon-plan for a stack that was not synthesized or has no Neon project, listing those that have one", () => {
    expect(() => costOf(exampleSynth(), PLAN_PRICES, { "casera-prod": "scale" })).toThrow(
      new UsageError('--neon-plan casera-prod=scale: no synthesized stack is named "casera-prod"; stacks with a Neon project: casera-production, casera-staging'),
    );
    expect(() => costOf(exampleSynth(), PLAN_PRICES, { "casera-production-swarm": "scale" })).toThrow(/stack "casera-production-swarm" has no Neon project/);
  });

  test("refuses --neon-plan free for production, whose 4 CU the Free plan does not offer", () => {
    expect(() => costOf(exampleSynth(), PLAN_PRICES, { "casera-production": "free" })).toThrow(
      /--neon-plan casera-production=free: Neon project casera-production autoscales 0\.25-4 CU, which the free plan does not offer: maxCu must be a Neon compute size from 0\.25 to 2 on the free plan .*got 4/,
    );
    expect(costOf(exampleSynth(), PLAN_PRICES, { "casera-staging": "free" })).toHaveLength(2);
  });

  test("refuses a Neon plan in capitals, with a second =, or given twice", () => {
    expect(() => parseArgs(["--neon-plan", "casera-production=Launch"], {})).toThrow(/the plan must be one of free, launch, scale, business; did you mean "launch"\? plans are lowercase; got "Launch"/);
    expect(() => parseArgs(["--neon-plan", "casera-production=business=x"], {})).toThrow(/STACK=PLAN with one "=".*; got "casera-production=business=x"/);
    expect(() => parseArgs(["--neon-plan", "casera-production=scale", "--neon-plan", "casera-production=launch"], {})).toThrow(/already given plan "scale"/);
    expect(parseArgs(["--neon-plan", "casera-production=scale"], {}).neonPlans).toEqual({ "casera-production": "scale" });
  });

  test("refuses to synthesize into a CDKTF_OUTDIR that holds other files, leaving them as they were", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-cost-outdir-"));
    priceDirs.push(dir);
    fs.mkdirSync(path.join(dir, "stacks", "mine"), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", "mine", "f"), "x");
    fs.writeFileSync(path.join(dir, "manifest.json"), '{"mine":1}');
    const run = runCostIn({ CDKTF_OUTDIR: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`cost: refusing CDKTF_OUTDIR ${JSON.stringify(dir)}: ${path.join(dir, "manifest.json")} is not cdktf's manifest: it has no "stacks" object. Synth starts by removing stacks/ and manifest.json there: pick an empty (or new) folder, or the output of an earlier synth\n`);
    expect(fs.readFileSync(path.join(dir, "stacks", "mine", "f"), "utf8")).toBe("x");
    expect(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")).toBe('{"mine":1}');
  });

  test("--from a broken synth output is refused in one line naming what is wrong, never quoting a file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-cost-from-"));
    priceDirs.push(dir);
    fs.cpSync(exampleSynth(), dir, { recursive: true });
    fs.rmSync(path.join(dir, "stacks", "casera-staging", "cdk.tf.json"));
    const missing = runCost("--from", dir);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
    delete manifest.stacks["casera-staging"];
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    const partial = runCost("--from", dir);
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: { x: { synthesizedStackPath: "../../../etc/passwd" } } }));
    const outside = runCost("--from", dir);
    fs.writeFileSync(path.join(dir, "manifest.json"), "secret-token {");
    const notJson = runCost("--from", dir);
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: {} }));
    const empty = runCost("--from", dir);

    expect([missing, outside, notJson, empty].map((r) => [r.status, r.stdout])).toEqual(Array(4).fill([2, ""]));
    expect(missing.stderr).toBe(`cost: --from ${JSON.stringify(dir)}: ${path.join(dir, "stacks", "casera-staging", "cdk.tf.json")}, of stack "casera-staging" in its manifest, is missing; give a complete cdktf.out folder (npm run synth writes one), or leave --from out to synthesize first\n`);
    expect(outside.stderr).toContain(`manifest.json puts stack "x" outside ${path.join(dir, "stacks")}`);
    expect([partial.status, partial.stdout]).toEqual([2, ""]);
    expect(partial.stderr).toContain(`stack "casera-staging-swarm" depends on "casera-staging", which its manifest does not list`);
    expect(notJson.stderr).toContain("manifest.json is not cdktf's manifest: it is not JSON: unexpected character (line 1, column 1)");
    expect(notJson.stderr).not.toContain("secret");
    expect(empty.stderr).toContain(`${path.join(dir, "stacks")} holds no stack`);
  });

  test("refuses --prices given twice, which would drop the first file", () => {
    expect(() => parseArgs(["--prices", "a.json", "--prices", "b.json"], {})).toThrow(new UsageError('--prices given twice ("a.json" and "b.json"); put every current price in one file'));
    expect(parseArgs(["--prices", "b.json"], { CASERA_PRICES: "a.json" }).prices).toBe("b.json");
    expect(() => parseArgs(["--prices", ""], {})).toThrow(new UsageError('--prices needs a file name; got ""'));
  });

  test("reads a price file that starts with a byte-order mark, and refuses a source that is not one printable line", () => {
    expect(loadPrices(priceFile("\uFEFF" + JSON.stringify(cx33({ monthly: 7.59 })))).servers.cx33.current?.monthly).toBe(7.59);
    for (const source of ["hetzner.com\n  3 x CX33   $0.00", "hetzner\u001b[2J.com", "x".repeat(201)]) {
      expect(priceError(cx33({ source }))).toMatch(/servers\.cx33\.current\.source must be where the figure was read, e\.g\. "hetzner\.com\/cloud" \(a name on one line, at most 200 characters, no control characters/);
    }
  });

  test("refuses an option without its value instead of reading the next option as one", () => {
    expect(() => parseArgs(["--from", "--json"], {})).toThrow(new UsageError('--from needs a value (a cdktf.out folder); got "--json"'));
    expect(() => parseArgs(["--prices"], {})).toThrow(/--prices needs a value .*; got nothing/);
  });

  test("without a price file, the closing lines say every figure is from the plan's table, and which are estimates", () => {
    const text = closing(formatReport(costOf(exampleSynth())));

    expect(text).toContain("  the plan's table: prices for cx33 server, lb11 load balancer; estimates for Neon launch, B2, monitoring, Neon free\n");
    expect(text).toContain("  the plan's table, worked out from the plan's figures rather than stated by it: prices for cx23 server\n");
    expect(text).toContain("  estimates, not prices (usage-based, so the bill depends on use): Neon launch, B2, monitoring, Neon free;");
    expect(text).toMatch(/\$0, nothing to pay: Cloudflare \(free plan\); Dozzle/);
    expect(text).toContain("No price file given, so every figure is from the plan's table (2026-02).");
    expect(text).not.toContain("the price file");
  });

  test("with a price file of estimates only, the closing lines say which figures are the file's, never that every figure is the plan's", () => {
    const file = priceFile({
      b2: { at100k: { low: 2, high: 5 }, source: "backblaze.com" },
      monitoring: { light: { low: 0, high: 0 }, at100k: { low: 7, high: 7 }, source: "betterstack.com" },
      neon: { scale: { light: { low: 10, high: 20 }, at100k: { low: 30, high: 60 }, source: "neon.com" } },
    });
    const prices = loadPrices(file);

    const text = closing(formatReport(costOf(exampleSynth(), prices), prices));

    expect(text).not.toMatch(/every figure is/);
    expect(text).toContain("  the plan's table: prices for cx33 server, lb11 load balancer; estimates for Neon launch, B2 (light load), Neon free\n");
    expect(text).toContain(`  the price file ${JSON.stringify(file)}: estimates for B2 (100k users), monitoring\n`);
    expect(text).toContain("  in the price file but not used, as no resource here needs it: Neon scale\n");
    expect(text).toContain("  estimates, not prices (usage-based, so the bill depends on use): Neon launch, B2, monitoring, Neon free;");
    expect(text).toContain("The price file gives no current price used here, so every fixed price is the plan's (2026-02).");
  });

  test("the plan check stays the plan's when a price file changes an estimate", () => {
    const prices = loadPrices(priceFile({ neon: { launch: { light: { low: 50, high: 60 }, source: "neon.com" } }, monitoring: { at100k: { low: 90, high: 99 }, source: "test" } }));

    expect(planCheck(prices).map((r) => r.ok)).toEqual([true, true, true]);
  });

  test("a current price is named as the price file's, and its line loses the note on how the plan's figure was worked out", () => {
    const prices = loadPrices(priceFile({ servers: { cx23: { current: { monthly: 4.59, asOf: "2026-03", source: "test" } } } }));
    const envs = costOf(exampleSynth(), prices);
    const staging = envs.find((e) => e.name === "casera-staging")!;

    expect(staging.lines[0]).toMatchObject({ component: "1 x cx23 server ($4.59 each)", note: undefined, basis: { kind: "price", entry: "cx23 server", light: "file", at100k: "file" } });
    const text = closing(formatReport(envs, prices));
    expect(text).toMatch(/the price file "[^"]+": prices for cx23 server\n/);
    expect(text).not.toContain("worked out from the plan's figures");
    expect(text).toContain("Current prices from the price file are used where given; each one that differs from the plan is flagged PRICE CHANGED above.");
  });

  test("relative --prices, CASERA_PRICES and --from are taken from where npm was run (INIT_CWD); an error names the file as given and where that is", () => {
    const user = fs.mkdtempSync(path.join(os.tmpdir(), "casera-cost-cwd-"));
    priceDirs.push(user);
    fs.writeFileSync(path.join(user, "prices.json"), JSON.stringify({ b2: { at100k: { low: 2, high: 5 }, source: "backblaze.com" } }));
    const from = path.relative(user, exampleSynth());

    const byOption = runCostIn({ INIT_CWD: user }, "--from", from, "--prices", "prices.json");
    const byEnv = runCostIn({ INIT_CWD: user, CASERA_PRICES: "prices.json" }, "--from", from);
    const missing = runCostIn({ INIT_CWD: user }, "--from", from, "--prices", "nope.json");
    const noSynth = runCostIn({ INIT_CWD: user }, "--from", "out");
    fs.mkdirSync(path.join(user, "odd", "manifest.json"), { recursive: true });
    const folderManifest = runCostIn({ INIT_CWD: user }, "--from", "odd");

    expect([byOption.stderr, byEnv.stderr]).toEqual(["", ""]);
    expect([byOption.status, byEnv.status]).toEqual([0, 0]);
    for (const run of [byOption, byEnv]) expect(run.stdout).toContain(`  the price file "prices.json", at ${path.join(user, "prices.json")}: estimates for B2 (100k users)\n`);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`cost: price file "nope.json", at ${path.join(user, "nope.json")}: cannot be read (no such file)\n`);
    expect(noSynth.status).toBe(2);
    expect(noSynth.stderr).toMatch(/^cost: --from "out", at [^:]+: no manifest\.json file there/);
    expect(folderManifest.status).toBe(2);
    expect(folderManifest.stderr).toMatch(/^cost: --from "odd", at [^:]+: no manifest\.json file there; give a cdktf\.out folder/);
    expect(noSynth.stderr).toContain(`at ${path.join(user, "out")}: `);
  });

  test("--json gives every amount to the cent, without floating-point noise (30.759999999999998)", () => {
    const file = priceFile(cx33({ monthly: 6.6 }));
    const amounts = (json: unknown): number[] => (typeof json === "number" ? [json] : json !== null && typeof json === "object" ? Object.values(json).flatMap(amounts) : []);
    const noisy = (n: number) => !/^-?\d+(\.\d{1,2})?$/.test(String(n));

    for (const args of [[], ["--prices", file]]) {
      const run = runCost("--from", exampleSynth(), "--json", ...args);
      expect([run.status, run.stderr]).toEqual([0, ""]);
      const json = JSON.parse(run.stdout);
      expect(amounts(json).filter(noisy)).toEqual([]);
      const production = json.environments.find((e: { name: string }) => e.name === "casera-production");
      expect(production.total.light.low).toBe(args.length === 0 ? 30.76 : 30.79);
    }
  });

  test("the CLI exits 2 with the message alone for a bad price file or option", () => {
    const bad = runCost("--from", exampleSynth(), "--prices", priceFile(cx33({ monthly: "6.59" })));
    const plan = runCost("--from", exampleSynth(), "--neon-plan", "casera-prod=scale");

    expect([bad.status, plan.status]).toEqual([2, 2]);
    expect(bad.stderr).toMatch(/^cost: price file .*servers\.cx33\.current\.monthly must be .*; got "6\.59"\n$/);
    expect(plan.stderr).toMatch(/^cost: --neon-plan casera-prod=scale: no synthesized stack/);
    expect(bad.stderr + plan.stderr).not.toMatch(/\n\s+at /);
  });
});
