import * as fs from "fs";
import * as path from "path";
import { exec, HARNESS_BASE, killNamespace, removeHarnessDir } from "./host-processes";

/** What one run has made, kept on disk so a later run can clean up after a killed one. */
export interface RunManifest {
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
export function teardownRun(m: RunManifest): void {
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
