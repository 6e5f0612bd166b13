import { stringify } from "yaml";
import { HardenedNode } from "../../../constructs";
import { Server } from "../../../providers/providers/hcloud/server";
import { findings, POLICY_NODE, policyStack } from "../policy-helpers";

const DROP_IN = "/etc/ssh/sshd_config.d/10-ssh.conf";
const HARDENED = "PermitRootLogin no\nPasswordAuthentication no\n";

/** A #cloud-config writing `files` (path -> content; a string is the one drop-in), with `keys` at the top. */
function cloudConfig(files: string | Record<string, string>, keys: Record<string, unknown> = {}): string {
  const written = typeof files === "string" ? { [DROP_IN]: files } : files;
  return `#cloud-config\n${stringify({ ...keys, write_files: Object.entries(written).map(([path, content]) => ({ path, content })) })}`;
}

/** The detail of the rule's one finding on a server with `userData`, or undefined when it has none. */
function detailFor(userData: string): string | undefined {
  const stack = policyStack();
  new Server(stack, "Server", { name: "node", serverType: "cx33", image: "ubuntu-24.04", userData });
  const result = findings(stack, "SshRootAndPasswordLoginOff");
  if (result.length === 0) return undefined;
  expect(result).toEqual([expect.objectContaining({ level: "error", path: "test/Server" })]);
  return /for sshd\. \((.*)\) Hetzner images/.exec(result[0].message)![1];
}

describe("SshRootAndPasswordLoginOff", () => {
  test("compliant: a HardenedNode, whose cloud-init writes the sshd drop-in", () => {
    const stack = policyStack();

    new HardenedNode(stack, "Node", POLICY_NODE);

    expect(findings(stack, "SshRootAndPasswordLoginOff")).toEqual([]);
  });

  test("non-compliant: a server without user_data", () => {
    const stack = policyStack();

    new Server(stack, "Server", { name: "bare", serverType: "cx33", image: "ubuntu-24.04" });

    expect(findings(stack, "SshRootAndPasswordLoginOff")).toEqual([
      expect.objectContaining({ level: "error", path: "test/Server", message: expect.stringContaining("(no user_data)") }),
    ]);
  });

  test("non-compliant: cloud-init that allows root login first", () => {
    const stack = policyStack();
    const userData = "#cloud-config\nwrite_files:\n  - path: /etc/ssh/sshd_config.d/00.conf\n    content: |\n      PermitRootLogin yes\n      PasswordAuthentication no\n      PermitRootLogin no\n";

    new Server(stack, "Server", { name: "bare", serverType: "cx33", image: "ubuntu-24.04", userData });

    expect(findings(stack, "SshRootAndPasswordLoginOff")).toEqual([
      expect.objectContaining({ level: "error", message: expect.stringContaining("PermitRootLogin no not found first") }),
    ]);
  });

  describe("read as sshd reads the files cloud-init writes", () => {
    test.each([
      ["lower-case keywords, = and other cases of no", "permitrootlogin=no\nPASSWORDAUTHENTICATION = No\n"],
      ["a comment after the value, quotes around it", 'PermitRootLogin no # never\nPasswordAuthentication "no"\n'],
      ["the first value counts, later ones do not", "PermitRootLogin no\nPasswordAuthentication no\nPermitRootLogin yes\nPasswordAuthentication yes\n"],
      ["a Match block that keeps them off", `${HARDENED}Match User deploy\n  PermitRootLogin no\n  PasswordAuthentication no\n`],
      ["a Match block that sets something else", `${HARDENED}Match User deploy\n  X11Forwarding yes\n`],
    ])("compliant: %s", (_name, dropIn) => {
      expect(detailFor(cloudConfig(dropIn, { ssh_pwauth: false, disable_root: true }))).toBeUndefined();
    });

    test("compliant: an sshd_config written whole, and drop-ins it includes", () => {
      expect(detailFor(cloudConfig({ "/etc/ssh/sshd_config": "PermitRootLogin no\nPasswordAuthentication no\n" }))).toBeUndefined();
      expect(detailFor(cloudConfig({ "/etc/ssh/sshd_config": "Include sshd_config.d/*.conf\n", [DROP_IN]: HARDENED }))).toBeUndefined();
    });

    test("non-compliant: drop-ins are read in the order of their names, not of write_files", () => {
      const userData = cloudConfig({ [DROP_IN]: HARDENED, "/etc/ssh/sshd_config.d/05-image.conf": "PermitRootLogin yes\n" });

      expect(detailFor(userData)).toBe("PermitRootLogin no not found first: sshd reads PermitRootLogin yes first (/etc/ssh/sshd_config.d/05-image.conf line 1)");
    });

    test.each([
      ["a drop-in not ending in .conf", { "/etc/ssh/sshd_config.d/10-ssh.conf.disabled": HARDENED }],
      ["a hidden drop-in", { "/etc/ssh/sshd_config.d/.10-ssh.conf": HARDENED }],
      ["the ssh client's configuration", { "/etc/ssh/ssh_config.d/10-ssh.conf": HARDENED }],
      ["a file elsewhere", { "/root/sshd-notes.txt": HARDENED }],
      ["a drop-in that the user_data's own sshd_config does not include", { "/etc/ssh/sshd_config": "Port 2222\n", [DROP_IN]: HARDENED }],
    ])("non-compliant: the settings in a file sshd does not read: %s", (_name, files) => {
      expect(detailFor(cloudConfig(files))).toBe(
        "PermitRootLogin no not found first: no file sshd reads sets it; PasswordAuthentication no not found first: no file sshd reads sets it",
      );
    });

    test("non-compliant: a Match block that turns root login or passwords on for some connections", () => {
      const dropIn = `${HARDENED}Match User root\n  PermitRootLogin yes\nMatch Address 0.0.0.0/0\n  passwordauthentication=yes\n`;

      expect(detailFor(cloudConfig(dropIn))).toBe(
        "PermitRootLogin yes under Match User root (/etc/ssh/sshd_config.d/10-ssh.conf line 4); PasswordAuthentication yes under Match Address 0.0.0.0/0 (/etc/ssh/sshd_config.d/10-ssh.conf line 6)",
      );
    });

    test("compliant: after Match all the lines are global again, and a later value does not count", () => {
      expect(detailFor(cloudConfig(`${HARDENED}Match User deploy\n  X11Forwarding yes\nMatch all\nPermitRootLogin yes\n`))).toBeUndefined();
    });

    test("non-compliant: a line sshd reads first that is only known at apply time", () => {
      expect(detailFor(cloudConfig(`\${var.sshd_extra}\n${HARDENED}`))).toBe(
        "PermitRootLogin no not found first: /etc/ssh/sshd_config.d/10-ssh.conf line 1 is only known at apply time; " +
          "PasswordAuthentication no not found first: /etc/ssh/sshd_config.d/10-ssh.conf line 1 is only known at apply time",
      );
    });

    test("non-compliant: user_data that is not #cloud-config (a script) shows no files", () => {
      expect(detailFor(`#!/bin/sh\nprintf '${HARDENED}' > ${DROP_IN}\n`)).toBe("user_data is not #cloud-config");
    });
  });

  describe("cloud-config keys that turn logins on", () => {
    test.each([
      ["ssh_pwauth: true", { ssh_pwauth: true }, "ssh_pwauth: true turns password login on"],
      ["ssh_pwauth: yes (true to cloud-init's YAML 1.1)", "ssh_pwauth: yes\n", "ssh_pwauth: true turns password login on"],
      ["ssh_pwauth: \"on\" (a string cloud-init's is_true takes)", 'ssh_pwauth: "on"\n', "ssh_pwauth: on turns password login on"],
      ["disable_root: false", { disable_root: false }, "disable_root: false lets root log in with the SSH keys"],
      ["disable_root: no", "disable_root: no\n", "disable_root: false lets root log in with the SSH keys"],
      ["disable_root left empty (false to cloud-init)", "disable_root:\n", "disable_root: null lets root log in with the SSH keys"],
    ])("non-compliant: %s, although the drop-in turns them off", (_name, keys, detail) => {
      const userData = typeof keys === "string" ? cloudConfig(HARDENED).replace("#cloud-config\n", `#cloud-config\n${keys}`) : cloudConfig(HARDENED, keys);

      expect(detailFor(userData)).toBe(detail);
    });

    test.each([
      ["ssh_pwauth: false", { ssh_pwauth: false }],
      ["ssh_pwauth: unchanged", { ssh_pwauth: "unchanged" }],
      ["disable_root: true", { disable_root: true }],
      ["neither key (cloud-init's defaults: unchanged, root disabled)", {}],
    ])("compliant: %s", (_name, keys) => {
      expect(detailFor(cloudConfig(HARDENED, keys))).toBeUndefined();
    });

    test("non-compliant: both keys and a setting, all named", () => {
      expect(detailFor(cloudConfig("PermitRootLogin no\n", { ssh_pwauth: true, disable_root: false }))).toBe(
        "PasswordAuthentication no not found first: no file sshd reads sets it; ssh_pwauth: true turns password login on; disable_root: false lets root log in with the SSH keys",
      );
    });
  });
});
