import { SwarmHarness } from "../__tests__/helpers/swarm-harness";
import { isHelp } from "./user-files";

/**
 * `npm run bench` (as root, with docker.io, iproute2, iptables, openssh-server,
 * sudo and busybox-static): boots three namespace hosts at once with the real
 * bootstrap and prints, from one run, the time from first boot to a healthy
 * 3-manager swarm and how long writes fail after the leader is lost.
 */

const USAGE = "usage: npm run bench  (no options: the swarm, load and synth benches in one run; npm run bench-synth takes options for the synth bench alone)";
const args = process.argv.slice(2);
if (args.length > 0) {
  const help = isHelp(args);
  (help ? console.log : console.error)(help ? USAGE : `bench: takes no options; got ${args.map((a) => JSON.stringify(a)).join(" ")}\n${USAGE}`);
  process.exit(help ? 0 : 2);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const harness = new SwarmHarness({ subnetOctet: 60 });
  try {
    harness.setUp();
    const hosts = harness.addHosts(3);

    const bootedAt = Date.now();
    const boots = await harness.boot(hosts);
    for (const boot of boots) {
      if (boot.status !== 0) throw new Error(`bootstrap failed on ${boot.host.hostname}:\n${boot.stderr}`);
    }
    await harness.waitFor("three healthy managers", 120000, () => harness.healthyManagers(hosts[0], 3));
    const formedMs = Date.now() - bootedAt;

    const leader = harness.leader(hosts[0]);
    if (!leader) throw new Error("no leader after bootstrap");
    const survivors = hosts.filter((h) => h !== leader);
    const lostAt = Date.now();
    harness.powerOff(leader);
    const outage = await harness.writeOutage(survivors[0], lostAt);
    const newLeader = harness.leader(survivors[0]);

    console.log("casera swarm bench (3 managers, namespace hosts, Debian docker.io)");
    console.log(`  first boot -> 3-manager swarm:   ${seconds(formedMs)}`);
    for (const boot of boots) console.log(`    bootstrap on ${boot.host.hostname}:    ${seconds(boot.ms)}`);
    console.log(`  writes unavailable after losing the leader (${leader.hostname}): ${seconds(outage.ms)}`);
    const failures = outage.failedAttempts === 0 ? "none failed: they hung until the new leader took them" : `${outage.failedAttempts} failed, the last with: ${outage.lastError.split("\n")[0]}`;
    console.log(`    (a write started every 0.25 s; ${failures})`);
    console.log(`    new leader: ${newLeader?.hostname ?? "none"}`);
  } finally {
    await harness.destroy();
  }
}

main()
  .catch((err) => {
    console.error(`bench failed: ${(err as Error).message}`);
    process.exitCode = 1;
  })
  .then(() => require("./bench-load").main()); // then the load bench (scripts/bench-load.ts): full path vs direct through the edge on its own swarm
process.once("beforeExit", () => require("./bench-synth").main([])); // then the synth bench: Casera vs empty app synth time, peak memory, unit test time
