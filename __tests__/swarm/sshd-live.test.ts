import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { knownHostsLine, renderSshdDropIn, tokenAuthorizedKey, tokenSudoRule } from "../../constructs/node/sshd";
import { LocalUsers } from "../helpers/local-users";
import { NamespacePair } from "../helpers/netns";
import { ensurePrivsepDir, IMAGE_CLOUD_INIT_DROP_IN, writeSshdConfig } from "../helpers/sshd";
import { makeKey, TestKey } from "../helpers/ssh-keys";
import { STUBS_DIR } from "../helpers/stubs";
import { describeWith, repoRoot, root, run, tool, which } from "../helpers/tools";

// The "private subnet" is 10.231.1.0/24; 10.231.2.0/24 stands for anywhere else.
const SUBNET = "10.231.1.0/24";
const SERVER = "10.231.1.5";
const SERVER_OUTSIDE = "10.231.2.5";
const CLIENT = "10.231.1.10";
const CLIENT_OUTSIDE = "10.231.2.10";
const PORT = 2222;
const TOKEN = "SWMTKN-1-livetest0123456789abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxy";

const net = new NamespacePair();
const users = new LocalUsers();
const deployPassword = randomBytes(12).toString("hex");
let dir = "";
let sudoersFile = "";
let sshd: ChildProcess | undefined;
let keys: { host: TestKey; deploy: TestKey; token: TestKey; root: TestKey };

interface Login {
  user: string;
  key?: TestKey;
  to?: string;
  from?: string;
  port?: number;
  options?: string[];
  command?: string[];
}

/** A real ssh client in the client namespace, strict about the pinned host key. */
function ssh({ user, key = keys.deploy, to = SERVER, from = CLIENT, port = PORT, options = [], command = [] }: Login) {
  return net.exec(net.client, "ssh", [
    "-F", "/dev/null", "-i", key.privatePath, "-p", String(port), "-b", from,
    "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=5",
    "-o", "StrictHostKeyChecking=yes", "-o", `UserKnownHostsFile=${path.join(dir, "known_hosts")}`,
    ...options, `${user}@${to}`, ...command,
  ]);
}

/** A password login through sshpass, public keys off. */
function passwordLogin(user: string, password: string) {
  return net.exec(net.client, "sshpass", [
    "-p", password, "ssh", "-F", "/dev/null", "-p", String(PORT), "-b", CLIENT,
    "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive",
    "-o", "NumberOfPasswordPrompts=1", "-o", "ConnectTimeout=5",
    "-o", "StrictHostKeyChecking=yes", "-o", `UserKnownHostsFile=${path.join(dir, "known_hosts")}`,
    `${user}@${SERVER}`, "true",
  ]);
}

function writeFile(file: string, content: string, mode: number): string {
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
  return file;
}

/**
 * The node's layout in a temporary folder: the token script and a stand-in
 * docker (an active manager) for sudo to find, the rendered drop-in beside an
 * image-style 50-cloud-init.conf, authorized keys, known_hosts, a sudoers rule.
 */
function setUpNode(): void {
  // sshd reads authorized keys as the user, so the folder must be traversable.
  dir = fs.mkdtempSync("/run/casera-sshd-live-");
  fs.chmodSync(dir, 0o755);
  keys = {
    host: makeKey(dir, "host_key", ""),
    deploy: makeKey(dir, "deploy_key"),
    token: makeKey(dir, "token_key"),
    root: makeKey(dir, "root_key"),
  };

  const tokenScript = path.join(dir, "lib", "swarm-token.sh");
  fs.mkdirSync(path.dirname(tokenScript), { mode: 0o755 });
  fs.copyFileSync(path.join(repoRoot, "swarm", "swarm-token.sh"), tokenScript);
  fs.chmodSync(tokenScript, 0o755);
  const bin = path.join(dir, "bin");
  fs.mkdirSync(path.join(bin, "state"), { recursive: true, mode: 0o755 });
  fs.copyFileSync(path.join(STUBS_DIR, "docker"), path.join(bin, "docker"));
  fs.chmodSync(path.join(bin, "docker"), 0o755);
  writeFile(path.join(bin, "state", "swarm-state"), "active\n", 0o644);
  writeFile(path.join(bin, "state", "node-addr"), `${SERVER}\n`, 0o644);
  writeFile(path.join(bin, "state", "join-token"), `${TOKEN}\n`, 0o644);

  users.ensure("deploy", "/bin/bash");
  users.ensure("swarm-token", "/bin/sh");
  if (users.wasCreated("deploy")) {
    run("chpasswd", [], { input: `deploy:${deployPassword}\n` });
  }

  // The rule cloud-init writes, plus a PATH that finds the stand-in docker first.
  sudoersFile = `/etc/sudoers.d/casera-test-${net.id}`;
  const sudoers = `Defaults:swarm-token secure_path="${bin}:/usr/sbin:/usr/bin:/sbin:/bin"\nswarm-token ${tokenSudoRule(tokenScript)}\n`;
  writeFile(sudoersFile, sudoers, 0o440);
  run("visudo", ["-c", "-f", sudoersFile]);

  const keysDir = path.join(dir, "authorized_keys");
  fs.mkdirSync(keysDir, { mode: 0o755 });
  writeFile(path.join(keysDir, "deploy"), `${keys.deploy.publicKey}\n`, 0o644);
  writeFile(path.join(keysDir, "swarm-token"), `${tokenAuthorizedKey(keys.token.publicKey, SUBNET, tokenScript)}\n`, 0o644);
  writeFile(path.join(keysDir, "root"), `${keys.root.publicKey}\n`, 0o644);
  writeFile(path.join(keysDir, "casera-nobody"), `${keys.deploy.publicKey}\n`, 0o644);

  const dropIn = renderSshdDropIn({
    sshPort: PORT,
    deployUser: "deploy",
    tokenUser: { name: "swarm-token", subnet: SUBNET, script: tokenScript },
    hostKeyPath: keys.host.privatePath,
  });
  writeSshdConfig(path.join(dir, "sshd"), { "01-casera-hardening.conf": dropIn, "50-cloud-init.conf": IMAGE_CLOUD_INIT_DROP_IN }, [
    `PidFile ${path.join(dir, "sshd.pid")}`,
    `AuthorizedKeysFile ${keysDir}/%u`,
  ]);
  writeFile(
    path.join(dir, "known_hosts"),
    `${knownHostsLine(SERVER, keys.host.publicKey, PORT)}\n${knownHostsLine(SERVER_OUTSIDE, keys.host.publicKey, PORT)}\n`,
    0o644,
  );
}

describeWith(
  [tool("sshd"), tool("ssh"), tool("ssh-keygen"), tool("sshpass"), tool("sudo"), tool("visudo"), tool("ip"), tool("useradd"), root()],
  "live sshd with the rendered drop-in, in a network namespace",
  () => {
    beforeAll(() => {
      ensurePrivsepDir();
      net.create({ server: [`${SERVER}/24`, `${SERVER_OUTSIDE}/24`], client: [`${CLIENT}/24`, `${CLIENT_OUTSIDE}/24`] });
      setUpNode();
      const log = fs.openSync(path.join(dir, "sshd.log"), "a");
      sshd = spawn("ip", ["netns", "exec", net.server, which("sshd")!, "-D", "-e", "-f", path.join(dir, "sshd", "sshd_config")], {
        stdio: ["ignore", log, log],
      });
      net.waitForPort(SERVER, PORT);
    });

    afterAll(async () => {
      if (sshd && sshd.exitCode === null) {
        const exited = new Promise((resolve) => sshd!.once("exit", resolve));
        sshd.kill("SIGTERM");
        await exited;
      }
      net.destroy();
      if (sudoersFile) fs.rmSync(sudoersFile, { force: true });
      users.remove();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test("deploy's key on the custom port gets a shell", () => {
      const result = ssh({ user: "deploy", command: ["echo shell-ok; id -un"] });

      expect(result.stdout).toBe("shell-ok\ndeploy\n");
      expect(result.status).toBe(0);
    });

    test("deploy may also log in from outside the private subnet", () => {
      const result = ssh({ user: "deploy", to: SERVER_OUTSIDE, from: CLIENT_OUTSIDE, command: ["true"] });

      expect(result.status).toBe(0);
    });

    test("root is refused with a key it holds", () => {
      const result = ssh({ user: "root", key: keys.root, command: ["true"] });

      expect(result.status).toBe(255);
      expect(result.stderr).toContain("Permission denied");
    });

    test("root is refused with a password", () => {
      const result = passwordLogin("root", "not-the-password");

      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/Permission denied \(publickey\)/);
    });

    test("deploy is refused with its password", () => {
      const result = passwordLogin("deploy", deployPassword);

      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/Permission denied \(publickey\)/);
    });

    test("an unknown user is refused, even with a listed key", () => {
      const result = ssh({ user: "casera-nobody", command: ["true"] });

      expect(result.status).toBe(255);
      expect(result.stderr).toContain("Permission denied");
    });

    test("port 22 is closed", () => {
      const result = ssh({ user: "deploy", port: 22, command: ["true"] });

      expect(result.status).toBe(255);
      expect(result.stderr).toContain("Connection refused");
    });

    test("the token user from the private subnet gets exactly the token line", () => {
      const result = ssh({ user: "swarm-token", key: keys.token });

      expect(result.stdout).toBe(`token ${TOKEN} ${SERVER}\n`);
      expect(result.status).toBe(0);
    });

    test("the token user gets the token line instead of running a command", () => {
      const result = ssh({ user: "swarm-token", key: keys.token, command: ["id; cat /etc/shadow"] });

      expect(result.stdout).toBe(`token ${TOKEN} ${SERVER}\n`);
    });

    test("the token user is refused a terminal", () => {
      const result = ssh({ user: "swarm-token", key: keys.token, options: ["-tt"] });

      // ssh gives up on a forced tty the server refuses; whatever ran printed only the token line.
      expect(result.stderr).toContain("PTY allocation request failed");
      expect(["", `token ${TOKEN} ${SERVER}\n`]).toContain(result.stdout);
    });

    test("the token user cannot open a forwarded connection", () => {
      const result = ssh({ user: "swarm-token", key: keys.token, options: ["-W", `127.0.0.1:${PORT}`] });

      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/administratively prohibited|open failed/);
    });

    test("the token user cannot forward a remote port", () => {
      const result = ssh({ user: "swarm-token", key: keys.token, options: ["-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:22"] });

      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain("remote port forwarding failed");
    });

    test("the token user is refused from outside the private subnet", () => {
      const result = ssh({ user: "swarm-token", key: keys.token, to: SERVER_OUTSIDE, from: CLIENT_OUTSIDE });

      expect(result.status).toBe(255);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("Permission denied");
    });

    describe("bootstrap.sh asking this sshd as its peer", () => {
      let state = "";

      /** Runs the real bootstrap in the client namespace: real ssh and ip, a stand-in docker with no swarm yet. */
      const bootstrap = (knownHosts: string) => {
        state = fs.mkdtempSync(path.join(dir, "peer-"));
        const bin = path.join(state, "bin");
        fs.mkdirSync(bin);
        for (const stub of ["docker", "logger"]) {
          fs.copyFileSync(path.join(STUBS_DIR, stub), path.join(bin, stub));
          fs.chmodSync(path.join(bin, stub), 0o755);
        }
        writeFile(path.join(state, "known_hosts"), knownHosts, 0o644);
        const settings = [
          `SUBNET=${SUBNET}`, `PEERS=${SERVER}`, "SEED=0", `SSH_PORT=${PORT}`, "TOKEN_USER=swarm-token",
          `TOKEN_KEY=${keys.token.privatePath}`, `KNOWN_HOSTS=${path.join(state, "known_hosts")}`,
          "ADDR_TIMEOUT=2", "DOCKER_TIMEOUT=2", "JOIN_TIMEOUT=1", "BACKOFF_START=0.2", "POLL_INTERVAL=0.1",
        ];
        writeFile(path.join(state, "swarm.env"), `${settings.join("\n")}\n`, 0o644);
        return net.exec(net.client, "bash", [path.join(repoRoot, "swarm", "bootstrap.sh")], {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          CASERA_STUB_STATE: state,
          CASERA_SWARM_ENV: path.join(state, "swarm.env"),
          CASERA_SWARM_LOG: path.join(state, "casera-swarm.log"),
        });
      };
      const dockerCalls = () => fs.readFileSync(path.join(state, "calls"), "utf8").split("\n").filter((l) => l.startsWith("docker swarm join "));

      test("joins with the token the peer handed out, on its own private address", () => {
        const result = bootstrap(`${knownHostsLine(SERVER, keys.host.publicKey, PORT)}\n`);

        expect(result.status).toBe(0);
        expect(dockerCalls()).toEqual([
          `docker swarm join --token ${TOKEN} --advertise-addr ${CLIENT} --data-path-addr ${CLIENT} --listen-addr ${CLIENT}:2377 ${SERVER}:2377`,
        ]);
      });

      test("treats a peer with a host key other than the pinned one as unreachable", () => {
        const result = bootstrap(`${knownHostsLine(SERVER, keys.root.publicKey, PORT)}\n`);

        expect(result.status).toBe(1);
        expect(result.stderr).toContain(`last answers: ${SERVER}=unreachable`);
        expect(dockerCalls()).toEqual([]);
      });
    });
  },
);
