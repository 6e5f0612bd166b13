import { spawnSync } from "child_process";
import { run } from "./tools";

const exists = (name: string): boolean => spawnSync("id", ["-u", name]).status === 0;

/**
 * Local accounts a test needs. Creates those that are missing and, on
 * remove(), deletes only the ones it created.
 */
export class LocalUsers {
  private readonly created: string[] = [];

  /** Ensures the user exists; returns true when this call created it. */
  ensure(name: string, shell: string): boolean {
    if (exists(name)) return false;
    run("useradd", ["--create-home", "--shell", shell, name]);
    this.created.push(name);
    return true;
  }

  wasCreated(name: string): boolean {
    return this.created.includes(name);
  }

  remove(): void {
    for (const name of this.created.splice(0)) {
      spawnSync("userdel", ["--remove", name], { stdio: "ignore" });
    }
  }
}
