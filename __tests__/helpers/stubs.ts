import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "./tools";

/** The stand-in commands, real files so shellcheck can read them. */
export const STUBS_DIR = path.join(repoRoot, "__tests__", "swarm", "stubs");

export interface ScriptResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A temporary folder holding stand-in commands (`bin/`, first on PATH) and the
 * files that drive them (`state/`). Every stub appends its call to state/calls.
 */
export class StubHost {
  readonly dir: string;
  readonly bin: string;
  readonly state: string;

  constructor(commands: readonly string[]) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-stubs-"));
    this.bin = path.join(this.dir, "bin");
    this.state = path.join(this.dir, "state");
    fs.mkdirSync(this.bin);
    fs.mkdirSync(this.state);
    for (const command of commands) {
      fs.copyFileSync(path.join(STUBS_DIR, command), path.join(this.bin, command));
      fs.chmodSync(path.join(this.bin, command), 0o755);
    }
  }

  /** Writes a state file (a peer's answer, the swarm state, ...). */
  write(name: string, content: string): string {
    const file = path.join(this.state, name);
    fs.writeFileSync(file, content);
    return file;
  }

  /** The recorded calls, optionally only those starting with `prefix`. */
  calls(prefix = ""): string[] {
    const file = path.join(this.state, "calls");
    const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "") : [];
    return lines.filter((line) => line.startsWith(prefix));
  }

  /** Runs a script with the stubs first on PATH. */
  run(script: string, env: Readonly<Record<string, string>> = {}): ScriptResult {
    const result = spawnSync("bash", [script], {
      encoding: "utf8",
      env: { ...process.env, PATH: `${this.bin}:${process.env.PATH ?? "/usr/bin:/bin"}`, CASERA_STUB_STATE: this.state, ...env },
      timeout: 30000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
