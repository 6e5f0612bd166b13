import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Aspects, TerraformStack, Testing } from "cdktf";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { CASERA_POLICY_RULES, CaseraPolicyPack, CaseraStack, CaseraSwarmStack, resolveSettings } from "../../constructs";
import { buildApp } from "../../main";
import { synthCasera, synthStacks, SynthError } from "../../scripts/synth-app";

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

  test.each([["prod"], ["PRD"], ["live"], ["prod-eu"], ["casera_production"]])("warns that environment %p does not get the production-only rules", (environment) => {
    const app = Testing.app();
    const { settings } = resolveSettings({});
    const stack = new CaseraStack(app, "casera-env", { environment: environment.toLowerCase().replace(/_/g, "-"), settings, database: { plan: "launch" } });

    const warnings = stack.node.metadata.filter((m) => String(m.data).includes("casera:NotProduction"));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].data)).toContain('apply only to "production"');
  });

  test.each([["production"], ["staging"], ["preprod"], ["product"]])("does not warn about environment %p", (environment) => {
    const app = Testing.app();
    const { settings } = resolveSettings({});
    const stack = new CaseraStack(app, "casera-env", { environment, settings, database: { plan: "launch" } });

    expect(JSON.stringify(stack.node.metadata)).not.toContain("casera:NotProduction");
  });

  test("fails synth for production without delete protection", () => {
    const app = Testing.app();
    const { settings } = resolveSettings({});

    const stack: TerraformStack = new CaseraStack(app, "casera-production", { environment: "production", settings, database: { plan: "launch" }, protection: false });

    expect(() => Testing.fullSynth(stack)).toThrow(/\[casera:DeleteProtectionInProduction\]/);
  });

  describe("when the pack finds errors in more than one stack", () => {
    const failing = fs.mkdtempSync(path.join(os.tmpdir(), "casera-policy-fail-"));
    afterAll(() => fs.rmSync(failing, { recursive: true, force: true }));
    /** The Casera app plus a DNS-only record for a host with an Origin CA certificate, in both environments. */
    const build = (app: App) => {
      buildApp(app, {});
      for (const [stack, host] of [["casera-production", "api"], ["casera-staging", "staging-api"]]) {
        const scope = app.node.findChild(stack) as TerraformStack;
        new DnsRecord(scope, "Unproxied", { zoneId: "0123456789abcdef0123456789abcdef", name: `${host}.casera.example`, type: "TXT", content: "x", ttl: 300 });
      }
      return app;
    };

    test("reports every error of every stack and writes no stack, even with cdktf's continue variable set", () => {
      fs.mkdirSync(path.join(failing, "stacks", "casera-old"), { recursive: true });
      process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
      try {
        expect(() => synthStacks(failing, build)).toThrow(SynthError);
      } finally {
        delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      }
      let message = "";
      try {
        synthStacks(failing, build);
      } catch (err) {
        message = (err as Error).message;
      }

      expect(message.split("\n")).toEqual([
        "error: synth found 2 errors; no stack was written:",
        expect.stringMatching(/^  - casera-production\/Edge\/OriginCertificate: \[casera:OriginCertificateBehindProxy\] .*\(not proxied: api\.casera\.example\)/),
        expect.stringMatching(/^  - casera-staging\/Edge\/OriginCertificate: \[casera:OriginCertificateBehindProxy\] .*\(not proxied: staging-api\.casera\.example\)/),
      ]);
      expect(fs.readdirSync(failing)).not.toContain("stacks");
      expect(fs.readdirSync(failing)).not.toContain("manifest.json");
      expect(process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS).toBeUndefined();
    });
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
