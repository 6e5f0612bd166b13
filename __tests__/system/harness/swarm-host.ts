import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { makeKey, TestKey } from "../../helpers/ssh-keys";

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
