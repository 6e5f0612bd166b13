import { ManagedCertificate } from "../../../providers/providers/hcloud/managed-certificate";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { Zone } from "@cdktf/provider-cloudflare/lib/zone";
import { CloudflareEdge } from "../../../constructs";
import { findings, policyStack } from "../policy-helpers";

const zoneId = "0123456789abcdef0123456789abcdef";

describe("ManagedCertificateOutsideCloudflare", () => {
  test("compliant: a managed certificate for a domain Cloudflare does not serve here", () => {
    const stack = policyStack();

    new CloudflareEdge(stack, "Edge", { zoneId, domain: "casera.example", targetsIpv4: ["203.0.113.5"] });
    new ManagedCertificate(stack, "Status", { name: "status", domainNames: ["status.casera-ops.example"] });

    expect(findings(stack, "ManagedCertificateOutsideCloudflare")).toEqual([]);
  });

  test.each([["api.casera.example"], ["www.casera.example"], ["*.casera.example"], ["casera.example"], ["www.casera.example."], ["WWW.Casera.Example"]])(
    "non-compliant: %s, in the zone CloudflareEdge serves",
    (domain) => {
      const stack = policyStack();

      new CloudflareEdge(stack, "Edge", { zoneId, domain: "casera.example", targetsIpv4: ["203.0.113.5"] });
      new ManagedCertificate(stack, "Lb", { name: "lb", domainNames: [domain] });

      expect(findings(stack, "ManagedCertificateOutsideCloudflare")).toEqual([
        expect.objectContaining({ level: "error", path: "test/Lb", message: expect.stringContaining(`on Cloudflare: ${domain}`) }),
      ]);
    },
  );

  test("non-compliant: a domain under a cloudflare_zone of the stack", () => {
    const stack = policyStack();

    new Zone(stack, "Zone", { name: "casera.example", account: { id: "0123456789abcdef0123456789abcdef" } });
    new ManagedCertificate(stack, "Lb", { name: "lb", domainNames: ["shop.casera.example"] });

    expect(findings(stack, "ManagedCertificateOutsideCloudflare")).toHaveLength(1);
  });

  test("a record at a zone's apex does not make the whole top-level domain Cloudflare's", () => {
    const stack = policyStack();

    new DnsRecord(stack, "Apex", { zoneId, name: "casera.example", type: "A", content: "203.0.113.5", ttl: 1, proxied: true });
    new ManagedCertificate(stack, "Lb", { name: "lb", domainNames: ["other.example"] });

    expect(findings(stack, "ManagedCertificateOutsideCloudflare")).toEqual([]);
  });
});
