import { NodeFirewall } from "../../../constructs";
import { Firewall, FirewallRule } from "../../../providers/providers/hcloud/firewall";
import { findings, policyStack } from "../policy-helpers";

function firewallWith(...rule: FirewallRule[]) {
  const stack = policyStack();
  new Firewall(stack, "Firewall", { name: "nodes", rule });
  return findings(stack, "SwarmPortsNotPublic");
}

describe("SwarmPortsNotPublic", () => {
  test("compliant: the nodes' firewall, which has no Swarm rule", () => {
    const stack = policyStack();

    new NodeFirewall(stack, "Firewall", { name: "nodes", sshPort: 2222, adminCidrs: ["203.0.113.10/32"], webSources: "cloudflare" });

    expect(findings(stack, "SwarmPortsNotPublic")).toEqual([]);
  });

  test("compliant: UDP on 2377, which Swarm does not use", () => {
    expect(firewallWith({ direction: "in", protocol: "udp", port: "2377", sourceIps: ["10.0.0.0/8"] })).toEqual([]);
  });

  test.each([
    ["2377", "tcp"],
    ["7946", "udp"],
    ["4789", "udp"],
    ["4000-5000", "udp"],
    ["any", "tcp"],
  ])("non-compliant: %s/%s from any source", (port, protocol) => {
    expect(firewallWith({ direction: "in", protocol, port, sourceIps: ["203.0.113.10/32"] })).toEqual([
      expect.objectContaining({ level: "error", path: "test/Firewall" }),
    ]);
  });
});
