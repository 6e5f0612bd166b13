import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { composeFilePath, DEPLOY_SCRIPT } from "../../constructs/stack/stack-file";
import { describeWith, repoRoot, run, tool } from "../helpers/tools";

/**
 * compose/deploy.sh with stand-in `ssh` (checks the pinned-key options, runs
 * the command here) and `docker` (secrets as files). The real-Docker run is
 * swarm-deploy.test.ts.
 */
const KNOWN = "[203.0.113.10]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo3HLTpjbMFBZFMK+eUrH3D1Jhi8LZthBph/GWmdGb9";
const VALUE = "s3cr3t-value-that-must-stay-on-stdin";

class DeployHost {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-deploy-sh-"));
  readonly state = path.join(this.dir, "state");

  constructor() {
    fs.mkdirSync(path.join(this.dir, "bin"));
    fs.mkdirSync(path.join(this.state, "in-use"), { recursive: true });
    for (const stub of ["ssh", "docker"]) {
      fs.copyFileSync(path.join(__dirname, "stubs", stub), path.join(this.dir, "bin", stub));
      fs.chmodSync(path.join(this.dir, "bin", stub), 0o755);
    }
    this.write("services", "casera_api 3/3\ncasera_edge 1/1\n");
    this.write("update-state", "completed");
  }

  write(name: string, content: string): void {
    fs.writeFileSync(path.join(this.state, name), content);
  }

  read(name: string): string {
    const file = path.join(this.state, name);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  }

  run(args: string[], env: Record<string, string> = {}) {
    return spawnSync("bash", [composeFilePath(DEPLOY_SCRIPT), ...args], {
      encoding: "utf8",
      timeout: 30000,
      env: {
        PATH: `${path.join(this.dir, "bin")}:/usr/bin:/bin`,
        CASERA_STUB_STATE: this.state,
        CASERA_SSH_HOST: "203.0.113.10",
        CASERA_SSH_PORT: "2222",
        CASERA_KNOWN_HOSTS: KNOWN,
        CASERA_POLL_SECONDS: "0",
        ...env,
      },
    });
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

describe("compose/deploy.sh", () => {
  let host: DeployHost;
  beforeEach(() => (host = new DeployHost()));
  afterEach(() => host.remove());

  test("creates a secret from stdin, labelled with its key, the value in no argument", () => {
    const r = host.run(["create", "secret", "postgres_password", "postgres_password_0123456789"], { CASERA_VALUE: VALUE });

    expect(r.status).toBe(0);
    expect(host.read("secrets/postgres_password_0123456789")).toBe(VALUE);
    expect(host.read("secrets/postgres_password_0123456789.label")).toBe("casera.secret=postgres_password\n");
    expect(host.read("ssh-calls") + host.read("docker-calls") + r.stderr + r.stdout).not.toContain(VALUE);
  });

  test("leaves an existing secret of the same name alone", () => {
    host.run(["create", "secret", "secret_key", "secret_key_aaaaaaaaaa"], { CASERA_VALUE: "one" });

    const r = host.run(["create", "secret", "secret_key", "secret_key_aaaaaaaaaa"], { CASERA_VALUE: "two" });

    expect(r.stderr).toContain("secret secret_key_aaaaaaaaaa exists");
    expect(host.read("secrets/secret_key_aaaaaaaaaa")).toBe("one");
  });

  test("refuses an empty value and a name that is not a Docker name", () => {
    expect(host.run(["create", "secret", "secret_key", "secret_key_aaaaaaaaaa"], { CASERA_VALUE: "" }).stderr).toContain("CASERA_VALUE is empty");
    expect(host.run(["create", "secret", "secret_key", "x;reboot"], { CASERA_VALUE: "v" }).stderr).toContain("invalid name: x;reboot");
  });

  test("fails without the pinned host key", () => {
    const r = host.run(["create", "secret", "secret_key", "secret_key_aaaaaaaaaa"], { CASERA_VALUE: "v", CASERA_KNOWN_HOSTS: "" });

    expect(r.status).not.toBe(0);
    expect(host.read("ssh-calls")).toBe("");
  });

  test("deploys the stack file from stdin with the stack variables, then removes outdated secrets only", () => {
    for (const [name, value] of [["postgres_password_old0000000", "old"], ["postgres_password_new0000000", "new"], ["secret_key_keep000000", "k"]]) {
      host.run(["create", "secret", name.replace(/_[a-z0-9]+$/, ""), name], { CASERA_VALUE: value });
    }

    const r = host.run(["deploy", composeFilePath("compose/casera.stack.yml")], {
      DB_HOST: "ep-x-pooler.neon.tech",
      API_TAG: "1.2.3",
      POSTGRES_PASSWORD_SECRET: "postgres_password_new0000000",
      CASERA_STACK_VARS: "DB_HOST API_TAG POSTGRES_PASSWORD_SECRET",
      CASERA_SECRETS: "postgres_password=postgres_password_new0000000 secret_key=secret_key_keep000000",
    });

    expect(r.status).toBe(0);
    expect(host.read("stack.yml")).toBe(fs.readFileSync(composeFilePath("compose/casera.stack.yml"), "utf8"));
    expect(host.read("deploy-env")).toBe("API_TAG=1.2.3\nDB_HOST=ep-x-pooler.neon.tech\nPOSTGRES_PASSWORD_SECRET=postgres_password_new0000000\n");
    expect(host.read("docker-calls")).toContain("stack deploy --prune --with-registry-auth --resolve-image always -c - casera");
    expect(fs.readdirSync(path.join(host.state, "secrets")).filter((f) => !f.endsWith(".label")).sort()).toEqual(["postgres_password_new0000000", "secret_key_keep000000"]);
    expect(r.stderr).toContain("removed outdated secret postgres_password_old0000000");
  });

  test("keeps an outdated secret that is still in use", () => {
    host.run(["create", "secret", "secret_key", "secret_key_old0000000"], { CASERA_VALUE: "old" });
    host.write("in-use/secret_key_old0000000", "");

    const r = host.run(["deploy", composeFilePath("compose/casera.stack.yml")], { CASERA_SECRETS: "secret_key=secret_key_new0000000" });

    expect(r.status).toBe(0);
    expect(r.stderr).toContain("kept secret secret_key_old0000000: still in use");
  });

  test("fails and keeps outdated secrets when an update rolls back", () => {
    host.run(["create", "secret", "secret_key", "secret_key_old0000000"], { CASERA_VALUE: "old" });
    host.write("update-state", "rollback_completed");

    const r = host.run(["deploy", composeFilePath("compose/casera.stack.yml")], { CASERA_SECRETS: "secret_key=secret_key_new0000000" });

    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/casera_api rollback_completed; outdated secrets are kept/);
    expect(host.read("docker-calls")).not.toContain(" rm ");
  });

  test("fails when the services do not converge in time", () => {
    host.write("services", "casera_api 1/3\n");

    const r = host.run(["deploy", composeFilePath("compose/casera.stack.yml")], { CASERA_DEPLOY_TIMEOUT: "0" });

    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("did not converge within 0s");
  });
});

describeWith([tool("shellcheck")], "shellcheck on compose/ scripts", () => {
  const scripts = [DEPLOY_SCRIPT, "__tests__/compose/stubs/ssh", "__tests__/compose/stubs/docker"];

  test.each(scripts.map((s) => [s]))("passes on %s", (relative) => {
    expect(() => run("shellcheck", ["--external-sources", "--severity=style", relative], { cwd: repoRoot })).not.toThrow();
  });

  test("passes on the POSIX stand-in", () => {
    expect(() => run("shellcheck", ["--shell=sh", "--severity=style", "__tests__/compose/standin/casera-standin"], { cwd: repoRoot })).not.toThrow();
  });
});
