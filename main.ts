import { App, DISABLE_STACK_TRACE_IN_METADATA } from "cdktf";
import { CaseraStack, CaseraSwarmStack, resolveSettings, shareBinaryVersionChecks } from "./constructs";

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
  buildApp(new App()).synth();
}
