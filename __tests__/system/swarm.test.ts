import { BootResult, CommandResult, harnessRequirements, STANDIN_IMAGE, STANDIN_PAGE, SwarmHarness, SwarmHost, SwarmNode } from "../helpers/swarm-harness";
import { describeWith } from "../helpers/tools";

/**
 * A real three-manager swarm from Debian's docker.io on hosts made of network
 * namespaces, formed by the very bootstrap cloud-init runs. The scenarios build
 * on each other and run in order on one cluster.
 *
 * Swarm's routing mesh and virtual IPs need IPVS, and encrypted overlays need
 * ESP with AES-GCM in the kernel; a kernel without them (CONFIG_IP_VS,
 * CONFIG_INET_ESP, CONFIG_CRYPTO_GCM) still runs everything here, because the
 * services publish in host mode and resolve by DNS round robin.
 */

const harness = new SwarmHarness({ subnetOctet: 50 });
const WEB_PORT = 8080;
let first: SwarmHost, second: SwarmHost, third: SwarmHost;
let firstBoot: BootResult[] = [];
let swarmId = "";

const managersOf = (nodes: SwarmNode[]) => nodes.filter((n) => n.ManagerStatus);
const sorted = (lines: string) => lines.split("\n").filter(Boolean).sort();

/** The id of the running container of a service's task on a host, or "". */
const taskOf = (host: SwarmHost, service: string): string =>
  harness.docker(host, ["ps", "-q", "--filter", `label=com.docker.swarm.service.name=${service}`]).stdout.trim().split("\n")[0];

/** What must survive a lost quorum: services, secrets and configs by name. */
function catalogue(host: SwarmHost): { services: string[]; secrets: string[]; configs: string[] } {
  return {
    services: sorted(harness.dockerOk(host, ["service", "ls", "--format", "{{.Name}} {{.Mode}}"])),
    secrets: sorted(harness.dockerOk(host, ["secret", "ls", "--format", "{{.Name}}"])).filter((s) => !s.startsWith("probe-")),
    configs: sorted(harness.dockerOk(host, ["config", "ls", "--format", "{{.Name}}"])),
  };
}

describeWith(
  harnessRequirements(),
  "a real swarm on three namespace hosts",
  () => {
    jest.setTimeout(240000);

    beforeAll(async () => {
      harness.setUp();
      [first, second, third] = harness.addHosts(3, (i): Record<string, string> => (i === 1 ? { redis: "true" } : {}));
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

    test("an overlay network carries traffic between tasks on different nodes", async () => {
      harness.dockerOk(first, ["network", "create", "--driver", "overlay", "--opt", "com.docker.network.driver.mtu=1400", "backend"]);
      // dnsrr: the kernel here has no IPVS for a virtual IP (see the suite's notes).
      harness.dockerOk(first, ["service", "create", "--detach", "--no-resolve-image", "--name", "api", "--mode", "global", "--network", "backend", "--endpoint-mode", "dnsrr", STANDIN_IMAGE]);
      await harness.waitFor("an api task on every node", 60000, () => [first, second, third].every((h) => taskOf(h, "api") !== ""));

      const target = harness.dockerOk(first, ["inspect", "--format", '{{(index .NetworkSettings.Networks "backend").IPAddress}}', taskOf(first, "api")]);
      const reply = harness.docker(second, ["exec", taskOf(second, "api"), "sh", "-c", `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | busybox nc -w 3 ${target} 80`]);
      const mtu = harness.dockerOk(third, ["exec", taskOf(third, "api"), "busybox", "cat", "/sys/class/net/eth0/mtu"]);

      expect(target).toMatch(/^10\.200\./);
      expect(reply.stdout).toMatch(/^HTTP\/1\.[01] 200/);
      expect(reply.stdout.endsWith(`\r\n\r\n${STANDIN_PAGE}`)).toBe(true);
      // VXLAN adds 50 bytes; a full frame must fit the private network's 1450 (libnetwork takes the 50 off the option itself).
      expect(Number(mtu) + 50).toBeLessThanOrEqual(1450);
    });

    describe("losing managers", () => {
      let before: ReturnType<typeof catalogue>;
      let lostFirst: SwarmHost;
      let lostSecond: SwarmHost;
      let last: SwarmHost;

      test("with the leader gone, a new leader is elected and writes succeed again", async () => {
        before = catalogue(first);
        lostFirst = harness.leader(first)!;
        const survivors = [first, second, third].filter((h) => h !== lostFirst);

        const lostAt = Date.now();
        harness.powerOff(lostFirst);
        const outage = await harness.writeOutage(survivors[0], lostAt);

        expect(outage.ms).toBeGreaterThan(0);
        const leader = harness.leader(survivors[1]);
        expect(survivors).toContain(leader);
        expect(harness.dockerOk(survivors[1], ["service", "scale", "--detach", "worker=3"])).toContain("worker scaled to 3");
        expect(harness.dockerOk(survivors[0], ["service", "inspect", "worker", "--format", "{{.Spec.Mode.Replicated.Replicas}}"])).toBe("3");
      });

      test("with a second manager gone, writes are refused while running tasks keep serving", async () => {
        lostSecond = harness.leader(first === lostFirst ? second : first)!;
        last = [first, second, third].find((h) => h !== lostFirst && h !== lostSecond)!;

        harness.powerOff(lostSecond);

        // Writes hang until the lone manager sees it has no quorum, then fail at once; none goes through.
        const attempts: CommandResult[] = [];
        await harness.waitFor("a write refused for want of a leader", 60000, () => {
          attempts.push(harness.tryWrite(last, 5000));
          return /does not have a leader|quorum/i.test(attempts[attempts.length - 1].stderr);
        });
        expect(attempts.filter((a) => a.status === 0)).toEqual([]);
        const refused = harness.tryWrite(last, 5000);
        expect(refused.status).not.toBe(0);
        expect(harness.dockerOk(last, ["info", "--format", "{{.Swarm.LocalNodeState}}"])).toBe("active");
        expect(harness.httpGet(last, last.address, WEB_PORT)).toBe(STANDIN_PAGE);
      });

      test("with both back, the cluster recovers with every service, secret and config", async () => {
        harness.powerOn(lostFirst);
        harness.powerOn(lostSecond);

        await harness.waitFor("three healthy managers after the restart", 150000, () => harness.healthyManagers(last, 3));
        expect(catalogue(last)).toEqual({ ...before, services: before.services });
        expect(harness.tryWrite(last).status).toBe(0);
        expect(harness.tryWrite(lostFirst).status).toBe(0);
        await harness.waitFor("web answering on every node again", 90000, () =>
          [first, second, third].every((h) => harness.httpGet(last, h.address, WEB_PORT) === STANDIN_PAGE),
        );
        expect([first, second, third].map((h) => harness.swarmInfo(h).clusterId)).toEqual([swarmId, swarmId, swarmId]);
      });
    });

    test("a replaced seed joins the existing swarm and removes its dead entry", async () => {
      const oldId = harness.swarmInfo(first).nodeId;
      harness.wipeDocker(first);
      // A rebuilt server takes minutes; by then its old entry is down.
      await harness.waitFor("the old seed to be down", 60000, () =>
        harness.nodes(second).some((n) => n.ID === oldId && n.Status.State === "down"),
      );

      harness.powerOn(first);
      const replaced = await harness.bootstrap(first);

      expect(replaced.status).toBe(0);
      expect(replaced.stderr).toMatch(/has a swarm: joining through/);
      expect(replaced.stderr).not.toMatch(/founding it/);
      expect(replaced.stderr).toContain(`removing ${oldId}, the dead entry for ${first.hostname}`);
      expect([first, second, third].map((h) => harness.swarmInfo(h).clusterId)).toEqual([swarmId, swarmId, swarmId]);
      await harness.waitFor("three healthy managers with the replacement", 60000, () => harness.healthyManagers(second, 3));
      const entries = harness.nodes(third).filter((n) => n.Description.Hostname === first.hostname);
      expect(entries.map((n) => n.ID)).toEqual([harness.swarmInfo(first).nodeId]);
      expect(entries[0].ID).not.toBe(oldId);
      expect(entries[0].Spec.Labels).toEqual({ redis: "true" });
    });

    test("a fourth node joins without any manual step", async () => {
      const [fourth] = harness.addHosts(1);

      const [joined] = await harness.boot([fourth]);

      expect(joined.status).toBe(0);
      expect(joined.stderr).toMatch(/has a swarm: joining through/);
      expect(harness.swarmInfo(fourth).clusterId).toBe(swarmId);
      await harness.waitFor("four healthy managers", 60000, () => harness.healthyManagers(first, 4));
      const node = harness.nodes(first).find((n) => n.Description.Hostname === fourth.hostname);
      expect([node?.Status.Addr, node?.ManagerStatus?.Addr]).toEqual([fourth.address, `${fourth.address}:2377`]);
      harness.importImage(fourth);
      await harness.waitFor("web answering on the fourth node", 90000, () => harness.httpGet(first, fourth.address, WEB_PORT) === STANDIN_PAGE);
    });
  },
);
