import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { OriginCaCertificate } from "@cdktf/provider-cloudflare/lib/origin-ca-certificate";
import { CloudflareEdge } from "../../../constructs";
import { findings, policyStack } from "../policy-helpers";

const zoneId = "0123456789abcdef0123456789abcdef";

describe("OriginCertificateBehindProxy", () => {
  test("compliant: CloudflareEdge's proxied records and their Origin CA certificate", () => {
    const stack = policyStack();

    new CloudflareEdge(stack, "Edge", { zoneId, domain: "casera.example", targetsIpv4: ["203.0.113.5"] });

    expect(findings(stack, "OriginCertificateBehindProxy")).toEqual([]);
  });

  test("non-compliant: an Origin CA certificate for a host whose record is DNS-only", () => {
    const stack = policyStack();

    new DnsRecord(stack, "Api", { zoneId, name: "api.casera.example", type: "A", content: "203.0.113.5", ttl: 300, proxied: false });
    new DnsRecord(stack, "Admin", { zoneId, name: "admin.casera.example", type: "A", content: "203.0.113.5", ttl: 1, proxied: true });
    new OriginCaCertificate(stack, "Origin", { csr: "csr", hostnames: ["api.casera.example", "admin.casera.example"], requestType: "origin-ecc" });

    expect(findings(stack, "OriginCertificateBehindProxy")).toEqual([
      expect.objectContaining({ level: "error", path: "test/Origin", message: expect.stringContaining("not proxied: api.casera.example") }),
    ]);
  });

  test("a record that leaves proxied unset is DNS-only, Cloudflare's default", () => {
    const stack = policyStack();

    new DnsRecord(stack, "Api", { zoneId, name: "api.casera.example", type: "A", content: "203.0.113.5", ttl: 300 });
    new OriginCaCertificate(stack, "Origin", { csr: "csr", hostnames: ["api.casera.example"], requestType: "origin-ecc" });

    expect(findings(stack, "OriginCertificateBehindProxy")).toHaveLength(1);
  });
});
