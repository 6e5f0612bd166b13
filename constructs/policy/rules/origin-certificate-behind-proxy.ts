import { IConstruct } from "constructs";
import { attributesOf, isExpression, resourceOf, resourcesIn } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";

/**
 * Every host name a `cloudflare_origin_ca_certificate` covers, when its DNS
 * record is in the same stack, has that record proxied. Names compare without
 * case or a trailing dot; a wildcard `*.casera.app` covers the names one label
 * below `casera.app`; a record name without a dot is relative to its zone and
 * matches a covered name that starts with it. Names known only at apply time
 * are not judged.
 */
export const OriginCertificateBehindProxy: PolicyRule = {
  id: "OriginCertificateBehindProxy",
  message: "A host name of a Cloudflare Origin CA certificate has a DNS-only (not proxied) record.",
  explanation:
    "Only Cloudflare trusts an Origin CA certificate. With `proxied: false` browsers and apps connect to the origin directly and reject it; set the record's `proxied` to true or give the origin a publicly trusted certificate.",
  evaluate(construct: IConstruct, context): RuleResult {
    const certificate = resourceOf(construct, "cloudflare_origin_ca_certificate");
    if (!certificate) return Compliance.NOT_APPLICABLE;
    const hostnames: unknown[] = Array.isArray(attributesOf(certificate).hostnames) ? attributesOf(certificate).hostnames : [];
    const covered = hostnames.filter((h): h is string => typeof h === "string" && !isExpression(h)).map(dnsName);
    const exposed = resourcesIn(context.stack, "cloudflare_dns_record")
      .map(attributesOf)
      .filter((r) => r.proxied !== true && typeof r.name === "string" && !isExpression(r.name))
      .map((r) => dnsName(r.name))
      .filter((name) => covered.some((pattern) => covers(pattern, name)));
    return exposed.length === 0 ? Compliance.COMPLIANT : nonCompliant(`not proxied: ${[...new Set(exposed)].join(", ")}`);
  },
};

/** Lower case, without a trailing dot. */
export function dnsName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/** Whether a certificate name (maybe `*.zone`) covers a record name (maybe relative: no dot). */
function covers(pattern: string, record: string): boolean {
  if (!record.includes(".")) {
    return pattern.startsWith(`${record}.`) || (pattern.startsWith("*.") && record !== "@");
  }
  if (pattern.startsWith("*.")) {
    const zone = pattern.slice(2);
    return record.endsWith(`.${zone}`) && !record.slice(0, -zone.length - 1).includes(".");
  }
  return pattern === record;
}
