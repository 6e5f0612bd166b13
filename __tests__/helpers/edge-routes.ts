/** Which upstream each HTTPS server_name proxies to, from a rendered edge nginx.conf. */
export function edgeRoutes(conf: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const block of conf.split(/\n    server \{\n/).slice(1)) {
    const name = /^\s+server_name ([^ ;]+);$/m.exec(block)?.[1];
    const upstream = /proxy_pass http:\/\/([a-z_]+);/.exec(block)?.[1];
    if (name && upstream) found[name] = upstream;
  }
  return found;
}
