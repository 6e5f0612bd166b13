import * as fs from "fs";
import { TerraformAsset, TerraformOutput, TerraformResource } from "cdktf";
import { IConstruct } from "constructs";
import { parseStackFile } from "../../stack/stack-file";
import { attributesOf, outputOf, stringsIn } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";

/** libpq sslmode values that refuse an unencrypted connection. */
export const SECURE_SSLMODES: readonly string[] = ["require", "verify-ca", "verify-full"];

/** Environment variables as a map, from Compose's map or `KEY=value` list form. */
function environmentMap(environment: unknown): Record<string, unknown> {
  if (Array.isArray(environment)) {
    return Object.fromEntries(environment.map((e) => String(e)).map((e) => [e.split("=")[0], e.includes("=") ? e.slice(e.indexOf("=") + 1) : undefined]));
  }
  return environment && typeof environment === "object" ? (environment as Record<string, unknown>) : {};
}

/** Whether an environment that names a database host also requires TLS; undefined when it names none. */
function environmentRequiresSsl(environment: Record<string, unknown>): boolean | undefined {
  if (!("DB_HOST" in environment)) return undefined;
  return SECURE_SSLMODES.includes(String(environment.DB_SSLMODE ?? ""));
}

/** Services of a Compose file whose DB_HOST comes without a secure DB_SSLMODE; undefined when the file is not Compose. */
function composeServicesWithoutSsl(file: string): string[] | undefined {
  let services: Record<string, { readonly environment?: unknown } | null> | undefined;
  try {
    services = parseStackFile(fs.readFileSync(file, "utf8")).services as typeof services;
  } catch {
    return undefined;
  }
  if (!services || typeof services !== "object") return undefined;
  return Object.entries(services)
    .filter(([, service]) => environmentRequiresSsl(environmentMap(service?.environment)) === false)
    .map(([name]) => name);
}

/** Postgres URIs in a value that do not carry a secure sslmode. */
function insecureUris(value: unknown): string[] {
  return stringsIn(value)
    .flatMap((s) => s.match(/postgres(?:ql)?:\/\/[^\s"'`]+/g) ?? [])
    .filter((uri) => !SECURE_SSLMODES.some((mode) => new RegExp(`[?&]sslmode=${mode}(?![A-Za-z-])`).test(uri)));
}

/**
 * Database connections require TLS (`sslmode=require` or stricter). Checked
 * where a connection is configured: a construct's `env` with DB_HOST (as
 * NeonDatabase exposes it) must set DB_SSLMODE; a Compose stack file shipped
 * as an asset must set DB_SSLMODE for every service with DB_HOST; a
 * `postgres://` URI in a resource or an output must carry `sslmode`.
 */
export const DatabaseSslRequired: PolicyRule = {
  id: "DatabaseSslRequired",
  message: "A database connection does not require TLS (sslmode=require or verify-full).",
  explanation:
    "Neon is reached over the internet; without a required TLS mode a client may fall back to, or be downgraded to, a plain connection that exposes the password and every query.",
  evaluate(construct: IConstruct): RuleResult {
    const env = (construct as { env?: unknown }).env;
    if (env && typeof env === "object" && !Array.isArray(env)) {
      const ok = environmentRequiresSsl(env as Record<string, unknown>);
      if (ok !== undefined) return ok ? Compliance.COMPLIANT : nonCompliant(`DB_SSLMODE is ${JSON.stringify((env as Record<string, unknown>).DB_SSLMODE ?? null)}`);
    }
    if (construct instanceof TerraformAsset) {
      const source = (construct as unknown as { sourcePath?: string }).sourcePath;
      if (!source || !/\.ya?ml$/.test(source)) return Compliance.NOT_APPLICABLE;
      const services = composeServicesWithoutSsl(source);
      if (services === undefined) return Compliance.NOT_APPLICABLE;
      return services.length === 0 ? Compliance.COMPLIANT : nonCompliant(`services ${services.join(", ")} set DB_HOST without DB_SSLMODE require`);
    }
    const value = TerraformResource.isTerraformResource(construct)
      ? attributesOf(construct)
      : TerraformOutput.isTerraformOutput(construct)
        ? outputOf(construct).value
        : undefined;
    if (value === undefined) return Compliance.NOT_APPLICABLE;
    const uris = insecureUris(value);
    return uris.length === 0 ? Compliance.NOT_APPLICABLE : nonCompliant(`${uris.length} postgres:// URI${uris.length === 1 ? "" : "s"} without sslmode=require`);
  },
};
