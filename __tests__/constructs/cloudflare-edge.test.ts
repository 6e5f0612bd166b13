import { Token } from "cdktf";
import { CloudflareEdge, CloudflareEdgeProps } from "../../constructs";
import { errorOf, resources, synthJson, testStack } from "../helpers/stack";

const base: CloudflareEdgeProps = {
  zoneId: "0123456789abcdef0123456789abcdef",
  domain: "casera.example",
  targetsIpv4: ["198.51.100.7"],
  targetsIpv6: ["2001:db8::7"],
};

function synthEdge(props: Partial<CloudflareEdgeProps> = {}) {
  const { stack } = testStack();
  new CloudflareEdge(stack, "Edge", { ...base, ...props });
  return synthJson(stack);
}

describe("CloudflareEdge", () => {
  test("creates proxied A and AAAA records for the API and admin host names", () => {
    const json = synthEdge();

    const records = resources(json, "cloudflare_dns_record");
    expect(records.map((r) => `${r.type} ${r.name} ${r.content}`).sort()).toEqual([
      "A admin.casera.example 198.51.100.7",
      "A api.casera.example 198.51.100.7",
      "AAAA admin.casera.example 2001:db8::7",
      "AAAA api.casera.example 2001:db8::7",
    ]);
    for (const record of records) expect(record).toMatchObject({ proxied: true, ttl: 1 });
  });

  test("the origin CSR's common name is the domain when it fits RFC 5280's 64 characters, else left out (the names are in dnsNames)", () => {
    expect(resources(synthEdge(), "tls_cert_request")[0].subject).toEqual([{ common_name: "casera.example", organization: "Casera" }]);
    const long = `${"a".repeat(60)}.example.com`;
    const csr = resources(synthEdge({ domain: long }), "tls_cert_request")[0];
    expect(csr.subject).toEqual([{ organization: "Casera" }]);
    expect(csr.dns_names).toContain(`api.${long}`);
  });

  test("points one record per node at every node when there is no balancer", () => {
    const json = synthEdge({ targetsIpv4: ["198.51.100.1", "198.51.100.2", "198.51.100.3"], targetsIpv6: [] });

    const api = resources(json, "cloudflare_dns_record").filter((r) => r.name === "api.casera.example");
    expect(api.map((r) => r.content)).toEqual(["198.51.100.1", "198.51.100.2", "198.51.100.3"]);
  });

  test("sets SSL to Full (strict), always HTTPS and TLS 1.2 at least", () => {
    const json = synthEdge();

    const settings = Object.fromEntries(resources(json, "cloudflare_zone_setting").map((s) => [s.setting_id, s.value]));
    expect(settings).toEqual({ ssl: "strict", always_use_https: "on", min_tls_version: "1.2" });
  });

  test("issues an Origin CA certificate for the host names from a Terraform-made key", () => {
    const json = synthEdge();

    expect(resources(json, "cloudflare_origin_ca_certificate")).toEqual([
      expect.objectContaining({ hostnames: ["api.casera.example", "admin.casera.example"], request_type: "origin-ecc" }),
    ]);
    expect(resources(json, "tls_private_key")).toEqual([expect.objectContaining({ algorithm: "ECDSA" })]);
  });

  describe("validation", () => {
    const make = (props: Partial<CloudflareEdgeProps>) => (scope: any) => new CloudflareEdge(scope, "Edge", { ...base, ...props });

    test("refuses a misspelt prop instead of ignoring it (targetsIPv6 would leave out the AAAA records)", () => {
      expect(errorOf(make({ targetsIPv6: ["2001:db8::7"] } as never))).toMatch(
        /Edge: props\.targetsIPv6 is not a CloudflareEdge prop: props takes zoneId, domain, hostnames, targetsIpv4, targetsIpv6, sslMode and proxied, nothing else; got \["2001:db8::7"\]$/,
      );
      expect(errorOf(make({ apiToken: "not-a-real-token-but-secret-looking" } as never))).toMatch(/props\.apiToken is not a CloudflareEdge prop: .*; got "\(a value named like a secret; it is not repeated here\)"$/);
      expect(errorOf(make({ privateKey: "x" } as never))).toMatch(/props\.privateKey is not a CloudflareEdge prop: .*; got "\(a value named like a secret; it is not repeated here\)"$/);
      // "private" alone names no secret: a misspelt privateIP shows what was given.
      expect(errorOf(make({ privateIP: "10.0.1.9" } as never))).toMatch(/props\.privateIP is not a CloudflareEdge prop: .*; got "10\.0\.1\.9"$/);
    });

    test.each(["https://casera.example", "casera", "Casera.Example", "casera.example.", "-x.example"])("rejects domain %p", (domain) => {
      expect(errorOf(make({ domain }))).toMatch(/domain must be a lower-case DNS name/);
    });

    test.each(["flexible", "full", "off"])("refuses SSL mode %p: only Full (strict) checks the origin and cannot loop", (sslMode) => {
      expect(errorOf(make({ sslMode: sslMode as never }))).toMatch(
        new RegExp(`sslMode must be "strict" \\(Full, strict\\): "full" accepts any certificate.*"flexible" sends plain HTTP.*loops forever.*"off" drops TLS; got "${sslMode}"`),
      );
    });

    test.each([
      ["10.0.1.11", "the private range 10.0.0.0/8"],
      ["172.16.5.4", "the private range 172.16.0.0/12"],
      ["192.168.1.1", "the private range 192.168.0.0/16"],
      ["127.0.0.1", "the loopback range 127.0.0.0/8"],
      ["0.0.0.0", "the unspecified range 0.0.0.0/8"],
      ["169.254.169.254", "the linkLocal range 169.254.0.0/16"],
      ["100.64.0.1", "the carrierGradeNat range 100.64.0.0/10"],
      ["224.0.0.1", "the multicast range 224.0.0.0/4"],
      // Reserved blocks ipaddr.js files with the documentation ranges, which the range name alone let through.
      ["240.0.0.1", "240.0.0.0/4"],
      ["198.18.0.1", "198.18.0.0/15"],
      ["192.0.0.8", "192.0.0.0/24"],
    ])("refuses IPv4 target %p: Cloudflare cannot reach %s", (ip, where) => {
      expect(errorOf(make({ targetsIpv4: ["198.51.100.7", ip] }))).toMatch(
        `targetsIpv4[1] must be a public address Cloudflare can reach; this one is in ${where}, which is not routed on the internet; got "${ip}"`,
      );
    });

    test.each([
      ["::1", "the loopback range ::1/128"],
      ["fd00::1", "the uniqueLocal range fc00::/7"],
      ["fe80::1", "the linkLocal range fe80::/10"],
      ["ff02::1", "the multicast range ff00::/8"],
      ["::ffff:198.51.100.7", "the ipv4Mapped range ::ffff:0:0/96"],
      ["100::1", "the discard range 100::/64"],
      ["4000::1", "4000::/2"],
    ])("refuses IPv6 target %p: Cloudflare cannot reach %s", (ip, where) => {
      expect(errorOf(make({ targetsIpv6: [ip] }))).toMatch(
        `targetsIpv6[0] must be a public address Cloudflare can reach; this one is in ${where}, which is not routed on the internet; got "${ip}"`,
      );
    });

    test("takes public addresses and the documentation ranges the examples use", () => {
      const json = synthEdge({ targetsIpv4: ["198.51.100.7", "203.0.113.9", "192.0.2.1", "95.217.0.1"], targetsIpv6: ["2001:db8::7", "2a01:4f8::1"] });
      expect(resources(json, "cloudflare_dns_record")).toHaveLength(12);
    });

    test("refuses a repeated target, which would make two identical records", () => {
      expect(errorOf(make({ targetsIpv4: ["198.51.100.7", "198.51.100.7"] }))).toMatch('targetsIpv4[1] must not repeat targetsIpv4[0]; got "198.51.100.7"');
      expect(errorOf(make({ targetsIpv6: ["fe80::1"] }))).toMatch(/targetsIpv6\[0\] must be a public address.*linkLocal range/);
    });

    test("refuses a host name that makes a record name longer than DNS allows", () => {
      const domain = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.example`;
      expect(errorOf(make({ domain, hostnames: ["api"] }))).toMatch(/hostnames \(api\) \+ "\." \+ domain must be a lower-case DNS name .*at most 253 characters/);
    });

    test("refuses DNS-only records, whose clients would reject the Origin CA certificate", () => {
      expect(errorOf(make({ proxied: false }))).toMatch(/proxied must be true: the origin presents a Cloudflare Origin CA certificate, which only Cloudflare's proxy trusts.*; got false/);
    });

    test("rejects a host name that is not a DNS label", () => {
      expect(errorOf(make({ hostnames: ["api", "ad min"] }))).toMatch(/hostnames\[1\] must be one lower-case DNS label.*; got "ad min"/);
    });

    test("rejects a zone ID that is not one", () => {
      expect(errorOf(make({ zoneId: "xyz" }))).toMatch(/zoneId must be a Cloudflare zone ID: 32 lower-case hexadecimal characters.*got "xyz"/);
    });

    test("rejects a target that is not an IPv4 address", () => {
      expect(errorOf(make({ targetsIpv4: ["999.1.1.1"] }))).toMatch(/targetsIpv4\[0\] must be an IPv4 address; got "999.1.1.1"/);
    });

    test("rejects targets given as a string instead of an array", () => {
      expect(errorOf(make({ targetsIpv4: "198.51.100.7" as never }))).toMatch(/targetsIpv4 must hold at least one address for the records to point at, in an array/);
      expect(errorOf(make({ targetsIpv6: "2a01:4f8::1" as never }))).toMatch(/targetsIpv6 must be an array of addresses/);
    });

    test("rejects one IPv6 address written twice in two spellings (two identical AAAA records)", () => {
      expect(errorOf(make({ targetsIpv6: ["2A01:4F8::1", "2a01:4f8:0::1"] }))).toMatch(/targetsIpv6\[1\] must not repeat targetsIpv6\[0\] \("2A01:4F8::1", the same address\)/);
      expect(errorOf(make({ targetsIpv6: ["2a01:4f8::1%eth0"] }))).toMatch(/targetsIpv6\[0\] must be an IPv6 address, without a zone index \(%\.\.\.\); got "2a01:4f8::1%eth0"/);
      expect(errorOf(make({ targetsIpv4: Token.asList("${var.addresses}") }))).toMatch(/targetsIpv4 must be an array whose length is known at synth, one address \(or one address token\) per record.*; got "\(a list token\)"/);
    });

    test("rejects a repeated host name", () => {
      expect(errorOf(make({ hostnames: ["api", "api"] }))).toMatch(/hostnames\[1\] must not repeat hostnames\[0\]/);
      expect(errorOf(make({ hostnames: ["api-2", "api2"] }))).toMatch(/hostnames\[1\] must differ from hostnames\[0\] "api-2" in more than hyphens/);
    });

    test("rejects records with no target", () => {
      expect(errorOf(make({ targetsIpv4: [] }))).toMatch(/targetsIpv4 must hold at least one address/);
    });
  });
});
