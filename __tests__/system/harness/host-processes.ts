import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** Everything the harness writes lives below this folder (not /tmp: sshd's StrictModes refuses world-writable parents). */
export const HARNESS_BASE = "/var/lib/casera-swarm-test";

/** The sockets containerd's shims bind; they outlive a killed shim. */
const SHIM_SOCKET = /^\/run\/containerd\/s\/[0-9a-f]{64}$/;

export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a command; never throws. */
export function exec(cmd: string, args: readonly string[], opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CommandResult {
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
export function must(cmd: string, args: readonly string[], opts: { input?: string } = {}): string {
  const result = exec(cmd, args, opts);
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed (${result.status}): ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** Deletes a folder of this harness, refusing anything outside HARNESS_BASE/csw*. */
export function removeHarnessDir(dir: string): void {
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
export function killNamespace(netns: string): void {
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
