import { Testing, TerraformResource, TerraformStack } from "cdktf";
import { buildApp } from "../../main";
import { resolveSettings, SETTINGS_VARIABLES } from "../../constructs";
import { resources } from "../helpers/stack";

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
});
