import { stringify } from "yaml";
import { HardenedNode } from "../../../constructs";
import { Firewall, FirewallRule } from "../../../providers/providers/hcloud/firewall";
import { Server } from "../../../providers/providers/hcloud/server";
import { findings, POLICY_NODE, policyStack } from "../policy-helpers";

function firewallWith(...rule: FirewallRule[]) {
  const stack = policyStack();
  new Firewall(stack, "Firewall", { name: "nodes", rule });
  return findings(stack, "SshClosedToWorld");
}

/** An inbound TCP rule for `port` from `sourceIps`. */
function tcp(port: string, ...sourceIps: string[]): FirewallRule {
  return { direction: "in", protocol: "tcp", port, sourceIps };
}

/** The detail in parentheses of the one finding, e.g. `port 22 from 0.0.0.0/0`. */
function detailOf(result: ReturnType<typeof findings>): string {
  expect(result).toEqual([expect.objectContaining({ level: "error", path: "test/Firewall" })]);
  return /A firewall rule opens an SSH port to the whole internet\. \((.*)\) SSH reachable/.exec(result[0].message)![1];
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
    new HardenedNode(stack, "Node", POLICY_NODE);

    expect(findings(stack, "SshClosedToWorld")).toEqual([expect.objectContaining({ level: "error", message: expect.stringContaining("port 2000-3000 from ::/0") })]);
  });

  describe("sources that together cover a whole family", () => {
    test("non-compliant: the two IPv4 halves in one rule", () => {
      expect(detailOf(firewallWith(tcp("22", "0.0.0.0/1", "128.0.0.0/1")))).toBe("port 22 from 0.0.0.0/1, 128.0.0.0/1 (together all of IPv4)");
    });

    test("non-compliant: the two IPv6 halves in one rule", () => {
      expect(detailOf(firewallWith(tcp("22", "::/1", "8000::/1")))).toBe("port 22 from ::/1, 8000::/1 (together all of IPv6)");
    });

    test("non-compliant: the IPv4 halves in two separate rules for the port", () => {
      expect(detailOf(firewallWith(tcp("22", "0.0.0.0/1"), tcp("22", "128.0.0.0/1")))).toBe(
        "port 22 from 0.0.0.0/1, 128.0.0.0/1 (together all of IPv4), in 2 rules",
      );
    });

    test("non-compliant: the IPv6 halves in two rules with different port ranges names the SSH port and both ranges", () => {
      expect(detailOf(firewallWith(tcp("20-30", "8000::/1"), tcp("any", "::/1")))).toBe(
        "port 22 from 8000::/1, ::/1 (together all of IPv6), in 2 rules (ports 20-30, any)",
      );
    });

    test("non-compliant: four IPv4 quarters, out of order and across rules", () => {
      expect(detailOf(firewallWith(tcp("22", "192.0.0.0/2", "0.0.0.0/2"), tcp("22", "128.0.0.0/2", "64.0.0.0/2")))).toBe(
        "port 22 from 192.0.0.0/2, 0.0.0.0/2, 128.0.0.0/2, 64.0.0.0/2 (together all of IPv4), in 2 rules",
      );
    });

    test("non-compliant: four IPv6 quarters", () => {
      expect(detailOf(firewallWith(tcp("22", "::/2", "4000::/2", "8000::/2", "c000::/2")))).toBe(
        "port 22 from ::/2, 4000::/2, 8000::/2, c000::/2 (together all of IPv6)",
      );
    });

    test("non-compliant: uneven blocks; blocks inside them are not named", () => {
      expect(detailOf(firewallWith(tcp("22", "0.0.0.0/1", "203.0.113.10/32", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/3", "0.0.0.0/1")))).toBe(
        "port 22 from 0.0.0.0/1, 128.0.0.0/2, 192.0.0.0/3, 224.0.0.0/3 (together all of IPv4)",
      );
    });

    test("non-compliant: /0 next to narrower blocks names the /0 only, in the message the plain case has", () => {
      expect(detailOf(firewallWith(tcp("22", "203.0.113.10/32", "0.0.0.0/0", "10.0.0.0/8")))).toBe("port 22 from 0.0.0.0/0");
    });

    test("non-compliant: all of IPv4 and all of IPv6 in different ways", () => {
      expect(detailOf(firewallWith(tcp("22", "0.0.0.0/0", "::/1", "8000::/1")))).toBe("port 22 from 0.0.0.0/0; ::/1, 8000::/1 (together all of IPv6)");
    });

    test("non-compliant: the halves to the nodes' sshd port", () => {
      const stack = policyStack();
      new Firewall(stack, "Firewall", { name: "nodes", rule: [tcp("2222", "0.0.0.0/1"), tcp("2000-3000", "128.0.0.0/1")] });
      new HardenedNode(stack, "Node", POLICY_NODE);

      expect(detailOf(findings(stack, "SshClosedToWorld"))).toBe("port 2222 from 0.0.0.0/1, 128.0.0.0/1 (together all of IPv4), in 2 rules (ports 2222, 2000-3000)");
    });

    test.each([
      ["IPv4 near-miss: 0.0.0.0/1 + 128.0.0.0/2", [tcp("22", "0.0.0.0/1", "128.0.0.0/2")]],
      ["IPv4 near-miss across two rules", [tcp("22", "0.0.0.0/1"), tcp("22", "128.0.0.0/2")]],
      ["IPv4 quarters with one missing", [tcp("22", "0.0.0.0/2", "64.0.0.0/2", "192.0.0.0/2")]],
      ["IPv6 near-miss: ::/1 + 8000::/2", [tcp("22", "::/1", "8000::/2")]],
      ["one half of each family, which do not add up", [tcp("22", "0.0.0.0/1", "8000::/1")]],
      ["the other half on a port that is not SSH", [tcp("22", "0.0.0.0/1"), tcp("443", "128.0.0.0/1")]],
      ["the other half over UDP", [tcp("22", "0.0.0.0/1"), { direction: "in", protocol: "udp", port: "22", sourceIps: ["128.0.0.0/1"] }]],
      ["the other half outbound", [tcp("22", "0.0.0.0/1"), { direction: "out", protocol: "tcp", port: "22", sourceIps: ["128.0.0.0/1"], destinationIps: ["0.0.0.0/0"] }]],
    ])("compliant: %s", (_name, rules) => {
      expect(firewallWith(...(rules as FirewallRule[]))).toEqual([]);
    });
  });

  describe("the SSH port as sshd reads the files cloud-init writes", () => {
    const DROP_IN = "/etc/ssh/sshd_config.d/10-ssh.conf";

    /**
     * A server whose cloud-init writes `files` (path -> content; a string is
     * the one drop-in) and a firewall opening TCP 2202 to all of IPv4: the
     * finding's detail, or undefined when there is none.
     */
    function worldOn2202(files: string | Record<string, string>): string | undefined {
      const written = typeof files === "string" ? { [DROP_IN]: files } : files;
      const userData = `#cloud-config\n${stringify({ write_files: Object.entries(written).map(([path, content]) => ({ path, content })) })}`;
      const stack = policyStack();
      new Server(stack, "Server", { name: "node", serverType: "cx33", image: "ubuntu-24.04", userData });
      new Firewall(stack, "Firewall", { name: "nodes", rule: [tcp("2202", "0.0.0.0/0")] });
      const result = findings(stack, "SshClosedToWorld");
      return result.length === 0 ? undefined : detailOf(result);
    }

    test.each([
      ["Port 2202", "Port 2202\n"],
      ["lower case, as sshd keywords are case-insensitive", "port 2202\n"],
      ["upper case", "PORT 2202\n"],
      ["with =", "Port=2202\n"],
      ["with = between spaces", "Port = 2202\n"],
      ["quoted, with a comment after it", 'Port "2202" # legacy port\n'],
      ["the second of several Port lines, all of which sshd listens on", "Port 2222\nPort 2202\n"],
      ["a ListenAddress with an IPv4 address and port", "Port 2222\nListenAddress 10.0.1.11:2202\n"],
      ["a ListenAddress with an IPv6 address and port", "Port 2222\nListenAddress [::1]:2202\n"],
    ])("non-compliant: %s", (_name, dropIn) => {
      expect(worldOn2202(dropIn)).toBe("port 2202 from 0.0.0.0/0");
    });

    test("non-compliant: ports set in two drop-ins and in sshd_config all count", () => {
      expect(
        worldOn2202({
          "/etc/ssh/sshd_config": "Include /etc/ssh/sshd_config.d/*.conf\nPort 2202\n",
          [DROP_IN]: "Port 2222\n",
          "/etc/ssh/sshd_config.d/20-more.conf": "Port 2223\n",
        }),
      ).toBe("port 2202 from 0.0.0.0/0");
    });

    test("non-compliant: a Port under a Match block counts (sshd refuses it there; an indented Port still says what was meant)", () => {
      expect(worldOn2202("Port 2222\nMatch User deploy\n  Port 2202\n")).toBe("port 2202 from 0.0.0.0/0");
    });

    test.each([
      ["a commented-out Port", "Port 2222\n# Port 2202\n"],
      ["a ListenAddress without port (it uses the Port lines)", "Port 2222\nListenAddress 10.0.1.11\n"],
      ["a bare IPv6 ListenAddress, whose last group is no port", "Port 2222\nListenAddress 2001:db8::2202\n"],
      ["a port only known at apply time", "Port ${var.ssh_port}\n"],
    ])("compliant: %s", (_name, dropIn) => {
      expect(worldOn2202(dropIn)).toBeUndefined();
    });

    test.each([
      ["the ssh client's configuration", { "/etc/ssh/ssh_config.d/github.conf": "Host github.com\n  Port 2202\n" }],
      ["a drop-in not ending in .conf", { "/etc/ssh/sshd_config.d/10-ssh.conf.disabled": "Port 2202\n" }],
      ["a hidden drop-in", { "/etc/ssh/sshd_config.d/.10-ssh.conf": "Port 2202\n" }],
      ["a drop-in that the user_data's own sshd_config does not include", { "/etc/ssh/sshd_config": "Port 2222\n", [DROP_IN]: "Port 2202\n" }],
      ["fail2ban's jail", { "/etc/fail2ban/jail.d/sshd.local": "[sshd]\nport = 2202\n" }],
    ])("compliant: Port 2202 in a file sshd does not read: %s", (_name, files) => {
      expect(worldOn2202(files)).toBeUndefined();
    });
  });
});
