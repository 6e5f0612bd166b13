import { Lazy, Testing, Token } from "cdktf";
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

  test("emits addresses, IPv4 and IPv6 blocks and ranges as given", () => {
    const allowedIps = ["198.51.100.7", "203.0.113.0/24", "2001:db8::/48", "2001:db8:1::7", "198.51.100.20-198.51.100.50", "2001:DB8:5432::/48"];
    const { json, db } = make({ plan: "scale", allowedIps });

    expect(resources(json, "neon_project")[0].allowed_ips).toEqual(allowedIps);
    expect(db.ipAllowEnforced).toBe(true);
  });

  test("passes unresolved entries and an unresolved list through", () => {
    const entry = Lazy.stringValue({ produce: () => "198.51.100.9" });
    const { json } = make({ plan: "business", allowedIps: [entry, "198.51.100.7"] });
    expect(resources(json, "neon_project")[0].allowed_ips).toEqual(["198.51.100.9", "198.51.100.7"]);

    const list = Token.asList(Lazy.anyValue({ produce: () => ["203.0.113.0/24"] }));
    expect(resources(make({ plan: "scale", allowedIps: list }).json, "neon_project")[0].allowed_ips).toEqual(["203.0.113.0/24"]);
  });

  test("takes fixed sizes above 16 CU on Scale and Business", () => {
    expect(resources(make({ plan: "scale", minCu: 56, maxCu: 56 }).json, "neon_project")[0].default_endpoint_settings).toEqual({
      autoscaling_limit_min_cu: 56,
      autoscaling_limit_max_cu: 56,
    });
    expect(() => make({ plan: "business", minCu: 24, maxCu: 24 })).not.toThrow();
  });

  test("takes an autoscaling range of exactly 8 CU, up to 16 CU", () => {
    expect(() => make({ plan: "launch", minCu: 8, maxCu: 16 })).not.toThrow();
    expect(() => make({ plan: "scale", minCu: 1, maxCu: 9 })).not.toThrow();
  });

  test("omits the allow list on Launch and warns that the database is open", () => {
    const { stack, json } = make({ plan: "launch", allowedIps: ["198.51.100.1"] });

    expect(resources(json, "neon_project")[0].allowed_ips).toBeUndefined();
    expect(warnings(stack).join("\n")).toMatch(/casera:NeonNoIpAllow.*launch plan has no IP Allow.*reachable from anywhere/);
  });

  describe("validation", () => {
    const build = (props: Partial<NeonDatabaseProps>) => (scope: any) => new NeonDatabase(scope, "Database", { ...base, ...props });

    test("refuses a misspelt prop instead of ignoring it (maxCU would leave the compute at 2 CU, allowedIPs the database open)", () => {
      expect(errorOf((s) => new NeonDatabase(s, "Database", { ...base, maxCU: 8 } as never))).toMatch(
        /Database: props\.maxCU is not a NeonDatabase prop: props takes projectName, plan, region, location, postgresVersion, minCu, maxCu, allowedIps, roleName and databaseName, nothing else; got 8$/,
      );
      expect(errorOf((s) => new NeonDatabase(s, "Database", { ...base, plan: "scale", allowedIPs: ["198.51.100.7"] } as never))).toMatch(
        /props\.allowedIPs is not a NeonDatabase prop: .*; got \["198\.51\.100\.7"\]$/,
      );
    });

    test("refuses databaseName neondb, which the project's default branch already has", () => {
      expect(errorOf(build({ databaseName: "neondb" }))).toMatch(
        /Database: databaseName must not be "neondb": the project's default branch already has a database of that name \(Neon creates it with the project\), and creating it again fails at apply; use a name of the application's own, such as the default "casera"; got "neondb"$/,
      );
      expect(() => make({ databaseName: "neondb2" })).not.toThrow();
    });

    test.each([
      ["public", /roleName must not be "public": Postgres reserves it for the pseudo-role every role belongs to; use a name of the application's own, such as the default "casera"; got "public"$/],
      ["none", /roleName must not be "none": Postgres reserves it; use .*; got "none"$/],
      ["PUBLIC", /roleName must not be "public": Postgres reserves it .*; got "PUBLIC"$/],
      ["pg_app", /roleName must not start with "pg_": Postgres reserves such names for its predefined roles; use a name of the application's own, such as the default "casera"; got "pg_app"$/],
      ["pg_monitor", /roleName must not start with "pg_": .*; got "pg_monitor"$/],
      ["neon_superuser", /roleName must not be "neon_superuser": Neon's administrator role already has it .*; got "neon_superuser"$/],
      ["cloud_admin", /roleName must not be "cloud_admin": Neon's own superuser already has it; .*; got "cloud_admin"$/],
      ["neondb_owner", /roleName must not be "neondb_owner": the project's default role already has it \(Neon creates it with the project, as the owner of neondb\); .*; got "neondb_owner"$/],
    ])("refuses roleName %p, which Postgres or Neon keeps", (roleName, message) => {
      expect(errorOf(build({ roleName }))).toMatch(message);
    });

    test("takes role names that only look like reserved ones", () => {
      for (const roleName of ["pg-app", "publicapi", "nonexistent", "app-pg"]) {
        expect(resources(make({ roleName }).json, "neon_role")).toEqual([expect.objectContaining({ name: roleName })]);
      }
    });

    test("rejects an unknown plan", () => {
      expect(errorOf(build({ plan: "pro" as never }))).toMatch(/plan must be one of "free", "launch", "scale", "business"; got "pro"/);
    });

    test("rejects an unknown region", () => {
      expect(errorOf(build({ region: "eu-central-1" as never }))).toMatch(/region must be one of "aws-eu-central-1".*got "eu-central-1"/);
      for (const wide of ["0.0.0.1-255.255.255.255", "1.0.0.0-223.255.255.255", "0.0.0.0/1", "2000::/3"]) {
        expect(errorOf(build({ plan: "scale", allowedIps: [wide] }))).toMatch(/allowedIps\[0\] must admit at most a \/(8|16)'s worth of addresses: an allow list names the addresses that connect/);
      }
      for (const name of ["postgres", "template0", "template1"]) {
        expect(errorOf(build({ databaseName: name }))).toMatch(new RegExp(`databaseName must not be postgres, template0 or template1: Neon reserves those names; .*got "${name}"`));
      }
      expect(errorOf(build({ location: "toString" as never }))).toMatch(/location must be a Hetzner location \(nbg1, .*\), or set region; got "toString"/);
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

    test("rejects a fixed size above 16 CU on Launch", () => {
      expect(errorOf(build({ plan: "launch", minCu: 18, maxCu: 18 }))).toMatch(/minCu must be a Neon compute size from 0.25 to 16 on the launch plan \(0.25, 0.5, 1, 2, 3, ... 16\); got 18/);
    });

    test("rejects a size above 56 CU on Scale, and 17 CU, which Neon does not offer", () => {
      expect(errorOf(build({ plan: "scale", minCu: 64, maxCu: 64 }))).toMatch(/minCu must be a Neon compute size from 0.25 to 56 on the scale plan \(0.25, 0.5, 1, 2, 3, ... 16, then 18, 20, ... 56\); got 64/);
      expect(errorOf(build({ plan: "scale", minCu: 17, maxCu: 17 }))).toMatch(/minCu must be a Neon compute size .*got 17/);
    });

    test("rejects autoscaling above 16 CU, which Scale offers as a fixed size only", () => {
      expect(errorOf(build({ plan: "scale", minCu: 12, maxCu: 20 }))).toMatch(
        /maxCu must be at most 16 when the compute autoscales \(minCu 12 is below it\): Neon autoscales up to 16 CU and offers 20 CU as a fixed size only; set minCu to 20 for a fixed size, or lower maxCu to 16; got 20/,
      );
    });

    test("rejects an autoscaling range wider than 8 CU", () => {
      expect(errorOf(build({ plan: "launch", minCu: 0.25, maxCu: 16 }))).toMatch(
        /maxCu must be at most 8 CU above minCu \(0.25\): Neon's autoscaling range is at most 8 CU; lower maxCu to 8 or raise minCu to 8; got 16/,
      );
      expect(errorOf(build({ plan: "launch", minCu: 2, maxCu: 11 }))).toMatch(/lower maxCu to 10 or raise minCu to 3; got 11/);
    });
  });

  describe("allowedIps", () => {
    const build = (allowedIps: unknown, plan: NeonDatabaseProps["plan"] = "scale") => (scope: any) =>
      new NeonDatabase(scope, "Database", { ...base, plan, allowedIps: allowedIps as string[] });
    const FORMS = /must be a public IP address \("198.51.100.7", "2001:db8::7"\), CIDR block \("203.0.113.0\/24", "2001:db8::\/48"\) or range \("198.51.100.20-198.51.100.50"\), the forms Neon's IP Allow accepts/;

    test("rejects a word", () => {
      const message = errorOf(build(["banana"]));
      expect(message).toMatch(/allowedIps\[0\] must be a public IP address/);
      expect(message).toMatch(FORMS);
      expect(message).toMatch(/; got "banana"$/);
    });

    test("rejects a number in the list", () => {
      expect(errorOf(build(["198.51.100.7", 3325256711]))).toMatch(/allowedIps\[1\] must be a public IP address.*; got 3325256711$/);
    });

    test("rejects a plain string instead of a list", () => {
      expect(errorOf(build("198.51.100.7"))).toMatch(/allowedIps must be an array: the addresses allowed to connect, e.g. \["198.51.100.7", "203.0.113.0\/24"\]; got "198.51.100.7"$/);
    });

    test("rejects 0.0.0.0/0: an allow list that admits everyone is no allow list", () => {
      expect(errorOf(build(["198.51.100.7", "0.0.0.0/0"]))).toMatch(
        /allowedIps\[1\] must not admit every IPv4 address: an allow list that admits everyone is no allow list.*Leave allowedIps out instead.*; got "0.0.0.0\/0"$/,
      );
    });

    test("rejects ::/0 the same way", () => {
      expect(errorOf(build(["::/0"]))).toMatch(/allowedIps\[0\] must not admit every IPv6 address: an allow list that admits everyone is no allow list.*Leave allowedIps out instead.*; got "::\/0"$/);
    });

    test("rejects a range over every IPv4 address", () => {
      expect(errorOf(build(["0.0.0.0-255.255.255.255"]))).toMatch(/allowedIps\[0\] must not admit every IPv4 address: an allow list that admits everyone is no allow list.*; got "0.0.0.0-255.255.255.255"$/);
    });

    test("rejects entries that together admit every IPv4 address", () => {
      expect(errorOf(build(["0.0.0.0/1", "198.51.100.7", "128.0.0.0/1"]))).toMatch(
        /allowedIps must not admit every IPv4 address, which allowedIps\[0\], allowedIps\[2\] do together: an allow list that admits everyone is no allow list.*; got \["0.0.0.0\/1","198.51.100.7","128.0.0.0\/1"\]$/,
      );
    });

    test("rejects a repeat, also when written differently", () => {
      expect(errorOf(build(["198.51.100.7", "203.0.113.0/24", "198.51.100.7"]))).toMatch(/allowedIps\[2\] must not repeat allowedIps\[0\]; got "198.51.100.7"$/);
      expect(errorOf(build(["2001:db8::/48", "2001:DB8:0::/48"]))).toMatch(/allowedIps\[1\] must not repeat allowedIps\[0\] \("2001:db8::\/48", the same addresses\); got "2001:DB8:0::\/48"$/);
      expect(errorOf(build(["198.51.100.7", "198.51.100.7/32"]))).toMatch(/allowedIps\[1\] must not repeat allowedIps\[0\] \("198.51.100.7", the same addresses\)/);
    });

    test("rejects private and other non-public addresses", () => {
      expect(errorOf(build(["10.0.0.5"]))).toMatch(/allowedIps\[0\] must be a public address, block or range: 10.0.0.0\/8 is not routed on the internet.*; got "10.0.0.5"$/);
      expect(errorOf(build(["fd00::/64"]))).toMatch(/allowedIps\[0\] must be a public address, block or range: fc00::\/7 is not routed.*; got "fd00::\/64"$/);
      expect(errorOf(build(["192.168.1.10-192.168.1.20"]))).toMatch(/192.168.0.0\/16 is not routed.*; got "192.168.1.10-192.168.1.20"$/);
    });

    test("rejects a block with host bits set, a reversed range and a range across families", () => {
      expect(errorOf(build(["198.51.100.7/24"]))).toMatch(/allowedIps\[0\] must name the network address of the block.*did you mean "198.51.100.0\/24"\?.*; got "198.51.100.7\/24"$/);
      expect(errorOf(build(["198.51.100.50-198.51.100.20"]))).toMatch(/allowedIps\[0\] must be a range from the lower address to the higher \(did you mean "198.51.100.20-198.51.100.50"\?\); got "198.51.100.50-198.51.100.20"$/);
      expect(errorOf(build(["198.51.100.7-2001:db8::7"]))).toMatch(/allowedIps\[0\] must be a range within one address family.*; got "198.51.100.7-2001:db8::7"$/);
    });

    test("rejects octal-looking and padded addresses", () => {
      expect(errorOf(build(["010.1.2.3"]))).toMatch(FORMS);
      expect(errorOf(build([" 198.51.100.7"]))).toMatch(FORMS);
    });

    test("checks the list on plans without IP Allow too", () => {
      expect(errorOf(build(["banana"], "launch"))).toMatch(/allowedIps\[0\] must be a public IP address.*; got "banana"$/);
    });
  });
});
