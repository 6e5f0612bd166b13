import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { buildApp } from "../../main";

/** The Casera app's swarm stacks, wired to the real CaseraStack of their environment. */
describe("casera-<env>-swarm in the app", () => {
  let outdir: string;
  const stackJson = (name: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-app-swarm-"));
    buildApp(new App({ outdir }), {}).synth();
  }, 120000);

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test.each([["production"], ["staging"]])("synthesizes casera-%s-swarm", (env) => {
    expect(fs.existsSync(path.join(outdir, "stacks", `casera-${env}-swarm`, "cdk.tf.json"))).toBe(true);
  });

  test("reads the manager, database and keys from the environment's CaseraStack state", () => {
    const json = stackJson("casera-production-swarm");
    const env = json.resource.terraform_data.Deploy.provisioner[0]["local-exec"].environment;

    expect(Object.keys(json.data.terraform_remote_state)).toEqual(["cross-stack-reference-input-casera-production"]);
    for (const name of ["CASERA_SSH_HOST", "CASERA_KNOWN_HOSTS", "DB_HOST", "DOZZLE_NODE"]) {
      expect([name, env[name]]).toEqual([name, expect.stringContaining("data.terraform_remote_state.cross-stack-reference-input-casera-production.outputs.")]);
    }
    expect(env.CASERA_SSH_PORT).toBe("2222");
    expect(env.POSTGRES_USER).toBe("casera");
  });

  test("marks the cross-stack outputs it reads sensitive in the source stack", () => {
    const outputs = stackJson("casera-production").output as Record<string, { sensitive?: boolean }>;
    const crossStack = Object.entries(outputs).filter(([name]) => name.startsWith("cross-stack-output-"));

    expect(crossStack.length).toBeGreaterThan(0);
    for (const [name, output] of crossStack) expect([name, output.sensitive]).toEqual([name, true]);
  });
});
