import { generateKeyPairSync } from "crypto";
import * as sshpk from "sshpk";
import { DataResource, Testing, TerraformResource, TerraformStack, TerraformVariable } from "cdktf";
import { buildApp } from "../../main";
import { CaseraStack, CaseraSwarmStack, InvalidPropError, misspeltSettings, resolveSettings, SETTINGS_VARIABLES } from "../../constructs";
import { resources } from "../helpers/stack";
import { edgeRoutes } from "../helpers/edge-routes";

function synthApp(env: Record<string, string> = {}) {
  const app = buildApp(Testing.app(), env);
  const json = (id: string) => JSON.parse(Testing.synth(app.node.findChild(id) as TerraformStack));
  return { app, production: json("casera-production"), staging: json("casera-staging") };
}

describe("the Casera app", () => {
  const { production, staging } = synthApp();

  test("production holds exactly three cx33 servers in one spread placement group", () => {
    const servers = resources(production, "hcloud_server");
    expect(servers).toHaveLength(3);
    expect(new Set(servers.map((s) => s.server_type))).toEqual(new Set(["cx33"]));
    expect(resources(production, "hcloud_placement_group")).toEqual([expect.objectContaining({ type: "spread" })]);
    const groups = new Set(servers.map((s) => s.placement_group_id));
    expect(groups.size).toBe(1);
    for (const s of servers) {
      expect(s.user_data).toMatch(/^#cloud-config/);
      expect(s.firewall_ids).toHaveLength(1);
      expect(s.network).toHaveLength(1);
    }
  });

  test("production has one network, subnet, firewall and load balancer", () => {
    for (const type of ["hcloud_network", "hcloud_network_subnet", "hcloud_firewall", "hcloud_load_balancer"]) {
      expect(resources(production, type)).toHaveLength(1);
    }
  });

  test("production has the Neon project, role and database and both B2 buckets with scoped keys", () => {
    expect(resources(production, "neon_project")).toHaveLength(1);
    expect(resources(production, "neon_role")).toHaveLength(1);
    expect(resources(production, "neon_database")).toHaveLength(1);
    expect(resources(production, "b2_bucket").map((b) => b.bucket_name).sort()).toEqual(["casera-certs", "casera-uploads"]);
    expect(resources(production, "b2_application_key")).toHaveLength(2);
  });

  test("production points proxied records at the load balancer", () => {
    const records = resources(production, "cloudflare_dns_record");
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(r.proxied).toBe(true);
      expect(r.content).toMatch(/hcloud_load_balancer\./);
    }
  });

  test("no firewall rule opens SSH to the world", () => {
    for (const stack of [production, staging]) {
      for (const fw of resources(stack, "hcloud_firewall")) {
        for (const rule of fw.rule.filter((r: any) => r.port === "2222")) {
          expect(rule.source_ips).not.toContain("0.0.0.0/0");
          expect(rule.source_ips).not.toContain("::/0");
        }
      }
    }
  });

  test("staging is one cx23 without a load balancer, on Neon's free plan, unprotected", () => {
    const servers = resources(staging, "hcloud_server");
    expect(servers).toEqual([expect.objectContaining({ server_type: "cx23", delete_protection: false })]);
    expect(resources(staging, "hcloud_load_balancer")).toHaveLength(0);
    expect(resources(staging, "b2_bucket").map((b) => b.bucket_name).sort()).toEqual(["casera-staging-certs", "casera-staging-uploads"]);
    const records = resources(staging, "cloudflare_dns_record").map((r) => r.name);
    expect(records).toContain("staging-api.casera.example");
  });

  test("state is local, at a path relative to the project", () => {
    expect(production.terraform.backend).toEqual({ local: { path: "../../../terraform.casera-production.tfstate" } });
  });

  test("uses the example values and warns for each unset variable", () => {
    const { examplesUsed } = resolveSettings({});

    expect(examplesUsed).toEqual(SETTINGS_VARIABLES.map((v) => v.name));
  });

  test("takes user values from the environment", () => {
    const { production: custom } = synthApp({
      CASERA_DOMAIN: "casera.app",
      CASERA_ADMIN_CIDRS: "198.51.100.0/24, 2001:db8::/48",
      CASERA_BUCKET_PREFIX: "acme-casera",
    });

    expect(resources(custom, "cloudflare_dns_record").map((r) => r.name)).toContain("api.casera.app");
    expect(resources(custom, "hcloud_firewall")[0].rule[0].source_ips).toEqual(["198.51.100.0/24", "2001:db8::/48"]);
    expect(resources(custom, "b2_bucket").map((b) => b.bucket_name)).toContain("acme-casera-uploads");
  });

  test("checks every setting before creating any resource, naming the variable", () => {
    const app = Testing.app();

    expect(() => buildApp(app, { CASERA_DOMAIN: "https://casera.app" })).toThrow(/settings.domain \(CASERA_DOMAIN\) must be a lower-case DNS name/);
    const production = app.node.tryFindChild("casera-production") as TerraformStack;
    expect(production.node.findAll().filter((c) => c instanceof TerraformResource)).toEqual([]);
  });

  test("refuses a bad variable with the prop, the variable, the value and what is allowed", () => {
    expect(() => synthApp({ CASERA_ADMIN_CIDRS: "0.0.0.0/0" })).toThrow(
      /casera-production: settings\.adminCidrs \(CASERA_ADMIN_CIDRS\)\[0\] must not open SSH to a large part of the internet.*got "0.0.0.0\/0"/,
    );
    expect(() => synthApp({ CASERA_SSH_PUBLIC_KEYS: "ssh-ed25519 nonsense" })).toThrow(
      /casera-production: settings\.sshPublicKeys \(CASERA_SSH_PUBLIC_KEYS\)\[0\] must be one OpenSSH public key line/,
    );
  });

  test.each([["0.0.0.0/8"], ["169.254.0.0/16"], ["224.0.0.0/8"], ["::ffff:10.0.0.1/128"], ["ff02::1/128"]])("refuses admin CIDR %p, which no operator connects from", (cidr) => {
    expect(() => synthApp({ CASERA_ADMIN_CIDRS: cidr })).toThrow(/CASERA_ADMIN_CIDRS\)\[0\] must be a public address block: .* is not routed on the internet/);
  });

  test("refuses an admin CIDR listed twice", () => {
    expect(() => synthApp({ CASERA_ADMIN_CIDRS: "198.51.100.0/24, 198.51.100.0/24" })).toThrow(/CASERA_ADMIN_CIDRS\)\[1\] must not repeat settings\.adminCidrs \(CASERA_ADMIN_CIDRS\)\[0\]/);
  });

  test("refuses an IPv6 block listed twice in two spellings, and writes blocks in their normal form", () => {
    expect(() => synthApp({ CASERA_ADMIN_CIDRS: "2001:db8::/48, 2001:0DB8:0000::/48" })).toThrow(
      /CASERA_ADMIN_CIDRS\)\[1\] must not repeat settings\.adminCidrs \(CASERA_ADMIN_CIDRS\)\[0\] \("2001:db8::\/48", the same block\)/,
    );
    const { production: custom } = synthApp({ CASERA_ADMIN_CIDRS: "2001:DB8:0::/48" });
    expect(resources(custom, "hcloud_firewall")[0].rule[0].source_ips).toEqual(["2001:db8::/48"]);
  });

  test.each([["010.1.2.3/32"], ["198.051.100.7/32"], ["0xC6.51.100.7/32"], ["3325256711/32"], ["198.51.100.7/032"], ["198.51.100/24"]])(
    "refuses admin CIDR %p: IPv4 only as four decimal numbers (010.1.2.3 reads as octal 8.1.2.3 elsewhere)",
    (cidr) => {
      expect(() => synthApp({ CASERA_ADMIN_CIDRS: cidr })).toThrow(/CASERA_ADMIN_CIDRS\)\[0\] must be a CIDR block such as 203\.0\.113\.7\/32 or 2001:db8::\/48 \(IPv4 as four decimal numbers/);
    },
  );

  test("reads a key whose comment holds a comma or semicolon as one key", () => {
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo3HLTpjbMFBZFMK+eUrH3D1Jhi8LZthBph/GWmdGb9 bob, ops team; oncall";
    const other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDQpQNfGXUu3dRvmgBZFLFVa/TCQsV+ZGr5Ng7dJUkdJ alice";
    expect(resolveSettings({ CASERA_SSH_PUBLIC_KEYS: key }).settings.sshPublicKeys).toEqual([key]);
    expect(resolveSettings({ CASERA_SSH_PUBLIC_KEYS: `${key}, ${other}` }).settings.sshPublicKeys).toEqual([key, other]);
    expect(resolveSettings({ CASERA_SSH_PUBLIC_KEYS: `${other};${key}` }).settings.sshPublicKeys).toEqual([other, key]);
  });

  test("a damaged key after a comma is a key of its own, refused, not part of the comment before it", () => {
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo3HLTpjbMFBZFMK+eUrH3D1Jhi8LZthBph/GWmdGb9 op1@host";
    expect(resolveSettings({ CASERA_SSH_PUBLIC_KEYS: `${key},ssh-ed25519 AAAC3NzaC1lZDI1NTE5 op2@host` }).settings.sshPublicKeys).toHaveLength(2);
    expect(() => synthApp({ CASERA_SSH_PUBLIC_KEYS: `${key},ssh-ed25519 AAAC3NzaC1lZDI1NTE5 op2@host` })).toThrow(/CASERA_SSH_PUBLIC_KEYS\)\[1\] must be one OpenSSH public key line/);
    expect(() => synthApp({ CASERA_SSH_PUBLIC_KEYS: `${key};ssh-ed25519: AAAA op2` })).toThrow(/CASERA_SSH_PUBLIC_KEYS\)\[1\] must be one OpenSSH public key line/);
  });

  test("refuses two keys on one line, where the second would read as the first one's comment", () => {
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo3HLTpjbMFBZFMK+eUrH3D1Jhi8LZthBph/GWmdGb9";
    const other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDQpQNfGXUu3dRvmgBZFLFVa/TCQsV+ZGr5Ng7dJUkdJ";
    expect(() => synthApp({ CASERA_SSH_PUBLIC_KEYS: `${key} op1 ${other} op2` })).toThrow(/CASERA_SSH_PUBLIC_KEYS\)\[0\] must be one OpenSSH public key line .*; its comment holds another key \(ssh-ed25519 AAAAC3NzaC1l\.\.\.\): put each key on its own line/);
  });

  test("refuses a tab or another control character in a key (cloud-init's YAML cannot start a token with a tab)", () => {
    const blob = "AAAAC3NzaC1lZDI1NTE5AAAAIBo3HLTpjbMFBZFMK+eUrH3D1Jhi8LZthBph/GWmdGb9";
    expect(() => synthApp({ CASERA_SSH_PUBLIC_KEYS: `ssh-ed25519 ${blob} a\ttab` })).toThrow(/CASERA_SSH_PUBLIC_KEYS\)\[0\] must be one OpenSSH public key line .*no tab or other control character/);
    expect(() => synthApp({ CASERA_SSH_PUBLIC_KEYS: `ssh-ed25519\t${blob} me` })).toThrow(/no tab or other control character/);
  });

  test("refuses a key whose type word is not its own, or whose base64 has bytes after the key", () => {
    const blob = "AAAAC3NzaC1lZDI1NTE5AAAAIBo3HLTpjbMFBZFMK+eUrH3D1Jhi8LZthBph/GWmdGb9";
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const p256 = sshpk.parseKey(publicKey.export({ type: "spki", format: "pem" }), "pem").toString("ssh").split(" ")[1];
    expect(() => synthApp({ CASERA_SSH_PUBLIC_KEYS: `ecdsa-sha2-nistp384 ${p256} x` })).toThrow(
      /CASERA_SSH_PUBLIC_KEYS\)\[0\] must name its own key type: the key is ecdsa-sha2-nistp256, not ecdsa-sha2-nistp384/,
    );
    expect(() => synthApp({ CASERA_SSH_PUBLIC_KEYS: `ssh-ed25519 ${blob}AAAA x` })).toThrow(/CASERA_SSH_PUBLIC_KEYS\)\[0\] must be one OpenSSH public key line.*its base64 part is damaged or has bytes after the key/);
  });

  test("counts a variable set to the README's example as an example, with its warning", () => {
    const env = Object.fromEntries(SETTINGS_VARIABLES.map((v) => [v.name, v.example]));
    expect(resolveSettings(env).examplesUsed).toEqual(SETTINGS_VARIABLES.map((v) => v.name));
    expect(resolveSettings({ ...env, CASERA_DOMAIN: "casera.app" }).examplesUsed).not.toContain("CASERA_DOMAIN");
  });

  test("counts the README's example key among real keys, or under another comment, as an example", () => {
    const example = SETTINGS_VARIABLES.find((v) => v.name === "CASERA_SSH_PUBLIC_KEYS")!.example;
    const mine = sshpk.parseKey(generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }), "pem").toString("ssh");
    expect(resolveSettings({ CASERA_SSH_PUBLIC_KEYS: `${example}\n${mine} me@laptop` }).examplesUsed).toContain("CASERA_SSH_PUBLIC_KEYS");
    expect(resolveSettings({ CASERA_SSH_PUBLIC_KEYS: example.replace("casera-example-do-not-use", "ops") }).examplesUsed).toContain("CASERA_SSH_PUBLIC_KEYS");
    expect(resolveSettings({ CASERA_SSH_PUBLIC_KEYS: `${mine} me@laptop` }).examplesUsed).not.toContain("CASERA_SSH_PUBLIC_KEYS");
  });
});

describe("misspelt settings variables", () => {
  test("a variable one or two letters off an unset setting is refused, naming the setting it looks like", () => {
    expect(() => synthApp({ CASERA_DOMIAN: "casera.app" })).toThrow(/\(app\): CASERA_DOMIAN is not a Casera setting: did you mean CASERA_DOMAIN\? \(CASERA_DOMAIN is unset, so its example would be used\); rename the variable; got "casera.app"/);
    expect(() => synthApp({ casera_bucket_prefix: "acme" })).toThrow(/casera_bucket_prefix is not a Casera setting: did you mean CASERA_BUCKET_PREFIX\?/);
    expect(() => synthApp({ CASERA_ADMIN_CIDR: "198.51.100.0/24" })).toThrow(/did you mean CASERA_ADMIN_CIDRS\?/);
  });

  test("other CASERA_ variables, and a near miss whose setting is set, are left alone", () => {
    expect(misspeltSettings({ CASERA_VEGETA: "/bin/vegeta", CASERA_PRICES: "p.json", CASERA_SSH_PORT: "2222", CASERA_TOOLCHAIN_DIR: "/x" })).toEqual([]);
    expect(misspeltSettings({ CASERA_DOMAIN: "casera.app", CASERA_DOMAINS: "old" })).toEqual([]);
  });
});

describe("CaseraStack props from plain JavaScript or JSON", () => {
  const { settings } = resolveSettings({});
  const base = { environment: "production", settings, database: { plan: "launch" } };
  const refusal = (props: Record<string, unknown>): string => {
    try {
      new CaseraStack(Testing.app(), "casera-production", { ...base, ...props } as never);
    } catch (err) {
      if (err instanceof InvalidPropError) return err.message;
      throw new Error(`expected an InvalidPropError, got ${(err as Error).stack}`);
    }
    throw new Error("expected an InvalidPropError, none was thrown");
  };

  test("names a missing settings or database object instead of failing with a TypeError", () => {
    expect(refusal({ settings: undefined })).toMatch(/casera-production: settings must be an object: domain, cloudflareZoneId/);
    expect(refusal({ database: undefined })).toMatch(/database must be an object: the Neon plan and compute sizes/);
  });

  test("refuses a missing bucket prefix rather than naming the buckets undefined-uploads", () => {
    expect(refusal({ settings: { ...settings, bucketPrefix: undefined } })).toMatch(/settings\.bucketPrefix \(CASERA_BUCKET_PREFIX\) must be a non-empty string.*got undefined/);
  });

  test('refuses protection "false" and cluster.allowSingleManager "false" (booleans only)', () => {
    expect(refusal({ protection: "false" })).toMatch(/protection must be true or false.*got "false"/);
    expect(refusal({ cluster: { managers: 1, allowSingleManager: "false" } })).toMatch(/cluster\.allowSingleManager must be true or false.*got "false"/);
  });

  test("refuses host names that differ only in hyphens or case, which would share DNS record names", () => {
    expect(refusal({ hostnames: { api: "api-2", admin: "api2" } })).toMatch(/hostnames\.admin must differ from hostnames\.api "api-2" in more than hyphens: both name the DNS records Api2\*; got "api2"/);
    expect(refusal({ hostnames: { api: "api", admin: "api" } })).toMatch(/hostnames\.admin must not repeat hostnames\.api; got "api"/);
    expect(refusal({ hostnames: { api: "api", admin: "admin", www: "www" } })).toMatch(/hostnames\.www is not a host the stack routes: hostnames takes api and admin, nothing else; got "www"/);
  });

  test("refuses a second stack of the app with the same environment, buckets or host names", () => {
    const app = Testing.app();
    new CaseraStack(app, "casera-production", base as never);
    const again = (id: string, props: Record<string, unknown>): string => {
      try {
        new CaseraStack(app, id, { ...base, ...props } as never);
      } catch (err) {
        return (err as Error).message;
      }
      return "no error";
    };
    expect(again("prod-copy", {})).toMatch(/prod-copy: environment must differ from stack "casera-production"'s: it names the Hetzner resources \(casera-production-\*\).*; got "production"/);
    expect(again("staging-a", { environment: "staging" })).toMatch(
      /staging-a: settings\.bucketPrefix \(CASERA_BUCKET_PREFIX\) \+ bucketSuffix must not repeat stack "casera-production"'s bucket: B2 bucket names are unique .*; got "casera-uploads"/,
    );
    expect(again("staging-b", { environment: "staging", bucketSuffix: "-staging" })).toMatch(/staging-b: hostnames must not repeat stack "casera-production"'s host name: Cloudflare would keep both .*; got "api\.casera\.example"/);
    expect(again("staging-c", { environment: "staging", bucketSuffix: "-staging", hostnames: { api: "staging-api", admin: "staging-admin" } })).toBe("no error");
  });

  test("refuses a load balancer type it does not know, in its own prop's terms", () => {
    expect(refusal({ cluster: { loadBalancer: "lb99" } })).toMatch(/^casera-production: cluster\.loadBalancer must be one of "lb11", "lb21", "lb31"; got "lb99"$/);
    expect(refusal({ cluster: { loadBalancer: { type: "lb11" } } })).toMatch(/cluster\.loadBalancer must be one of "lb11", "lb21", "lb31"; got \{"type":"lb11"\}/);
  });

  test("refuses misspelt or unknown keys instead of leaving their settings at the defaults", () => {
    expect(refusal({ cluster: { manager: 5 } })).toMatch(/cluster\.manager is not a cluster option: cluster takes managers, allowSingleManager, serverType, .* and loadBalancer, nothing else; got 5/);
    expect(refusal({ database: { plan: "launch", maxCU: 8 } })).toMatch(/database\.maxCU is not a database option: database takes plan, minCu and maxCu, nothing else; got 8/);
    expect(refusal({ protecton: false })).toMatch(/props\.protecton is not a CaseraStack prop/);
    expect(refusal({ settings: { ...settings, domian: "x.example" } })).toMatch(/settings\.domian is not a setting/);
    expect(() => new CaseraStack(Testing.app(), "casera-production", undefined as never)).toThrow(/casera-production: props must be an object/);
  });

  test("refuses examplesUsed given as one string, which would warn once per letter", () => {
    expect(refusal({ examplesUsed: "CASERA_DOMAIN" })).toMatch(/examplesUsed must be an array: the names of the variables/);
  });
});

describe("CaseraStack host names to CaseraSwarmStack", () => {
  const { settings } = resolveSettings({});
  const base = { environment: "production", settings, database: { plan: "launch" as const } };
  /** Which upstream each HTTPS server_name of the swarm stack's edge config proxies to. */
  const routes = (swarm: CaseraSwarmStack): Record<string, string> => {
    const json = JSON.parse(Testing.synth(swarm));
    const config = Object.entries(json.resource.terraform_data as Record<string, any>).find(([id]) => id.startsWith("EdgeNginxConfig"))![1];
    return edgeRoutes(config.provisioner[0]["local-exec"].environment.CASERA_VALUE);
  };

  test("names the API and admin hosts explicitly, even when a label of digits lists first in edge.fqdns", () => {
    const app = Testing.app();
    const casera = new CaseraStack(app, "casera-production", { ...base, hostnames: { api: "api", admin: "2" } });

    expect(Object.keys(casera.edge.fqdns)).toEqual(["2", "api"]);
    expect(casera.hosts).toEqual({ api: "api.casera.example", admin: "2.casera.example" });
    expect(JSON.parse(Testing.synth(casera)).output).toMatchObject({ api_hostname: { value: "api.casera.example" }, admin_hostname: { value: "2.casera.example" } });
  });

  test("routes a digits-only admin label to the admin panel and the API to the API", () => {
    const app = Testing.app();
    const casera = new CaseraStack(app, "casera-production", { ...base, hostnames: { api: "api", admin: "2" } });
    const swarm = new CaseraSwarmStack(app, "casera-production-swarm", { casera });

    expect(routes(swarm)).toEqual({ "api.casera.example": "casera_api", "2.casera.example": "casera_admin" });
  });

  test("takes the CaseraStack's hosts given explicitly, without a false swap refusal", () => {
    const app = Testing.app();
    const casera = new CaseraStack(app, "casera-production", { ...base, hostnames: { api: "api", admin: "2" } });
    const swarm = new CaseraSwarmStack(app, "casera-production-swarm", { casera, hosts: { api: "api.casera.example", admin: "2.casera.example" } });

    expect(routes(swarm)).toEqual({ "api.casera.example": "casera_api", "2.casera.example": "casera_admin" });
    expect(() => new CaseraSwarmStack(app, "casera-production-swarm2", { casera, hosts: { api: "2.casera.example", admin: "api.casera.example" } })).toThrow(
      /hosts must not swap the two: the CaseraStack's API host is api\.casera\.example and its admin host 2\.casera\.example/,
    );
  });

  test("a domain that is a Terraform token: the swarm stack refuses it, naming the CaseraStack's setting, before creating anything", () => {
    const app = Testing.app();
    const domain = new TerraformVariable(new TerraformStack(app, "vars"), "domain", { type: "string" }).stringValue;
    const casera = new CaseraStack(app, "casera-production", { ...base, settings: { ...settings, domain } });
    let error: unknown;
    try {
      new CaseraSwarmStack(app, "casera-production-swarm", { casera });
    } catch (err) {
      error = err;
    }

    expect(error).toBeInstanceOf(InvalidPropError);
    expect((error as Error).message).toMatch(
      /^casera-production-swarm: casera \(its settings\.domain\) must be a literal host name, not a Terraform token: the edge's nginx\.conf names the hosts and is written at synth.*; got a Terraform token, known only at apply/,
    );
    const swarm = app.node.findChild("casera-production-swarm");
    expect(swarm.node.findAll().filter((c) => c instanceof DataResource)).toEqual([]);
  });
});
