import { spawnSync } from "child_process";
import { createHash, randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EdgeIngress, renderEdgeConfig } from "../../constructs/stack/edge-config";
import { SECRET_HASH_LENGTH, STACK_CONFIGS, STACK_SECRETS } from "../../constructs/stack/secrets";
import { composeFilePath, DEPLOY_SCRIPT, STACK_FILE } from "../../constructs/stack/stack-file";
import { describeWith, root, tool } from "../helpers/tools";
import { NamespaceClient, SingleNodeSwarm, sleep } from "./single-node-swarm";
import { buildStandinImages, STANDIN_IMAGES, STANDIN_TAG } from "./standin-images";

/**
 * The production stack file deployed by compose/deploy.sh onto a real
 * single-node swarm (Debian's docker.io in a network namespace) with local
 * stand-in images. `ssh` is a stand-in that checks the pinned-key options and
 * runs the command on this node; everything after it is real Docker.
 */
const API_HOST = "api.casera.test";
const ADMIN_HOST = "admin.casera.test";
const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo3HLTpjbMFBZFMK+eUrH3D1Jhi8LZthBph/GWmdGb9";

const hashed = (key: string, value: string) => `${key}_${createHash("sha256").update(value).digest("hex").slice(0, SECRET_HASH_LENGTH)}`;

describeWith([tool("dockerd"), tool("debootstrap"), tool("openssl"), tool("curl"), root()], "stack deploy on a single-node swarm", () => {
  const node = new SingleNodeSwarm();
  let work: string;
  let stubState: string;
  const secrets: Record<string, string> = {};

  /** Runs the deploy script as the swarm stack's local-exec does: settings and values in the environment. */
  function deployScript(args: string[], env: Record<string, string>) {
    return spawnSync("bash", [composeFilePath(DEPLOY_SCRIPT), ...args], {
      encoding: "utf8",
      timeout: 400000,
      env: {
        PATH: `${path.join(work, "bin")}:/usr/sbin:/usr/bin:/sbin:/bin`,
        DOCKER_HOST: node.env.DOCKER_HOST,
        CASERA_STUB_STATE: stubState,
        CASERA_SSH_HOST: node.address,
        CASERA_SSH_PORT: "2222",
        CASERA_KNOWN_HOSTS: `[${node.address}]:2222 ${HOST_KEY}`,
        ...env,
      },
    });
  }

  function mustDeployScript(args: string[], env: Record<string, string> = {}): string {
    const r = deployScript(args, env);
    if (r.status !== 0) throw new Error(`deploy.sh ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
    return r.stderr;
  }

  /** Creates every secret and config, then deploys: what `cdktf deploy` runs. */
  function deployAll(ingress: EdgeIngress = { kind: "cloudflare" }): string {
    const names: Record<string, string> = {};
    for (const s of STACK_SECRETS) {
      names[s.key] = hashed(s.key, secrets[s.key]);
      mustDeployScript(["create", "secret", s.key, names[s.key]], { CASERA_VALUE: secrets[s.key] });
    }
    const config = renderEdgeConfig({ api: API_HOST, admin: ADMIN_HOST }, ingress);
    const configName = hashed("edge_nginx", config);
    mustDeployScript(["create", "config", "edge_nginx", configName], { CASERA_VALUE: config });

    const vars: Record<string, string> = {
      DB_HOST: "ep-test-123-pooler.eu-central-1.aws.neon.tech",
      POSTGRES_USER: "casera",
      POSTGRES_DB: "casera",
      B2_UPLOADS_BUCKET: "casera-test-uploads",
      B2_CERTS_BUCKET: "casera-test-certs",
      DOZZLE_NODE: node.mustDocker(["info", "--format", "{{.Name}}"]).trim(),
      ...Object.fromEntries(Object.entries(STANDIN_IMAGES).flatMap(([s, repo]) => [[`${s.toUpperCase()}_IMAGE`, repo], [`${s.toUpperCase()}_TAG`, STANDIN_TAG]])),
      ...Object.fromEntries(STACK_SECRETS.map((s) => [s.variable, names[s.key]])),
      [STACK_CONFIGS[0].variable]: configName,
    };
    return mustDeployScript(["deploy", composeFilePath(STACK_FILE)], {
      ...vars,
      CASERA_STACK: "casera",
      CASERA_STACK_VARS: Object.keys(vars).join(" "),
      CASERA_SECRETS: Object.entries(names).map(([k, n]) => `${k}=${n}`).join(" "),
      CASERA_CONFIGS: `edge_nginx=${configName}`,
      CASERA_DEPLOY_TIMEOUT: "300",
      CASERA_RESOLVE_IMAGE: "never",
    });
  }

  /** A running container of a service, by the current spec. */
  function containerOf(service: string): string {
    const ids = node.mustDocker(["ps", "-q", "--filter", `label=com.docker.swarm.service.name=casera_${service}`]).trim().split("\n");
    if (!ids[0]) throw new Error(`no running container of ${service}`);
    return ids[0];
  }

  /** The outside world: the load balancer's private address, another host, and an address in Cloudflare's 173.245.48.0/20. */
  const BALANCER = "10.231.1.2";
  const STRANGER = "10.231.1.3";
  const CLOUDFLARE = "173.245.48.9";
  let client: NamespaceClient;

  interface EdgeAnswer {
    readonly status?: number;
    readonly location?: string | null;
    readonly body?: string;
    readonly error?: string;
  }

  /** One request from the client namespace to the node's published port (see edge-request.js). */
  function request(options: { from: string; host: string; scheme?: "https" | "http"; path?: string; proxyClient?: string; headers?: Record<string, string> }): EdgeAnswer {
    const scheme = options.scheme ?? "https";
    const input = {
      address: node.address,
      port: scheme === "https" ? 443 : 80,
      localAddress: options.from,
      proxy: options.proxyClient ? { client: options.proxyClient } : undefined,
      tls: scheme === "https" ? { servername: options.host, ca: secrets.origin_cert } : undefined,
      host: options.host,
      path: options.path ?? "/",
      headers: options.headers,
    };
    const r = client.exec(process.execPath, [path.join(__dirname, "edge-request.js")], JSON.stringify(input));
    if (r.status !== 0) throw new Error(`edge-request.js failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  }

  /** The edge's 444: the connection (TLS included) is accepted, then closed without an answer. */
  const CLOSED_WITHOUT_ANSWER = /^(no HTTP answer \(""\)|read ECONNRESET)$/;

  /** The client address the API stand-in was given, from its echo. */
  const realIp = (answer: EdgeAnswer) => /^x-real-ip: (.*)$/m.exec(answer.body ?? "")?.[1] ?? answer.error ?? `status ${answer.status}`;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "cstk-deploy-"));
    stubState = path.join(work, "state");
    fs.mkdirSync(stubState);
    fs.mkdirSync(path.join(work, "bin"));
    fs.copyFileSync(path.join(__dirname, "stubs", "ssh"), path.join(work, "bin", "ssh"));
    fs.chmodSync(path.join(work, "bin", "ssh"), 0o755);
    // The nodes run Debian's docker client; so does the test.
    fs.symlinkSync("/usr/bin/docker", path.join(work, "bin", "docker"));

    // An origin certificate stand-in for both host names.
    const key = path.join(work, "origin.key");
    const cert = path.join(work, "origin.pem");
    const made = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=casera.test", "-addext", `subjectAltName=DNS:${API_HOST},DNS:${ADMIN_HOST}`], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(made.stderr);
    for (const s of STACK_SECRETS) secrets[s.key] = `${s.key}-${randomBytes(12).toString("hex")}`;
    secrets.origin_cert = fs.readFileSync(cert, "utf8");
    secrets.origin_key = fs.readFileSync(key, "utf8");

    await node.start();
    node.initSwarm();
    const self = node.mustDocker(["info", "--format", "{{.Swarm.NodeID}}"]).trim();
    node.mustDocker(["node", "update", "--label-add", "casera.redis=true", self]);
    client = node.addClient([BALANCER, STRANGER, CLOUDFLARE]);
    buildStandinImages(node);
    deployAll();
  }, 600000);

  afterAll(async () => {
    try {
      await node.stop();
    } finally {
      if (work?.startsWith(path.join(os.tmpdir(), "cstk-deploy-"))) fs.rmSync(work, { recursive: true, force: true });
    }
  }, 120000);

  test("every service converges", () => {
    const lines = node.mustDocker(["stack", "services", "casera", "--format", "{{.Name}} {{.Replicas}}"]).trim().split("\n").sort();

    expect(lines).toEqual(["casera_admin 1/1", "casera_api 3/3", "casera_dozzle 1/1", "casera_edge 1/1", "casera_redis 1/1", "casera_worker 2/2"]);
    for (const service of ["api", "worker", "admin", "redis", "dozzle", "edge"]) {
      expect([service, node.mustDocker(["inspect", "--format", "{{.State.Health.Status}}", containerOf(service)]).trim()]).toEqual([service, "healthy"]);
    }
  });

  test("mounts each secret at /run/secrets/ with its value", () => {
    const api = containerOf("api");

    for (const key of ["postgres_password", "secret_key", "b2_uploads_key_id", "b2_uploads_key", "b2_certs_key_id", "b2_certs_key", "apns_key"]) {
      expect([key, node.mustDocker(["exec", api, "cat", `/run/secrets/${key}`])]).toEqual([key, secrets[key]]);
    }
    expect(node.mustDocker(["exec", containerOf("worker"), "cat", "/run/secrets/postgres_password"])).toBe(secrets.postgres_password);
    expect(node.mustDocker(["exec", containerOf("edge"), "cat", "/run/secrets/origin_cert"])).toBe(secrets.origin_cert);
  });

  test("gives secret values to the manager on stdin only, never in a command line", () => {
    const calls = fs.readFileSync(path.join(stubState, "ssh-calls"), "utf8");

    expect(calls).toContain("docker secret create --label casera.secret=postgres_password");
    for (const [key, value] of Object.entries(secrets)) {
      expect([key, calls.includes(value.trim().split("\n")[1] ?? value)]).toEqual([key, false]);
    }
  });

  test("encrypts the overlay with the private network's MTU; containers get 1372", () => {
    const options = JSON.parse(node.mustDocker(["network", "inspect", "casera_backend", "--format", "{{json .Options}}"]));
    const mtu = node.mustDocker(["exec", containerOf("api"), "cat", "/sys/class/net/eth0/mtu"]).trim();

    expect(options).toMatchObject({ encrypted: "true", "com.docker.network.driver.mtu": "1450" });
    expect(mtu).toBe("1372");
  });

  test("runs redis on the labelled node with append-only persistence in its volume", () => {
    const nodeId = node.mustDocker(["service", "ps", "casera_redis", "--filter", "desired-state=running", "--format", "{{.Node}}"]).trim();
    const labels = JSON.parse(node.mustDocker(["node", "inspect", nodeId, "--format", "{{json .Spec.Labels}}"]));
    const redis = containerOf("redis");

    expect(labels).toEqual({ "casera.redis": "true" });
    expect(node.mustDocker(["exec", redis, "cat", "/data/redis-args"])).toContain("--appendonly yes");
    expect(node.mustDocker(["inspect", "--format", "{{range .Mounts}}{{.Type}} {{.Name}}{{end}}", redis]).trim()).toBe("volume casera_redis_data");
  });

  test("publishes only the edge's host-mode 80 and 443", () => {
    const published: Record<string, unknown> = {};
    for (const service of ["api", "worker", "admin", "redis", "dozzle", "edge"]) {
      published[service] = JSON.parse(node.mustDocker(["service", "inspect", `casera_${service}`, "--format", "{{json .Endpoint.Ports}}"]));
    }

    expect(published).toEqual({
      api: null,
      worker: null,
      admin: null,
      redis: null,
      dozzle: null,
      edge: [
        expect.objectContaining({ TargetPort: 80, PublishedPort: 80, PublishMode: "host" }),
        expect.objectContaining({ TargetPort: 443, PublishedPort: 443, PublishMode: "host" }),
      ],
    });
  });

  test("listens on the node only on 80, 443 and Dozzle's loopback 9999", () => {
    const listening = node.exec("ss", ["-Hltn"]).stdout.split("\n").map((l) => l.trim().split(/\s+/)[3]).filter(Boolean);

    expect(listening).toContain("127.0.0.1:9999");
    expect(listening.filter((a) => /:(8000|8001|3000|6379|9999)$/.test(a) && a !== "127.0.0.1:9999")).toEqual([]);
  });

  test("serves Dozzle where the SSH tunnel lands: 127.0.0.1:9999 on the manager", () => {
    const r = node.exec("curl", ["-sS", "--max-time", "5", "http://127.0.0.1:9999/"]);

    expect(r.stdout).toContain("dozzle stand-in");
  });

  test("routes the API host name through the edge to the API, and the admin host name to admin", () => {
    const api = request({ from: CLOUDFLARE, host: API_HOST, path: "/api/ping" });
    const admin = request({ from: CLOUDFLARE, host: ADMIN_HOST });

    expect(api).toMatchObject({ status: 200, body: expect.stringMatching(/^casera api stand-in on [0-9a-f]{12}\n/) });
    expect(api.body).toContain("x-forwarded-proto: https\n");
    expect(admin).toMatchObject({ status: 200, body: expect.stringMatching(/^casera admin stand-in on [0-9a-f]{12}\n/) });
  });

  test("spreads API requests over the api tasks (dnsrr: the edge resolves every task)", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) seen.add(/stand-in on (\S+)/.exec(request({ from: CLOUDFLARE, host: API_HOST }).body ?? "")?.[1] ?? "none");

    expect(seen.has("none")).toBe(false);
    expect(seen.size).toBeGreaterThan(1);
  });

  test("redirects plain HTTP once, to the same host over HTTPS, which then answers", () => {
    const first = request({ from: CLOUDFLARE, host: API_HOST, scheme: "http", path: "/api/x?y=1" });
    const second = request({ from: CLOUDFLARE, host: API_HOST, path: "/api/x?y=1" });

    expect(first).toMatchObject({ status: 301, location: `https://${API_HOST}/api/x?y=1` });
    expect(second.status).toBe(200);
  });

  test("without a balancer: CF-Connecting-IP is believed from Cloudflare's ranges, and a client's own X-Forwarded-For is dropped", () => {
    const answer = request({ from: CLOUDFLARE, host: API_HOST, headers: { "CF-Connecting-IP": "203.0.113.50", "X-Forwarded-For": "192.0.2.66" } });

    expect(realIp(answer)).toBe("203.0.113.50");
    expect(answer.body).toContain("x-forwarded-for: 203.0.113.50\n");
  });

  test("without a balancer: a client outside Cloudflare's ranges gets no answer for either host name, on 443 or 80", () => {
    const headers = { "CF-Connecting-IP": "203.0.113.50" };

    for (const host of [API_HOST, ADMIN_HOST]) {
      for (const scheme of ["https", "http"] as const) {
        expect([host, scheme, request({ from: STRANGER, host, scheme, headers }).error]).toEqual([host, scheme, expect.stringMatching(CLOSED_WITHOUT_ANSWER)]);
        expect([host, scheme, request({ from: CLOUDFLARE, host, scheme, headers }).status]).toEqual([host, scheme, scheme === "https" ? 200 : 301]);
      }
    }
  });

  test("terminates TLS with the origin certificate for both host names and redirects HTTP once (curl)", () => {
    const ask = (host: string, scheme: string) =>
      client.exec("curl", ["-sS", "--interface", CLOUDFLARE, "--cacert", path.join(work, "origin.pem"), "--max-time", "5", "-o", "/dev/null", "-w", "%{ssl_verify_result} %{http_code} %{redirect_url}", "--resolve", `${host}:${scheme === "https" ? 443 : 80}:${node.address}`, `${scheme}://${host}/`]);

    expect(ask(API_HOST, "https").stdout).toBe("0 200 ");
    expect(ask(ADMIN_HOST, "https").stdout).toBe("0 200 ");
    expect(ask("other.casera.test", "https").status).not.toBe(0);
    expect(ask(API_HOST, "http").stdout).toBe(`0 301 https://${API_HOST}/`);
  });

  test("rotation: a new value is a new secret, the service sees it, the old one is removed", async () => {
    const oldName = hashed("postgres_password", secrets.postgres_password);
    secrets.postgres_password = `rotated-${randomBytes(12).toString("hex")}`;
    const newName = hashed("postgres_password", secrets.postgres_password);

    const log = deployAll();
    await sleep(1000);

    const names = node.mustDocker(["secret", "ls", "--format", "{{.Name}}"]).trim().split("\n");
    expect(names).toContain(newName);
    expect(names).not.toContain(oldName);
    expect(log).toContain(`removed outdated secret ${oldName}`);
    for (const service of ["api", "worker"]) {
      expect([service, node.mustDocker(["exec", containerOf(service), "cat", "/run/secrets/postgres_password"])]).toEqual([service, secrets.postgres_password]);
    }
  }, 420000);

  describe("behind the load balancer (PROXY protocol)", () => {
    // Last in the file: it leaves the edge configured for a balancer.
    beforeAll(() => {
      deployAll({ kind: "load-balancer", balancerIp: BALANCER });
    }, 420000);

    test("a PROXY header from the balancer's address gives the API the original client: Cloudflare's CF-Connecting-IP", () => {
      const answer = request({ from: BALANCER, host: API_HOST, proxyClient: CLOUDFLARE, headers: { "CF-Connecting-IP": "203.0.113.50" } });

      expect(answer.status).toBe(200);
      expect(realIp(answer)).toBe("203.0.113.50");
    });

    test("the same header from any other address is not believed: the peer is not Cloudflare, so no answer", () => {
      const headers = { "CF-Connecting-IP": "203.0.113.50" };

      expect(request({ from: STRANGER, host: API_HOST, proxyClient: CLOUDFLARE, headers }).error).toMatch(CLOSED_WITHOUT_ANSWER);
      expect(request({ from: STRANGER, host: ADMIN_HOST, proxyClient: CLOUDFLARE, headers }).error).toMatch(CLOSED_WITHOUT_ANSWER);
      expect(request({ from: BALANCER, host: ADMIN_HOST, proxyClient: CLOUDFLARE, headers }).status).toBe(200);
    });

    test("a client that reached the balancer around Cloudflare (PROXY header not from Cloudflare) gets no answer", () => {
      expect(request({ from: BALANCER, host: API_HOST, proxyClient: "198.51.100.7", headers: { "CF-Connecting-IP": "203.0.113.50" } }).error).toMatch(CLOSED_WITHOUT_ANSWER);
      expect(request({ from: BALANCER, host: ADMIN_HOST, scheme: "http", proxyClient: "198.51.100.7" }).error).toMatch(CLOSED_WITHOUT_ANSWER);
    });

    test("a connection without a PROXY header gets no answer", () => {
      expect(request({ from: BALANCER, host: API_HOST }).error).toBeDefined();
    });

    test("the balancer's health check (HTTP on 80 with a PROXY header) gets 200 ok; the redirect still works", () => {
      expect(request({ from: BALANCER, host: "10.231.0.1", scheme: "http", path: "/healthz", proxyClient: BALANCER })).toMatchObject({ status: 200, body: "ok\n" });
      expect(request({ from: BALANCER, host: ADMIN_HOST, scheme: "http", proxyClient: CLOUDFLARE })).toMatchObject({ status: 301, location: `https://${ADMIN_HOST}/` });
    });
  });
});
