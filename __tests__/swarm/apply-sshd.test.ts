import * as fs from "fs";
import * as path from "path";
import { StubHost } from "../helpers/stubs";
import { repoRoot } from "../helpers/tools";

const SCRIPT = path.join(repoRoot, "swarm", "apply-sshd.sh");

let host: StubHost;

beforeEach(() => {
  host = new StubHost(["systemctl", "sshd", "logger"]);
});

afterEach(() => {
  host.remove();
});

const privsepDir = () => path.join(host.dir, "run-sshd");
const applySshd = () => host.run(SCRIPT, { CASERA_SWARM_LOG: path.join(host.state, "casera-swarm.log"), CASERA_SSHD_PRIVSEP_DIR: privsepDir() });

describe("apply-sshd.sh", () => {
  test("regenerates and restarts ssh.socket where ssh is socket-activated (Ubuntu 24.04)", () => {
    host.write("ssh-socket-enabled", "");

    const result = applySshd();

    expect(result.status).toBe(0);
    expect(host.calls("systemctl").slice(1)).toEqual(["systemctl daemon-reload", "systemctl stop ssh.service", "systemctl restart ssh.socket"]);
  });

  test("restarts ssh.service where ssh is a plain service (Debian 12)", () => {
    const result = applySshd();

    expect(result.status).toBe(0);
    expect(host.calls("systemctl").slice(1)).toEqual(["systemctl restart ssh.service"]);
  });

  test("checks the configuration with sshd -t before restarting anything", () => {
    applySshd();

    expect(host.calls()[0]).toBe("sshd -t");
  });

  test("creates sshd's privilege separation directory, which sshd -t needs before ssh ever started", () => {
    applySshd();

    expect(fs.statSync(privsepDir()).isDirectory()).toBe(true);
  });

  test("leaves ssh alone and fails when sshd -t rejects the configuration", () => {
    host.write("sshd-invalid", "");

    const result = applySshd();

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("sshd -t rejected the configuration, ssh left as it was: /etc/ssh/sshd_config.d/01-casera-hardening.conf line 7");
    expect(host.calls("systemctl")).toEqual([]);
  });

  test("logs the port sshd now uses", () => {
    applySshd();

    expect(host.calls("logger")).toContain("logger -t casera-swarm -- sshd now uses port 2222");
  });
});
