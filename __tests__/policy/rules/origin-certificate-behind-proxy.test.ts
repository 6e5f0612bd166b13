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

  test.each([
    ["a wildcard certificate over a DNS-only record", ["*.casera.example"], "api.casera.example"],
    ["a relative record name", ["api.casera.example"], "api"],
    ["a record name with a trailing dot", ["api.casera.example"], "api.casera.example."],
    ["different case", ["API.casera.example"], "api.Casera.example"],
  ])("non-compliant: %s", (_what, hostnames, name) => {
    const stack = policyStack();

    new DnsRecord(stack, "Api", { zoneId, name, type: "A", content: "203.0.113.5", ttl: 300, proxied: false });
    new OriginCaCertificate(stack, "Origin", { csr: "csr", hostnames, requestType: "origin-ecc" });

    expect(findings(stack, "OriginCertificateBehindProxy")).toHaveLength(1);
  });

  test("compliant: a wildcard does not cover names two labels below, nor the zone's apex", () => {
    const stack = policyStack();

    new DnsRecord(stack, "Deep", { zoneId, name: "a.b.casera.example", type: "A", content: "203.0.113.5", ttl: 300, proxied: false });
    new DnsRecord(stack, "Apex", { zoneId, name: "casera.example", type: "A", content: "203.0.113.5", ttl: 300, proxied: false });
    new OriginCaCertificate(stack, "Origin", { csr: "csr", hostnames: ["*.casera.example"], requestType: "origin-ecc" });

    expect(findings(stack, "OriginCertificateBehindProxy")).toEqual([]);
  });

  test("a record that leaves proxied unset is DNS-only, Cloudflare's default", () => {
    const stack = policyStack();

    new DnsRecord(stack, "Api", { zoneId, name: "api.casera.example", type: "A", content: "203.0.113.5", ttl: 300 });
    new OriginCaCertificate(stack, "Origin", { csr: "csr", hostnames: ["api.casera.example"], requestType: "origin-ecc" });

    expect(findings(stack, "OriginCertificateBehindProxy")).toHaveLength(1);
  });
});
