import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { CASERA_POLICY_RULES, CaseraPolicyPack, CaseraStack, CaseraSwarmStack, resolveSettings } from "../../constructs";
import { synthCasera } from "../../scripts/synth-app";

const POLICY_IDS = new Set(CASERA_POLICY_RULES.map((r) => r.rule.id));

describe("the Casera app under the policy pack", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-policy-app-"));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("synthesizes every stack with no policy error and no policy warning", () => {
    synthCasera(outdir, {});

    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    const annotations = Object.values<{ annotations: Array<{ level: string; message: string }> }>(manifest.stacks).flatMap((s) => s.annotations);
    expect(annotations.filter((a) => a.level === "@cdktf/error")).toEqual([]);
    const policy = annotations.filter((a) => POLICY_IDS.has(/^\[casera:([A-Za-z0-9]+)\]/.exec(a.message)?.[1] ?? ""));
    expect(policy).toEqual([]);
  });

  test("applies the pack to both stacks of each environment", () => {
    const app = Testing.app();
    const { settings } = resolveSettings({});

    const casera = new CaseraStack(app, "casera-production", { environment: "production", settings, database: { plan: "launch" } });
    const swarm = new CaseraSwarmStack(app, "casera-production-swarm", { casera });

    for (const stack of [casera, swarm]) {
      expect(Aspects.of(stack).all.some((a) => a instanceof CaseraPolicyPack)).toBe(true);
    }
  });

  test("fails synth for production without delete protection", () => {
    const app = Testing.app();
    const { settings } = resolveSettings({});

    const stack: TerraformStack = new CaseraStack(app, "casera-production", { environment: "production", settings, database: { plan: "launch" }, protection: false });

    expect(() => Testing.fullSynth(stack)).toThrow(/\[casera:DeleteProtectionInProduction\]/);
  });

  test("accepts staging without delete protection", () => {
    const app = Testing.app();
    const { settings } = resolveSettings({});

    const stack: TerraformStack = new CaseraStack(app, "casera-staging", {
      environment: "staging",
      settings,
      database: { plan: "free", maxCu: 1 },
      cluster: { managers: 1, allowSingleManager: true, serverType: "cx23" },
      protection: false,
    });

    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });
});
