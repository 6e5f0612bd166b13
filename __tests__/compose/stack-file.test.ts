import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { Token } from "cdktf";
import { composeFilePath, loadStackFile, STACK_FILE } from "../../constructs/stack/stack-file";
import { STACK_CONFIGS, STACK_SECRETS } from "../../constructs/stack/secrets";
import { CLOUDFLARE_RANGES } from "../../constructs/cloudflare/ip-ranges";
import { renderEdgeConfig } from "../../constructs/stack/edge-config";
import { schemasDir } from "../helpers/tools";

describe("compose/casera.stack.yml", () => {
  const file = loadStackFile();

  test("validates against the compose-spec schema", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(schemasDir(), "compose-spec.json"), "utf8"));
    const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
    const validate = ajv.compile(schema);

    const ok = validate(file);

    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test("the schema check catches a malformed file", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(schemasDir(), "compose-spec.json"), "utf8"));
    const validate = new Ajv({ allErrors: true, strict: false, validateSchema: false }).compile(schema);
    const broken = JSON.parse(JSON.stringify(file));
    broken.services.api.deploy.update_config.order = "sideways";

    expect(validate(broken)).toBe(false);
  });

  test("runs the plan's services and no database", () => {
    expect(Object.keys(file.services ?? {}).sort()).toEqual(["admin", "api", "dozzle", "edge", "redis", "worker"]);
  });

  test("defaults to 3 api and 2 worker replicas, spread over nodes", () => {
    const api = file.services!.api.deploy!;
    const worker = file.services!.worker.deploy!;

    expect(api.replicas).toBe(3);
    expect(worker.replicas).toBe(2);
    expect(api.placement?.preferences).toEqual([{ spread: "node.id" }]);
  });

  test("pins redis to the labelled node with append-only persistence on a named volume", () => {
    const redis = file.services!.redis;

    expect(redis.deploy?.placement?.constraints).toEqual(["node.labels.casera.redis == true"]);
    expect(redis.command).toEqual(expect.arrayContaining(["--appendonly", "yes"]));
    expect(redis.volumes).toEqual(["redis_data:/data"]);
    expect(file.volumes).toHaveProperty("redis_data");
  });

  test("runs dozzle on a manager with a read-only docker socket and no published port", () => {
    const dozzle = file.services!.dozzle;

    expect(dozzle.deploy?.placement?.constraints).toContain("node.role == manager");
    expect(dozzle.volumes).toEqual([{ type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock", read_only: true }]);
    expect(dozzle.ports).toBeUndefined();
    expect((dozzle.environment as Record<string, string>).DOZZLE_ADDR).toBe("127.0.0.1:9999");
  });

  test("runs the edge globally with host-mode ports 80 and 443", () => {
    const edge = file.services!.edge;

    expect(edge.deploy?.mode).toBe("global");
    expect(edge.ports).toEqual([
      { target: 80, published: 80, protocol: "tcp", mode: "host" },
      { target: 443, published: 443, protocol: "tcp", mode: "host" },
    ]);
    expect(edge.secrets).toEqual(["origin_cert", "origin_key"]);
  });

  test("encrypts the one overlay network and sets the private network's MTU", () => {
    expect(file.networks?.backend).toEqual({
      driver: "overlay",
      driver_opts: { encrypted: "true", "com.docker.network.driver.mtu": "1450" },
    });
  });

  test("rolls stateless services start-first with automatic rollback", () => {
    for (const name of ["api", "worker", "admin"]) {
      expect(file.services![name].deploy?.update_config).toMatchObject({ order: "start-first", failure_action: "rollback" });
    }
  });

  test("gives every service a health check, restart policy, limits and reservations", () => {
    for (const [name, service] of Object.entries(file.services!)) {
      expect([name, service.healthcheck]).toEqual([name, expect.objectContaining({ test: expect.any(Array) })]);
      expect([name, service.deploy?.restart_policy]).toEqual([name, expect.objectContaining({ condition: "any" })]);
      expect([name, service.deploy?.resources]).toEqual([name, { limits: expect.any(Object), reservations: expect.any(Object) }]);
    }
  });

  test("fits three CX33 nodes with one lost: reservations at the largest replica counts fit two nodes", () => {
    const counts: Record<string, number> = { api: 6, worker: 3, admin: 1, redis: 1, dozzle: 1, edge: 2 };
    let cpus = 0;
    let memory = 0;
    for (const [name, service] of Object.entries(file.services!)) {
      const r = (service.deploy?.resources as { reservations: { cpus: string; memory: string } }).reservations;
      cpus += Number(r.cpus) * counts[name];
      memory += parseInt(r.memory, 10) * counts[name];
    }

    // Two nodes of 4 vCPU / 8 GB, less 1 vCPU / 1.5 GB each for the OS and Docker.
    expect(cpus).toBeLessThanOrEqual(2 * 3);
    expect(memory).toBeLessThanOrEqual(2 * 6.5 * 1024);
  });

  test("names each secret and config through the variable the swarm stack sets", () => {
    for (const s of STACK_SECRETS) expect(file.secrets?.[s.key]).toEqual({ external: true, name: `\${${s.variable}:-${s.key}}` });
    for (const c of STACK_CONFIGS) expect(file.configs?.[c.key]).toEqual({ external: true, name: `\${${c.variable}:-${c.key}}` });
  });

  test("is the file the construct reads", () => {
    expect(composeFilePath(STACK_FILE)).toBe(path.resolve(__dirname, "..", "..", "compose", "casera.stack.yml"));
  });
});

describe("renderEdgeConfig", () => {
  test("fills both host names in and leaves no field", () => {
    const conf = renderEdgeConfig({ api: "api.example.com", admin: "admin.example.com" });

    expect(conf).toContain("server_name api.example.com admin.example.com;");
    expect(conf).toContain("server_name api.example.com;");
    expect(conf).not.toMatch(/\{\{/);
  });

  test("has exactly one redirect, to HTTPS", () => {
    const conf = renderEdgeConfig({ api: "api.example.com", admin: "admin.example.com" });

    expect(conf.match(/return 30\d/g)).toEqual(["return 301"]);
    expect(conf).toContain("return 301 https://$host$request_uri;");
  });

  test.each(["api.example.com; evil", "$host", "api.example.com}", "_", "api", "203.0.113.5", "api.example.com.", "", undefined])("refuses host name %p", (api) => {
    expect(() => renderEdgeConfig({ api: api as never, admin: "admin.example.com" })).toThrow(
      `renderEdgeConfig: hosts.api must be a lower-case DNS name such as "example.com"`,
    );
  });

  test("sizes the server-name hash for host names of any valid length (253 characters), which nginx otherwise refuses to start with", () => {
    const label = (c: string, n: number) => c.repeat(n);
    const longest = [label("a", 63), label("b", 63), label("c", 63), label("d", 57), "com"].join(".");
    const conf = renderEdgeConfig({ api: longest, admin: `x${longest.slice(1)}` });
    const bucket = Number(/^\s*server_names_hash_bucket_size (\d+);$/m.exec(conf)?.[1]);
    // nginx (ngx_hash_init) needs a pointer, the name and its 2-byte length (aligned to a pointer), and a closing pointer, in one bucket.
    const needed = (name: string, pointer = 8) => pointer + Math.ceil((name.length + 2) / pointer) * pointer + pointer;

    expect(longest).toHaveLength(253);
    expect(conf).toContain(`server_name ${longest};`);
    expect(bucket).toBeGreaterThanOrEqual(needed(longest));
    expect(needed("a".repeat(46))).toBe(64);
    expect(needed("a".repeat(47))).toBeGreaterThan(64);
    expect(conf.indexOf("server_names_hash_bucket_size")).toBeLessThan(conf.indexOf("server {"));
  });

  test("refuses a host name that is a Terraform token: the config is written at synth", () => {
    expect(() => renderEdgeConfig({ api: Token.asString({ resolve: () => "api.example.com" }), admin: "admin.example.com" })).toThrow(
      /^renderEdgeConfig: hosts\.api must be a literal host name, not a Terraform token: the config is written at synth; got "\$\{TfToken\[/,
    );
  });

  test("refuses one host name for both services", () => {
    expect(() => renderEdgeConfig({ api: "api.example.com", admin: "api.example.com" })).toThrow('renderEdgeConfig: hosts.api and hosts.admin must differ; both are "api.example.com"');
  });

  test("closes connections from outside Cloudflare on the host names, but answers the health check", () => {
    const conf = renderEdgeConfig({ api: "api.example.com", admin: "admin.example.com" });
    const servers = conf.split(/\n    server \{\n/).slice(1);
    const named = servers.filter((b) => /server_name (api|admin)\.example\.com/.test(b));
    const health = servers.find((b) => b.includes("location = /healthz"))!;

    expect(named).toHaveLength(3);
    for (const server of named) expect(server).toMatch(/^\s+listen [^\n]+\n\s+server_name [^\n]+\n\s+if \(\$casera_refused\) \{\n\s+return 444;/);
    expect(health).not.toContain("casera_refused");
    expect(conf).toMatch(/map \$casera_from_cloudflare \$casera_refused \{\n\s+1 "";\n\s+default 1;/);
  });

  const hosts = { api: "api.example.com", admin: "admin.example.com" };
  const webListens = (conf: string) => conf.match(/^\s*listen (80|443)\b.*;$/gm) ?? [];

  test("without a balancer: no PROXY protocol, and CF-Connecting-IP believed from Cloudflare's ranges only", () => {
    const conf = renderEdgeConfig(hosts, { kind: "cloudflare" });

    expect(webListens(conf)).toHaveLength(5);
    expect(conf).not.toContain("proxy_protocol");
    expect(conf).not.toContain("set_real_ip_from");
    for (const range of CLOUDFLARE_RANGES) expect(conf).toContain(`        ${range} 1;`);
    expect(conf).toContain('map "$casera_from_cloudflare:$http_cf_connecting_ip" $casera_client');
    expect(conf).toBe(renderEdgeConfig(hosts));
  });

  test("behind the balancer: every web listener takes the PROXY protocol, believed from the balancer's address only", () => {
    const conf = renderEdgeConfig(hosts, { kind: "load-balancer", balancerIp: "10.0.1.254" });

    expect(webListens(conf)).toHaveLength(5);
    for (const listen of webListens(conf)) expect(listen).toMatch(/ proxy_protocol( default_server)?;$/);
    expect(conf.match(/set_real_ip_from .*;/g)).toEqual(["set_real_ip_from 10.0.1.254;"]);
    expect(conf).toContain("real_ip_header proxy_protocol;");
  });

  test("replaces, never appends to, the client's own X-Forwarded-For", () => {
    const conf = renderEdgeConfig(hosts);

    expect(conf).toContain("proxy_set_header X-Forwarded-For $casera_client;");
    expect(conf).toContain("proxy_set_header X-Real-IP $casera_client;");
    expect(conf).not.toContain("$proxy_add_x_forwarded_for");
  });

  test("answers the balancer's health check on port 80 in the default server", () => {
    const conf = renderEdgeConfig(hosts);

    expect(conf).toMatch(/listen 80 default_server;\s+location = \/healthz \{/);
  });

  test.each([["10.0.1"], ["2001:db8::1"], [""], [undefined], ["203.0.113.5"], ["0.0.0.0"]])("refuses balancerIp %p", (balancerIp) => {
    expect(() => renderEdgeConfig(hosts, { kind: "load-balancer", balancerIp: balancerIp as never })).toThrow(
      `renderEdgeConfig: balancerIp must be the load balancer's private IPv4 address (in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16), e.g. "10.0.1.254"; got ${JSON.stringify(balancerIp)}`,
    );
  });

  test("refuses an unknown ingress kind", () => {
    expect(() => renderEdgeConfig(hosts, { kind: "direct" } as never)).toThrow('renderEdgeConfig: ingress.kind must be "cloudflare" or "load-balancer"; got "direct"');
  });
});
