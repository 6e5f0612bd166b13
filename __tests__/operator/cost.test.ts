import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { CaseraStack, resolveSettings } from "../../constructs";
import { costOf, formatRange, formatReport, planCheck } from "../../scripts/cost";
import { loadPrices, PLAN_PRICES } from "../../scripts/prices";
import { exampleSynth, removeExampleSynth } from "./synth-once";

const rounded = (r: { low: number; high: number }) => formatRange(r);

describe("npm run cost", () => {
  afterAll(removeExampleSynth);

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

    expect(() => loadPrices(file)).toThrow(/bad\.json: must be a JSON object/);
  });
});
