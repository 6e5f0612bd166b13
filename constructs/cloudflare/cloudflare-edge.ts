import { Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { OriginCaCertificate } from "@cdktf/provider-cloudflare/lib/origin-ca-certificate";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { CertRequest } from "@cdktf/provider-tls/lib/cert-request";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { InvalidPropError } from "../core/errors";
import { pascalCase } from "../core/ids";
import { nonPublicBlockOf, parseCidr, validateDnsLabel, validateDomain, validateIp, validateZoneId, validateObject, validateOnlyKeys } from "../core/validate";

/** Cloudflare SSL/TLS encryption modes this construct accepts: Full (strict) only. */
export type CloudflareSslMode = "strict";

/** Cloudflare Origin CA validity in days (15 years, Cloudflare's longest). */
const ORIGIN_CA_DAYS = 5475;

export interface CloudflareEdgeProps {
  /** Cloudflare zone ID of `domain`. */
  readonly zoneId: string;
  /** The zone's domain, e.g. `casera.app`. */
  readonly domain: string;
  /**
   * Host names (labels under `domain`) that point at the cluster.
   * @default ["api", "admin"]
   */
  readonly hostnames?: string[];
  /**
   * Public IPv4 addresses the records point at (the load balancer, or every
   * node). Addresses in private, shared (CGNAT), loopback, link-local,
   * multicast, benchmarking (198.18.0.0/15) and future-use (240.0.0.0/4)
   * blocks are refused: Cloudflare reaches the origin over the internet.
   */
  readonly targetsIpv4: string[];
  /**
   * Public IPv6 addresses the records point at: in 2000::/3, not unique-local,
   * link-local, loopback or IPv4-mapped.
   * @default - no AAAA records
   */
  readonly targetsIpv6?: string[];
  /**
   * SSL/TLS mode of the zone; only `strict` (Full, strict), which checks the
   * origin's certificate. "full" (any certificate), "flexible" (plain HTTP to
   * the origin, whose redirect to HTTPS then loops) and "off" are refused.
   * @default "strict"
   */
  readonly sslMode?: CloudflareSslMode;
  /**
   * Whether the records go through Cloudflare's proxy. Only `true` is
   * accepted: the edge proxy presents a Cloudflare Origin CA certificate,
   * which only Cloudflare trusts, so a DNS-only record breaks TLS for every
   * client (and exposes the nodes' addresses).
   * @default true
   */
  readonly proxied?: boolean;
}

/** Every prop CloudflareEdgeProps has: a misspelt one (`targetsIPv6`) would otherwise be ignored. */
const CLOUDFLARE_EDGE_KEYS: readonly (keyof CloudflareEdgeProps)[] = ["zoneId", "domain", "hostnames", "targetsIpv4", "targetsIpv6", "sslMode", "proxied"];

/**
 * Cloudflare in front of the cluster: proxied A/AAAA records per host name,
 * zone settings for strict TLS and HTTPS only, and a Cloudflare Origin CA
 * certificate (key made by Terraform) for the in-cluster edge proxy.
 */
export class CloudflareEdge extends Construct {
  /** Fully qualified host names, e.g. `api.casera.app`. */
  public readonly fqdns: Record<string, string>;
  /** PEM origin certificate for the edge proxy. */
  public readonly originCertificate: string;
  /** PEM private key of the origin certificate (sensitive). */
  public readonly originPrivateKey: string;

  constructor(scope: Construct, id: string, props: CloudflareEdgeProps) {
    super(scope, id);
    validateObject(this, "props", props, "{ zoneId, domain, targetsIpv4, ... } (see the props reference)");
    validateOnlyKeys(this, "props", props, CLOUDFLARE_EDGE_KEYS, "a CloudflareEdge prop");

    validateZoneId(this, "zoneId", props.zoneId);
    validateDomain(this, "domain", props.domain);
    const hostnames = props.hostnames ?? ["api", "admin"];
    validateHostnames(this, "hostnames", hostnames);
    const sslMode = props.sslMode ?? "strict";
    if (sslMode !== "strict") {
      throw new InvalidPropError(
        this,
        "sslMode",
        sslMode,
        'must be "strict" (Full, strict): "full" accepts any certificate from the origin, "flexible" sends plain HTTP to the origin, whose HTTP-to-HTTPS redirect then loops forever, and "off" drops TLS',
      );
    }
    if (props.proxied !== undefined && props.proxied !== true) {
      throw new InvalidPropError(
        this,
        "proxied",
        props.proxied,
        "must be true: the origin presents a Cloudflare Origin CA certificate, which only Cloudflare's proxy trusts; DNS-only clients would reject it",
      );
    }
    if (!Array.isArray(props.targetsIpv4) || props.targetsIpv4.length === 0) {
      throw new InvalidPropError(this, "targetsIpv4", props.targetsIpv4, 'must hold at least one address for the records to point at, in an array such as ["198.51.100.7"]');
    }
    if (props.targetsIpv6 !== undefined && !Array.isArray(props.targetsIpv6)) {
      throw new InvalidPropError(this, "targetsIpv6", props.targetsIpv6, 'must be an array of addresses, e.g. ["2001:db8::1"] (or left out)');
    }
    validateTargets(this, "targetsIpv4", props.targetsIpv4, "ipv4");
    validateTargets(this, "targetsIpv6", props.targetsIpv6 ?? [], "ipv6");

    this.fqdns = {};
    for (const host of hostnames) {
      this.fqdns[host] = `${host}.${props.domain}`;
      validateDomain(this, `hostnames (${host}) + "." + domain`, this.fqdns[host]);
    }

    // Point each host name at the cluster, proxied through Cloudflare.
    for (const host of hostnames) {
      const fqdn = this.fqdns[host];
      const name = pascalCase(host);
      const records: Array<[string, string[]]> = [
        ["A", props.targetsIpv4],
        ["AAAA", props.targetsIpv6 ?? []],
      ];
      for (const [type, targets] of records) {
        targets.forEach((content, i) => {
          new DnsRecord(this, `${name}${type}${targets.length > 1 ? i + 1 : ""}`, {
            zoneId: props.zoneId,
            name: fqdn,
            type,
            content,
            proxied: true,
            ttl: 1,
            comment: "Managed by Casera infrastructure (cdktf)",
          });
        });
      }
    }

    // Keep TLS strict end to end and refuse plain HTTP at the edge.
    const settings: Array<[string, string, string]> = [
      ["Ssl", "ssl", sslMode],
      ["AlwaysUseHttps", "always_use_https", "on"],
      ["MinTlsVersion", "min_tls_version", "1.2"],
    ];
    for (const [cid, settingId, value] of settings) {
      new ZoneSetting(this, cid, { zoneId: props.zoneId, settingId, value: value as never });
    }

    // Issue the origin certificate the edge proxy presents to Cloudflare.
    const key = new PrivateKey(this, "OriginKey", { algorithm: "ECDSA", ecdsaCurve: "P256" });
    const csr = new CertRequest(this, "OriginCsr", {
      privateKeyPem: key.privateKeyPem,
      // RFC 5280 caps a common name at 64 characters; the host names are in dnsNames either way, so a longer domain goes without one.
      subject: [{ ...(Token.isUnresolved(props.domain) || props.domain.length <= 64 ? { commonName: props.domain } : {}), organization: "Casera" }],
      dnsNames: Object.values(this.fqdns),
    });
    const certificate = new OriginCaCertificate(this, "OriginCertificate", {
      csr: csr.certRequestPem,
      hostnames: Object.values(this.fqdns),
      requestType: "origin-ecc",
      requestedValidity: ORIGIN_CA_DAYS,
    });
    this.originCertificate = certificate.certificate;
    this.originPrivateKey = key.privateKeyPem;
  }
}

/** ipaddr.js range names that say more than the block alone ("reserved" and "unicast" say nothing). */
const NAMED_RANGES = ["unspecified", "broadcast", "multicast", "linkLocal", "loopback", "private", "carrierGradeNat", "uniqueLocal", "ipv4Mapped", "discard"];

/**
 * Record targets: addresses Cloudflare can reach, none repeated. An address
 * in one of core's NON_PUBLIC blocks (private, shared/CGNAT, loopback,
 * link-local, multicast, reserved, IPv6 outside 2000::/3, ...) is refused:
 * Cloudflare's edge connects to the origin over the internet. The
 * documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 * 2001:db8::/32) are not in that list and pass, as elsewhere in this
 * library: examples and tests use them. Values known only at apply time are
 * not judged.
 */
function validateTargets(scope: Construct, prop: string, targets: readonly string[], family: "ipv4" | "ipv6"): void {
  // One record is made per element, so the length must be known at synth: a whole-list token cannot be split.
  if (Token.isUnresolved(targets)) {
    throw new InvalidPropError(scope, prop, "(a list token)", 'must be an array whose length is known at synth, one address (or one address token) per record, e.g. [server.ipv4Address]');
  }
  // Compared in normal form: 2A01:4F8::1 and 2a01:4f8:0::1 are one address, and would make two identical records.
  const seen: string[] = [];
  targets.forEach((ip, i) => {
    validateIp(scope, `${prop}[${i}]`, ip, family);
    if (Token.isUnresolved(ip)) return;
    const address = ipaddr.parse(ip);
    const block = nonPublicBlockOf(scope, parseCidr(scope, `${prop}[${i}]`, `${address.toString()}/${family === "ipv4" ? 32 : 128}`));
    if (block) {
      const range = address.range();
      const name = NAMED_RANGES.includes(range) ? `the ${range} range ` : "";
      throw new InvalidPropError(scope, `${prop}[${i}]`, ip, `must be a public address Cloudflare can reach; this one is in ${name}${block.text}, which is not routed on the internet`);
    }
    const first = seen.indexOf(address.toString());
    if (first >= 0) {
      const written = targets[first] === ip ? "" : ` (${JSON.stringify(targets[first])}, the same address)`;
      throw new InvalidPropError(scope, `${prop}[${i}]`, ip, `must not repeat ${prop}[${first}]${written}`);
    }
    seen[i] = address.toString();
  });
}

/**
 * Host name labels: at least one, each a DNS label, no repeats. `names` gives
 * each entry's own prop (`hostnames.admin`) where the caller's props name
 * them; otherwise they are `prop[i]`.
 */
export function validateHostnames(scope: Construct, prop: string, hostnames: readonly string[], names?: readonly string[]): void {
  if (!Array.isArray(hostnames) || hostnames.length === 0) throw new InvalidPropError(scope, prop, hostnames, "must name at least one host");
  const at = (i: number) => names?.[i] ?? `${prop}[${i}]`;
  hostnames.forEach((h, i) => {
    validateDnsLabel(scope, at(i), h);
    if (hostnames.indexOf(h) !== i) throw new InvalidPropError(scope, at(i), h, `must not repeat ${at(hostnames.indexOf(h))}`);
    // The DNS records are named after the host without its hyphens, so "api-2" and "api2" would be one resource name.
    const j = hostnames.findIndex((other) => pascalCase(other) === pascalCase(h));
    if (j !== i) {
      throw new InvalidPropError(scope, at(i), h, `must differ from ${at(j)} ${JSON.stringify(hostnames[j])} in more than hyphens: both name the DNS records ${pascalCase(h)}*`);
    }
  });
}
