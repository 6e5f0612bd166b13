import { HardenedNode, HardenedNodeProps } from "../../constructs";
import { errorOf, resources, synthJson, testStack, TEST_KEY } from "../helpers/stack";

const base: HardenedNodeProps = {
  name: "web-1",
  deployKeys: [TEST_KEY],
  sshKeyIds: ["1"],
  firewallIds: ["2"],
  network: { networkId: "3", ip: "10.0.1.11", subnetCidr: "10.0.1.0/24" },
};

function synthNode(props: Partial<HardenedNodeProps> = {}) {
  const { stack } = testStack();
  const node = new HardenedNode(stack, "Node", { ...base, ...props });
  return { node, json: synthJson(stack) };
}

describe("HardenedNode", () => {
  test("creates one cx33 server in nbg1 on Ubuntu 24.04 with IPv4 and IPv6", () => {
    const { json } = synthNode();

    expect(resources(json, "hcloud_server")).toEqual([
      expect.objectContaining({
        name: "web-1",
        server_type: "cx33",
        location: "nbg1",
        image: "ubuntu-24.04",
        public_net: [{ ipv4_enabled: true, ipv6_enabled: true }],
      }),
    ]);
  });

  test("attaches the private network inside the server resource", () => {
    const { json } = synthNode();

    expect(resources(json, "hcloud_server")[0].network).toEqual([{ network_id: "3", ip: "10.0.1.11" }]);
  });

  test("pins a Terraform-made ed25519 host key and installs it by cloud-init", () => {
    const { json, node } = synthNode();

    expect(resources(json, "tls_private_key")).toEqual([expect.objectContaining({ algorithm: "ED25519" })]);
    expect(resources(json, "hcloud_server")[0].user_data).toContain("base64encode(tls_private_key.");
    expect(node.knownHostsLine).toMatch(/^\[.*\]:2222 /);
  });

  test("renders the SSH port into the user data", () => {
    const { json } = synthNode({ sshPort: 2200 });

    expect(resources(json, "hcloud_server")[0].user_data).toContain("Port 2200");
  });

  test("protects against deletion and rebuild by default, and not when turned off", () => {
    expect(resources(synthNode().json, "hcloud_server")[0]).toMatchObject({ delete_protection: true, rebuild_protection: true });
    expect(resources(synthNode({ protection: false }).json, "hcloud_server")[0]).toMatchObject({
      delete_protection: false,
      rebuild_protection: false,
    });
  });

  test("ignores boot configuration changes unless replacement is asked for", () => {
    expect(resources(synthNode().json, "hcloud_server")[0].lifecycle).toEqual({ ignore_changes: ["user_data", "ssh_keys", "image"] });
    expect(resources(synthNode({ replaceOnBootConfigChange: true }).json, "hcloud_server")[0].lifecycle).toBeUndefined();
  });

  test("gives the same user data for the same input", () => {
    expect(resources(synthNode().json, "hcloud_server")[0].user_data).toBe(resources(synthNode().json, "hcloud_server")[0].user_data);
  });

  describe("validation", () => {
    const make = (props: Partial<HardenedNodeProps>) => (scope: any) => new HardenedNode(scope, "Node", { ...base, ...props });

    test("rejects a server without a firewall", () => {
      expect(errorOf(make({ firewallIds: [] }))).toMatch(/firewallIds must hold at least one Cloud Firewall ID/);
    });

    test("rejects a server without an hcloud SSH key", () => {
      expect(errorOf(make({ sshKeyIds: [] }))).toMatch(/sshKeyIds must hold at least one hcloud_ssh_key ID, or Hetzner e-mails a root password/);
    });

    test("rejects an unsupported image", () => {
      expect(errorOf(make({ image: "centos-9" as never }))).toMatch(/image must be one of "ubuntu-24.04", "debian-12"; got "centos-9"/);
    });

    test("rejects a name that is not a host name", () => {
      expect(errorOf(make({ name: "Web_1" }))).toMatch(/name must start with a letter.*got "Web_1"/);
    });

    test("rejects an RSA key shorter than 2048 bits", () => {
      const weak =
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCd1X6usZ8RRLGXEDsRcusnMpZSW1HDzxVNsuDDxtWpG5K8NbZP0Z7t9UXdg+9ZmRNo1WOPfRz7hjGykoVUcunvBbdGluLV2IowRouYtbjTaOnIbMSRsS4zTnLJZgmAH7EBA3j6cS8y8m62zLlygjzX0tE8L/IV2E9BvYklQyOwxQ== weak";
      expect(errorOf(make({ deployKeys: [weak] }))).toMatch(/deployKeys\[0\] must be an RSA key of at least 2048 bits \(this one has 1024\)/);
    });
  });
});
