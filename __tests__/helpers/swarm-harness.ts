import { ChildProcess, spawn, spawnSync, SpawnSyncReturns } from "child_process";
import { createHash, randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { knownHostsLine, renderSshdDropIn } from "../../constructs/node/sshd";
import { renderUserData } from "../../constructs/node/user-data";
import { LocalUsers } from "./local-users";
import { ensurePrivsepDir, writeSshdConfig } from "./sshd";
import { makeKey, TestKey } from "./ssh-keys";
import { which } from "./tools";

/**
 * Hosts for a real Docker Swarm on one machine. Each host is a network
 * namespace with its own UTS namespace (hostname), a veth into a bridge that
 * stands in for Hetzner's private network (MTU 1450), its own dockerd (data
 * and exec roots, socket) and its own sshd for the token user. What cloud-init
 * would write is rendered by `renderUserData` and laid down under the host's
 * root folder; the bootstrap that runs is the one laid down there.
 *
 * Everything it makes carries the run's id (`csw<pid>`), so parallel runs do
 * not collide, and `destroy()` (also run on process exit) removes it all.
 */

/** Everything the harness writes lives below this folder (not /tmp: sshd's StrictModes refuses world-writable parents). */
export const HARNESS_BASE = "/var/lib/casera-swarm-test";

/** The stand-in image every host imports: static busybox serving /www over HTTP on port 80. */
export const STANDIN_IMAGE = "casera/standin:1";

/** What the stand-in serves at `/`. */
export const STANDIN_PAGE = "casera stand-in\n";

const SSH_PORT = 2222;
const SHIM_SOCKET = /^\/run\/containerd\/s\/[0-9a-f]{64}$/;

export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface BootResult extends CommandResult {
  readonly host: SwarmHost;
  /** Milliseconds from the boot's start until the bootstrap exited. */
  readonly ms: number;
}

/** How long writes failed after a manager was lost. */
export interface WriteOutage {
  /** Milliseconds from the loss to the first write that succeeded. */
  readonly ms: number;
  readonly failedAttempts: number;
  /** What the last failed write said. */
  readonly lastError: string;
}

/** One node as `docker node inspect` reports it (only what the tests read). */
export interface SwarmNode {
  readonly ID: string;
  readonly Version: { Index: number };
  readonly Spec: { Role: string; Labels: Record<string, string> };
  readonly Description: { Hostname: string };
  readonly Status: { State: string; Addr: string };
  readonly ManagerStatus?: { Leader?: boolean; Reachability: string; Addr: string };
}

/** One host: a network namespace with its own hostname, dockerd and sshd. */
export class SwarmHost {
  /** The host's folder: cloud-init's files under `root/`, Docker's state in `docker/` and `exec/`. */
  readonly dir: string;
  readonly root: string;
  readonly dataRoot: string;
  readonly execRoot: string;
  readonly socket: string;
  readonly hostKey: TestKey;
  /** Set when the host's files are laid down. */
  peers: string[] = [];
  dockerd?: ChildProcess;
  sshd?: ChildProcess;

  constructor(
    readonly index: number,
    readonly netns: string,
    readonly hostname: string,
    readonly address: string,
    readonly seed: boolean,
    readonly labels: Readonly<Record<string, string>>,
    runDir: string,
  ) {
    this.dir = path.join(runDir, `h${index}`);
    this.root = path.join(this.dir, "root");
    this.dataRoot = path.join(this.dir, "docker");
    this.execRoot = path.join(this.dir, "exec");
    this.socket = path.join(this.root, "run", "docker.sock");
    fs.mkdirSync(path.join(this.dir, "keys"), { recursive: true, mode: 0o755 });
    this.hostKey = makeKey(path.join(this.dir, "keys"), "host", "");
  }

  /** The path a node file (`/etc/casera/swarm.env`, ...) has in this host's root folder. */
  file(nodePath: string): string {
    return path.join(this.root, nodePath);
  }

  get dockerHost(): string {
    return `unix://${this.socket}`;
  }

  /** The bootstrap's own log (what /var/log/casera-swarm.log holds on a node). */
  bootstrapLog(): string {
    const file = this.file("/var/log/casera-swarm.log");
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  }
}

export interface HarnessOptions {
  /** Third octet of the test subnet 10.231.<octet>.0/24. @default 50 */
  readonly subnetOctet?: number;
  /** How long one bootstrap may run before it is killed. @default 180000 */
  readonly bootTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a command; never throws. */
function exec(cmd: string, args: readonly string[], opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CommandResult {
  const result: SpawnSyncReturns<string> = spawnSync(cmd, args, {
    encoding: "utf8",
    input: opts.input,
    env: opts.env ?? process.env,
    timeout: opts.timeoutMs ?? 60000,
    killSignal: "SIGKILL",
  });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? String(result.error ?? "") };
}

/** Runs a command that must succeed. */
function must(cmd: string, args: readonly string[], opts: { input?: string } = {}): string {
  const result = exec(cmd, args, opts);
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed (${result.status}): ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** Deletes a folder of this harness, refusing anything outside HARNESS_BASE/csw*. */
function removeHarnessDir(dir: string): void {
  const resolved = path.resolve(dir);
  if (!dir || resolved !== dir || !resolved.startsWith(`${HARNESS_BASE}/csw`) || resolved.includes("..")) {
    throw new Error(`refusing to remove '${dir}': not a harness folder`);
  }
  unmountBelow(resolved);
  exec("rm", ["-rf", "--one-file-system", "--", resolved]);
}

/** Lazily unmounts everything mounted below `dir`, deepest first (dockerd leaves overlay, shm and netns mounts). */
function unmountBelow(dir: string): void {
  const points = fs
    .readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((point): point is string => point !== undefined && point.startsWith(`${dir}/`))
    .map((point) => point.replace(/\\040/g, " "))
    .sort((a, b) => b.length - a.length);
  for (const point of points) {
    exec("umount", ["-l", point]);
  }
}

/** All live processes as pid -> parent pid. */
function processTable(): Map<number, number> {
  const table = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z") table.set(Number(entry), Number(fields[1]));
    } catch {
      // exited meanwhile
    }
  }
  return table;
}

/** The processes in a network namespace and all their descendants (containers run in namespaces of their own). */
function namespaceProcesses(netns: string): number[] {
  const inside = exec("ip", ["netns", "pids", netns]).stdout.split(/\s+/).filter(Boolean).map(Number);
  const table = processTable();
  const found = new Set(inside.filter((pid) => table.has(pid)));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of table) {
      if (!found.has(pid) && found.has(parent)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return [...found];
}

/** containerd shim sockets bound by processes in a namespace (they outlive a killed shim). */
function shimSockets(pids: readonly number[]): string[] {
  for (const pid of pids) {
    try {
      return fs
        .readFileSync(`/proc/${pid}/net/unix`, "utf8")
        .split("\n")
        .map((line) => line.trim().split(/\s+/)[7])
        .filter((p): p is string => p !== undefined && SHIM_SOCKET.test(p));
    } catch {
      // that one exited; try the next
    }
  }
  return [];
}

/** Kills every process of a host, the way pulling its power would; removes the shim sockets they leave. */
function killNamespace(netns: string): void {
  const sockets = new Set<string>();
  const deadline = Date.now() + 10000;
  for (;;) {
    const pids = namespaceProcesses(netns);
    shimSockets(pids).forEach((s) => sockets.add(s));
    if (pids.length === 0 || Date.now() > deadline) break;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    spawnSync("sleep", ["0.1"]);
  }
  for (const socket of sockets) fs.rmSync(socket, { force: true });
}

/** The Docker CLI from the distribution's docker.io when present. */
export function dockerCli(): string {
  return fs.existsSync("/usr/bin/docker") ? "/usr/bin/docker" : (which("docker") ?? "docker");
}

/**
 * The stand-in image as a rootfs tar: the static busybox from `busybox-static`
 * and one page. Cached in ~/.cache/casera-images under the binary's hash and
 * rebuilt when missing. No registry is involved.
 */
export function standinImageTar(): string {
  const busybox = "/bin/busybox";
  if (!hasStaticBusybox()) {
    throw new Error(`${busybox} must be the static busybox (Debian package busybox-static)`);
  }
  const hash = createHash("sha256").update(fs.readFileSync(busybox)).update(STANDIN_PAGE).digest("hex").slice(0, 16);
  const cacheDir = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "casera-images");
  const tar = path.join(cacheDir, `standin-${hash}.tar`);
  if (fs.existsSync(tar)) return tar;

  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "casera-standin-"));
  try {
    fs.mkdirSync(path.join(staging, "bin"));
    fs.mkdirSync(path.join(staging, "www"));
    fs.copyFileSync(busybox, path.join(staging, "bin", "busybox"));
    fs.chmodSync(path.join(staging, "bin", "busybox"), 0o755);
    fs.symlinkSync("busybox", path.join(staging, "bin", "sh"));
    fs.writeFileSync(path.join(staging, "www", "index.html"), STANDIN_PAGE);
    const partial = `${tar}.${process.pid}.partial`;
    must("tar", ["--numeric-owner", "--owner=0", "--group=0", "-C", staging, "-cf", partial, "."]);
    fs.renameSync(partial, tar);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return tar;
}

/** True when /bin/busybox is the static build (Debian package busybox-static) the stand-in image needs. */
export function hasStaticBusybox(): boolean {
  if (!fs.existsSync("/bin/busybox")) return false;
  const ldd = exec("ldd", ["/bin/busybox"]);
  return /not a dynamic executable|statically linked/.test(ldd.stdout + ldd.stderr);
}

/** What the harness needs, for describeWith(): tools from docker.io, iproute2, iptables, util-linux, openssh-server, sudo; root. */
export function harnessRequirements(): Array<{ ok: boolean; why: string }> {
  const commands = ["dockerd", "docker", "containerd", "containerd-shim-runc-v2", "runc", "iptables", "ip", "nsenter", "unshare", "sshd", "ssh", "ssh-keygen", "sudo", "visudo", "useradd", "userdel", "tar", "ldd"];
  return [
    ...commands.map((cmd) => ({ ok: which(cmd) !== undefined, why: `\`${cmd}\` is not installed` })),
    { ok: hasStaticBusybox(), why: "/bin/busybox is not the static build (install busybox-static)" },
    { ok: typeof process.getuid === "function" && process.getuid() === 0, why: "needs root" },
  ];
}

/** Every harness alive in this process, for the exit-time cleanup. */
const live = new Set<SwarmHarness>();
let exitHooked = false;

function hookProcessExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  const cleanAll = () => live.forEach((h) => h.destroySync());
  process.once("exit", cleanAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      cleanAll();
      process.exit(128 + (os.constants.signals[signal] ?? 1));
    });
  }
}

export class SwarmHarness {
  /** Unique per run: prefixes namespaces, links, folders, the token user and the iptables rule. */
  readonly id: string;
  readonly subnet: string;
  readonly bridge: string;
  readonly runDir: string;
  readonly tokenUser: string;
  readonly hosts: SwarmHost[] = [];
  private readonly octet: number;
  private readonly bootTimeoutMs: number;
  private readonly users = new LocalUsers();
  private readonly sudoersFile: string;
  private tokenKey?: TestKey;
  private deployKey?: TestKey;
  private forwardRule?: string[];
  private destroyed = false;

  constructor(options: HarnessOptions = {}) {
    this.id = `csw${process.pid}${randomBytes(1).toString("hex")}`.slice(0, 11);
    this.octet = options.subnetOctet ?? 50;
    this.subnet = `10.231.${this.octet}.0/24`;
    this.bridge = `${this.id}br`;
    this.runDir = path.join(HARNESS_BASE, this.id);
    this.tokenUser = `${this.id}tok`;
    this.sudoersFile = `/etc/sudoers.d/casera-swarm-${this.id}`;
    this.bootTimeoutMs = options.bootTimeoutMs ?? 180000;
  }

  /** The bridge, the FORWARD rule, the token user and keys. */
  setUp(): void {
    live.add(this);
    hookProcessExit();
    ensurePrivsepDir();
    fs.mkdirSync(HARNESS_BASE, { recursive: true, mode: 0o755 });
    fs.chmodSync(HARNESS_BASE, 0o755);
    sweepAbandonedRuns();
    fs.mkdirSync(this.runDir, { mode: 0o755 });
    fs.chmodSync(this.runDir, 0o755);
    this.saveManifest();

    this.saveManifest();
    must("ip", ["link", "add", this.bridge, "type", "bridge"]);
    must("ip", ["link", "set", this.bridge, "mtu", "1450", "up"]);
    // A host engine sets FORWARD to DROP, and br_netfilter sends bridged frames through it.
    this.forwardRule = ["FORWARD", "-i", this.bridge, "-o", this.bridge, "-m", "comment", "--comment", this.id, "-j", "ACCEPT"];
    this.saveManifest();
    must("iptables", ["-I", ...this.forwardRule]);

    this.users.ensure(this.tokenUser, "/bin/sh");
    this.saveManifest();
    const keys = path.join(this.runDir, "keys");
    fs.mkdirSync(keys, { mode: 0o755 });
    this.tokenKey = makeKey(keys, "token", "");
    this.deployKey = makeKey(keys, "deploy", "ops@example");
  }

  /**
   * Defines `count` more hosts (namespace, veth into the bridge, host key) and
   * lays down their cloud-init files. Peers of a new host are all hosts defined
   * so far; the first host ever defined is the seed.
   */
  addHosts(count: number, labels: (index: number) => Record<string, string> = () => ({})): SwarmHost[] {
    const added: SwarmHost[] = [];
    for (let n = 0; n < count; n++) {
      const index = this.hosts.length + 1;
      const host = new SwarmHost(index, `${this.id}-${index}`, `casera-test-${index}`, `10.231.${this.octet}.${10 + index}`, index === 1, labels(index), this.runDir);
      this.hosts.push(host);
      added.push(host);
      this.saveManifest();
      this.createNamespace(host);
    }
    for (const host of added) {
      host.peers = this.hosts.filter((h) => h !== host).map((h) => h.address);
      this.layDown(host);
    }
    this.writeSudoers();
    return added;
  }

  private createNamespace(host: SwarmHost): void {
    const outside = `${this.id}h${host.index}`;
    must("ip", ["netns", "add", host.netns]);
    must("ip", ["-n", host.netns, "link", "set", "lo", "up"]);
    // Inside, the link gets a Hetzner-like name; the bootstrap finds it by subnet anyway.
    must("ip", ["link", "add", outside, "mtu", "1450", "type", "veth", "peer", "name", "enp7s0", "mtu", "1450", "netns", host.netns]);
    must("ip", ["link", "set", outside, "master", this.bridge, "up"]);
    must("ip", ["-n", host.netns, "addr", "add", `${host.address}/24`, "dev", "enp7s0"]);
    must("ip", ["-n", host.netns, "link", "set", "enp7s0", "up"]);
  }

  /** Paths cloud-init writes at the root of a node, moved into the host's root folder. */
  private rooted(host: SwarmHost, text: string): string {
    return text
      .split("/etc/casera/").join(`${host.root}/etc/casera/`)
      .split("/usr/local/lib/casera/").join(`${host.root}/usr/local/lib/casera/`)
      .split("/etc/ssh/ssh_host_ed25519_key").join(`${host.root}/etc/ssh/ssh_host_ed25519_key`);
  }

  /** Renders the host's user_data and writes its files, the token user's keys and an sshd configuration. */
  private layDown(host: SwarmHost): void {
    const userData = renderUserData({
      hostname: host.hostname,
      sshPort: SSH_PORT,
      deployKeys: [this.deployKey!.publicKey],
      hostKey: { privateKeyBase64: host.hostKey.privateKeyBase64, publicKey: host.hostKey.publicKey },
      privateSubnet: this.subnet,
      swarm: {
        peers: host.peers,
        seed: host.seed,
        tokenUser: this.tokenUser,
        tokenKey: { privateKeyBase64: this.tokenKey!.privateKeyBase64, publicKey: this.tokenKey!.publicKey },
        peerKnownHosts: this.hosts.filter((h) => h !== host).map((h) => knownHostsLine(h.address, h.hostKey.publicKey, SSH_PORT)),
        labels: host.labels,
      },
      terraformEscape: false,
    });
    const config = parse(userData) as {
      write_files: Array<{ path: string; content: string; permissions: string; encoding?: string }>;
      users: Array<{ name: string; sudo?: string; ssh_authorized_keys?: string[] }>;
    };
    fs.mkdirSync(host.root, { recursive: true, mode: 0o755 });
    for (const dir of ["run", "root", "var/log", "etc/docker"]) fs.mkdirSync(host.file(dir), { recursive: true, mode: 0o755 });
    for (const entry of config.write_files) {
      const target = host.file(entry.path);
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
      const content = entry.encoding === "b64" ? Buffer.from(entry.content, "base64") : entry.path === "/etc/casera/swarm.env" ? this.rooted(host, entry.content) : entry.content;
      const mode = parseInt(entry.permissions, 8);
      fs.writeFileSync(target, content, { mode });
      fs.chmodSync(target, mode);
    }
    fs.writeFileSync(host.file("/etc/docker/daemon.json"), "{}\n");

    const tokenUser = config.users.find((u) => u.name === this.tokenUser);
    if (!tokenUser?.sudo || !tokenUser.ssh_authorized_keys) throw new Error(`rendered user_data has no ${this.tokenUser} with sudo and keys`);
    const keysDir = host.file("/authorized_keys");
    fs.mkdirSync(keysDir, { mode: 0o755 });
    fs.writeFileSync(path.join(keysDir, this.tokenUser), tokenUser.ssh_authorized_keys.map((k) => `${this.rooted(host, k)}\n`).join(""), { mode: 0o644 });
    fs.writeFileSync(host.file("/sudo-rule"), `${this.tokenUser} ${this.rooted(host, tokenUser.sudo)}\n`);

    // The rendered drop-in with the host's paths; the main file adds what only the test needs.
    const dropIn = renderSshdDropIn({
      sshPort: SSH_PORT,
      deployUser: "deploy",
      tokenUser: { name: this.tokenUser, subnet: this.subnet, script: host.file("/usr/local/lib/casera/swarm-token.sh") },
      hostKeyPath: host.file("/etc/ssh/ssh_host_ed25519_key"),
    });
    writeSshdConfig(host.file("/etc/ssh"), { "01-casera-hardening.conf": dropIn }, [
      `PidFile ${host.file("/run/sshd.pid")}`,
      `AuthorizedKeysFile ${keysDir}/%u`,
      // The forced command's docker must reach this host's engine; sudo keeps DOCKER_HOST (see writeSudoers).
      `SetEnv DOCKER_HOST=${host.dockerHost}`,
    ]);
  }

  /** The token user's sudo rules (as cloud-init writes them, one per host) plus what lets DOCKER_HOST through. */
  private writeSudoers(): void {
    const rules = this.hosts.map((h) => fs.readFileSync(h.file("/sudo-rule"), "utf8")).join("");
    const content = `Defaults:${this.tokenUser} env_keep += "DOCKER_HOST"\nDefaults:${this.tokenUser} secure_path="/usr/sbin:/usr/bin:/sbin:/bin"\n${rules}`;
    const staged = path.join(this.runDir, "sudoers");
    fs.writeFileSync(staged, content, { mode: 0o440 });
    must("visudo", ["-c", "-q", "-f", staged]);
    fs.writeFileSync(this.sudoersFile, content, { mode: 0o440 });
    fs.chmodSync(this.sudoersFile, 0o440);
  }

  /** Starts `argv` inside the host: its network namespace and a fresh UTS namespace with its hostname. */
  private spawnInHost(host: SwarmHost, argv: readonly string[], log: string, env: NodeJS.ProcessEnv): ChildProcess {
    const fd = fs.openSync(log, "a");
    const child = spawn(
      "nsenter",
      [`--net=/var/run/netns/${host.netns}`, "unshare", "--uts", "sh", "-c", 'hostname "$0" && exec "$@"', host.hostname, ...argv],
      { stdio: ["ignore", fd, fd], env, detached: true },
    );
    fs.closeSync(fd);
    child.unref();
    return child;
  }

  private nodeEnv(host: SwarmHost): NodeJS.ProcessEnv {
    return { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", HOME: host.file("/root"), LANG: "C.UTF-8" };
  }

  /** Powers a host on: its dockerd and sshd start (the bootstrap is separate: cloud-init runs it on first boot only). */
  powerOn(host: SwarmHost): void {
    fs.mkdirSync(host.dataRoot, { recursive: true, mode: 0o711 });
    fs.mkdirSync(host.execRoot, { recursive: true, mode: 0o700 });
    host.dockerd = this.spawnInHost(
      host,
      [
        "dockerd", "--data-root", host.dataRoot, "--exec-root", host.execRoot, "--pidfile", host.file("/run/docker.pid"),
        "-H", host.dockerHost, "--config-file", host.file("/etc/docker/daemon.json"), "--shutdown-timeout", "2",
      ],
      host.file("/var/log/dockerd.log"),
      // No registry exists here: tasks use the image the host already has, never a pull.
      { ...this.nodeEnv(host), DOCKER_SERVICE_PREFER_OFFLINE_IMAGE: "1" },
    );
    host.sshd = this.spawnInHost(host, [which("sshd") ?? "/usr/sbin/sshd", "-D", "-e", "-f", host.file("/etc/ssh/sshd_config")], host.file("/var/log/sshd.log"), this.nodeEnv(host));
  }

  /** Pulls the plug: every process of the host dies at once (dockerd, containerd, shims, containers, sshd). */
  powerOff(host: SwarmHost): void {
    killNamespace(host.netns);
    host.dockerd = undefined;
    host.sshd = undefined;
  }

  /** Wipes the host's Docker state, as a rebuilt server has none. */
  wipeDocker(host: SwarmHost): void {
    this.powerOff(host);
    removeHarnessDir(host.dataRoot);
    removeHarnessDir(host.execRoot);
  }

  /** Runs the laid-down bootstrap.sh on the host, as cloud-init's runcmd does. */
  bootstrap(host: SwarmHost): Promise<BootResult> {
    const started = Date.now();
    return new Promise((resolve) => {
      const child = spawn(
        "nsenter",
        [`--net=/var/run/netns/${host.netns}`, "unshare", "--uts", "sh", "-c", 'hostname "$0" && exec "$@"', host.hostname, "bash", host.file("/usr/local/lib/casera/bootstrap.sh")],
        {
          stdio: ["ignore", "pipe", "pipe"],
          env: {
            ...this.nodeEnv(host),
            DOCKER_HOST: host.dockerHost,
            CASERA_SWARM_ENV: host.file("/etc/casera/swarm.env"),
            CASERA_SWARM_LOG: host.file("/var/log/casera-swarm.log"),
          },
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (d) => (stdout += d));
      child.stderr!.on("data", (d) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), this.bootTimeoutMs);
      child.on("close", (status) => {
        clearTimeout(timer);
        resolve({ host, status, stdout, stderr, ms: Date.now() - started });
      });
    });
  }

  /** First boot of several hosts at the same moment: engines, sshd and bootstraps all start together. */
  async boot(hosts: readonly SwarmHost[]): Promise<BootResult[]> {
    for (const host of hosts) this.powerOn(host);
    return Promise.all(hosts.map((host) => this.bootstrap(host)));
  }

  /** The Docker CLI against one host's engine. */
  docker(host: SwarmHost, args: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): CommandResult {
    return exec(dockerCli(), ["-H", host.dockerHost, ...args], { ...opts, timeoutMs: opts.timeoutMs ?? 30000 });
  }

  /** Like docker(), but throws unless the command succeeds; returns trimmed stdout. */
  dockerOk(host: SwarmHost, args: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): string {
    const result = this.docker(host, args, opts);
    if (result.status !== 0) throw new Error(`docker ${args.join(" ")} on ${host.hostname} failed (${result.status}): ${result.stderr.trim()}`);
    return result.stdout.trim();
  }

  /** Waits until the host's engine answers. */
  async waitForDocker(host: SwarmHost, timeoutMs = 60000): Promise<void> {
    await this.waitFor(`${host.hostname}'s dockerd`, timeoutMs, () => this.docker(host, ["version", "--format", "{{.Server.Version}}"], { timeoutMs: 5000 }).status === 0);
  }

  /** Imports the stand-in image into the host's engine. */
  importImage(host: SwarmHost): void {
    this.dockerOk(host, ["import", "--change", 'CMD ["/bin/busybox","httpd","-f","-p","80","-h","/www"]', "--change", "EXPOSE 80", standinImageTar(), STANDIN_IMAGE], { timeoutMs: 60000 });
  }

  /** `docker info` fields of the host's swarm membership. */
  swarmInfo(host: SwarmHost): { state: string; clusterId: string; nodeId: string; manager: boolean; nodeAddr: string } {
    const out = this.docker(host, ["info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.Cluster.ID}} {{.Swarm.NodeID}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeAddr}}"], { timeoutMs: 10000 });
    const [state = "unreachable", clusterId = "", nodeId = "", manager = "", nodeAddr = ""] = out.status === 0 ? out.stdout.trim().split(" ") : [];
    return { state, clusterId: clusterId === "<nil>" ? "" : clusterId, nodeId, manager: manager === "true", nodeAddr };
  }

  /** Every node of the swarm, as a manager on `host` sees it. */
  nodes(host: SwarmHost): SwarmNode[] {
    const ids = this.dockerOk(host, ["node", "ls", "-q"]).split("\n").filter(Boolean);
    return JSON.parse(this.dockerOk(host, ["node", "inspect", ...ids])) as SwarmNode[];
  }

  /** True when `host` sees `count` managers, all reachable and ready, and one leader. */
  healthyManagers(host: SwarmHost, count: number): boolean {
    try {
      const managers = this.nodes(host).filter((n) => n.ManagerStatus);
      return (
        managers.length === count &&
        managers.every((n) => n.Status.State === "ready" && n.ManagerStatus!.Reachability === "reachable") &&
        managers.filter((n) => n.ManagerStatus!.Leader).length === 1
      );
    } catch {
      return false;
    }
  }

  /** The host whose engine currently leads the Raft group, as `from` sees it. */
  leader(from: SwarmHost): SwarmHost | undefined {
    const leader = this.nodes(from).find((n) => n.ManagerStatus?.Leader);
    return this.hosts.find((h) => leader && h.address === leader.Status.Addr);
  }

  /** One write to the Raft store: creating a uniquely named secret. */
  tryWrite(host: SwarmHost, timeoutMs = 10000): CommandResult {
    const name = `probe-${Date.now()}-${randomBytes(2).toString("hex")}`;
    return this.docker(host, ["secret", "create", name, "-"], { input: name, timeoutMs });
  }

  /** HTTP GET from inside a host's namespace (bash's /dev/tcp, no client needed); the body, or undefined when nothing answered. */
  httpGet(from: SwarmHost, address: string, port: number): string | undefined {
    const request = `exec 3<>/dev/tcp/${address}/${port} && printf 'GET / HTTP/1.0\\r\\nHost: ${address}\\r\\n\\r\\n' >&3 && cat <&3`;
    const result = exec("nsenter", [`--net=/var/run/netns/${from.netns}`, "timeout", "5", "bash", "-c", request], { timeoutMs: 10000 });
    const split = result.stdout.indexOf("\r\n\r\n");
    if (result.status !== 0 || !/^HTTP\/1\.[01] 200/.test(result.stdout) || split < 0) return undefined;
    return result.stdout.slice(split + 4);
  }

  /** Polls `check` every 250 ms until it holds. */
  async waitFor(what: string, timeoutMs: number, check: () => boolean): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(250);
    }
  }

  /** tryWrite() without blocking: resolves with the exit status and when the write finished. */
  private writeAsync(host: SwarmHost, timeoutMs: number): Promise<{ ok: boolean; at: number; error: string }> {
    const name = `probe-${Date.now()}-${randomBytes(2).toString("hex")}`;
    return new Promise((resolve) => {
      const child = spawn(dockerCli(), ["-H", host.dockerHost, "secret", "create", name, "-"], { stdio: ["pipe", "ignore", "pipe"] });
      let stderr = "";
      child.stderr!.on("data", (d) => (stderr += d));
      child.stdin!.end(name);
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.on("close", (status) => {
        clearTimeout(timer);
        resolve({ ok: status === 0, at: Date.now(), error: stderr.trim() || `no answer within ${timeoutMs} ms` });
      });
    });
  }

  /**
   * Measures how long writes fail after `since` (when a manager was lost):
   * starts a write on `survivor` every 250 ms, without waiting for the ones
   * still hanging, and returns when the first one succeeds.
   */
  async writeOutage(survivor: SwarmHost, since: number, opts: { timeoutMs?: number } = {}): Promise<WriteOutage> {
    const timeoutMs = opts.timeoutMs ?? 120000;
    let failedAttempts = 0;
    let lastError = "";
    let success: number | undefined;
    const inFlight = new Set<Promise<void>>();
    while (success === undefined) {
      if (Date.now() > since + timeoutMs) throw new Error(`writes on ${survivor.hostname} still failed after ${timeoutMs} ms: ${lastError}`);
      if (inFlight.size < 16) {
        const probe = this.writeAsync(survivor, 15000).then((r) => {
          if (r.ok) success = Math.min(success ?? r.at, r.at);
          else [failedAttempts, lastError] = [failedAttempts + 1, r.error];
          inFlight.delete(probe);
        });
        inFlight.add(probe);
      }
      await sleep(250);
    }
    await Promise.all(inFlight);
    return { ms: success - since, failedAttempts, lastError };
  }

  /** Tears everything down. Safe to call twice and after a partial setUp. */
  async destroy(): Promise<void> {
    this.destroySync();
    // Let node reap the daemons it spawned.
    await sleep(100);
  }

  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    live.delete(this);
    teardownRun(this.manifest());
  }

  /** What this run has made, kept on disk so a later run can clean up after a killed one. */
  private manifest(): RunManifest {
    return {
      pid: process.pid,
      id: this.id,
      runDir: this.runDir,
      bridge: this.bridge,
      forwardRule: this.forwardRule ?? [],
      netns: this.hosts.map((h) => h.netns),
      links: this.hosts.map((h) => `${this.id}h${h.index}`),
      sudoersFile: this.sudoersFile,
      createdUsers: this.users.wasCreated(this.tokenUser) ? [this.tokenUser] : [],
    };
  }

  private saveManifest(): void {
    fs.writeFileSync(path.join(this.runDir, "manifest.json"), JSON.stringify(this.manifest()));
  }
}

interface RunManifest {
  readonly pid: number;
  readonly id: string;
  readonly runDir: string;
  readonly bridge: string;
  readonly forwardRule: readonly string[];
  readonly netns: readonly string[];
  readonly links: readonly string[];
  readonly sudoersFile: string;
  readonly createdUsers: readonly string[];
}

/** Removes everything a run made: processes, namespaces, links, the FORWARD rule, sudoers, users, folders. */
function teardownRun(m: RunManifest): void {
  for (const netns of m.netns) killNamespace(netns);
  for (const link of m.links) exec("ip", ["link", "del", link]);
  for (const netns of m.netns) exec("ip", ["netns", "del", netns]);
  exec("ip", ["link", "del", m.bridge]);
  if (m.forwardRule.length > 0) {
    while (exec("iptables", ["-D", ...m.forwardRule]).status === 0) {
      // delete every copy
    }
  }
  fs.rmSync(m.sudoersFile, { force: true });
  for (const user of m.createdUsers) exec("userdel", ["--remove", user]);
  if (fs.existsSync(m.runDir)) removeHarnessDir(m.runDir);
  try {
    fs.rmdirSync(HARNESS_BASE);
  } catch {
    // another run still uses it, or it is gone
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Cleans up after runs whose process died without tearing down (killed by a signal it could not catch). */
export function sweepAbandonedRuns(): void {
  if (!fs.existsSync(HARNESS_BASE)) return;
  for (const entry of fs.readdirSync(HARNESS_BASE)) {
    if (!/^csw[0-9a-f]+$/.test(entry)) continue;
    const runDir = path.join(HARNESS_BASE, entry);
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(runDir, "manifest.json"), "utf8")) as RunManifest;
      if (manifest.runDir === runDir && !alive(manifest.pid)) teardownRun(manifest);
    } catch {
      // no manifest yet: its run is starting, or died before making anything but the folder
    }
  }
}
