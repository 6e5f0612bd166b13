import { HardenedNode } from "../../../constructs";
import { Firewall, FirewallRule } from "../../../providers/providers/hcloud/firewall";
import { TEST_KEY } from "../../helpers/stack";
import { findings, policyStack } from "../policy-helpers";

function firewallWith(rule: FirewallRule) {
  const stack = policyStack();
  new Firewall(stack, "Firewall", { name: "nodes", rule: [rule] });
  return findings(stack, "SshClosedToWorld");
}

describe("SshClosedToWorld", () => {
  test("compliant: SSH from an admin network only", () => {
    expect(firewallWith({ direction: "in", protocol: "tcp", port: "22", sourceIps: ["203.0.113.10/32"] })).toEqual([]);
  });

  test("compliant: the web ports open to the world", () => {
    expect(firewallWith({ direction: "in", protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0", "::/0"] })).toEqual([]);
  });

  test("non-compliant: port 22 from 0.0.0.0/0 is an error naming the port and source", () => {
    const result = firewallWith({ direction: "in", protocol: "tcp", port: "22", sourceIps: ["0.0.0.0/0"] });

    expect(result).toEqual([expect.objectContaining({ level: "error", path: "test/Firewall" })]);
    expect(result[0].message).toMatch(/^\[casera:SshClosedToWorld\] A firewall rule opens an SSH port to the whole internet\. \(port 22 from 0\.0\.0\.0\/0\) SSH reachable/);
  });

  test("non-compliant: a range from ::/0 that covers the nodes' sshd port", () => {
    const stack = policyStack();
    new Firewall(stack, "Firewall", { name: "nodes", rule: [{ direction: "in", protocol: "tcp", port: "2000-3000", sourceIps: ["::/0"] }] });
    new HardenedNode(stack, "Node", {
      name: "web-1",
      deployKeys: [TEST_KEY],
      sshKeyIds: ["1"],
      firewallIds: ["2"],
      network: { networkId: "3", ip: "10.0.1.11", subnetCidr: "10.0.1.0/24" },
    });

    expect(findings(stack, "SshClosedToWorld")).toEqual([expect.objectContaining({ level: "error", message: expect.stringContaining("port 2000-3000 from ::/0") })]);
  });
});
