import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { addStateBackend, b2S3Endpoint, localStatePath, CaseraStack, CaseraSwarmStack, resolveSettings, StateBackend } from "../../constructs";
import { errorOf } from "../helpers/stack";

const b2: StateBackend = { kind: "b2", bucket: "casera-tfstate", region: "eu-central-003" };

function backendOf(backend?: StateBackend): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), "casera-production");
  addStateBackend(stack, backend);
  return JSON.parse(Testing.synth(stack)).terraform.backend;
}

describe("stateBackend", () => {
  test("is local at a path relative to the project by default", () => {
    expect(backendOf()).toEqual({ local: { path: "../../../terraform.casera-production.tfstate" } });
  });

  test("keeps local state in the project folder whatever outdir inside it the stacks are written to", () => {
    const project = path.join(os.tmpdir(), "project");
    expect(localStatePath("casera-production", "cdktf.out", project)).toBe("../../../terraform.casera-production.tfstate");
    expect(localStatePath("casera-production", path.join(project, "cdktf.out"), project)).toBe("../../../terraform.casera-production.tfstate");
    expect(localStatePath("casera-production", "build/out/cdktf", project)).toBe("../../../../../terraform.casera-production.tfstate");
    // Outside the project (a temporary folder) or the project folder itself: the usual path.
    expect(localStatePath("casera-production", "../elsewhere", project)).toBe("../../../terraform.casera-production.tfstate");
    expect(localStatePath("casera-production", os.tmpdir(), project)).toBe("../../../terraform.casera-production.tfstate");
    expect(localStatePath("casera-production", ".", project)).toBe("../../../terraform.casera-production.tfstate");
    // From the stack's folder, the deeper path resolves to the project's state file.
    const stackDir = path.join(project, "build/out/cdktf", "stacks", "casera-production");
    expect(path.resolve(stackDir, localStatePath("casera-production", "build/out/cdktf", project))).toBe(path.join(project, "terraform.casera-production.tfstate"));
  });

  test.each(["local", null, ["local"]])("refuses stateBackend %j, which is no object", (backend) => {
    const stack = new TerraformStack(Testing.app(), "casera-production");
    expect(() => addStateBackend(stack, backend as unknown as StateBackend)).toThrow(/stateBackend must be an object: \{ kind: "local" \}, or \{ kind: "b2", bucket, region, key\? \}/);
  });

  test.each([
    [{ kind: "local", path: "/tmp/state" }, "stateBackend.path is not a local state option: stateBackend takes kind, nothing else"],
    [{ kind: "b2", bucket: "casera-tfstate", region: "eu-central-003", encrypt: false }, "stateBackend.encrypt is not a B2 state option: stateBackend takes kind, bucket, region and key, nothing else"],
  ])("refuses the unknown option in %j", (backend, message) => {
    const stack = new TerraformStack(Testing.app(), "casera-production");
    expect(() => addStateBackend(stack, backend as unknown as StateBackend)).toThrow(message);
  });

  test("b2: an S3 backend on B2's endpoint, encrypted, with AWS-only checks skipped", () => {
    expect(backendOf(b2)).toEqual({
      s3: {
        bucket: "casera-tfstate",
        key: "casera-production.tfstate",
        region: "eu-central-003",
        endpoints: { s3: "https://s3.eu-central-003.backblazeb2.com" },
        encrypt: true,
        use_path_style: true,
        skip_credentials_validation: true,
        skip_region_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_s3_checksum: true,
      },
    });
  });

  test("b2: takes a key", () => {
    expect(backendOf({ ...b2, key: "casera/production.tfstate" }).s3.key).toBe("casera/production.tfstate");
  });

  test("b2: the endpoint follows the region", () => {
    expect(b2S3Endpoint("us-west-004")).toBe("https://s3.us-west-004.backblazeb2.com");
  });

  describe("validation", () => {
    const make = (backend: unknown) => (scope: any) => addStateBackend(scope, backend as StateBackend);

    test("rejects an unknown kind", () => {
      expect(errorOf(make({ kind: "s3" }))).toMatch(/stateBackend\.kind must be "local" or "b2"; got "s3"/);
    });

    test("rejects a bucket name B2 would refuse", () => {
      expect(errorOf(make({ ...b2, bucket: "b2-state" }))).toMatch(/stateBackend\.bucket must be 6-50 characters.*got "b2-state"/);
    });

    test("rejects a region that is not a B2 region", () => {
      expect(errorOf(make({ ...b2, region: "eu-central" }))).toMatch(/stateBackend\.region must be a B2 region .*"eu-central-003".*got "eu-central"/);
    });

    test.each(["/abs.tfstate", "a/../b.tfstate", "a//b", ""])("rejects the key %j", (key) => {
      expect(errorOf(make({ ...b2, key }))).toMatch(/stateBackend\.key must be a relative object key/);
    });
  });

  test("CaseraStack and CaseraSwarmStack take it, and the swarm stack reads the B2 state for its cross-stack references", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-backend-"));
    const app = new App({ outdir, stackTraces: false });
    const { settings } = resolveSettings({});
    const casera = new CaseraStack(app, "casera-production", {
      environment: "production",
      settings,
      database: { plan: "launch" },
      stateBackend: { ...b2, key: "production.tfstate" },
    });
    new CaseraSwarmStack(app, "casera-production-swarm", { casera, stateBackend: { ...b2, key: "production-swarm.tfstate" } });

    app.synth();

    const read = (id: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json"), "utf8"));
    expect(read("casera-production").terraform.backend.s3).toMatchObject({ bucket: "casera-tfstate", key: "production.tfstate" });
    const swarm = read("casera-production-swarm");
    expect(swarm.terraform.backend.s3).toMatchObject({ key: "production-swarm.tfstate" });
    expect(Object.values<any>(swarm.data.terraform_remote_state)).toEqual([
      expect.objectContaining({ backend: "s3", config: expect.objectContaining({ bucket: "casera-tfstate", key: "production.tfstate" }) }),
    ]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
