import { Token } from "cdktf";
import { Firewall } from "../../../providers/providers/hcloud/firewall";
import { FirewallAttachment } from "../../../providers/providers/hcloud/firewall-attachment";
import { Server } from "../../../providers/providers/hcloud/server";
import { findings, policyStack } from "../policy-helpers";

describe("ServerHasFirewall", () => {
  test("compliant: firewall_ids names a firewall", () => {
    const stack = policyStack();
    const firewall = new Firewall(stack, "Firewall", { name: "nodes" });

    new Server(stack, "Server", { name: "web", serverType: "cx33", firewallIds: [Token.asNumber(firewall.id)] });

    expect(findings(stack, "ServerHasFirewall")).toEqual([]);
  });

  test("compliant: an hcloud_firewall_attachment names the server", () => {
    const stack = policyStack();
    const firewall = new Firewall(stack, "Firewall", { name: "nodes" });
    const server = new Server(stack, "Server", { name: "web", serverType: "cx33" });

    new FirewallAttachment(stack, "Attachment", { firewallId: Token.asNumber(firewall.id), serverIds: [Token.asNumber(server.id)] });

    expect(findings(stack, "ServerHasFirewall")).toEqual([]);
  });

  test("compliant: a firewall's apply_to names the server", () => {
    const stack = policyStack();
    const server = new Server(stack, "Server", { name: "web", serverType: "cx33" });

    new Firewall(stack, "Firewall", { name: "nodes", applyTo: [{ server: Token.asNumber(server.id) }] });

    expect(findings(stack, "ServerHasFirewall")).toEqual([]);
  });

  test("non-compliant: a server with no firewall", () => {
    const stack = policyStack();

    new Server(stack, "Server", { name: "web", serverType: "cx33", firewallIds: [] });

    expect(findings(stack, "ServerHasFirewall")).toEqual([expect.objectContaining({ level: "error", path: "test/Server" })]);
  });
});
