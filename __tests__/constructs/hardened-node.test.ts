import * as sshpk from "sshpk";
import { HardenedNode, HardenedNodeProps, InvalidPropError } from "../../constructs";
import { NetworkSubnet } from "../../providers/providers/hcloud/network-subnet";
import { spawnSync } from "child_process";
import { generateKeyPairSync } from "crypto";
import { errorOf, resources, synthJson, testStack, TEST_KEY } from "../helpers/stack";
import { describeWith, tool } from "../helpers/tools";

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
      expect(errorOf(make({ sshKeyIds: [""] }))).toMatch(/sshKeyIds\[0\] must be an hcloud_ssh_key's ID or name: a non-empty string .*; got ""/);
      expect(errorOf(make({ sshKeyIds: [5 as never] }))).toMatch(/sshKeyIds\[0\] must be an hcloud_ssh_key's ID or name.*; got 5/);
      expect(errorOf(make({ firewallIds: ["abc"] }))).toMatch(/firewallIds\[0\] must be a Cloud Firewall's ID \(firewall\.id\): a number, or the resource's id attribute; got "abc"/);
      expect(errorOf(make({ firewallIds: [""] }))).toMatch(/firewallIds\[0\] must be a Cloud Firewall's ID/);
      expect(errorOf(make({ sshKeyIds: ["${var.x}"] }))).toMatch(/sshKeyIds\[0\] must be an hcloud_ssh_key's ID or name: a non-empty string without spaces, control characters, \$, % or braces/);
      expect(errorOf(make({ sshKeyIds: ["123", "123"] }))).toMatch(/sshKeyIds\[1\] must not repeat sshKeyIds\[0\]/);
      expect(errorOf(make({ firewallIds: ["1", "2", "3", "4", "5", "6"] }))).toMatch(/firewallIds must hold at most 5 firewalls: Hetzner applies at most 5 to a server/);
      expect(errorOf(make({ firewallIds: ["45", "45"] }))).toMatch(/firewallIds\[1\] must not repeat firewallIds\[0\]/);
      expect(errorOf(make({ firewallIds: ["9999999999999999999"] }))).toMatch(/firewallIds\[0\] must be a Cloud Firewall's ID/);
      expect(errorOf(make({ network: { ...base.network, ipAddress: "10.0.1.20" } as never }))).toMatch(/network\.ipAddress is not a network attachment field: network takes networkId, ip, subnetCidr and dependsOn, nothing else/);
      expect(errorOf(make({ placementGroupId: "x" }))).toMatch(/placementGroupId must be a placement group's ID \(placementGroup\.id\).*; got "x"/);
    });

    test("refuses network.dependsOn entries cdktf would drop or fail on, naming the index", () => {
      const withDeps = (dependsOn: unknown[]) => make({ network: { ...base.network, dependsOn: dependsOn as never } });
      expect(errorOf(withDeps([null]))).toMatch(
        /: network\.dependsOn\[0\] must be a Terraform resource, data source or module \(a construct with an fqn, such as the hcloud_network_subnet\), which cdktf writes into depends_on; anything else is left out of depends_on, so nothing would be waited for; got null$/,
      );
      expect(errorOf(withDeps(["subnet"]))).toMatch(/: network\.dependsOn\[0\] must be a Terraform resource, .*; got "subnet"$/);
      expect(errorOf((scope) => {
        const subnet = new NetworkSubnet(scope, "Subnet", { networkId: 3, type: "cloud", networkZone: "eu-central", ipRange: "10.0.1.0/24" });
        new HardenedNode(scope, "Node", { ...base, network: { ...base.network, dependsOn: [subnet, {} as never] } });
      })).toMatch(/: network\.dependsOn\[1\] must be a Terraform resource, .*; got \{\}$/);
      expect(errorOf(withDeps(["x"]))).not.toMatch(/TypeError/);
    });

    test("waits for the resources in network.dependsOn", () => {
      const { stack } = testStack();
      const subnet = new NetworkSubnet(stack, "Subnet", { networkId: 3, type: "cloud", networkZone: "eu-central", ipRange: "10.0.1.0/24" });
      new HardenedNode(stack, "Node", { ...base, network: { ...base.network, dependsOn: [subnet] } });
      expect(resources(synthJson(stack), "hcloud_server")[0].depends_on).toEqual([expect.stringMatching(/^hcloud_network_subnet\./)]);
    });

    test("rejects an unsupported image", () => {
      expect(errorOf(make({ image: "centos-9" as never }))).toMatch(/image must be one of "ubuntu-24.04", "debian-12"; got "centos-9"/);
    });

    test("rejects a name that is not a host name", () => {
      expect(errorOf(make({ name: "Web_1" }))).toMatch(/name must start with a letter.*got "Web_1"/);
    });

    describe("FIDO security keys (sshpk cannot read them; checked against ssh-keygen)", () => {
      const field = (b: Buffer | string) => {
        const body = Buffer.from(b);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(body.length);
        return Buffer.concat([length, body]);
      };
      const ed = "sk-ssh-ed25519@openssh.com";
      const ec = "sk-ecdsa-sha2-nistp256@openssh.com";
      const jwk = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey.export({ format: "jwk" });
      const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
      const line = (type: string, ...fields: Array<Buffer | string>) => `${type} ${Buffer.concat(fields.map(field)).toString("base64")} me@yubikey`;
      const valid = [line(ed, ed, Buffer.alloc(32, 9), "ssh:"), line(ec, ec, "nistp256", point, "ssh:")];
      const broken = [line(ed, ed, Buffer.alloc(31, 9), "ssh:"), line(ec, ec, "nistp384", point, "ssh:"), line(ed, ed, Buffer.alloc(32, 9)), line(ed, ec, Buffer.alloc(32, 9), "ssh:")];
      const sshKeygenReads = (key: string) => spawnSync("ssh-keygen", ["-l", "-f", "-"], { input: key, encoding: "utf8" }).status === 0;

      describeWith([tool("ssh-keygen")], "with OpenSSH's own parser", () => {
        test.each(valid)("accepts security key %#, which ssh-keygen reads", (key) => {
          expect(sshKeygenReads(key)).toBe(true);
          expect(() => synthNode({ deployKeys: [key] })).not.toThrow();
        });

        test.each(broken)("rejects broken security key %#, which ssh-keygen cannot read either", (key) => {
          expect(sshKeygenReads(key)).toBe(false);
          expect(errorOf(make({ deployKeys: [key] }))).toMatch(/deployKeys\[0\] must be one OpenSSH public key line/);
        });
      });
    });

    describe("props from plain JavaScript or JSON, checked before anything is rendered", () => {
      const swarm = {
        seed: false,
        peers: ["10.0.1.12", "10.0.1.13"],
        peerKnownHosts: ["[10.0.1.12]:2222 ssh-ed25519 AAAA12", "[10.0.1.13]:2222 ssh-ed25519 AAAA13"],
        tokenKey: { privateKeyBase64: "cHJpdmF0ZQ==", publicKey: "ssh-ed25519 AAAAtoken" },
      };
      const refusal = (props: Record<string, unknown>): InvalidPropError => {
        const { stack } = testStack();
        try {
          new HardenedNode(stack, "Node", { ...base, ...props } as HardenedNodeProps);
        } catch (err) {
          if (err instanceof InvalidPropError) return err;
          throw new Error(`expected an InvalidPropError, got ${(err as Error).stack}`);
        }
        throw new Error("expected an InvalidPropError, none was thrown");
      };
      const withSwarm = (change: Record<string, unknown>) => refusal({ swarm: { ...swarm, ...change } });

      test("accepts the swarm settings a cluster gives", () => {
        const { json } = synthNode({ swarm });
        expect(resources(json, "hcloud_server")[0].user_data).toContain("SEED=0");
      });

      test('refuses seed "false", which JavaScript reads as true: the node would found a swarm of its own', () => {
        expect(withSwarm({ seed: "false" }).message).toMatch(/swarm\.seed must be true for the one node that may found the swarm and false for every other.*got "false"/);
      });

      test('refuses replaceOnBootConfigChange "false" and protection "false" (booleans only)', () => {
        expect(refusal({ replaceOnBootConfigChange: "false" }).message).toMatch(/replaceOnBootConfigChange must be true or false.*got "false"/);
        expect(refusal({ protection: "no" }).message).toMatch(/protection must be true or false.*got "no"/);
      });

      test("refuses a token user that is the deploy user, root or not a user name: its logins only print the token", () => {
        expect(withSwarm({ tokenUser: "deploy" }).message).toMatch(/swarm\.tokenUser must be a name of its own.*locks that account out; got "deploy"/);
        expect(withSwarm({ tokenUser: "root" }).prop).toBe("swarm.tokenUser");
        expect(withSwarm({ tokenUser: "a b" }).message).toMatch(/swarm\.tokenUser must be a Linux user name/);
      });

      test("refuses a private address that is not one, or not inside the subnet", () => {
        expect(refusal({ network: { ...base.network, ip: "not-an-ip" } }).message).toMatch(/network\.ip must be an IPv4 address; got "not-an-ip"/);
        expect(refusal({ network: { ...base.network, ip: "10.0.2.11" } }).message).toMatch(/network\.ip must lie inside network\.subnetCidr 10\.0\.1\.0\/24; got "10\.0\.2\.11"/);
        expect(refusal({ network: { ...base.network, networkId: "abc" } }).message).toMatch(/network\.networkId must be a Hetzner network ID/);
      });

      test("refuses a subnet that is not a private IPv4 block (it is written into fail2ban and sshd)", () => {
        expect(refusal({ network: { ...base.network, subnetCidr: "banana" } }).message).toMatch(/network\.subnetCidr must be a CIDR block/);
        expect(refusal({ network: { ...base.network, subnetCidr: "198.51.100.0/24", ip: "198.51.100.11" } }).message).toMatch(/network\.subnetCidr must lie inside a private range/);
        // Hetzner keeps a subnet's network, gateway and broadcast addresses.
        expect(refusal({ network: { ...base.network, ip: "10.0.1.0" } }).message).toMatch(/network\.ip must be a host address Hetzner can assign: 10\.0\.1\.0 is the subnet's network address; use 10\.0\.1\.2 to 10\.0\.1\.254; got "10\.0\.1\.0"/);
        expect(refusal({ network: { ...base.network, ip: "10.0.1.1" } }).message).toMatch(/10\.0\.1\.1 is the subnet's gateway/);
        expect(refusal({ network: { ...base.network, ip: "10.0.1.255" } }).message).toMatch(/10\.0\.1\.255 is the subnet's broadcast address/);
        expect(refusal({ network: { ...base.network, subnetCidr: "10.0.1.8/31", ip: "10.0.1.9" } }).message).toMatch(/network\.subnetCidr must be a \/30 or larger/);
      });

      test("refuses peers that are not addresses in the subnet, the node itself, or repeated", () => {
        expect(withSwarm({ peers: ["$(reboot)", "10.0.1.13"] }).message).toMatch(/swarm\.peers\[0\] must be an IPv4 address; got "\$\(reboot\)"/);
        expect(withSwarm({ peers: ["10.0.1.11", "10.0.1.13"] }).message).toMatch(/swarm\.peers\[0\] must not be the node's own address/);
        expect(withSwarm({ peers: ["10.0.1.13", "10.0.1.13"] }).message).toMatch(/swarm\.peers\[1\] must not repeat swarm\.peers\[0\]/);
        expect(withSwarm({ peers: ["10.0.9.12", "10.0.1.13"] }).message).toMatch(/swarm\.peers\[0\] must lie inside network\.subnetCidr/);
      });

      test("refuses known_hosts lines that do not match the peers one to one", () => {
        expect(withSwarm({ peerKnownHosts: [swarm.peerKnownHosts[0]] }).message).toMatch(/swarm\.peerKnownHosts must hold one known_hosts line per peer \(2\)/);
        expect(withSwarm({ peerKnownHosts: ["a\nb", "c"] }).message).toMatch(/swarm\.peerKnownHosts\[0\] must be one line/);
        expect(withSwarm({ peerKnownHosts: ["banana", swarm.peerKnownHosts[1]] }).message).toMatch(/swarm\.peerKnownHosts\[0\] must be the known_hosts line of swarm\.peers at the same position \(10\.0\.1\.12\)/);
        expect(withSwarm({ peerKnownHosts: [swarm.peerKnownHosts[1], swarm.peerKnownHosts[0]] }).message).toMatch(/swarm\.peerKnownHosts\[0\] must be the known_hosts line of swarm\.peers at the same position \(10\.0\.1\.12\)/);
        expect(withSwarm({ peerKnownHosts: ["[10.0.1.12]:2222 ssh-ed25519", swarm.peerKnownHosts[1]] }).message).toMatch(/swarm\.peerKnownHosts\[0\] must be a known_hosts line: the peer's address, a key type and the base64 key/);
        expect(withSwarm({ peerKnownHosts: ["[10.0.1.12]:2222 ssh-dss AAAA12", swarm.peerKnownHosts[1]] }).message).toMatch(/must be a known_hosts line/);
        expect(withSwarm({ seed: false, peers: [], peerKnownHosts: [] }).message).toMatch(/swarm\.peers must name at least one peer when swarm\.seed is false/);
        expect(withSwarm({ tokenKey: { ...swarm.tokenKey, publicKey: `${swarm.tokenKey.publicKey}\n` } }).message).toMatch(/swarm\.tokenKey\.publicKey must be one line, without a trailing newline/);
        expect(withSwarm({ tokenKey: { ...swarm.tokenKey, publicKey: "banana" } }).message).toMatch(/swarm\.tokenKey\.publicKey must be an OpenSSH public key line/);
        const pem = withSwarm({ tokenKey: { ...swarm.tokenKey, privateKeyBase64: "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END OPENSSH PRIVATE KEY-----" } }).message;
        expect(pem).toMatch(/swarm\.tokenKey\.privateKeyBase64 must be the private key base64-encoded .*not the PEM text itself/);
        expect(pem).not.toMatch(/SECRETKEYMATERIAL/);
        expect(withSwarm({ tokenKey: { ...swarm.tokenKey, privateKeyBase64: "not base64!" } }).message).toMatch(/swarm\.tokenKey\.privateKeyBase64 must be base64/);
      });

      test("refuses an address pool that is not a private /24 or larger apart from the subnet", () => {
        expect(withSwarm({ addressPool: "banana;reboot" }).message).toMatch(/swarm\.addressPool must be a CIDR block/);
        expect(withSwarm({ addressPool: "10.0.0.0/8" }).message).toMatch(/swarm\.addressPool must not overlap network\.subnetCidr 10\.0\.1\.0\/24/);
        expect(withSwarm({ addressPool: "10.200.0.0/25" }).message).toMatch(/swarm\.addressPool must be a \/24 or larger/);
        expect(withSwarm({ addressPool: "172.16.0.0/12" }).message).toMatch(/swarm\.addressPool must not overlap 172\.17\.0\.0\/16, which Docker gives its own bridge \(docker0\) on every node/);
        expect(withSwarm({ addressPool: "172.18.0.0/16" }).message).toMatch(/swarm\.addressPool must not overlap 172\.18\.0\.0\/16, which Docker gives its own bridge \(docker_gwbridge\)/);
      });

      test("refuses a peer's known_hosts line under another port than sshPort, which strict host checking would not find", () => {
        expect(withSwarm({ peerKnownHosts: ["[10.0.1.12]:22 ssh-ed25519 AAAA12", swarm.peerKnownHosts[1]] }).message).toMatch(
          /swarm\.peerKnownHosts\[0\] must name the peer as ssh looks it up on sshPort 2222, "\[10\.0\.1\.12\]:2222"/,
        );
        expect(withSwarm({ peerKnownHosts: ["10.0.1.12 ssh-ed25519 AAAA12", swarm.peerKnownHosts[1]] }).message).toMatch(/must name the peer as ssh looks it up on sshPort 2222/);
      });

      test("refuses a misspelt prop, swarm setting or token key field instead of ignoring it", () => {
        expect(refusal({ protecton: false } as never).message).toMatch(/props\.protecton is not a HardenedNode prop: props takes name, serverType, .* and replaceOnBootConfigChange, nothing else; got false/);
        expect(withSwarm({ addresspool: "172.17.0.0/16" }).message).toMatch(/swarm\.addresspool is not a swarm boot setting: swarm takes peers, seed, .* and addressPool, nothing else/);
        expect(withSwarm({ tokenKey: { ...swarm.tokenKey, publickey: "x" } }).message).toMatch(/swarm\.tokenKey\.publickey is not a token key field/);
      });

      test("refuses an ingress MTU above what VXLAN leaves of Hetzner's 1450", () => {
        expect(withSwarm({ ingressMtu: 1450 }).message).toMatch(/swarm\.ingressMtu must be an integer from 1280 to 1400/);
      });

      test("refuses server labels Hetzner would refuse at apply", () => {
        expect(refusal({ labels: { "casera role": "manager" } }).message).toMatch(/labels key must be a Hetzner label key.*; got "casera role"/);
        expect(refusal({ labels: { role: "-manager" } }).message).toMatch(/labels\.role must be a Hetzner label value: empty, or 1-63 letters.*; got "-manager"/);
        expect(refusal({ labels: { role: 3 } }).message).toMatch(/labels\.role must be a string \(Hetzner label values are strings\); got 3/);
      });

      test("refuses labels the bootstrap cannot pass, as an InvalidPropError", () => {
        expect(withSwarm({ labels: { "casera.redis": "a b" } }).message).toMatch(/swarm\.labels\.casera\.redis must be a string without whitespace/);
        expect(withSwarm({ labels: { "a=b": "x" } }).prop).toBe("swarm.labels key");
      });

      test("names the missing part instead of failing with a TypeError", () => {
        expect(refusal({ network: undefined }).message).toMatch(/network must be an object/);
        expect(withSwarm({ tokenKey: undefined }).message).toMatch(/swarm\.tokenKey must be an object/);
        expect(withSwarm({ peerKnownHosts: undefined }).message).toMatch(/swarm\.peerKnownHosts must be an array/);
      });

      test("refuses more deploy keys than Hetzner's 32 KiB user_data holds, before apply would", () => {
        const keys = Array.from({ length: 110 }, (_, i) => {
          const { publicKey } = generateKeyPairSync("ed25519");
          return `${sshpk.parseKey(publicKey.export({ type: "spki", format: "pem" }), "pem").toString("ssh")} operator-${i}@laptop`;
        });
        expect(() => synthNode({ deployKeys: keys.slice(0, 60), swarm })).not.toThrow();
        expect(refusal({ deployKeys: keys, swarm }).message).toMatch(/deployKeys must leave the node's user_data within the 32768 bytes Hetzner accepts, and with these it is about 3[3-9]\d{3}.*got "110 keys"/);
      });
    });

    test("rejects an RSA key shorter than 2048 bits", () => {
      const weak =
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCd1X6usZ8RRLGXEDsRcusnMpZSW1HDzxVNsuDDxtWpG5K8NbZP0Z7t9UXdg+9ZmRNo1WOPfRz7hjGykoVUcunvBbdGluLV2IowRouYtbjTaOnIbMSRsS4zTnLJZgmAH7EBA3j6cS8y8m62zLlygjzX0tE8L/IV2E9BvYklQyOwxQ== weak";
      expect(errorOf(make({ deployKeys: [weak] }))).toMatch(/deployKeys\[0\] must be an RSA key of at least 2048 bits \(this one has 1024\)/);
    });
  });
});
