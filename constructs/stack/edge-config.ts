import * as fs from "fs";
import { Token } from "cdktf";
import * as ipaddr from "ipaddr.js";
import { CLOUDFLARE_RANGES } from "../cloudflare/ip-ranges";
import { DOMAIN_ALLOWED, isDomainName } from "../core/validate";
import { composeFilePath, EDGE_NGINX_TEMPLATE } from "./stack-file";

/** Host names the edge proxy routes. */
export interface EdgeHosts {
  /** Fully qualified API host, e.g. `api.casera.app`. */
  readonly api: string;
  /** Fully qualified admin host, e.g. `admin.casera.app`. */
  readonly admin: string;
}

/**
 * How connections reach the edge proxy, which decides whom it believes about
 * the client's address.
 *
 * - `cloudflare`: Cloudflare connects to the nodes directly (no load balancer;
 *   the firewall admits only Cloudflare's ranges on 80 and 443).
 *   CF-Connecting-IP is believed from Cloudflare's ranges only.
 * - `load-balancer`: the Hetzner load balancer connects from `balancerIp` with
 *   a PROXY protocol header. Every connection must start with one; it is
 *   believed only from `balancerIp`, and CF-Connecting-IP only when the
 *   address it gives is one of Cloudflare's.
 */
export type EdgeIngress = { readonly kind: "cloudflare" } | { readonly kind: "load-balancer"; readonly balancerIp: string };

/**
 * The edge proxy's nginx.conf: compose/edge/nginx.conf with the host names,
 * the PROXY protocol setting and the trusted addresses filled in.
 */
export function renderEdgeConfig(hosts: EdgeHosts, ingress: EdgeIngress = { kind: "cloudflare" }): string {
  if (hostName("api", hosts?.api) === hostName("admin", hosts?.admin)) {
    throw new Error(`renderEdgeConfig: hosts.api and hosts.admin must differ; both are ${JSON.stringify(hosts.api)}`);
  }
  const fields: Record<string, string> = {
    API_HOST: hosts.api,
    ADMIN_HOST: hosts.admin,
    ...ingressFields(ingress),
    CLOUDFLARE_RANGES: CLOUDFLARE_RANGES.map((range) => `        ${range} 1;`).join("\n"),
  };
  const template = fs.readFileSync(composeFilePath(EDGE_NGINX_TEMPLATE), "utf8");
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, field: string) => {
    const value = fields[field];
    if (value === undefined) throw new Error(`${EDGE_NGINX_TEMPLATE}: no value for {{${field}}}`);
    return value;
  });
}

function hostName(field: string, value: string): string {
  if (Token.isUnresolved(value)) {
    throw new Error(`renderEdgeConfig: hosts.${field} must be a literal host name, not a Terraform token: the config is written at synth; got ${JSON.stringify(value)}`);
  }
  if (!isDomainName(value)) throw new Error(`renderEdgeConfig: hosts.${field} ${DOMAIN_ALLOWED}; got ${JSON.stringify(value)}`);
  return value;
}

function ingressFields(ingress: EdgeIngress): Record<string, string> {
  switch (ingress?.kind) {
    case "cloudflare":
      return { PROXY_PROTOCOL: "", REAL_IP: "    # No load balancer: no PROXY header is expected or believed." };
    case "load-balancer": {
      const ip = ingress.balancerIp;
      const problem = balancerIpProblem(ip);
      if (problem) throw new Error(`renderEdgeConfig: balancerIp ${problem}; got ${JSON.stringify(ip)}`);
      return {
        PROXY_PROTOCOL: " proxy_protocol",
        REAL_IP: [`    set_real_ip_from ${ip};`, "    real_ip_header proxy_protocol;"].join("\n"),
      };
    }
    default:
      throw new Error(`renderEdgeConfig: ingress.kind must be "cloudflare" or "load-balancer"; got ${JSON.stringify((ingress as { kind?: unknown })?.kind)}`);
  }
}

/** Why `ip` cannot be the balancer's address the edge believes PROXY headers from, if it cannot. */
export function balancerIpProblem(ip: unknown): string | undefined {
  if (typeof ip !== "string" || !ipaddr.IPv4.isValidFourPartDecimal(ip) || ipaddr.IPv4.parse(ip).range() !== "private") {
    return `must be the load balancer's private IPv4 address (in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16), e.g. "10.0.1.254"`;
  }
  return undefined;
}
