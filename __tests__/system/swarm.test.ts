import { BootResult, STANDIN_IMAGE, STANDIN_PAGE, SwarmHarness, SwarmHost, SwarmNode } from "../helpers/swarm-harness";
import { describeWith, root, tool } from "../helpers/tools";

/**
 * A real three-manager swarm from Debian's docker.io on hosts made of network
 * namespaces, formed by the very bootstrap cloud-init runs. The scenarios build
 * on each other and run in order on one cluster.
 */

const harness = new SwarmHarness({ subnetOctet: 50 });
const WEB_PORT = 8080;
let first: SwarmHost, second: SwarmHost, third: SwarmHost;
let firstBoot: BootResult[] = [];
let swarmId = "";

const managersOf = (nodes: SwarmNode[]) => nodes.filter((n) => n.ManagerStatus);
const sorted = (lines: string) => lines.split("\n").filter(Boolean).sort();

/** What must survive a lost quorum: services, secrets and configs by name. */
function catalogue(host: SwarmHost): { services: string[]; secrets: string[]; configs: string[] } {
  return {
    services: sorted(harness.dockerOk(host, ["service", "ls", "--format", "{{.Name}} {{.Mode}}"])),
    secrets: sorted(harness.dockerOk(host, ["secret", "ls", "--format", "{{.Name}}"])).filter((s) => !s.startsWith("probe-")),
    configs: sorted(harness.dockerOk(host, ["config", "ls", "--format", "{{.Name}}"])),
  };
}

describeWith(
  [tool("dockerd"), tool("docker"), tool("containerd"), tool("runc"), tool("iptables"), tool("ip"), tool("nsenter"), tool("unshare"), tool("sshd"), tool("ssh"), tool("sudo"), tool("visudo"), tool("useradd"), tool("curl"), tool("busybox"), root()],
  "a real swarm on three namespace hosts",
  () => {
    jest.setTimeout(240000);

    beforeAll(async () => {
      harness.setUp();
      [first, second, third] = harness.addHosts(3, (i) => (i === 1 ? { redis: "true" } : {}));
      firstBoot = await harness.boot([first, second, third]);
      for (const host of [first, second, third]) harness.importImage(host);
    });

    afterAll(async () => {
      await harness.destroy();
    });

    test("all three booting at once form one swarm of three managers with one leader", async () => {
      await harness.waitFor("three healthy managers", 60000, () => harness.healthyManagers(first, 3));

      expect(firstBoot.map((b) => [b.host.hostname, b.status, b.stderr.includes("FAILED")])).toEqual([
        ["casera-test-1", 0, false],
        ["casera-test-2", 0, false],
        ["casera-test-3", 0, false],
      ]);
      const ids = [first, second, third].map((h) => harness.swarmInfo(h).clusterId);
      swarmId = ids[0];
      expect(swarmId).toMatch(/^[a-z0-9]{25}$/);
      expect(ids).toEqual([swarmId, swarmId, swarmId]);
      const nodes = harness.nodes(second);
      expect(managersOf(nodes)).toHaveLength(3);
      expect(nodes.filter((n) => n.ManagerStatus?.Leader)).toHaveLength(1);
      expect(firstBoot.filter((b) => /founding it on/.test(b.stderr)).map((b) => b.host.hostname)).toEqual(["casera-test-1"]);
    });

    test("every node advertises its private address", () => {
      const nodes = harness.nodes(first);

      const addresses = nodes.map((n) => [n.Description.Hostname, n.Status.Addr, n.ManagerStatus?.Addr]).sort();
      expect(addresses).toEqual([first, second, third].map((h) => [h.hostname, h.address, `${h.address}:2377`]));
      for (const host of [first, second, third]) {
        expect(harness.swarmInfo(host).nodeAddr).toBe(host.address);
      }
      expect(nodes.find((n) => n.Description.Hostname === first.hostname)?.Spec.Labels).toEqual({ redis: "true" });
    });

    test("running the bootstrap again on every node changes nothing", async () => {
      const before = harness.nodes(first).map((n) => [n.ID, n.Version.Index]).sort();

      const again = await Promise.all([first, second, third].map((h) => harness.bootstrap(h)));

      expect(again.map((b) => b.status)).toEqual([0, 0, 0]);
      for (const run of again) expect(run.stderr).toContain("already an active swarm member; nothing to join");
      expect(harness.nodes(first).map((n) => [n.ID, n.Version.Index]).sort()).toEqual(before);
      expect([first, second, third].map((h) => harness.swarmInfo(h).clusterId)).toEqual([swarmId, swarmId, swarmId]);
      expect(managersOf(harness.nodes(third))).toHaveLength(3);
    });

    test("the cluster runs a service, a secret and a config on the stand-in image", async () => {
      harness.dockerOk(first, ["secret", "create", "postgres_password", "-"], { input: "not-a-real-password" });
      harness.dockerOk(first, ["config", "create", "edge_config", "-"], { input: "listen 80\n" });
      harness.dockerOk(first, [
        "service", "create", "--detach", "--no-resolve-image", "--name", "web", "--mode", "global",
        "--publish", `mode=host,target=80,published=${WEB_PORT}`, "--secret", "postgres_password", "--config", "edge_config", STANDIN_IMAGE,
      ]);
      harness.dockerOk(first, ["service", "create", "--detach", "--no-resolve-image", "--name", "worker", "--replicas", "2", STANDIN_IMAGE]);

      await harness.waitFor("web answering on every node", 90000, () =>
        [first, second, third].every((h) => harness.httpGet(first, h.address, WEB_PORT) === STANDIN_PAGE),
      );
    });
  },
);
