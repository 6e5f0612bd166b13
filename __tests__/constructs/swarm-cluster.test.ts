import { NodeFirewall, NodeFirewallProps, SwarmCluster, SwarmClusterProps } from "../../constructs";
import { errorOf, resources, synthJson, testStack, TEST_KEY } from "../helpers/stack";

const base: SwarmClusterProps = { name: "prod", adminCidrs: ["203.0.113.10/32"], deployKeys: [TEST_KEY] };

function synthCluster(props: Partial<SwarmClusterProps> = {}) {
  const { stack } = testStack();
  new SwarmCluster(stack, "Cluster", { ...base, ...props });
  return synthJson(stack);
}

describe("SwarmCluster", () => {
  test("creates three cx33 managers in nbg1 by default, each with user_data, firewall and network", () => {
    const json = synthCluster();

    const servers = resources(json, "hcloud_server");
    expect(servers).toHaveLength(3);
    for (const server of servers) {
      expect(server).toMatchObject({ server_type: "cx33", location: "nbg1", image: "ubuntu-24.04" });
      expect(server.user_data).toMatch(/^#cloud-config\n/);
      expect(server.firewall_ids).toHaveLength(1);
      expect(server.network).toHaveLength(1);
      expect(server.placement_group_id).toBeDefined();
    }
  });

  test("gives each manager a fixed private address in the subnet", () => {
    const json = synthCluster();

    const ips = resources(json, "hcloud_server").map((s) => s.network[0].ip);
    expect(ips).toEqual(["10.0.1.11", "10.0.1.12", "10.0.1.13"]);
  });

  test("creates one network, one subnet and one spread placement group", () => {
    const json = synthCluster();

    expect(resources(json, "hcloud_network")).toEqual([expect.objectContaining({ ip_range: "10.0.0.0/16" })]);
    expect(resources(json, "hcloud_network_subnet")).toEqual([
      expect.objectContaining({ ip_range: "10.0.1.0/24", network_zone: "eu-central", type: "cloud" }),
    ]);
    expect(resources(json, "hcloud_placement_group")).toEqual([expect.objectContaining({ type: "spread" })]);
  });

  test("registers the deploy keys with Hetzner so no root password is mailed", () => {
    const json = synthCluster();

    expect(resources(json, "hcloud_ssh_key")).toEqual([expect.objectContaining({ public_key: TEST_KEY })]);
    for (const server of resources(json, "hcloud_server")) expect(server.ssh_keys).toHaveLength(1);
  });

  test("a key comment with ${ or %{ reaches Hetzner as written, escaped from Terraform's templates", () => {
    const key = TEST_KEY.replace("casera-example-do-not-use", "ops ${var.x} %{ if true }");
    const json = synthCluster({ deployKeys: [key] });

    expect(resources(json, "hcloud_ssh_key")).toEqual([expect.objectContaining({ public_key: TEST_KEY.replace("casera-example-do-not-use", () => "ops $${var.x} %%{ if true }") })]);
  });

  test("turns delete and rebuild protection on by default", () => {
    const json = synthCluster();

    for (const server of resources(json, "hcloud_server")) {
      expect(server).toMatchObject({ delete_protection: true, rebuild_protection: true });
    }
  });

  test("does not replace a running manager when its boot configuration changes", () => {
    const json = synthCluster();

    for (const server of resources(json, "hcloud_server")) {
      expect(server.lifecycle.ignore_changes).toEqual(expect.arrayContaining(["user_data", "ssh_keys", "image"]));
    }
  });

  test("labels servers with cluster and role", () => {
    const json = synthCluster();

    for (const server of resources(json, "hcloud_server")) {
      expect(server.labels).toEqual({ "casera-cluster": "prod", "casera-role": "manager" });
    }
  });

  test("opens SSH to the admin CIDRs only and web ports to Cloudflare only without a balancer", () => {
    const json = synthCluster();

    const [firewall] = resources(json, "hcloud_firewall");
    const ssh = firewall.rule.find((r: any) => r.port === "2222");
    expect(ssh.source_ips).toEqual(["203.0.113.10/32"]);
    const web = firewall.rule.filter((r: any) => r.port === "80" || r.port === "443");
    expect(web).toHaveLength(2);
    for (const rule of web) {
      expect(rule.source_ips).toContain("173.245.48.0/20");
      expect(rule.source_ips).not.toContain("0.0.0.0/0");
    }
  });

  test("opens no Swarm port and never SSH to the world", () => {
    const json = synthCluster();

    const [firewall] = resources(json, "hcloud_firewall");
    const ports = firewall.rule.map((r: any) => r.port);
    for (const port of ["2377", "7946", "4789"]) expect(ports).not.toContain(port);
    for (const rule of firewall.rule) {
      expect(rule.source_ips).not.toContain("0.0.0.0/0");
      expect(rule.source_ips).not.toContain("::/0");
    }
  });

  test("with a load balancer, keeps public web ports closed and targets private IPs by label", () => {
    const json = synthCluster({ loadBalancer: {} });

    const [firewall] = resources(json, "hcloud_firewall");
    expect(firewall.rule.map((r: any) => r.port)).toEqual(["2222"]);
    expect(resources(json, "hcloud_load_balancer")).toEqual([expect.objectContaining({ load_balancer_type: "lb11", location: "nbg1" })]);
    expect(resources(json, "hcloud_load_balancer_network")).toEqual([expect.objectContaining({ ip: "10.0.1.5" })]);
    expect(resources(json, "hcloud_load_balancer_target")).toEqual([
      expect.objectContaining({ type: "label_selector", label_selector: "casera-cluster=prod,casera-role=manager", use_private_ip: true }),
    ]);
    const services = resources(json, "hcloud_load_balancer_service");
    expect(services.map((s) => s.listen_port).sort()).toEqual([443, 80]);
    for (const service of services) {
      expect(service).toMatchObject({ protocol: "tcp", proxyprotocol: true });
      // The edge's own health answer, asked with a PROXY header like the traffic.
      expect(service.health_check).toEqual({
        protocol: "http",
        port: 80,
        interval: 10,
        timeout: 5,
        retries: 3,
        http: { path: "/healthz", status_codes: ["200"], response: "ok" },
      });
    }
  });

  test("outputs SSH commands and known_hosts lines", () => {
    const json = synthCluster();

    expect(Object.keys(json.output ?? {})).toEqual(
      expect.arrayContaining(["ssh_commands", "known_hosts", "node_public_ipv4", "node_private_ips"]),
    );
  });

  describe("validation", () => {
    const make = (props: Partial<SwarmClusterProps>) => (scope: any) => new SwarmCluster(scope, "Cluster", { ...base, ...props });

    test("rejects an even manager count, explaining Raft", () => {
      expect(errorOf(make({ managers: 2 }))).toMatch(/managers must be odd: Raft needs a majority.*got 2/);
    });

    test("rejects a single manager without the opt-in", () => {
      expect(errorOf(make({ managers: 1 }))).toMatch(/managers .*allowSingleManager: true; got 1/);
    });

    test("accepts a single manager with the opt-in", () => {
      const json = synthCluster({ managers: 1, allowSingleManager: true });

      expect(resources(json, "hcloud_server")).toHaveLength(1);
    });

    test("rejects NaN managers, quoting NaN (not null)", () => {
      expect(errorOf(make({ managers: NaN }))).toMatch(/managers must be an integer from 1 to 9 .*; got NaN$/);
    });

    test("rejects zero managers", () => {
      expect(errorOf(make({ managers: 0 }))).toMatch(/managers must be an integer from 1 to 9 \(odd, and a spread placement group holds at most 10 servers, so 9 is the largest\); got 0/);
    });

    test("rejects a CX type in ash and suggests a CPX type or an EU location", () => {
      expect(errorOf(make({ serverType: "cx33", location: "ash" }))).toMatch(
        /serverType is not sold in ash; cx33 exists only in nbg1, fsn1, hel1\. Use "cpx31".*or an EU location.*got "cx33"/,
      );
    });

    test("rejects an unknown server type", () => {
      expect(errorOf(make({ serverType: "cx99" }))).toMatch(/serverType must be a Hetzner Cloud server type.*got "cx99"/);
      // Names of Object's own properties are no server types either (was a TypeError).
      for (const name of ["constructor", "toString", "__proto__"]) expect(errorOf(make({ serverType: name }))).toMatch(new RegExp(`serverType must be a Hetzner Cloud server type.*got "${name}"`));
    });

    test("rejects an unknown location", () => {
      expect(errorOf(make({ location: "fra1" as never }))).toMatch(/location must be one of "nbg1", "fsn1", "hel1", "ash", "hil"; got "fra1"/);
    });

    test.each([0, 70000, 2377, 443])("rejects SSH port %p", (port) => {
      expect(errorOf(make({ sshPort: port }))).toMatch(new RegExp(`sshPort .*got ${port}`));
    });

    test("rejects SSH port 9999, where Dozzle listens on the managers' loopback", () => {
      expect(errorOf(make({ sshPort: 9999 }))).toMatch(/sshPort must not be 9999, which the cluster uses for Dozzle, on the managers' loopback .*; pick a free port such as 2222; got 9999/);
    });

    test("rejects a malformed admin CIDR", () => {
      expect(errorOf(make({ adminCidrs: ["203.0.113.300/32"] }))).toMatch(/adminCidrs\[0\] must be a CIDR block.*got "203.0.113.300\/32"/);
    });

    test("rejects an admin CIDR open to the world", () => {
      expect(errorOf(make({ adminCidrs: ["0.0.0.0/0"] }))).toMatch(/adminCidrs\[0\] must not open SSH to a large part of the internet/);
    });

    test("rejects an admin CIDR with host bits set and suggests the network", () => {
      expect(errorOf(make({ adminCidrs: ["203.0.113.10/24"] }))).toMatch(/did you mean "203.0.113.0\/24"/);
    });

    test("rejects admin CIDRs that together cover the internet", () => {
      expect(errorOf(make({ adminCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }))).toMatch(/adminCidrs\[0\] must not open SSH to a large part of the internet/);
    });

    test("rejects admin blocks each narrow enough that together open SSH to more than one /8's worth of addresses", () => {
      const eights = Array.from({ length: 223 }, (_, i) => i + 1).filter((n) => ![10, 100, 127].includes(n)).map((n) => `${n}.0.0.0/8`);
      expect(errorOf(make({ adminCidrs: eights }))).toMatch(
        /adminCidrs\[1\] must not bring the IPv4 blocks to more than one \/8's worth of addresses in all \(with it, adminCidrs opens SSH to 33,554,432, a large part of the internet\); .*; got "2\.0\.0\.0\/8"/,
      );
      expect(errorOf(make({ adminCidrs: ["2a01::/16", "2a02::/17"] }))).toMatch(/adminCidrs\[1\] must not bring the IPv6 blocks to more than one \/16's worth/);
      // One /8, or many small blocks, stay allowed.
      expect(() => make({ adminCidrs: ["1.0.0.0/8"] })(testStack().stack)).not.toThrow();
      expect(() => make({ adminCidrs: ["1.0.0.0/9", "2.0.0.0/9"] })(testStack().stack)).not.toThrow();
    });

    test("rejects more admin blocks than the firewall's 500 effective rules leave room for", () => {
      const blocks = Array.from({ length: 457 }, (_, i) => `198.51.${100 + Math.floor(i / 256)}.${i % 256}/32`);
      expect(errorOf(make({ adminCidrs: blocks }))).toMatch(/adminCidrs must list at most 456 blocks: a Hetzner Cloud Firewall holds at most 500 effective rules .*; got "457 blocks"/);
      const { stack } = testStack();
      new SwarmCluster(stack, "Cluster", { ...base, adminCidrs: blocks.slice(0, 456) });
    });

    test("rejects a private admin CIDR, which the Cloud Firewall never sees", () => {
      expect(errorOf(make({ adminCidrs: ["10.0.0.0/8"] }))).toMatch(/adminCidrs\[0\] must be a public address block.*got "10.0.0.0\/8"/);
      expect(errorOf(make({ adminCidrs: ["::1/128"] }))).toMatch(/adminCidrs\[0\] must be a public address block: ::1\/128 is not routed.*got "::1\/128"/);
      expect(errorOf(make({ adminCidrs: ["::/128"] }))).toMatch(/adminCidrs\[0\] must be a public address block: ::\/128 is not routed/);
      expect(errorOf(make({ adminCidrs: ["fd00::/48"] }))).toMatch(/adminCidrs\[0\] must be a public address block: fc00::\/7/);
      expect(errorOf(make({ adminCidrs: ["::/16"] }))).toMatch(/adminCidrs\[0\] must be a public address block: ::\/8 is not routed/);
      expect(errorOf(make({ adminCidrs: ["4000::/16"] }))).toMatch(/adminCidrs\[0\] must be a public address block: 4000::\/2 is not routed/);
      expect(errorOf(make({ adminCidrs: ["198.18.0.0/15"] }))).toMatch(/adminCidrs\[0\] must be a public address block: 198\.18\.0\.0\/15 is not routed/);
    });

    test("rejects the same deploy key twice", () => {
      expect(errorOf(make({ deployKeys: [TEST_KEY, `${TEST_KEY}\n`] }))).toMatch(/deployKeys\[1\] must not repeat deployKeys\[0\]/);
    });

    test("never repeats a private key in the error", () => {
      const message = errorOf(make({ deployKeys: ["-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"] }));

      expect(message).toMatch(/got \(a private key; it is not repeated here\)/);
      expect(message).not.toContain("b3BlbnNzaC1rZXktdjEAAAAA");
    });

    test("rejects a public Swarm address pool", () => {
      expect(errorOf(make({ swarmAddressPool: "8.8.0.0/16" }))).toMatch(/swarmAddressPool must lie inside a private range/);
    });

    test("rejects no admin CIDRs", () => {
      expect(errorOf(make({ adminCidrs: [] }))).toMatch(/adminCidrs must list at least one CIDR/);
    });

    test("rejects a key that is not OpenSSH", () => {
      expect(errorOf(make({ deployKeys: ["ssh-ed25519 not-base64!"] }))).toMatch(/deployKeys\[0\] must be one OpenSSH public key line/);
    });

    test("rejects a private key pasted as a public key", () => {
      expect(errorOf(make({ deployKeys: ["-----BEGIN OPENSSH PRIVATE KEY-----"] }))).toMatch(/deployKeys\[0\] must be one OpenSSH public key/);
    });

    test("rejects a subnet outside the network", () => {
      expect(errorOf(make({ subnetCidr: "10.1.1.0/24" }))).toMatch(/subnetCidr must lie inside networkCidr 10.0.0.0\/16; got "10.1.1.0\/24"/);
    });

    test("rejects a subnet too small for the nodes", () => {
      expect(errorOf(make({ subnetCidr: "10.0.1.0/29" }))).toMatch(/subnetCidr must hold at least 15 addresses for 3 managers/);
      expect(errorOf(make({ managers: 5, subnetCidr: "10.0.1.0/28" }))).toMatch(/subnetCidr must hold at least 17 addresses for 5 managers \(nodes start at host \.11, and Hetzner keeps the last address\); use a \/27 or larger; got "10\.0\.1\.0\/28"/);
      expect(errorOf(make({ adminCidrs: ["1.0.0.0/7"] }))).toMatch(/adminCidrs\[0\] must not open SSH to a large part of the internet \(a prefix of at least \/8\).*; got "1\.0\.0\.0\/7"/);
    });

    test("rejects a public network range", () => {
      expect(errorOf(make({ networkCidr: "8.8.0.0/16", subnetCidr: "8.8.1.0/24" }))).toMatch(/networkCidr must lie inside a private range/);
    });

    test("rejects a Swarm address pool overlapping Docker's own bridges", () => {
      expect(errorOf(make({ swarmAddressPool: "172.17.0.0/16" }))).toMatch(/swarmAddressPool must not overlap 172\.17\.0\.0\/16, which Docker gives its own bridge \(docker0\) on every node; take a block of 10\.0\.0\.0\/8/);
      expect(() => make({ swarmAddressPool: "172.20.0.0/16" })(testStack().stack)).not.toThrow();
    });

    test("rejects a Swarm address pool overlapping the network", () => {
      expect(errorOf(make({ swarmAddressPool: "10.0.0.0/8" }))).toMatch(/swarmAddressPool must not overlap networkCidr/);
    });

    test("rejects an unknown load balancer type", () => {
      expect(errorOf(make({ loadBalancer: { type: "lb99" as never } }))).toMatch(/loadBalancer.type must be one of "lb11", "lb21", "lb31"; got "lb99"/);
    });

    test.each([["lb31"], [true], [[]]])("rejects loadBalancer %p, which is not an object", (loadBalancer) => {
      expect(errorOf(make({ loadBalancer: loadBalancer as never }))).toMatch(/loadBalancer must be an object such as \{ type: "lb11" \}/);
    });

    test('rejects allowSingleManager "false" and protection "false": only booleans, since JavaScript reads the string as true', () => {
      expect(errorOf(make({ managers: 1, allowSingleManager: "false" as never }))).toMatch(/allowSingleManager must be true or false.*got "false"/);
      expect(errorOf(make({ protection: "false" as never }))).toMatch(/protection must be true or false.*got "false"/);
    });

    test("rejects 10 managers saying 9 is the largest: 11 do not fit a spread placement group", () => {
      expect(errorOf(make({ managers: 10 }))).toMatch(/managers must be an integer from 1 to 9 \(odd, and a spread placement group holds at most 10 servers, so 9 is the largest\); got 10/);
    });

    test("rejects nodeLabels that are not an array of objects", () => {
      expect(errorOf(make({ nodeLabels: { "casera.redis": "true" } as never }))).toMatch(/nodeLabels must be an array: one object of labels per node/);
      expect(errorOf(make({ nodeLabels: ["casera.redis"] as never }))).toMatch(/nodeLabels\[0\] must be an object of labels/);
    });

    test("rejects a node label key or value the bootstrap cannot pass, naming the entry", () => {
      expect(errorOf(make({ nodeLabels: [{ "bad key": "x" }] }))).toMatch(/nodeLabels\[0\] key must be a Docker node label key.*; got "bad key"/);
      expect(errorOf(make({ nodeLabels: [{}, { "casera.redis": "two words" }] }))).toMatch(/nodeLabels\[1\]\.casera\.redis must be a string without whitespace.*; got "two words"/);
    });

    test("rejects an overlay MTU that does not fit the private network", () => {
      expect(errorOf(make({ overlayMtu: 1500 }))).toMatch(/overlayMtu must be an integer from 1280 to 1400/);
    });

    test("names the construct path in the error", () => {
      expect(errorOf(make({ managers: 2 }))).toMatch(/^test\/Cluster: /);
    });

    test("refuses a misspelt prop instead of ignoring it, in the props and in loadBalancer", () => {
      expect(errorOf(make({ manager: 5 } as never))).toMatch(/props\.manager is not a SwarmCluster prop: props takes name, managers, .* and protection, nothing else; got 5/);
      expect(errorOf(make({ loadBalancer: { typ: "lb21" } as never }))).toMatch(/loadBalancer\.typ is not a load balancer option: loadBalancer takes type, nothing else; got "lb21"/);
    });

    test("refuses a network smaller than the /24 Hetzner accepts", () => {
      expect(errorOf(make({ networkCidr: "10.0.1.0/25", subnetCidr: "10.0.1.0/25" }))).toMatch(/networkCidr must be a \/24 or larger: Hetzner refuses smaller networks.*; got "10\.0\.1\.0\/25"/);
      expect(() => make({ networkCidr: "10.0.1.0/24", subnetCidr: "10.0.1.0/24" })(testStack().stack)).not.toThrow();
    });
  });
});

describe("NodeFirewall on its own", () => {
  const make = (props: Partial<NodeFirewallProps>) => (scope: any) =>
    new NodeFirewall(scope, "Firewall", { name: "prod-nodes", sshPort: 2222, adminCidrs: ["203.0.113.10/32"], webSources: "cloudflare", ...props });

  test("opens SSH to the admin blocks in their normal form, and 80/443 to Cloudflare only", () => {
    const { stack } = testStack();
    make({ adminCidrs: ["2001:DB8:0::/48"] })(stack);
    const rules = resources(synthJson(stack), "hcloud_firewall")[0].rule;
    expect(rules[0]).toMatchObject({ port: "2222", source_ips: ["2001:db8::/48"] });
    expect(rules.slice(1).map((r: { port: string }) => r.port)).toEqual(["80", "443"]);
  });

  test("refuses labels Hetzner would refuse at apply", () => {
    expect(errorOf(make({ labels: { "bad key!": "x" } }))).toMatch(/labels key must be a Hetzner label key.*; got "bad key!"/);
    expect(errorOf(make({ labels: { role: "has space" } }))).toMatch(/labels\.role must be a Hetzner label value.*; got "has space"/);
  });

  test("checks its props as SwarmCluster does: admin blocks, SSH port, web sources, name", () => {
    expect(errorOf(make({ adminCidrs: ["0.0.0.0/0"] }))).toMatch(/adminCidrs\[0\] must not open SSH to a large part of the internet/);
    expect(errorOf(make({ sshPort: 443 }))).toMatch(/sshPort must not be 443/);
    expect(errorOf(make({ webSources: "everyone" as never }))).toMatch(/webSources must be one of "none", "cloudflare"; got "everyone"/);
    expect(errorOf(make({ name: "Prod Nodes" }))).toMatch(/name must start with a letter/);
    expect(errorOf(make({ source: "cloudflare" } as never))).toMatch(/props\.source is not a NodeFirewall prop: props takes name, sshPort, adminCidrs, webSources and labels, nothing else/);
  });
});
