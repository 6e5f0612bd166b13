import { HardenedNode } from "../../../constructs";
import { Server } from "../../../providers/providers/hcloud/server";
import { findings, POLICY_NODE, policyStack } from "../policy-helpers";

describe("SshRootAndPasswordLoginOff", () => {
  test("compliant: a HardenedNode, whose cloud-init writes the sshd drop-in", () => {
    const stack = policyStack();

    new HardenedNode(stack, "Node", POLICY_NODE);

    expect(findings(stack, "SshRootAndPasswordLoginOff")).toEqual([]);
  });

  test("non-compliant: a server without user_data", () => {
    const stack = policyStack();

    new Server(stack, "Server", { name: "bare", serverType: "cx33", image: "ubuntu-24.04" });

    expect(findings(stack, "SshRootAndPasswordLoginOff")).toEqual([
      expect.objectContaining({ level: "error", path: "test/Server", message: expect.stringContaining("(no user_data)") }),
    ]);
  });

  test("non-compliant: cloud-init that allows root login first", () => {
    const stack = policyStack();
    const userData = "#cloud-config\nwrite_files:\n  - path: /etc/ssh/sshd_config.d/00.conf\n    content: |\n      PermitRootLogin yes\n      PasswordAuthentication no\n      PermitRootLogin no\n";

    new Server(stack, "Server", { name: "bare", serverType: "cx33", image: "ubuntu-24.04", userData });

    expect(findings(stack, "SshRootAndPasswordLoginOff")).toEqual([
      expect.objectContaining({ level: "error", message: expect.stringContaining("PermitRootLogin no not found first") }),
    ]);
  });
});
