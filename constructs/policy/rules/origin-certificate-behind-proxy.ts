import { IConstruct } from "constructs";
import { attributesOf, isExpression, resourceOf, resourcesIn } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";

/**
 * Every host name of a `cloudflare_origin_ca_certificate` whose DNS record is
 * in the same stack has that record proxied. Host names without a record here
 * (or known only at apply time) are not judged.
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
    const records = resourcesIn(context.stack, "cloudflare_dns_record").map(attributesOf);
    const exposed = hostnames
      .filter((h): h is string => typeof h === "string" && !isExpression(h))
      .filter((h) => records.some((r) => typeof r.name === "string" && r.name.toLowerCase() === h.toLowerCase() && r.proxied !== true));
    return exposed.length === 0 ? Compliance.COMPLIANT : nonCompliant(`not proxied: ${exposed.join(", ")}`);
  },
};
