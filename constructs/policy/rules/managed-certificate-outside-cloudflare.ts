import { IConstruct } from "constructs";
import { attributesOf, isExpression, resourceOf, resourcesIn } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";
import { dnsName } from "./origin-certificate-behind-proxy";

/**
 * No `hcloud_managed_certificate` names a domain of a zone this stack serves
 * through Cloudflare. The zones are the names of `cloudflare_zone` resources
 * and, for each `cloudflare_dns_record`, its name and the name's parent (the
 * zone of `api.casera.app` is taken to be `casera.app`; a parent of one label,
 * like `app`, is not a zone). A wildcard
 * `*.casera.app` counts as `casera.app`; names compare without case or a
 * trailing dot. A relative record name (no dot) says nothing about its zone
 * and is not used.
 */
export const ManagedCertificateOutsideCloudflare: PolicyRule = {
  id: "ManagedCertificateOutsideCloudflare",
  message: "A Hetzner managed certificate names a domain whose DNS is on Cloudflare.",
  explanation:
    "Hetzner issues managed certificates through Let's Encrypt DNS challenges in Hetzner DNS, so a zone on Cloudflare never validates; and behind Cloudflare's proxy the client sees Cloudflare's certificate anyway. Keep TLS passthrough on the balancer and the Origin CA certificate on the edge proxy.",
  evaluate(construct: IConstruct, context): RuleResult {
    const certificate = resourceOf(construct, "hcloud_managed_certificate");
    if (!certificate) return Compliance.NOT_APPLICABLE;
    const zones = new Set<string>();
    for (const zone of resourcesIn(context.stack, "cloudflare_zone").map(attributesOf)) {
      if (typeof zone.name === "string" && !isExpression(zone.name)) zones.add(dnsName(zone.name));
    }
    for (const record of resourcesIn(context.stack, "cloudflare_dns_record").map(attributesOf)) {
      if (typeof record.name !== "string" || isExpression(record.name)) continue;
      const name = dnsName(record.name);
      if (!name.includes(".")) continue;
      zones.add(name);
      const parent = name.slice(name.indexOf(".") + 1);
      if (parent.includes(".")) zones.add(parent);
    }
    const domains: unknown[] = Array.isArray(attributesOf(certificate).domain_names) ? attributesOf(certificate).domain_names : [];
    const onCloudflare = domains
      .filter((d): d is string => typeof d === "string" && !isExpression(d))
      .filter((d) => {
        const domain = dnsName(d).replace(/^\*\./, "");
        return [...zones].some((zone) => domain === zone || domain.endsWith(`.${zone}`));
      });
    return onCloudflare.length === 0 ? Compliance.COMPLIANT : nonCompliant(`on Cloudflare: ${onCloudflare.join(", ")}`);
  },
};
