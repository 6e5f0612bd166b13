import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DataResource, LocalBackend, TerraformStack, Testing, Token } from "cdktf";
import { CaseraStackOutputs, CaseraSwarmStack } from "../../constructs/casera/swarm-stack";
import { describeWith, tool } from "../helpers/tools";

/**
 * `terraform apply` of a synthesized CaseraSwarmStack, its values coming from
 * another stack's state as in the app. The local-exec runs the real
 * deploy.sh; `ssh` and `docker` are the stand-ins of deploy-script.test.ts,
 * so nothing leaves the machine. Shows the Terraform side: hashed names,
 * values on stdin only, replacement on a new value, and the old secret removed.
 */
const KNOWN = "[203.0.113.10]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo3HLTpjbMFBZFMK+eUrH3D1Jhi8LZthBph/GWmdGb9";
const hash10 = (v: string) => createHash("sha256").update(v).digest("hex").slice(0, 10);

describeWith([tool("terraform")], "terraform apply of casera-test-swarm", () => {
  let dir: string;
  let state: string;

  /** Synthesizes the source and swarm stacks with `password` as the database password. */
  function synth(password: string): void {
    const app = Testing.app({ outdir: path.join(dir, "cdktf.out") });
    const source = new TerraformStack(app, "casera-test");
    new LocalBackend(source, { path: "../../../terraform.casera-test.tfstate" });
    const values = new DataResource(source, "Values", {
      input: { password, secret_key: "k".repeat(40), uploads_id: "uid", uploads_key: "ukey-value-1", certs_id: "cid", certs_key: "ckey-value-1", cert: "CERT", key: "KEY" },
    });
    const v = (k: string) => Token.asString(values.output.lookup(k));
    const casera: CaseraStackOutputs = {
      cluster: {
        sshPort: 2222,
        nodeLabels: [{ "casera.redis": "true" }],
        nodes: [{ ipv4Address: "203.0.113.10", sshPort: 2222, knownHostsLine: KNOWN, server: { name: "casera-test-manager-1" } }],
      },
      database: { password: v("password"), pooledHost: "ep-x-pooler.neon.tech", roleName: "casera", databaseName: "casera" },
      uploads: { bucketName: "casera-test-uploads" },
      certs: { bucketName: "casera-test-certs" },
      uploadsKey: { keyId: v("uploads_id"), key: v("uploads_key") },
      certsKey: { keyId: v("certs_id"), key: v("certs_key") },
      secretKey: v("secret_key"),
      hosts: { api: "api.casera.test", admin: "admin.casera.test" },
      edge: { fqdns: { api: "api.casera.test", admin: "admin.casera.test" }, originCertificate: v("cert"), originPrivateKey: v("key") },
    };
    const images = Object.fromEntries(["api", "worker", "admin", "redis", "dozzle", "edge"].map((s) => [s, { image: `casera/${s}`, tag: "1.0.0" }]));
    new CaseraSwarmStack(app, "casera-test-swarm", { casera, images });
    app.synth();
  }

  /** `terraform init` + `apply` in one synthesized stack; returns the output. */
  function apply(stack: string): string {
    const cwd = path.join(dir, "cdktf.out", "stacks", stack);
    const env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: "/dev/null",
      TF_IN_AUTOMATION: "1",
      PATH: `${path.join(dir, "bin")}:${process.env.PATH}`,
      CASERA_STUB_STATE: state,
      CASERA_POLL_SECONDS: "0",
    };
    for (const args of [["init", "-input=false", "-no-color"], ["apply", "-auto-approve", "-input=false", "-no-color"]]) {
      const r = spawnSync("terraform", args, { cwd, env, encoding: "utf8", timeout: 180000 });
      if (r.status !== 0) throw new Error(`terraform ${args[0]} in ${stack} failed: ${r.stderr}\n${r.stdout}`);
      if (args[0] === "apply") return r.stdout + r.stderr;
    }
    return "";
  }

  const secretFiles = () => fs.readdirSync(path.join(state, "secrets")).filter((f) => !f.endsWith(".label")).sort();

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-swarm-apply-"));
    state = path.join(dir, "state");
    fs.mkdirSync(path.join(state, "in-use"), { recursive: true });
    fs.mkdirSync(path.join(dir, "bin"));
    for (const stub of ["ssh", "docker"]) {
      fs.copyFileSync(path.join(__dirname, "stubs", stub), path.join(dir, "bin", stub));
      fs.chmodSync(path.join(dir, "bin", stub), 0o755);
    }
    fs.writeFileSync(path.join(state, "services"), "casera_api 3/3\n");
    fs.writeFileSync(path.join(state, "update-state"), "completed");
  });

  afterAll(() => {
    if (dir?.startsWith(path.join(os.tmpdir(), "casera-swarm-apply-"))) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("creates every secret under its hashed name and deploys, printing no value", () => {
    synth("first-password-value");
    apply("casera-test");

    const out = apply("casera-test-swarm");

    expect(secretFiles()).toContain(`postgres_password_${hash10("first-password-value")}`);
    expect(fs.readFileSync(path.join(state, "secrets", `postgres_password_${hash10("first-password-value")}`), "utf8")).toBe("first-password-value");
    expect(secretFiles()).toHaveLength(9);
    expect(fs.readFileSync(path.join(state, "stack.yml"), "utf8")).toContain("services:");
    expect(out + fs.readFileSync(path.join(state, "ssh-calls"), "utf8")).not.toMatch(/first-password-value|ukey-value-1|ckey-value-1/);
  }, 300000);

  test("a new value replaces that secret and the deployment, and the old secret is removed", () => {
    synth("second-password-value");
    apply("casera-test");

    const out = apply("casera-test-swarm");

    expect(out).toMatch(/Apply complete! Resources: 2 added, 0 changed, 2 destroyed\./);
    expect(secretFiles()).toContain(`postgres_password_${hash10("second-password-value")}`);
    expect(secretFiles()).not.toContain(`postgres_password_${hash10("first-password-value")}`);
    expect(secretFiles()).toHaveLength(9);
    expect(fs.readFileSync(path.join(state, "deploy-env"), "utf8")).toContain(`POSTGRES_PASSWORD_SECRET=postgres_password_${hash10("second-password-value")}`);
    expect(out).not.toMatch(/second-password-value|first-password-value/);
  }, 300000);
});
