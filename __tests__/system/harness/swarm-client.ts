import { spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import { which } from "../../helpers/tools";
import { CommandResult, exec, sleep } from "./host-processes";
import { SwarmHost } from "./swarm-host";

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

/** The Docker CLI from the distribution's docker.io when present. */
export function dockerCli(): string {
  return fs.existsSync("/usr/bin/docker") ? "/usr/bin/docker" : (which("docker") ?? "docker");
}

/**
 * The Docker CLI and a few probes against the hosts' engines: swarm state,
 * nodes, the leader, writes to the Raft store, HTTP from inside a host.
 */
export class SwarmClient {
  readonly hosts: SwarmHost[] = [];

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
}
