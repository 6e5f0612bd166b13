import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { knownHostsLine, renderSshdDropIn } from "../../constructs/node/sshd";
import { renderUserData } from "../../constructs/node/user-data";
import { CommandResult, HARNESS_BASE, killNamespace, must, removeHarnessDir, sleep } from "../system/harness/host-processes";
import { RunManifest, sweepAbandonedRuns, teardownRun } from "../system/harness/run-manifest";
import { hasStaticBusybox, STANDIN_CHANGES, STANDIN_IMAGE, standinImageTar } from "../system/harness/standin-image";
import { SwarmClient } from "../system/harness/swarm-client";
import { SwarmHost } from "../system/harness/swarm-host";
import { LocalUsers } from "./local-users";
import { ensurePrivsepDir, writeSshdConfig } from "./sshd";
import { makeKey, TestKey } from "./ssh-keys";
import { which } from "./tools";

export type { CommandResult } from "../system/harness/host-processes";
export { HARNESS_BASE } from "../system/harness/host-processes";
export { sweepAbandonedRuns } from "../system/harness/run-manifest";
export { STANDIN_IMAGE, STANDIN_PAGE, standinImageTar } from "../system/harness/standin-image";
export type { SwarmNode, WriteOutage } from "../system/harness/swarm-client";
export { dockerCli, SwarmClient } from "../system/harness/swarm-client";
export { SwarmHost } from "../system/harness/swarm-host";

const SSH_PORT = 2222;

export interface BootResult extends CommandResult {
  readonly host: SwarmHost;
  /** Milliseconds from the boot's start until the bootstrap exited. */
  readonly ms: number;
}

export interface HarnessOptions {
  /** Third octet of the test subnet 10.231.<octet>.0/24. @default 50 */
  readonly subnetOctet?: number;
  /** How long one bootstrap may run before it is killed. @default 180000 */
  readonly bootTimeoutMs?: number;
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
export class SwarmHarness extends SwarmClient {
  /** Unique per run: prefixes namespaces, links, folders, the token user and the iptables rule. */
  readonly id: string;
  readonly subnet: string;
  readonly bridge: string;
  readonly runDir: string;
  readonly tokenUser: string;
  private readonly octet: number;
  private readonly bootTimeoutMs: number;
  private readonly users = new LocalUsers();
  private readonly sudoersFile: string;
  private tokenKey?: TestKey;
  private deployKey?: TestKey;
  private forwardRule?: string[];
  private destroyed = false;

  constructor(options: HarnessOptions = {}) {
    super();
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

  /** Waits until the host's engine answers. */
  async waitForDocker(host: SwarmHost, timeoutMs = 60000): Promise<void> {
    await this.waitFor(`${host.hostname}'s dockerd`, timeoutMs, () => this.docker(host, ["version", "--format", "{{.Server.Version}}"], { timeoutMs: 5000 }).status === 0);
  }

  /** Imports the stand-in image into the host's engine. */
  importImage(host: SwarmHost): void {
    this.dockerOk(host, ["import", ...STANDIN_CHANGES, standinImageTar(), STANDIN_IMAGE], { timeoutMs: 60000 });
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
