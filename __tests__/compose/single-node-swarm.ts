import { spawn, spawnSync, SpawnSyncReturns } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * One Docker engine (Debian's docker.io) in a network namespace of its own,
 * made a single-node swarm. Every name it uses starts with `cstk-<id>` (data
 * root, exec root, socket, pidfile, namespace, links), so it never meets the
 * multi-node harness or a leftover run. The default bridge is off; the swarm
 * makes its own docker_gwbridge inside the namespace.
 */
export class SingleNodeSwarm {
  readonly id = randomBytes(3).toString("hex");
  readonly ns = `cstk-${this.id}`;
  /** The node's address, on a veth pair inside the namespace. */
  readonly address = "10.231.0.1";
  readonly runDir = path.join(os.tmpdir(), `cstk-${this.id}-run`);
  readonly dataRoot = path.join(os.tmpdir(), `cstk-${this.id}-data`);
  readonly socket = `${this.runDir}/docker.sock`;
  readonly logFile = path.join(os.tmpdir(), `cstk-${this.id}-dockerd.log`);
  private started = false;
  private readonly clients: string[] = [];

  /** Environment for a docker client that talks to this engine. */
  get env(): NodeJS.ProcessEnv {
    return { ...process.env, DOCKER_HOST: `unix://${this.socket}` };
  }

  /** Starts dockerd in its namespace and waits until it answers. */
  async start(): Promise<void> {
    run("ip", ["netns", "add", this.ns]);
    this.started = true;
    run("ip", ["-n", this.ns, "link", "set", "lo", "up"]);
    run("ip", ["-n", this.ns, "link", "add", "cstka", "type", "veth", "peer", "name", "cstkb"]);
    run("ip", ["-n", this.ns, "addr", "add", `${this.address}/24`, "dev", "cstka"]);
    run("ip", ["-n", this.ns, "link", "set", "cstka", "up"]);
    run("ip", ["-n", this.ns, "link", "set", "cstkb", "up"]);
    fs.mkdirSync(this.runDir, { recursive: true });
    fs.mkdirSync(this.dataRoot, { recursive: true });

    // `ip netns exec` mounts a fresh /sys without the cgroup hierarchies dockerd needs; mount them in its private mount namespace.
    const mountCgroups = [
      "set -e",
      "mount -t tmpfs cgroup /sys/fs/cgroup",
      'if grep -q " cgroup2 " /proc/self/mountinfo && ! grep -q " cgroup " /proc/self/mountinfo; then mount -t cgroup2 none /sys/fs/cgroup; else',
      "for c in cpu cpuacct cpuset memory devices freezer blkio pids; do mkdir -p /sys/fs/cgroup/$c; mount -t cgroup -o $c cgroup /sys/fs/cgroup/$c; done",
      "mkdir -p /sys/fs/cgroup/systemd; mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd; fi",
      // A private /run, so the engine can also answer on /var/run/docker.sock (what Dozzle mounts) without touching the host's.
      "mount -t tmpfs -o mode=755 cstk-run /run",
      'exec "$@"',
    ].join("\n");
    const log = fs.openSync(this.logFile, "w");
    const child = spawn(
      "ip",
      [
        "netns", "exec", this.ns, "sh", "-c", mountCgroups, "sh",
        "/usr/sbin/dockerd",
        "--data-root", this.dataRoot,
        "--exec-root", `${this.runDir}/exec`,
        "--host", `unix://${this.socket}`,
        "--host", "unix:///var/run/docker.sock",
        "--pidfile", `${this.runDir}/docker.pid`,
        "--bridge", "none",
      ],
      { stdio: ["ignore", log, log], detached: true },
    );
    child.unref();
    fs.closeSync(log);

    const deadline = Date.now() + 60000;
    while (this.docker(["info", "--format", "{{.ServerVersion}}"]).status !== 0) {
      if (Date.now() > deadline) throw new Error(`dockerd did not start; see ${this.logFile}`);
      await sleep(500);
    }
  }

  /** `docker swarm init` on the node's address. */
  initSwarm(): void {
    this.mustDocker(["swarm", "init", "--advertise-addr", this.address]);
  }

  /** Runs the docker client (Debian's, as on the nodes) against this engine. */
  docker(args: readonly string[], input?: string): SpawnSyncReturns<string> {
    return spawnSync("/usr/bin/docker", args, { env: this.env, encoding: "utf8", input, timeout: 120000 });
  }

  /** Like docker(), but throws on failure and returns stdout. */
  mustDocker(args: readonly string[], input?: string): string {
    const r = this.docker(args, input);
    if (r.status !== 0) throw new Error(`docker ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  }

  /** Runs a command inside the namespace (e.g. curl against the node). */
  exec(command: string, args: readonly string[]): SpawnSyncReturns<string> {
    return spawnSync("ip", ["netns", "exec", this.ns, command, ...args], { encoding: "utf8", timeout: 30000 });
  }

  /**
   * A second namespace beside the node, as the outside world: a veth link to
   * the node (10.231.1.1 on the node's end) and `addresses` on the client's
   * end, so requests reach the node's published ports from an address of the
   * test's choosing and are not rewritten on the way. Removed by stop().
   */
  addClient(addresses: readonly string[]): NamespaceClient {
    const ns = `${this.ns}-c`;
    run("ip", ["netns", "add", ns]);
    this.clients.push(ns);
    run("ip", ["-n", ns, "link", "set", "lo", "up"]);
    run("ip", ["-n", this.ns, "link", "add", "cstkc", "type", "veth", "peer", "name", "cstkd", "netns", ns]);
    run("ip", ["-n", this.ns, "addr", "add", "10.231.1.1/24", "dev", "cstkc"]);
    run("ip", ["-n", this.ns, "link", "set", "cstkc", "up"]);
    run("ip", ["-n", ns, "link", "set", "cstkd", "up"]);
    for (const address of addresses) {
      const onLink = address.startsWith("10.231.1.");
      run("ip", ["-n", ns, "addr", "add", onLink ? `${address}/24` : `${address}/32`, "dev", "cstkd"]);
      if (!onLink) run("ip", ["-n", this.ns, "route", "add", `${address}/32`, "dev", "cstkc"]);
    }
    run("ip", ["-n", ns, "route", "add", "default", "via", "10.231.1.1"]);
    return {
      ns,
      exec: (command, args, input) => spawnSync("ip", ["netns", "exec", ns, command, ...args], { encoding: "utf8", timeout: 30000, input }),
    };
  }

  /**
   * Leaves the swarm, stops dockerd and whatever it left running, removes the
   * namespace and the folders. Safe after a partial start.
   */
  async stop(): Promise<void> {
    if (!this.started) return;
    if (fs.existsSync(this.socket)) this.docker(["swarm", "leave", "--force"]);
    const pid = readPid(`${this.runDir}/docker.pid`);
    if (pid) {
      signal(pid, "SIGTERM");
      const deadline = Date.now() + 30000;
      while (alive(pid) && Date.now() < deadline) await sleep(250);
      if (alive(pid)) signal(pid, "SIGKILL");
    }
    // Container shims name this engine's exec root on their command line; end those, by pid.
    for (const p of processesMentioning(this.runDir)) signal(p, "SIGKILL");
    for (const client of this.clients.splice(0)) spawnSync("ip", ["netns", "del", client]);
    spawnSync("ip", ["netns", "del", this.ns]);
    for (const dir of [this.dataRoot, this.runDir]) {
      if (/\/cstk-[0-9a-f]{6}-(data|run)$/.test(dir)) fs.rmSync(dir, { recursive: true, force: true });
    }
    fs.rmSync(this.logFile, { force: true });
    this.started = false;
  }
}

/** A namespace that plays the outside world for a SingleNodeSwarm. */
export interface NamespaceClient {
  readonly ns: string;
  exec(command: string, args: readonly string[], input?: string): SpawnSyncReturns<string>;
}

function run(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Pids whose command line contains `needle`. */
function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(needle)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
