import { Testing } from "cdktf";
import { NeonDatabase, NeonDatabaseProps } from "../../constructs";
import { errorOf, resources, synthJson, testStack } from "../helpers/stack";

const base: NeonDatabaseProps = { projectName: "casera-production", plan: "launch" };

function make(props: Partial<NeonDatabaseProps> = {}) {
  const { stack } = testStack();
  const db = new NeonDatabase(stack, "Database", { ...base, ...props });
  return { stack, db, json: synthJson(stack) };
}

function warnings(stack: any): string[] {
  Testing.synth(stack);
  return stack.node
    .findAll()
    .flatMap((c: any) => c.node.metadata)
    .filter((m: any) => m.type === "@cdktf/warn")
    .map((m: any) => m.data as string);
}

describe("NeonDatabase", () => {
  test("creates a project on the main branch with autoscaling limits, the casera role and database", () => {
    const { json } = make({ minCu: 0.25, maxCu: 4 });

    expect(resources(json, "neon_project")).toEqual([
      expect.objectContaining({
        name: "casera-production",
        region_id: "aws-eu-central-1",
        pg_version: 17,
        branch: { name: "main" },
        default_endpoint_settings: { autoscaling_limit_min_cu: 0.25, autoscaling_limit_max_cu: 4 },
      }),
    ]);
    expect(resources(json, "neon_role")).toEqual([expect.objectContaining({ name: "casera" })]);
    expect(resources(json, "neon_database")).toEqual([expect.objectContaining({ name: "casera" })]);
  });

  test.each([
    ["nbg1", "aws-eu-central-1"],
    ["fsn1", "aws-eu-central-1"],
    ["hel1", "aws-eu-central-1"],
    ["ash", "aws-us-east-1"],
    ["hil", "aws-us-west-2"],
  ] as const)("derives the region from Hetzner location %s", (location, region) => {
    const { json } = make({ location });

    expect(resources(json, "neon_project")[0].region_id).toBe(region);
  });

  test("uses an explicit region over the location", () => {
    const { json } = make({ location: "ash", region: "aws-eu-west-2" });

    expect(resources(json, "neon_project")[0].region_id).toBe("aws-eu-west-2");
  });

  test("gives the API the pooled host, port 5432, sslmode=require, user and database", () => {
    const { db } = make();

    expect(db.env.DB_HOST).toBe(db.pooledHost);
    expect(db.env).toMatchObject({ DB_PORT: "5432", DB_SSLMODE: "require", POSTGRES_USER: "casera", POSTGRES_DB: "casera" });
    expect(db.pooledHost).not.toBe(db.directHost);
  });

  test("emits the IP allow list on Scale", () => {
    const { json } = make({ plan: "scale", allowedIps: ["198.51.100.1"] });

    expect(resources(json, "neon_project")[0].allowed_ips).toEqual(["198.51.100.1"]);
  });

  test("omits the allow list on Launch and warns that the database is open", () => {
    const { stack, json } = make({ plan: "launch", allowedIps: ["198.51.100.1"] });

    expect(resources(json, "neon_project")[0].allowed_ips).toBeUndefined();
    expect(warnings(stack).join("\n")).toMatch(/casera:NeonNoIpAllow.*launch plan has no IP Allow.*reachable from anywhere/);
  });

  describe("validation", () => {
    const build = (props: Partial<NeonDatabaseProps>) => (scope: any) => new NeonDatabase(scope, "Database", { ...base, ...props });

    test("rejects an unknown plan", () => {
      expect(errorOf(build({ plan: "pro" as never }))).toMatch(/plan must be one of "free", "launch", "scale", "business"; got "pro"/);
    });

    test("rejects an unknown region", () => {
      expect(errorOf(build({ region: "eu-central-1" as never }))).toMatch(/region must be one of "aws-eu-central-1".*got "eu-central-1"/);
    });

    test("rejects a max compute size above the plan's limit", () => {
      expect(errorOf(build({ plan: "free", maxCu: 4 }))).toMatch(/maxCu must be a Neon compute size from 0.25 to 2 on the free plan.*got 4/);
    });

    test("rejects a compute size Neon does not offer", () => {
      expect(errorOf(build({ minCu: 0.3 }))).toMatch(/minCu must be a Neon compute size.*got 0.3/);
    });

    test("rejects min above max", () => {
      expect(errorOf(build({ minCu: 4, maxCu: 2 }))).toMatch(/minCu must not exceed maxCu \(2\); got 4/);
    });
  });
});
