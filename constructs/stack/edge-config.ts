import * as fs from "fs";
import { composeFilePath, EDGE_NGINX_TEMPLATE } from "./stack-file";

/** Host names the edge proxy routes. */
export interface EdgeHosts {
  /** Fully qualified API host, e.g. `api.casera.app`. */
  readonly api: string;
  /** Fully qualified admin host, e.g. `admin.casera.app`. */
  readonly admin: string;
}

/** The edge proxy's nginx.conf: compose/edge/nginx.conf with the host names filled in. */
export function renderEdgeConfig(hosts: EdgeHosts): string {
  const template = fs.readFileSync(composeFilePath(EDGE_NGINX_TEMPLATE), "utf8");
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, field: string) => {
    const value = field === "API_HOST" ? hosts.api : field === "ADMIN_HOST" ? hosts.admin : undefined;
    if (value === undefined) throw new Error(`${EDGE_NGINX_TEMPLATE}: no value for {{${field}}}`);
    if (!/^[A-Za-z0-9.${}[\]_-]+$/.test(value)) throw new Error(`${EDGE_NGINX_TEMPLATE}: {{${field}}} must be a host name; got ${JSON.stringify(value)}`);
    return value;
  });
}
