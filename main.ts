import { App, DISABLE_STACK_TRACE_IN_METADATA } from "cdktf";
import { CaseraStack, CaseraSwarmStack, InvalidPropError, misspeltSettings, resolveSettings, shareBinaryVersionChecks } from "./constructs";

/**
 * The Casera app: production and a cheaper staging environment from the same
 * constructs. User-specific values come from CASERA_* environment variables
 * (see the README); unset ones fall back to examples and raise warnings.
 */
export function buildApp(app: App, env: Readonly<Record<string, string | undefined>> = process.env): App {
  // Warnings carry no stack traces, so the manifest is the same on every machine.
  app.node.setContext(DISABLE_STACK_TRACE_IN_METADATA, true);
  // One `terraform version` run for the 22 terraform_data resources' identical checks, not one each.
  shareBinaryVersionChecks();
  const { settings, examplesUsed } = resolveSettings(env);
  // A misspelt variable would leave its setting at the example: refuse it rather than deploy casera.example.
  for (const { given, meant } of misspeltSettings(env)) {
    throw new InvalidPropError(app, given, env[given], `is not a Casera setting: did you mean ${meant}? (${meant} is unset, so its example would be used); rename the variable`);
  }

  const production = new CaseraStack(app, "casera-production", {
    environment: "production",
    settings,
    examplesUsed,
    cluster: { managers: 3, serverType: "cx33", location: "nbg1", loadBalancer: "lb11" },
    database: { plan: "launch", minCu: 0.25, maxCu: 4 },
  });

  const staging = new CaseraStack(app, "casera-staging", {
    environment: "staging",
    settings,
    examplesUsed,
    cluster: { managers: 1, allowSingleManager: true, serverType: "cx23", location: "nbg1" },
    database: { plan: "free", minCu: 0.25, maxCu: 1 },
    hostnames: { api: "staging-api", admin: "staging-admin" },
    bucketSuffix: "-staging",
    protection: false,
  });

  // Docker secrets and the stack deployment, one swarm stack per environment.
  new CaseraSwarmStack(app, "casera-production-swarm", { casera: production });
  new CaseraSwarmStack(app, "casera-staging-swarm", { casera: staging });

  return app;
}

if (require.main === module) {
  // `cdktf synth` and `cdktf deploy` run this file (cdktf.json). The same synth
  // as `npm run synth`: a bad setting or a policy error prints its message
  // (no stack trace) and leaves no stacks behind for the CLI to deploy.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { synthCasera } = require("./scripts/synth-app") as typeof import("./scripts/synth-app");
  synthCasera(process.env.CDKTF_OUTDIR ?? "cdktf.out");
}
