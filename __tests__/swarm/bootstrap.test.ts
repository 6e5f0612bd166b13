import * as fs from "fs";
import * as path from "path";
import { StubHost } from "../helpers/stubs";
import { repoRoot } from "../helpers/tools";

const BOOTSTRAP = path.join(repoRoot, "swarm", "bootstrap.sh");
const TOKEN = "SWMTKN-1-0123456789abcdefghijklmnopqrstuvwxyz0123456789abcd-0123456789abcdefghijklmno";

/** Hetzner-like addresses: the public one first, the private /32 on an interface named by server type. */
const ADDRESSES = [
  "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever",
  "2: eth0    inet 203.0.113.10/32 metric 100 scope global dynamic eth0\\       valid_lft 86000sec preferred_lft 86000sec",
  "3: enp7s0    inet 10.0.1.2/32 brd 10.0.1.2 scope global dynamic enp7s0\\       valid_lft 86000sec preferred_lft 86000sec",
].join("\n");

let host: StubHost;

/** A node with private address 10.0.1.2, two peers and tiny timeouts. */
function node(settings: Record<string, string> = {}): void {
  const all: Record<string, string> = {
    SUBNET: "10.0.1.0/24",
    PEERS: "10.0.1.3 10.0.1.4",
    SEED: "0",
    SSH_PORT: "2222",
    TOKEN_USER: "swarm-token",
    TOKEN_KEY: path.join(host.state, "token.key"),
    KNOWN_HOSTS: path.join(host.state, "known_hosts"),
    LABELS: "",
    INGRESS_MTU: "1400",
    ADDR_POOL: "10.200.0.0/16",
    ADDR_TIMEOUT: "2",
    DOCKER_TIMEOUT: "2",
    JOIN_TIMEOUT: "1.5",
    ASK_TIMEOUT: "5",
    BACKOFF_START: "0.05",
    BACKOFF_MAX: "0.1",
    POLL_INTERVAL: "0.05",
    ...settings,
  };
  host.write("swarm.env", `# test settings\n${Object.entries(all).map(([k, v]) => `${k}=${v}`).join("\n")}\n`);
  host.write("addresses", `${ADDRESSES}\n`);
  host.write("name", "casera-prod-2\n");
}

const bootstrap = () =>
  host.run(BOOTSTRAP, { CASERA_SWARM_ENV: path.join(host.state, "swarm.env"), CASERA_SWARM_LOG: path.join(host.state, "casera-swarm.log") });

const peer = (address: string, answer: string) => host.write(`peer-${address}`, `${answer}\n`);
const swarmChanges = () => host.calls("docker").filter((c) => /^docker (swarm (init|join )|network|node (demote|rm|update))/.test(c));

beforeEach(() => {
  host = new StubHost(["docker", "ssh", "ip", "logger"]);
});

afterEach(() => {
  host.remove();
});

describe("bootstrap.sh", () => {
  test("joins through a peer that has a token, advertising the private address", () => {
    node();
    peer("10.0.1.4", `token ${TOKEN} 10.0.1.4`);

    const result = bootstrap();

    expect(result.status).toBe(0);
    expect(swarmChanges()).toEqual([
      `docker swarm join --token ${TOKEN} --advertise-addr 10.0.1.2 --data-path-addr 10.0.1.2 --listen-addr 10.0.1.2:2377 10.0.1.4:2377`,
    ]);
  });

  test("asks peers as the token user with the token key, strict host keys and a connect timeout", () => {
    node();
    peer("10.0.1.3", `token ${TOKEN} 10.0.1.3`);

    bootstrap();

    const [ask] = host.calls("ssh");
    expect(ask).toContain(`-i ${path.join(host.state, "token.key")} -p 2222`);
    expect(ask).toContain("-o BatchMode=yes");
    expect(ask).toContain("-o StrictHostKeyChecking=yes");
    expect(ask).toContain(`-o UserKnownHostsFile=${path.join(host.state, "known_hosts")}`);
    expect(ask).toContain("-o ConnectTimeout=5");
    expect(ask).toContain("swarm-token@10.0.1.3");
  });

  test("founds the swarm when it is the seed and every peer says no-swarm", () => {
    node({ SEED: "1" });
    peer("10.0.1.3", "no-swarm");
    peer("10.0.1.4", "no-swarm");

    const result = bootstrap();

    expect(result.status).toBe(0);
    expect(swarmChanges()).toEqual([
      "docker swarm init --advertise-addr 10.0.1.2 --data-path-addr 10.0.1.2 --listen-addr 10.0.1.2:2377 --default-addr-pool 10.200.0.0/16",
      "docker network rm ingress",
      "docker network create --driver overlay --ingress --opt com.docker.network.driver.mtu=1400 ingress",
    ]);
  });

  test("recreates the ingress network with the configured MTU", () => {
    node({ SEED: "1", PEERS: "", INGRESS_MTU: "1380" });

    bootstrap();

    expect(host.calls("docker network create")).toEqual([
      "docker network create --driver overlay --ingress --opt com.docker.network.driver.mtu=1380 ingress",
    ]);
  });

  test("founds a single-node swarm when it is the seed and has no peers", () => {
    node({ SEED: "1", PEERS: "" });

    const result = bootstrap();

    expect(result.status).toBe(0);
    expect(host.calls("docker swarm init")).toHaveLength(1);
    expect(host.calls("ssh")).toEqual([]);
  });

  test("a non-seed retries, then fails clearly when no peer has a swarm", () => {
    node({ SEED: "0" });
    peer("10.0.1.3", "no-swarm");
    peer("10.0.1.4", "no-swarm");

    const result = bootstrap();

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/FAILED: no swarm joined after 1.5s; this node is not the seed/);
    expect(result.stderr).toContain("last answers: 10.0.1.3=no-swarm 10.0.1.4=no-swarm");
    expect(host.calls("ssh").length).toBeGreaterThan(2);
    expect(swarmChanges()).toEqual([]);
  });

  test("a replaced seed joins the swarm its peers have and never founds one", () => {
    node({ SEED: "1" });
    peer("10.0.1.3", `token ${TOKEN} 10.0.1.3`);
    peer("10.0.1.4", `token ${TOKEN} 10.0.1.4`);

    const result = bootstrap();

    expect(result.status).toBe(0);
    expect(host.calls("docker swarm join ")).toHaveLength(1);
    expect(host.calls("docker swarm init")).toEqual([]);
  });

  test("a seed does not found a swarm while a peer is unreachable, and fails clearly", () => {
    node({ SEED: "1" });
    peer("10.0.1.3", "no-swarm");

    const result = bootstrap();

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("the seed founds one only when every peer answers no-swarm");
    expect(result.stderr).toContain("last answers: 10.0.1.3=no-swarm 10.0.1.4=unreachable");
    expect(swarmChanges()).toEqual([]);
  });

  test("a seed does not found a swarm while a peer is not ready", () => {
    node({ SEED: "1" });
    peer("10.0.1.3", "no-swarm");
    peer("10.0.1.4", "not-ready");

    const result = bootstrap();

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("10.0.1.4=not-ready");
    expect(swarmChanges()).toEqual([]);
  });

  test("a seed takes a garbled answer for no answer", () => {
    node({ SEED: "1" });
    peer("10.0.1.3", "no-swarm");
    peer("10.0.1.4", "token not-a-token; rm -rf /");

    const result = bootstrap();

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("10.0.1.4=unexpected");
    expect(swarmChanges()).toEqual([]);
  });

  test("keeps asking when a join fails, then fails clearly", () => {
    node();
    peer("10.0.1.3", `token ${TOKEN} 10.0.1.3`);
    host.write("join-fails", "");

    const result = bootstrap();

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("joining through 10.0.1.3 failed: Error response from daemon: join failed");
    expect(host.calls("docker swarm join ").length).toBeGreaterThan(1);
  });

  test("does nothing when the node is already an active swarm member", () => {
    node({ SEED: "1" });
    host.write("swarm-state", "active\n");

    const result = bootstrap();

    expect(result.status).toBe(0);
    expect(result.stderr).toContain("already an active swarm member");
    expect(host.calls("ssh")).toEqual([]);
    expect(swarmChanges()).toEqual([]);
  });

  test("changes nothing when run a second time", () => {
    node({ SEED: "1", LABELS: "redis=true" });
    peer("10.0.1.3", "no-swarm");
    peer("10.0.1.4", "no-swarm");
    bootstrap();
    host.write("labels-json", '{"redis":"true"}\n');
    fs.rmSync(path.join(host.state, "calls"));

    const result = bootstrap();

    expect(result.status).toBe(0);
    expect(swarmChanges()).toEqual([]);
    expect(host.calls("ssh")).toEqual([]);
  });

  test("fails clearly when no address in the subnet appears in time", () => {
    node({ SUBNET: "10.0.9.0/24" });

    const result = bootstrap();

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/FAILED: no IPv4 address in 10\.0\.9\.0\/24 on any interface after 2s; addresses seen: lo 127\.0\.0\.1\/8; eth0 203\.0\.113\.10\/32; enp7s0 10\.0\.1\.2\/32;/);
    expect(host.calls("ssh")).toEqual([]);
  });

  test("fails clearly when docker does not answer in time", () => {
    node();
    host.write("docker-down", "");

    const result = bootstrap();

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("FAILED: docker did not answer within 2s");
  });

  test("fails at once when it has no peers and is not the seed", () => {
    node({ PEERS: "", SEED: "0" });

    const result = bootstrap();

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("no peers to ask and this node is not the seed");
    expect(host.calls("ip")).toEqual([]);
  });

  test("removes the dead manager entry with its own hostname after joining as a replacement", () => {
    node();
    peer("10.0.1.3", `token ${TOKEN} 10.0.1.3`);
    host.write("node-id", "newid\n");
    host.write(
      "nodes",
      ["oldid casera-prod-2 Down Unreachable", "newid casera-prod-2 Ready Reachable", "leaderid casera-prod-1 Ready Leader", "otherid casera-prod-3 Down Unreachable", ""].join("\n"),
    );

    const result = bootstrap();

    expect(result.status).toBe(0);
    expect(host.calls("docker node demote").concat(host.calls("docker node rm"))).toEqual(["docker node demote oldid", "docker node rm oldid"]);
  });

  test("removes nothing after founding a swarm", () => {
    node({ SEED: "1", PEERS: "" });
    host.write("nodes", "oldid casera-prod-2 Down Unreachable\n");

    bootstrap();

    expect(host.calls("docker node ls")).toEqual([]);
  });

  test("adds only the labels the node lacks", () => {
    node({ LABELS: "redis=true zone=a" });
    peer("10.0.1.3", `token ${TOKEN} 10.0.1.3`);
    host.write("labels-json", '{"zone":"a"}\n');

    const result = bootstrap();

    expect(result.status).toBe(0);
    expect(host.calls("docker node update")).toEqual(["docker node update --label-add redis=true self-id"]);
  });

  test("logs each step to the log file and to the journal", () => {
    node();
    peer("10.0.1.3", `token ${TOKEN} 10.0.1.3`);

    bootstrap();

    const log = fs.readFileSync(path.join(host.state, "casera-swarm.log"), "utf8");
    expect(log).toMatch(/^\S+Z private address 10\.0\.1\.2 \(in 10\.0\.1\.0\/24\)$/m);
    expect(log).toContain("joining through 10.0.1.3:2377");
    expect(log).not.toContain(TOKEN);
    expect(host.calls("logger")).toContain("logger -t casera-swarm -- docker is up");
  });

  test("refuses a settings file without a subnet", () => {
    node({ SUBNET: "" });

    const result = bootstrap();

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/does not set SUBNET/);
  });
});
