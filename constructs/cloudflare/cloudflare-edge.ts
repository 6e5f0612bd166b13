import { Construct } from "constructs";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { OriginCaCertificate } from "@cdktf/provider-cloudflare/lib/origin-ca-certificate";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { CertRequest } from "@cdktf/provider-tls/lib/cert-request";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { InvalidPropError } from "../core/errors";
import { pascalCase } from "../core/ids";
import { validateDnsLabel, validateDomain, validateIp, validateZoneId } from "../core/validate";

/** Cloudflare SSL/TLS encryption modes this construct accepts. */
export type CloudflareSslMode = "strict" | "full";

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
  /** Public IPv4 addresses the records point at (the load balancer, or every node). */
  readonly targetsIpv4: string[];
  /**
   * Public IPv6 addresses the records point at.
   * @default - no AAAA records
   */
  readonly targetsIpv6?: string[];
  /**
   * SSL/TLS mode of the zone. `strict` (Full, strict) checks the origin's
   * certificate; "flexible" and "off" are refused because the edge proxy
   * redirects HTTP to HTTPS, which loops behind Flexible.
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

    validateZoneId(this, "zoneId", props.zoneId);
    validateDomain(this, "domain", props.domain);
    const hostnames = props.hostnames ?? ["api", "admin"];
    validateHostnames(this, "hostnames", hostnames);
    const sslMode = props.sslMode ?? "strict";
    if (sslMode !== "strict" && sslMode !== "full") {
      throw new InvalidPropError(
        this,
        "sslMode",
        sslMode,
        'must be "strict" (or "full"); Flexible sends plain HTTP to the origin, whose HTTP-to-HTTPS redirect then loops forever',
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
    if (!props.targetsIpv4 || props.targetsIpv4.length === 0) {
      throw new InvalidPropError(this, "targetsIpv4", props.targetsIpv4, "must hold at least one address for the records to point at");
    }
    props.targetsIpv4.forEach((ip, i) => validateIp(this, `targetsIpv4[${i}]`, ip, "ipv4"));
    (props.targetsIpv6 ?? []).forEach((ip, i) => validateIp(this, `targetsIpv6[${i}]`, ip, "ipv6"));

    // Point each host name at the cluster, proxied through Cloudflare.
    this.fqdns = {};
    for (const host of hostnames) {
      const fqdn = `${host}.${props.domain}`;
      this.fqdns[host] = fqdn;
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
      subject: [{ commonName: props.domain, organization: "Casera" }],
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

/** Host name labels: at least one, each a DNS label, no repeats. */
export function validateHostnames(scope: Construct, prop: string, hostnames: readonly string[]): void {
  if (!Array.isArray(hostnames) || hostnames.length === 0) throw new InvalidPropError(scope, prop, hostnames, "must name at least one host");
  hostnames.forEach((h, i) => {
    validateDnsLabel(scope, `${prop}[${i}]`, h);
    if (hostnames.indexOf(h) !== i) throw new InvalidPropError(scope, `${prop}[${i}]`, h, `must not repeat ${prop}[${hostnames.indexOf(h)}]`);
  });
}
