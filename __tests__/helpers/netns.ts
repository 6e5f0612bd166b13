import { spawnSync } from "child_process";
import { randomBytes } from "crypto";
import { run } from "./tools";

/**
 * Two network namespaces joined by a veth pair: a server and a client, each
 * with one address in the "private subnet" and one outside it. Names are unique
 * per instance so parallel or leftover runs never collide.
 */
export class NamespacePair {
  readonly id = randomBytes(3).toString("hex");
  readonly server = `casera-srv-${this.id}`;
  readonly client = `casera-cli-${this.id}`;
  private readonly serverLink = `cv${this.id}s`;
  private readonly clientLink = `cv${this.id}c`;
  private created: string[] = [];

  /** `addresses` maps each namespace to the CIDR addresses its end of the link gets. */
  create(addresses: { server: readonly string[]; client: readonly string[] }): void {
    for (const ns of [this.server, this.client]) {
      run("ip", ["netns", "add", ns]);
      this.created.push(ns);
      run("ip", ["-n", ns, "link", "set", "lo", "up"]);
    }
    run("ip", ["link", "add", this.serverLink, "type", "veth", "peer", "name", this.clientLink]);
    run("ip", ["link", "set", this.serverLink, "netns", this.server]);
    run("ip", ["link", "set", this.clientLink, "netns", this.client]);
    for (const [ns, link, cidrs] of [
      [this.server, this.serverLink, addresses.server],
      [this.client, this.clientLink, addresses.client],
    ] as const) {
      for (const cidr of cidrs) {
        run("ip", ["-n", ns, "addr", "add", cidr, "dev", link]);
      }
      run("ip", ["-n", ns, "link", "set", link, "up"]);
    }
  }

  /** Runs a command inside a namespace; never throws. */
  exec(ns: string, command: string, args: readonly string[], env?: NodeJS.ProcessEnv) {
    return spawnSync("ip", ["netns", "exec", ns, command, ...args], { encoding: "utf8", timeout: 30000, env: env ?? process.env });
  }

  /** Waits until a TCP port answers from the client namespace. */
  waitForPort(address: string, port: number, timeoutMs = 10000): void {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exec(this.client, "bash", ["-c", `exec 3<>/dev/tcp/${address}/${port}`]).status === 0) return;
      spawnSync("sleep", ["0.1"]);
    }
    throw new Error(`nothing answered on ${address}:${port} within ${timeoutMs} ms`);
  }

  /** Deletes the namespaces (and with them the veth pair). Safe to call after a partial create. */
  destroy(): void {
    for (const ns of this.created.reverse()) {
      spawnSync("ip", ["netns", "del", ns]);
    }
    this.created = [];
  }
}
