import { generateKeyPairSync } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, DataResource, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { InvalidPropError } from "../../constructs/core/errors";
import { Password } from "@cdktf/provider-random/lib/password";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { CaseraStackOutputs, CaseraSwarmStack, CaseraSwarmStackProps } from "../../constructs/casera/swarm-stack";
import { edgeRoutes } from "../helpers/edge-routes";

/**
 * A stand-in for CaseraStack: random passwords in another stack make the
 * secret values real cross-stack references, as the Hetzner, Neon and B2
 * resources would.
 */
function sourceStack(app: App, nodeLabels: Record<string, string>[] = [{ "casera.redis": "true" }]): CaseraStackOutputs {
  const source = new TerraformStack(app, "casera-test");
  new RandomProvider(source, "random", {});
  const secret = (id: string) => new Password(source, id, { length: 32, special: false }).result;
  return {
    cluster: {
      sshPort: 2222,
      nodeLabels,
      nodes: [
        {
          ipv4Address: secret("Ip").slice(0) && "203.0.113.10",
          sshPort: 2222,
          knownHostsLine: "[203.0.113.10]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo3HLTpjbMFBZFMK+eUrH3D1Jhi8LZthBph/GWmdGb9",
          server: { name: "casera-test-manager-1" },
        },
      ],
    },
    database: { password: secret("DbPassword"), pooledHost: "ep-test-123-pooler.eu-central-1.aws.neon.tech", roleName: "casera", databaseName: "casera" },
    uploads: { bucketName: "casera-test-uploads" },
    certs: { bucketName: "casera-test-certs" },
    uploadsKey: { keyId: secret("UploadsKeyId"), key: secret("UploadsKey") },
    certsKey: { keyId: secret("CertsKeyId"), key: secret("CertsKey") },
    secretKey: secret("SecretKey"),
    hosts: { api: "api.example.com", admin: "admin.example.com" },
    edge: { fqdns: { api: "api.example.com", admin: "admin.example.com" }, originCertificate: secret("OriginCert"), originPrivateKey: secret("OriginKey") },
  };
}

/** Synthesizes the whole app, so that cross-stack references resolve to remote state. */
function synthSwarm(
  props: Partial<CaseraSwarmStackProps> = {},
  loadBalancer?: { privateIp: string },
  change: (casera: CaseraStackOutputs) => CaseraStackOutputs = (casera) => casera,
): { json: any; stack: CaseraSwarmStack } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-swarm-synth-"));
  try {
    const app = Testing.app({ outdir });
    const casera = change(sourceStack(app));
    const stack = new CaseraSwarmStack(app, "casera-test-swarm", { casera: { ...casera, cluster: { ...casera.cluster, loadBalancer } }, images: pinned(), ...props });
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "casera-test-swarm", "cdk.tf.json"), "utf8"));
    return { json, stack };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function pinned(): CaseraSwarmStackProps["images"] {
  return {
    api: { image: "ghcr.io/casera/api", tag: "1.0.0" },
    worker: { image: "ghcr.io/casera/worker", tag: "1.0.0" },
    admin: { image: "ghcr.io/casera/admin", tag: "1.0.0" },
    redis: { image: "redis", tag: "7.4-alpine" },
    dozzle: { image: "amir20/dozzle", tag: "v8.12.0" },
    edge: { image: "nginx", tag: "1.30-alpine" },
  };
}

const data = (json: any) => json.resource.terraform_data as Record<string, any>;

describe("CaseraSwarmStack", () => {
  test("keeps state at a relative path beside the project", () => {
    const { json } = synthSwarm();

    expect(json.terraform.backend.local.path).toBe("../../../terraform.casera-test-swarm.tfstate");
  });

  test("creates one terraform_data per secret and config, plus the deployment", () => {
    const { json } = synthSwarm();

    expect(Object.keys(data(json)).sort()).toEqual(
      [
        "ApnsKeySecret",
        "B2CertsKeyIdSecret",
        "B2CertsKeySecret",
        "B2UploadsKeyIdSecret",
        "B2UploadsKeySecret",
        "Deploy",
        "EdgeNginxConfig",
        "OriginCertSecret",
        "OriginKeySecret",
        "PostgresPasswordSecret",
        "SecretKeySecret",
      ].map((id) => expect.stringContaining(id)),
    );
  });

  test("names each secret <key>_<first 10 hex of sha256(value)>, not sensitive", () => {
    const { json } = synthSwarm();

    const local = Object.entries(json.locals).find(([k]) => k.startsWith("postgres_password_secret_name"))![1] as string;
    expect(local).toMatch(/^postgres_password_\$\{nonsensitive\(substr\(sha256\(.+\), 0, 10\)\)\}$/);
    expect(local).toContain("terraform_remote_state");
  });

  test("re-creates a secret when its name changes", () => {
    const { json } = synthSwarm();
    const secret = Object.entries(data(json)).find(([k]) => k.startsWith("PostgresPasswordSecret"))![1];

    expect(secret.triggers_replace).toEqual({ name: expect.stringMatching(/^\$\{local\.postgres_password_secret_name/) });
  });

  test("passes secret values only through the environment, marked sensitive", () => {
    const { json } = synthSwarm();
    const secret = Object.entries(data(json)).find(([k]) => k.startsWith("PostgresPasswordSecret"))![1];
    const exec = secret.provisioner[0]["local-exec"];

    expect(exec.environment.CASERA_VALUE).toMatch(/^\$\{sensitive\(data\.terraform_remote_state\..+\)\}$/);
    expect(exec.command).toMatch(/^bash assets\/DeployScript\/[0-9A-F]+\/deploy\.sh create secret postgres_password \$\{local\.postgres_password_secret_name[^}]*\}$/);
  });

  test("puts no secret value, remote state or sha256 input in any command line", () => {
    const { json } = synthSwarm();

    for (const [id, resource] of Object.entries(data(json))) {
      for (const p of resource.provisioner) {
        expect([id, p["local-exec"].command]).not.toEqual([id, expect.stringMatching(/terraform_remote_state|random_password|sha256|sensitive/)]);
      }
    }
  });

  test("gives no secret value to the deployment, only names", () => {
    const { json } = synthSwarm();
    const env = data(json).Deploy.provisioner[0]["local-exec"].environment;

    expect(Object.keys(env)).not.toContain("CASERA_VALUE");
    expect(env.POSTGRES_PASSWORD_SECRET).toMatch(/^\$\{local\.postgres_password_secret_name/);
    expect(JSON.stringify(env)).not.toMatch(/random_password|sensitive\(/);
  });

  test("redeploys when the stack file, an image tag, a setting or a secret name changes", () => {
    const { json } = synthSwarm();
    const triggers = data(json).Deploy.triggers_replace;

    expect(triggers.stack_file_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(triggers.variables).toMatchObject({
      API_IMAGE: "ghcr.io/casera/api",
      API_TAG: "1.0.0",
      DB_HOST: "ep-test-123-pooler.eu-central-1.aws.neon.tech",
      DOZZLE_NODE: "casera-test-manager-1",
      POSTGRES_PASSWORD_SECRET: expect.stringMatching(/^\$\{local\.postgres_password_secret_name/),
      EDGE_NGINX_CONFIG: expect.stringMatching(/^\$\{local\.edge_nginx_config_name/),
    });
  });

  test("deploys after every secret and config exists", () => {
    const { json } = synthSwarm();

    expect(data(json).Deploy.depends_on).toHaveLength(10);
  });

  test("deploys over SSH to the first manager with its pinned host key", () => {
    const { json } = synthSwarm();
    const env = data(json).Deploy.provisioner[0]["local-exec"].environment;

    expect(env).toMatchObject({
      CASERA_SSH_HOST: "203.0.113.10",
      CASERA_SSH_PORT: "2222",
      CASERA_SSH_USER: "deploy",
      CASERA_KNOWN_HOSTS: expect.stringMatching(/^\[203\.0\.113\.10\]:2222 ssh-ed25519 /),
      CASERA_STACK: "casera",
    });
    expect(data(json).Deploy.provisioner[0]["local-exec"].command).toMatch(/^bash assets\/DeployScript\/[0-9A-F]+\/deploy\.sh deploy assets\/StackFile\/[0-9A-F]+\/casera\.stack\.yml$/);
  });

  test("lists every variable the stack file uses for the deploy to pass on", () => {
    const { json } = synthSwarm();
    const env = data(json).Deploy.provisioner[0]["local-exec"].environment;

    for (const v of env.CASERA_STACK_VARS.split(" ")) expect(env).toHaveProperty(v);
    expect(env.CASERA_STACK_VARS.split(" ")).toEqual(expect.arrayContaining(["DB_HOST", "POSTGRES_USER", "POSTGRES_DB", "DOZZLE_NODE", "ORIGIN_KEY_SECRET"]));
  });

  test("outputs the Dozzle tunnel command", () => {
    const { json } = synthSwarm();

    expect(json.output.dozzle_tunnel.value).toBe("ssh -p 2222 -N -L 9999:127.0.0.1:9999 deploy@203.0.113.10");
  });

  test("renders the edge config with the CaseraStack host names", () => {
    const { json } = synthSwarm();
    const env = Object.entries(data(json)).find(([k]) => k.startsWith("EdgeNginxConfig"))![1].provisioner[0]["local-exec"].environment;

    expect(env.CASERA_VALUE).toContain("server_name api.example.com;");
    expect(env.CASERA_VALUE).toContain("server_name admin.example.com;");
  });

  const edgeConfig = (json: any) => Object.entries(data(json)).find(([k]) => k.startsWith("EdgeNginxConfig"))![1].provisioner[0]["local-exec"].environment.CASERA_VALUE as string;

  test("without a load balancer: no PROXY protocol at the edge", () => {
    const conf = edgeConfig(synthSwarm().json);

    expect(conf).not.toContain("proxy_protocol");
    expect(conf).not.toContain("set_real_ip_from");
  });

  test("with a load balancer: the edge takes PROXY headers and believes them from its private address only", () => {
    const { json } = synthSwarm({}, { privateIp: "10.0.1.5" });
    const conf = edgeConfig(json);

    expect(conf).toContain("listen 443 ssl proxy_protocol;");
    expect(conf.match(/set_real_ip_from .*;/g)).toEqual(["set_real_ip_from 10.0.1.5;"]);
  });

  test("warns about a missing APNs key and reads a given one at apply time", () => {
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-apns-"));
    const keyFile = path.join(keyDir, "AuthKey.p8");
    fs.writeFileSync(keyFile, generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }));
    try {
      const { json } = synthSwarm({ apnsKeyFile: keyFile });
      const apns = Object.entries(data(json)).find(([k]) => k.startsWith("ApnsKeySecret"))![1];

      expect(apns.provisioner[0]["local-exec"].environment.CASERA_VALUE).toBe(`\${sensitive(file("${keyFile}"))}`);
      expect(JSON.stringify(synthSwarm().stack.node.metadata)).toContain("casera:NoApnsKey");
    } finally {
      fs.rmSync(keyDir, { recursive: true, force: true });
    }
  });

  test("refuses an APNs key file that is not there, saying where relative paths start", () => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: pinned(), apnsKeyFile: "../../secrets/AuthKey.p8" })).toThrow(
      /casera-test-swarm: apnsKeyFile must name the APNs key \(\.p8\) file; there is no file at \S+\/secrets\/AuthKey\.p8 \(relative paths start at \S+stacks\/casera-test-swarm, where Terraform runs\); got "\.\.\/\.\.\/secrets\/AuthKey\.p8"/,
    );
  });

  test("warns once about images tagged latest", () => {
    const app = Testing.app();
    const stack = new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app) });

    const warnings = stack.node.metadata.filter((m) => String(m.data).includes("casera:ImageTagLatest"));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].data)).toContain("api, worker, admin");
  });

  test("rejects an image tag that is not a tag", () => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: { api: { image: "ghcr.io/casera/api", tag: "1.0 ; rm" } } })).toThrow(
      /images\.api\.tag must be an image tag such as "1\.4\.2".*; got "1\.0 ; rm"/,
    );
  });

  test("pins an image by digest: the stack file gets <image>:<tag>@<digest>, latest is no longer warned about, a bad digest is refused", () => {
    const digest = `sha256:${"ab12".repeat(16)}`;
    const { json, stack } = synthSwarm({ images: { ...pinned(), api: { image: "ghcr.io/casera/api", tag: "latest", digest } } });

    expect(data(json).Deploy.triggers_replace.variables).toMatchObject({ API_IMAGE: "ghcr.io/casera/api", API_TAG: `latest@${digest}` });
    expect(JSON.stringify(stack.node.metadata)).not.toContain("casera:ImageTagLatest");
    expect(synthSwarm({ images: { ...pinned(), api: { image: "ghcr.io/casera/api", tag: "1.0.0", digest: `sha512:${"ab".repeat(64)}` } } }).json).toBeDefined();
    for (const bad of ["sha256:abc", `sha512:${"ab".repeat(32)}`, `SHA256:${"AB12".repeat(16)}`, `${"ab12".repeat(16)}`]) {
      const app = Testing.app();
      expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: { api: { image: "ghcr.io/casera/api", tag: "1.0.0", digest: bad } } })).toThrow(
        new RegExp(`images\\.api\\.digest must be a content digest: "sha256:" and 64 lower-case hex digits.*; got "${bad.slice(0, 40)}`),
      );
    }
  });

  test("refuses a misspelt field of an image entry, which would leave the image unpinned", () => {
    const app = Testing.app();
    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: { api: { image: "ghcr.io/casera/api", tag: "1.0.0", Digest: "sha256:abc" } as never } })).toThrow(
      /images\.api\.Digest is not an image field: images\.api takes image, tag and digest, nothing else; got "sha256:abc"/,
    );
  });

  test.each([
    ["a number as tag", { image: "ghcr.io/casera/api", tag: 1.1 }, /images\.api\.tag must be a string.*"1\.1"; got 1\.1/],
    ["an array as image", { image: ["ghcr.io/casera/api"], tag: "1.0.0" }, /images\.api\.image must be a string.*; got \["ghcr\.io\/casera\/api"\]/],
    ["a digest without a tag", { image: "ghcr.io/casera/api", digest: `sha256:${"ab12".repeat(16)}` }, /images\.api\.tag must be a string, given with every entry/],
    ["a string as entry", "ghcr.io/casera/api:1.0.0", /images\.api must be \{ image, tag \}/],
    ["a short digest", { image: "ghcr.io/casera/api", tag: "1.0.0", digest: `sha256:${"a".repeat(63)}` }, /\(this one has 63 hex digits\)/],
  ])("refuses %s in images, from JavaScript or JSON", (_name, entry, message) => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: { api: entry as never } })).toThrow(message);
  });

  test("rejects an image with a tag in it", () => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: { api: { image: "ghcr.io/casera/api:1", tag: "1" } } })).toThrow(
      /images\.api\.image must be the repository alone, without a tag: the tag goes in images\.api\.tag/,
    );
  });

  test("rejects an image for a service the stack does not have", () => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: { ...pinned(), web: { image: "nginx", tag: "1.27" } } as never })).toThrow(
      /images\.web names no service of the stack; the services are api, worker, admin, redis, dozzle, edge; got/,
    );
  });

  test.each(["1.22", "1.27-alpine", "1.27.2-alpine", "1.26.3"])("refuses an nginx edge older than 1.27.3 (%s), which cannot re-resolve tasks", (tag) => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: { ...pinned(), edge: { image: "nginx", tag } } })).toThrow(
      new RegExp(`images\\.edge\\.tag must be nginx 1\\.27\\.3 or later.*; got "${tag.replace(/\./g, "\\.")}"`),
    );
  });

  test("refuses a misspelt prop instead of ignoring it", () => {
    const app = Testing.app();
    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: pinned(), host: { api: "api.example.com" } } as never)).toThrow(
      /props\.host is not a CaseraSwarmStack prop: props takes casera, images, hosts, apnsKeyFile, deployTimeoutSeconds and stateBackend, nothing else/,
    );
  });

  test.each(["index.docker.io/library/nginx", "registry-1.docker.io/library/nginx", "docker.io/nginx"])("knows %s as the official nginx and checks its version", (image) => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: { ...pinned(), edge: { image, tag: "1.20" } } })).toThrow(/images\.edge\.tag must be nginx 1\.27\.3 or later/);
  });

  test.each([["nginx", "1.27.3-alpine"], ["nginx", "1.30-alpine"], ["docker.io/library/nginx", "1.28.0"], ["ghcr.io/casera/edge", "1.0.0"]])("accepts edge %s:%s", (image, tag) => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: { ...pinned(), edge: { image, tag } } })).not.toThrow();
  });

  test("rejects a deploy timeout under a minute", () => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: pinned(), deployTimeoutSeconds: 5 })).toThrow(
      /deployTimeoutSeconds must be an integer from 60 to 3600; got 5/,
    );
  });

  test.each([
    [{ api: "api.other.org", admin: "admin.example.com" }, /hosts\.api must be one of the host names with Cloudflare records and the origin certificate \(casera\.edge\.fqdns\): api\.example\.com, admin\.example\.com; got "api\.other\.org"/],
    [{ api: "api.example.com", admin: "api.example.com" }, /hosts\.admin must differ from hosts\.api: one host name cannot route to both services; got "api\.example\.com"/],
    [{ api: ".", admin: "admin.example.com" }, /casera-test-swarm: hosts\.api must be a lower-case DNS name/],
    [{ api: "api casera", admin: "admin.example.com" }, /casera-test-swarm: hosts\.api must be a lower-case DNS name.*; got "api casera"/],
  ])("refuses edge hosts %p", (hosts, message) => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: pinned(), hosts })).toThrow(message);
  });

  test.each([
    ["one string", "api.example.com", /hosts must be an object: \{ api: "<API host name>", admin: "<admin host name>" \}/],
    ["the admin host missing", { api: "api.example.com" }, /hosts must name both the API and the admin host \(hosts\.admin is missing\)/],
    ["swapped", { api: "admin.example.com", admin: "api.example.com" }, /hosts must not swap the two: the CaseraStack's API host is api\.example\.com and its admin host admin\.example\.com/],
    ["an extra host", { api: "api.example.com", admin: "admin.example.com", www: "www.example.com" }, /hosts\.www is not a host the edge routes: hosts takes api and admin, nothing else; got "www\.example\.com"/],
  ])("refuses hosts given as %s", (_what, hosts, message) => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: pinned(), hosts: hosts as never })).toThrow(message);
  });

  test("refuses a missing casera prop with a message, not a TypeError", () => {
    expect(() => new CaseraSwarmStack(Testing.app(), "casera-test-swarm", {} as never)).toThrow(/casera-test-swarm: casera must be an object: the CaseraStack whose cluster/);
    expect(() => new CaseraSwarmStack(Testing.app(), "casera-test-swarm", { casera: {} } as never)).toThrow(/casera must be a CaseraStack/);
  });

  test("reads an APNs key path starting with ~/ from the home folder, as Terraform's file() does", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "casera-home-"));
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      fs.writeFileSync(path.join(home, "AuthKey.p8"), generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }));
      const app = Testing.app();
      expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: pinned(), apnsKeyFile: "~/AuthKey.p8" })).not.toThrow();
      const app2 = Testing.app();
      expect(() => new CaseraSwarmStack(app2, "casera-test-swarm", { casera: sourceStack(app2), images: pinned(), apnsKeyFile: "~/Missing.p8" })).toThrow(
        new RegExp(`apnsKeyFile must name the APNs key \\(\\.p8\\) file; there is no file at ${home.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/Missing\\.p8`),
      );
    } finally {
      process.env.HOME = saved;
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  test("refuses an APNs key file that holds no EC P-256 private key, never quoting the key", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-apns-"));
    const refusal = (content: string): string => {
      const file = path.join(dir, "AuthKey.p8");
      fs.writeFileSync(file, content);
      const app = Testing.app();
      try {
        new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: pinned(), apnsKeyFile: file });
      } catch (err) {
        return (err as Error).message;
      }
      return "no error";
    };
    try {
      expect(refusal("hello\n")).toMatch(/apnsKeyFile must name the APNs key \(\.p8\) file; \S+AuthKey\.p8 holds no "-----BEGIN PRIVATE KEY-----" block/);
      expect(refusal("-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n")).toMatch(/AuthKey\.p8 does not parse as a private key/);
      expect(refusal("-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n")).not.toMatch(/SECRETKEYMATERIAL/);
      const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
      expect(refusal(rsa)).toMatch(/AuthKey\.p8 holds an rsa key, but APNs keys are EC P-256 \(ES256\)/);
      const p384 = generateKeyPairSync("ec", { namedCurve: "secp384r1" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
      expect(refusal(p384)).toMatch(/AuthKey\.p8 holds an EC key on secp384r1, but APNs keys are EC P-256/);
      const p256 = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
      expect(refusal(p256)).toBe("no error");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("refuses an APNs key file that is empty or a folder, saying which", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-apns-"));
    try {
      const empty = path.join(dir, "AuthKey.p8");
      fs.writeFileSync(empty, "");
      const app = Testing.app();
      expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: pinned(), apnsKeyFile: empty })).toThrow(
        /apnsKeyFile must name the APNs key \(\.p8\) file; \S+AuthKey\.p8 is empty, and Docker refuses an empty secret/,
      );
      const app2 = Testing.app();
      expect(() => new CaseraSwarmStack(app2, "casera-test-swarm", { casera: sourceStack(app2), images: pinned(), apnsKeyFile: dir })).toThrow(/apnsKeyFile must name the APNs key \(\.p8\) file; \S+ is a folder/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("fails synth when no node carries the redis label", () => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app, []), images: pinned() })).toThrow(
      /casera-test-swarm: compose\/casera\.stack\.yml redis breaks rule placementLabelsExist/,
    );
  });
});


/** The error a CaseraSwarmStack throws, checked to be an InvalidPropError, and whether anything was created first. */
function refusal(props: Partial<CaseraSwarmStackProps>, change: (casera: CaseraStackOutputs) => CaseraStackOutputs = (c) => c): { message: string; created: number } {
  const app = Testing.app();
  try {
    new CaseraSwarmStack(app, "casera-test-swarm", { casera: change(sourceStack(app)), images: pinned(), ...props });
  } catch (err) {
    if (!(err instanceof InvalidPropError)) throw new Error(`expected an InvalidPropError, got ${(err as Error).stack}`);
    const stack = app.node.tryFindChild("casera-test-swarm");
    return { message: err.message, created: stack ? stack.node.findAll().filter((c) => c instanceof DataResource).length : 0 };
  }
  throw new Error("expected an InvalidPropError, none was thrown");
}

describe("CaseraSwarmStack host names", () => {
  // JavaScript lists integer-like keys first: { api, "2" } has the values in the order 2, api.
  const digits = (casera: CaseraStackOutputs): CaseraStackOutputs => ({
    ...casera,
    hosts: { api: "api.example.com", admin: "2.example.com" },
    edge: { ...casera.edge, fqdns: { api: "api.example.com", 2: "2.example.com" } },
  });

  test("routes each host to its own service whatever the order of edge.fqdns", () => {
    const { json } = synthSwarm({}, undefined, digits);

    expect(edgeRoutes(edgeConfigOf(json))).toEqual({ "api.example.com": "casera_api", "2.example.com": "casera_admin" });
  });

  test("takes the CaseraStack's own hosts given explicitly, and refuses them swapped", () => {
    const { json } = synthSwarm({ hosts: { api: "api.example.com", admin: "2.example.com" } }, undefined, digits);

    expect(edgeRoutes(edgeConfigOf(json))).toEqual({ "api.example.com": "casera_api", "2.example.com": "casera_admin" });
    expect(refusal({ hosts: { api: "2.example.com", admin: "api.example.com" } }, digits).message).toMatch(
      /hosts must not swap the two: the CaseraStack's API host is api\.example\.com and its admin host 2\.example\.com/,
    );
  });

  test("refuses a casera without hosts, naming what is missing", () => {
    expect(refusal({}, ({ hosts: _hosts, ...rest }) => rest as never).message).toMatch(/casera-test-swarm: casera\.hosts must name the CaseraStack's API and admin host names, \{ api, admin \}.*; got undefined/);
  });

  test("refuses a domain that is a Terraform token before creating anything: the edge config is written at synth", () => {
    const tokenDomain = (casera: CaseraStackOutputs): CaseraStackOutputs => {
      const domain = Token.asString({ resolve: () => "example.com" });
      return { ...casera, hosts: { api: `api.${domain}`, admin: `admin.${domain}` }, edge: { ...casera.edge, fqdns: { api: `api.${domain}`, admin: `admin.${domain}` } } };
    };
    const { message, created } = refusal({}, tokenDomain);

    expect(message).toMatch(
      /^casera-test-swarm: casera \(its settings\.domain\) must be a literal host name, not a Terraform token: the edge's nginx\.conf names the hosts and is written at synth, .*give the CaseraStack its domain as a string; got a Terraform token, known only at apply/,
    );
    expect(created).toBe(0);
  });

  test("refuses an explicit host that is a Terraform token, naming hosts.<key>", () => {
    const app = Testing.app();
    const domain = new TerraformVariable(new TerraformStack(app, "vars"), "domain", { type: "string" }).stringValue;

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: pinned(), hosts: { api: "api.example.com", admin: `admin.${domain}` } })).toThrow(
      /casera-test-swarm: hosts\.admin must be a literal host name, not a Terraform token: the edge's nginx\.conf names the hosts and is written at synth, before Terraform resolves any value; got a Terraform token, known only at apply/,
    );
  });

  test.each([
    ["a Terraform token", Token.asString({ resolve: () => "10.0.1.5" }), /must be a literal address, not a Terraform token: the edge's nginx\.conf believes PROXY headers from it and is written at synth/],
    ["a public address", "203.0.113.5", /must be the load balancer's private IPv4 address \(in 10\.0\.0\.0\/8, 172\.16\.0\.0\/12 or 192\.168\.0\.0\/16\)/],
  ])("refuses a balancer private IP that is %s before creating anything", (_what, privateIp, message) => {
    const { message: got, created } = refusal({}, (casera) => ({ ...casera, cluster: { ...casera.cluster, loadBalancer: { privateIp } } }));

    expect(got).toMatch(/^casera-test-swarm: casera\.cluster\.loadBalancer\.privateIp /);
    expect(got).toMatch(message);
    expect(created).toBe(0);
  });
});

function edgeConfigOf(json: any): string {
  return Object.entries(data(json)).find(([k]) => k.startsWith("EdgeNginxConfig"))![1].provisioner[0]["local-exec"].environment.CASERA_VALUE as string;
}

describe("CaseraSwarmStack images", () => {
  test.each([
    ["redis:7", /images\.redis\.image must be the repository alone, without a tag: the tag goes in images\.redis\.tag, e\.g\. \{ image: "ghcr\.io\/casera\/api", tag: "1\.4\.2" \}.*; got "redis:7"/],
    ["localhost:5000", /images\.redis\.image must be the repository alone, without a tag: the tag goes in images\.redis\.tag/],
    ["localhost:5000/casera/redis:7", /images\.redis\.image must be the repository alone, without a tag/],
    [`redis@sha256:${"ab".repeat(32)}`, /images\.redis\.image must be the repository alone, without a digest: the digest goes in images\.redis\.digest/],
    ["ghcr.io:443:1/redis", /images\.redis\.image must be an image repository such as "ghcr\.io\/casera\/api"/],
  ])("refuses image %p: a ':' after the first component's port is a tag", (image, message) => {
    expect(refusal({ images: { ...pinned(), redis: { image, tag: "alpine" } } }).message).toMatch(message);
  });

  test.each(["localhost:5000/redis", "registry.example.com:5000/casera/redis", "redis", "docker.io/library/redis"])("accepts image %p", (image) => {
    const app = Testing.app();

    expect(() => new CaseraSwarmStack(app, "casera-test-swarm", { casera: sourceStack(app), images: { ...pinned(), redis: { image, tag: "7.4-alpine" } } })).not.toThrow();
  });
});

describe("CaseraSwarmStack apnsKeyFile", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-apns-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const keyAt = (name: string): string => {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, "AuthKey.p8");
    fs.writeFileSync(file, generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }));
    return file;
  };
  const apnsValue = (json: any): string => Object.entries(data(json)).find(([k]) => k.startsWith("ApnsKeySecret"))![1].provisioner[0]["local-exec"].environment.CASERA_VALUE;

  test("writes a path holding %{, ${ or a backslash so that Terraform reads it back unchanged", () => {
    const file = keyAt("a%{x}b${y}c\\d%%{z}");
    const { json } = synthSwarm({ apnsKeyFile: file });
    const written = file.replace(/\\/g, "\\\\").replace(/%\{/g, "%%{").replace(/\$\{/g, () => "$${");

    expect(apnsValue(json)).toBe(`\${sensitive(file("${written}"))}`);
    expect(written).toContain("a%%{x}b$${y}c\\\\d%%%{z}");
  });

  test.each([
    ["a double quote", 'a"b', /apnsKeyFile must not contain a double quote \("\): Terraform reads the path inside a quoted string, file\("<path>"\); rename the file or its folder; got /],
    ["a line break", "a\nb", /apnsKeyFile must not contain a control character \(such as a line break or tab\)/],
  ])("refuses a path holding %s with the prop's message, not cdktf's", (_what, folder, message) => {
    expect(refusal({ apnsKeyFile: keyAt(folder) }).message).toMatch(message);
  });

  test.each([
    [5, /apnsKeyFile must be a string: the path of the APNs key \(\.p8\) file; got 5/],
    [null, /apnsKeyFile must be a string: the path of the APNs key \(\.p8\) file; got null/],
    ["", /apnsKeyFile must name the APNs key \(\.p8\) file; the name is empty/],
  ])("refuses apnsKeyFile %p, saying what is wrong", (apnsKeyFile, message) => {
    expect(refusal({ apnsKeyFile: apnsKeyFile as never }).message).toMatch(message);
  });
});
