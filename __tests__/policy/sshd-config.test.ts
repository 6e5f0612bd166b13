import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gzipSync } from "zlib";
import { stringify } from "yaml";
import {
  CloudConfig,
  cloudInitBool,
  cloudInitIsTrue,
  listenAddressPort,
  parseSshdLine,
  readCloudConfig,
  sshdConfigLines,
  SshdLine,
  sshdListenPorts,
  sshdPort,
} from "../../constructs/policy/sshd-config";
import { ensurePrivsepDir, parseSshdT, writeSshdConfig } from "../helpers/sshd";
import { makeKey, TestKey } from "../helpers/ssh-keys";
import { describeWith, root, run, tool, which } from "../helpers/tools";

const DROP_IN_DIR = "/etc/ssh/sshd_config.d";

/** A #cloud-config with `files` in write_files (path -> content) and `keys` at the top. */
function cloudConfig(files: Record<string, string>, keys: Record<string, unknown> = {}): string {
  return `#cloud-config\n${stringify({ ...keys, write_files: Object.entries(files).map(([p, content]) => ({ path: p, content })) })}`;
}

function configOf(userData: string): CloudConfig {
  const reading = readCloudConfig(userData);
  if (!("config" in reading)) throw new Error(`not read: ${reading.problem}`);
  return reading.config;
}

/** `file:line keyword args [match]` for each line sshd reads. */
function linesOf(userData: string): string[] {
  return sshdConfigLines(configOf(userData)).map((l) => `${path.basename(l.file)}:${l.line} ${l.keyword ?? "?"} ${l.args.join(" ")}${l.match ? ` [${l.match}]` : ""}`);
}

/** The first global value of `keyword`, as sshd keeps it. */
function firstValue(lines: readonly SshdLine[], keyword: string): string | undefined {
  return lines.find((l) => l.keyword === keyword && l.match === undefined)?.args[0];
}

describe("readCloudConfig", () => {
  test.each([
    ["no user_data", undefined, "no user_data"],
    ["blank user_data", "  \n", "no user_data"],
    ["a shell script", "#!/bin/sh\necho Port 2202 >> /etc/ssh/sshd_config\n", "user_data is not #cloud-config"],
    ["a cloud-config archive", "#cloud-config-archive\n- type: text/x-shellscript\n", "user_data is not #cloud-config"],
    ["an expression", "${file(\"cloud-init.yaml\")}", "user_data is only known at apply time"],
    ["YAML that does not parse", "#cloud-config\nwrite_files: [\n", expect.stringMatching(/^user_data does not parse as YAML \(/)],
    ["a list", "#cloud-config\n- ssh_pwauth: true\n", "user_data's cloud-config is not a mapping"],
  ])("%s is no cloud-config", (_name, userData, problem) => {
    expect(readCloudConfig(userData)).toEqual({ problem });
  });

  test("the header as cloud-init finds it: case and leading whitespace do not matter", () => {
    expect(configOf("\n  #Cloud-Config\nssh_pwauth: false\n").keys.ssh_pwauth).toBe(false);
  });

  test("YAML 1.1 as cloud-init's PyYAML reads it: yes and on are true; a repeated key keeps the last value", () => {
    expect(configOf("#cloud-config\nssh_pwauth: yes\ndisable_root: on\n").keys).toEqual({ ssh_pwauth: true, disable_root: true });
    expect(configOf("#cloud-config\nssh_pwauth: false\nssh_pwauth: true\n").keys.ssh_pwauth).toBe(true);
  });

  test("write_files: later entries replace earlier ones, append adds to them, paths are normalized, relative ones skipped", () => {
    const userData =
      "#cloud-config\nwrite_files:\n" +
      "  - { path: /etc/ssh//sshd_config.d/a.conf, content: 'Port 1' }\n" +
      "  - { path: /etc/ssh/sshd_config.d/./a.conf, content: 'Port 2' }\n" +
      "  - { path: /etc/ssh/sshd_config.d/a.conf, content: ' Port 3', append: true }\n" +
      "  - { path: etc/ssh/sshd_config.d/b.conf, content: 'Port 4' }\n";

    expect([...configOf(userData).files]).toEqual([["/etc/ssh/sshd_config.d/a.conf", "Port 2 Port 3"]]);
  });

  test("write_files encodings b64, gzip+b64 and !!binary gzip are decoded", () => {
    const text = "Port 2202\n";
    const userData =
      "#cloud-config\nwrite_files:\n" +
      `  - { path: /a.conf, encoding: b64, content: ${Buffer.from(text).toString("base64")} }\n` +
      `  - { path: /b.conf, encoding: gz+b64, content: ${gzipSync(text).toString("base64")} }\n` +
      `  - { path: /c.conf, encoding: gzip, content: !!binary ${gzipSync(text).toString("base64")} }\n` +
      "  - { path: /d.conf, encoding: b64, content: '${base64encode(var.sshd)}' }\n";

    expect([...configOf(userData).files]).toEqual([
      ["/a.conf", text],
      ["/b.conf", text],
      ["/c.conf", text],
      ["/d.conf", undefined],
    ]);
  });
});

describe("parseSshdLine", () => {
  test.each([
    ["Port 2202", { keyword: "port", args: ["2202"] }],
    ["  port\t2202  ", { keyword: "port", args: ["2202"] }],
    ["PORT=2202", { keyword: "port", args: ["2202"] }],
    ["Port = 2202", { keyword: "port", args: ["2202"] }],
    ["Port =2202", { keyword: "port", args: ["2202"] }],
    ['Port "2202" # the SSH port', { keyword: "port", args: ["2202"] }],
    ["AllowUsers deploy 'a b'   c\\ d", { keyword: "allowusers", args: ["deploy", "a b", "c d"] }],
    ["Match User root", { keyword: "match", args: ["User", "root"] }],
    ["${var.sshd_line}", { args: [] }],
  ])("%j", (text, parsed) => {
    expect(parseSshdLine(text)).toEqual(parsed);
  });

  test.each(["", "   ", "# Port 2202", "#Port 2202", "Port", "Port =", "Port # 2202", 'Port "2202'])("%j is no setting", (text) => {
    expect(parseSshdLine(text)).toBeUndefined();
  });
});

describe("ports", () => {
  test.each([
    ["2202", 2202],
    ["+2202", 2202],
    ["ssh", 22],
    ["https", 443],
    ["0", undefined],
    ["65536", undefined],
    ["22x", undefined],
    ["${var.port}", undefined],
  ])("Port %s", (text, port) => {
    expect(sshdPort(text)).toBe(port);
  });

  test.each([
    ["10.0.1.11:2202", 2202],
    ["[::1]:2202", 2202],
    ["[2001:db8::1]:2202", 2202],
    ["node-1:2202", 2202],
    ["10.0.1.11", undefined],
    ["::1", undefined],
    ["2001:db8::1", undefined],
    ["[::1]", undefined],
    ["10.0.1.11/2202", undefined],
  ])("ListenAddress %s", (text, port) => {
    expect(listenAddressPort(text)).toBe(port);
  });
});

describe("sshdConfigLines", () => {
  test("drop-ins come first, in byte order, .conf only and not hidden; other files are not read", () => {
    const userData = cloudConfig({
      [`${DROP_IN_DIR}/50-b.conf`]: "Port 50\n",
      [`${DROP_IN_DIR}/10-a.conf`]: "Port 10\n",
      [`${DROP_IN_DIR}/Z.conf`]: "Port 90\n",
      [`${DROP_IN_DIR}/.00-hidden.conf`]: "Port 1\n",
      [`${DROP_IN_DIR}/00-off.conf.disabled`]: "Port 2\n",
      [`${DROP_IN_DIR}/sub/00.conf`]: "Port 3\n",
      "/etc/ssh/ssh_config.d/github.conf": "Port 443\n",
      "/etc/fail2ban/jail.d/sshd.local": "port = 4\n",
    });

    expect(linesOf(userData)).toEqual(["10-a.conf:1 port 10", "50-b.conf:1 port 50", "Z.conf:1 port 90"]);
  });

  test("an sshd_config the user_data writes replaces the image's: drop-ins are read where it includes them, or not at all", () => {
    const dropIn = { [`${DROP_IN_DIR}/10-a.conf`]: "Port 10\n" };

    expect(linesOf(cloudConfig({ ...dropIn, "/etc/ssh/sshd_config": "Port 1\nInclude sshd_config.d/*.conf\nPort 2\n" }))).toEqual([
      "sshd_config:1 port 1",
      "10-a.conf:1 port 10",
      "sshd_config:3 port 2",
    ]);
    expect(linesOf(cloudConfig({ ...dropIn, "/etc/ssh/sshd_config": "Port 1\n" }))).toEqual(["sshd_config:1 port 1"]);
  });

  test("appending to sshd_config adds to the image's, after its Include", () => {
    const userData = `#cloud-config\n${stringify({
      write_files: [
        { path: "/etc/ssh/sshd_config", content: "Port 1\n", append: true },
        { path: `${DROP_IN_DIR}/10-a.conf`, content: "Port 10\n" },
      ],
    })}`;

    expect(linesOf(userData)).toEqual(["10-a.conf:1 port 10", "sshd_config:2 port 1"]);
  });

  test("Match applies to the end of the file or the next Match; Match all returns to the global section", () => {
    const userData = cloudConfig({
      [`${DROP_IN_DIR}/10-a.conf`]: "PermitRootLogin no\nMatch User root\n  PermitRootLogin yes\nMatch all\nPasswordAuthentication no\nMatch Address 10.0.0.0/8\nPasswordAuthentication yes\n",
      [`${DROP_IN_DIR}/20-b.conf`]: "X11Forwarding no\n",
    });

    expect(linesOf(userData)).toEqual([
      "10-a.conf:1 permitrootlogin no",
      "10-a.conf:3 permitrootlogin yes [User root]",
      "10-a.conf:5 passwordauthentication no",
      "10-a.conf:7 passwordauthentication yes [Address 10.0.0.0/8]",
      "20-b.conf:1 x11forwarding no",
    ]);
  });

  test("an Include inside a Match block is conditional; a file including itself is not followed again", () => {
    const userData = cloudConfig({
      [`${DROP_IN_DIR}/10-a.conf`]: "Match User root\nInclude /etc/ssh/extra/*.conf\n",
      [`${DROP_IN_DIR}/20-b.conf`]: "Include /etc/ssh/sshd_config.d/20-b.conf\nPort 20\n",
      "/etc/ssh/extra/x.conf": "PermitRootLogin yes\n",
    });

    expect(linesOf(userData)).toEqual(["x.conf:1 permitrootlogin yes [User root]", "20-b.conf:2 port 20"]);
  });

  test("a line or file only known at apply time is kept without keyword", () => {
    const userData = `#cloud-config\n${stringify({
      write_files: [
        { path: `${DROP_IN_DIR}/10-a.conf`, content: "${var.sshd_settings}\nPort ${var.port}\n" },
        { path: `${DROP_IN_DIR}/20-b.conf`, encoding: "b64", content: "${base64encode(var.sshd)}" },
      ],
    })}`;

    expect(linesOf(userData)).toEqual(["10-a.conf:1 ? ", "10-a.conf:2 port ${var.port}", "20-b.conf:1 ? "]);
    expect(sshdListenPorts(sshdConfigLines(configOf(userData)))).toEqual([]);
  });

  test("listen ports: every Port and every ListenAddress port, Match blocks included", () => {
    const userData = cloudConfig({
      [`${DROP_IN_DIR}/10-a.conf`]: "Port 2202\nport=2203\nListenAddress 10.0.1.11:2204\nListenAddress [::1]:2205\nListenAddress 10.0.1.12\nMatch User x\nPort 2206\n",
    });

    expect(sshdListenPorts(sshdConfigLines(configOf(userData)))).toEqual([2202, 2203, 2204, 2205, 2206]);
  });
});

describe("cloud-init booleans", () => {
  test.each([
    [true, true, true],
    [false, false, false],
    ["yes", true, true],
    ["On", true, true],
    ["1", true, true],
    [1, true, true],
    ["no", false, false],
    ["unchanged", false, false],
    [null, false, false],
    ["", false, false],
    [0, false, false],
  ])("%j: is_true %s, translate_bool %s", (value, isTrue, bool) => {
    expect(cloudInitIsTrue(value)).toBe(isTrue);
    expect(cloudInitBool(value)).toBe(bool);
  });
});

/**
 * The reader against sshd itself: the same drop-ins, laid out beside an
 * image-like sshd_config, give the same ports and the same first values as
 * `sshd -T`.
 */
describeWith([tool("sshd"), tool("ssh-keygen"), root()], "sshdConfigLines agrees with sshd -T", () => {
  let tmp: string;
  let hostKey: TestKey;

  beforeAll(() => {
    ensurePrivsepDir();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casera-policy-sshd-"));
    hostKey = makeKey(tmp, "host-key", "");
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function sshdT(dropIns: Record<string, string>): Map<string, string[]> {
    const main = writeSshdConfig(fs.mkdtempSync(path.join(tmp, "conf-")), dropIns);
    return parseSshdT(run(which("sshd")!, ["-T", "-f", main, "-h", hostKey.privatePath]));
  }

  function model(dropIns: Record<string, string>): SshdLine[] {
    return sshdConfigLines(configOf(cloudConfig(Object.fromEntries(Object.entries(dropIns).map(([name, text]) => [`${DROP_IN_DIR}/${name}`, text])))));
  }

  test.each([
    ["Port 2202", { "10-a.conf": "Port 2202\n" }],
    ["lower case", { "10-a.conf": "port 2202\n" }],
    ["with =", { "10-a.conf": "Port=2202\n" }],
    ["with = between spaces, quoted, commented", { "10-a.conf": 'PORT = "2202" # ssh\n' }],
    ["several Port lines, over two drop-ins", { "10-a.conf": "Port 2202\nPort 2203\n", "20-b.conf": "Port 2204\n" }],
    ["ListenAddress with ports", { "10-a.conf": "Port 2202\nListenAddress 10.0.1.11:2203\nListenAddress [::1]:2204\nListenAddress 127.0.0.1\n" }],
    ["a hidden drop-in and one not ending in .conf", { ".00-a.conf": "Port 2202\n", "00-b.conf.off": "Port 2203\n", "10-c.conf": "Port 2204\n" }],
  ])("ports: %s", (_name, dropIns) => {
    const settings = sshdT(dropIns);
    const sshdPorts = [...(settings.get("port") ?? []), ...(settings.get("listenaddress") ?? []).map((a) => a.replace(/^.*:/, ""))].map(Number);
    const modelPorts = sshdListenPorts(model(dropIns));
    const fallback = model(dropIns).some((l) => l.keyword === "port") ? [] : [22];

    expect([...new Set([...modelPorts, ...fallback])].sort()).toEqual([...new Set(sshdPorts)].sort());
  });

  test.each([
    ["the first drop-in wins", { "10-a.conf": "PermitRootLogin yes\nPasswordAuthentication no\n", "20-b.conf": "PermitRootLogin no\nPasswordAuthentication yes\n" }],
    ["byte order: upper case sorts first", { "a.conf": "PermitRootLogin no\n", "B.conf": "PermitRootLogin yes\n" }],
    ["case-insensitive keywords and =", { "10-a.conf": "permitrootlogin=no\nPASSWORDAUTHENTICATION = no\n" }],
    ["the first value in the same file", { "10-a.conf": "PermitRootLogin yes\nPermitRootLogin no\nPasswordAuthentication no\nPasswordAuthentication yes\n" }],
    ["a hidden drop-in is not read", { ".00-a.conf": "PermitRootLogin yes\n", "10-b.conf": "PermitRootLogin no\n" }],
    ["a Match block ends with its file", { "10-a.conf": "Match User x\nPermitRootLogin yes\n", "20-b.conf": "PermitRootLogin no\n" }],
  ])("first values: %s", (_name, dropIns) => {
    const settings = sshdT(dropIns);
    const lines = model(dropIns);

    expect(firstValue(lines, "permitrootlogin")?.toLowerCase() ?? "without-password").toBe(settings.get("permitrootlogin")?.[0]);
    expect(firstValue(lines, "passwordauthentication")?.toLowerCase() ?? "yes").toBe(settings.get("passwordauthentication")?.[0]);
  });
});
