import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv-draft-04";
import { parse } from "yaml";
import { knownHostsLine, renderSshdDropIn } from "../../constructs/node/sshd";
import { readSwarmFile } from "../../constructs/node/swarm-files";
import { unescapeFromTerraform } from "../../constructs/node/terraform-escape";
import { renderUserData } from "../../constructs/node/user-data";
import { makeNodeBootKeys, nodeBootConfig, NodeBootKeys, testSwarmConfig } from "../helpers/node-boot";
import { describeWith, schemasDir, tool } from "../helpers/tools";

interface WriteFile {
  path: string;
  content: string;
  permissions?: string;
  encoding?: string;
}

let keys: NodeBootKeys;
let tmp: string;

beforeAll(() => {
  keys = makeNodeBootKeys();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casera-user-data-"));
});

afterAll(() => {
  fs.rmSync(keys.dir, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const rendered = (overrides = {}): Record<string, any> => parse(renderUserData(nodeBootConfig(keys, overrides)));
const fileAt = (doc: Record<string, any>, filePath: string): WriteFile => {
  const file = (doc.write_files as WriteFile[]).find((f) => f.path === filePath);
  if (!file) throw new Error(`no write_files entry for ${filePath}`);
  return file;
};

/** cdktf-style token strings, as a construct would pass them. */
const tokenConfig = (peers: number) => ({
  terraformEscape: true,
  hostKey: { privateKeyBase64: "${TfToken[TOKEN.11]}", publicKey: "${TfToken[TOKEN.12]}" },
  privateSubnet: "10.0.1.0/24",
  swarm: {
    peers: Array.from({ length: peers }, (_, i) => `10.0.1.${i + 3}`),
    seed: false,
    tokenKey: { privateKeyBase64: "${TfToken[TOKEN.13]}", publicKey: "${TfToken[TOKEN.14]}" },
    peerKnownHosts: Array.from({ length: peers }, (_, i) => `[10.0.1.${i + 3}]:2222 \${TfToken[TOKEN.${20 + i}]}`),
    labels: { redis: "true", zone: "a" },
  },
});

describe("renderUserData", () => {
  test("renders one cloud-config for Ubuntu 24.04 and Debian 12", () => {
    const ubuntu = renderUserData(nodeBootConfig(keys, { image: "ubuntu-24.04" }));

    expect(renderUserData(nodeBootConfig(keys, { image: "debian-12" }))).toBe(ubuntu);
  });

  test("starts with the #cloud-config marker", () => {
    const text = renderUserData(nodeBootConfig(keys));

    expect(text.split("\n")[0]).toBe("#cloud-config");
  });

  test("renders identical bytes for identical input, whatever the label order", () => {
    const a = renderUserData(nodeBootConfig(keys, { swarm: { ...testSwarmConfig(keys), labels: { b: "2", a: "1" } } }));
    const b = renderUserData(nodeBootConfig(keys, { swarm: { ...testSwarmConfig(keys), labels: { a: "1", b: "2" } } }));

    expect(a).toBe(b);
  });

  test("stays under Hetzner's 32 KiB user_data limit with nine peers and labels", () => {
    const peers = Array.from({ length: 9 }, (_, i) => `10.0.1.${i + 3}`);
    const swarm = {
      ...testSwarmConfig(keys),
      peers,
      peerKnownHosts: peers.map((ip) => knownHostsLine(ip, keys.peerHost.publicKey, 2222)),
      labels: { redis: "true", zone: "nbg1-a", "casera.role": "manager" },
    };

    const text = renderUserData(nodeBootConfig(keys, { swarm, deployKeys: [keys.deploy.publicKey, keys.token.publicKey], terraformEscape: true }));

    expect(Buffer.byteLength(text, "utf8")).toBeLessThan(32 * 1024);
  });

  test("embeds the swarm/ scripts byte for byte", () => {
    const doc = rendered();

    for (const script of ["lib.sh", "apply-sshd.sh", "bootstrap.sh", "swarm-token.sh"]) {
      expect(fileAt(doc, `/usr/local/lib/casera/${script}`).content).toBe(readSwarmFile(script));
    }
  });

  test("installs the sshd drop-in renderSshdDropIn renders, named to sort before 50-cloud-init.conf", () => {
    const doc = rendered();

    const dropIn = fileAt(doc, "/etc/ssh/sshd_config.d/01-casera-hardening.conf");
    expect(dropIn.content).toBe(
      renderSshdDropIn({ sshPort: 2222, deployUser: "deploy", tokenUser: { name: "swarm-token", subnet: "10.0.1.0/24" } }),
    );
    expect(["01-casera-hardening.conf", "50-cloud-init.conf"].sort()[0]).toBe("01-casera-hardening.conf");
  });

  test("installs the Terraform host key base64-encoded and readable by root only", () => {
    const doc = rendered();

    const key = fileAt(doc, "/etc/ssh/ssh_host_ed25519_key");
    expect(key).toMatchObject({ encoding: "b64", permissions: "0600", content: keys.host.privateKeyBase64 });
    expect(fileAt(doc, "/etc/ssh/ssh_host_ed25519_key.pub").content).toBe(`${keys.host.publicKey}\n`);
  });

  test("keeps cloud-init from deleting the host key or generating others", () => {
    const doc = rendered();

    expect(doc.ssh_deletekeys).toBe(false);
    expect(doc.ssh_genkeytypes).toEqual(["ed25519"]);
  });

  test("turns off password and root logins in cloud-init too", () => {
    const doc = rendered();

    expect(doc).toMatchObject({ ssh_pwauth: false, disable_root: true, hostname: "casera-prod-1", preserve_hostname: false });
  });

  test("gives deploy key-only login, passwordless sudo and the docker group", () => {
    const doc = rendered();

    const deploy = doc.users.find((u: any) => u.name === "deploy");
    expect(deploy).toMatchObject({ lock_passwd: true, sudo: "ALL=(ALL) NOPASSWD:ALL", groups: "docker", ssh_authorized_keys: [keys.deploy.publicKey] });
    expect(doc.groups).toEqual(["docker"]);
  });

  test("lets the token user run only the token script, with a forced-command key from the subnet", () => {
    const doc = rendered();

    const token = doc.users.find((u: any) => u.name === "swarm-token");
    expect(token.sudo).toBe('ALL=(root) NOPASSWD: /usr/local/lib/casera/swarm-token.sh ""');
    expect(token.ssh_authorized_keys).toEqual([
      `restrict,from="10.0.1.0/24",command="sudo -n /usr/local/lib/casera/swarm-token.sh" ${keys.token.publicKey}`,
    ]);
  });

  test("installs Docker from the distribution with unattended upgrades and fail2ban", () => {
    const doc = rendered();

    expect(doc.package_update).toBe(true);
    expect(doc.packages).toEqual(expect.arrayContaining(["docker.io", "unattended-upgrades", "fail2ban"]));
    expect(doc.apt).toBeUndefined();
  });

  test("points fail2ban at the real SSH port", () => {
    const doc = rendered({ sshPort: 2299 });

    expect(fileAt(doc, "/etc/fail2ban/jail.d/casera-sshd.local").content).toMatch(/^port = 2299$/m);
  });

  test("writes the bootstrap settings with sorted labels", () => {
    const base = testSwarmConfig(keys);
    const doc = rendered({ swarm: { ...base, seed: false, labels: { zone: "a", redis: "true" }, ingressMtu: 1380, addressPool: "10.210.0.0/16" } });

    const env = fileAt(doc, "/etc/casera/swarm.env").content;
    expect(env).toContain("SUBNET=10.0.1.0/24\nPEERS=10.0.1.3 10.0.1.4\nSEED=0\nSSH_PORT=2222\n");
    expect(env).toContain("LABELS=redis=true zone=a\nINGRESS_MTU=1380\nADDR_POOL=10.210.0.0/16\n");
  });

  test("writes the peers' host keys for strict checking", () => {
    const doc = rendered();

    expect(fileAt(doc, "/etc/casera/peers_known_hosts").content).toBe(
      `[10.0.1.3]:2222 ${keys.peerHost.publicKey}\n[10.0.1.4]:2222 ${keys.peerHost.publicKey}\n`,
    );
  });

  test("runs apply-sshd.sh, then the bootstrap", () => {
    const doc = rendered();

    expect(doc.runcmd).toEqual([["/usr/local/lib/casera/apply-sshd.sh"], ["/usr/local/lib/casera/bootstrap.sh"]]);
  });

  test("leaves out the token user, the bootstrap and its files on a node without swarm", () => {
    const doc = rendered({ swarm: undefined });

    expect(doc.users.map((u: any) => u.name)).toEqual(["deploy"]);
    expect(doc.write_files.map((f: WriteFile) => f.path)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/bootstrap|swarm-token|swarm\.env|known_hosts/)]),
    );
    expect(doc.runcmd).toEqual([["/usr/local/lib/casera/apply-sshd.sh"]]);
    expect(fileAt(doc, "/etc/ssh/sshd_config.d/01-casera-hardening.conf").content).toMatch(/^AllowUsers deploy$/m);
  });

  test("uses the default values for an omitted tokenUser, ingressMtu and addressPool", () => {
    const doc = rendered();

    expect(fileAt(doc, "/etc/casera/swarm.env").content).toContain("TOKEN_USER=swarm-token\n");
    expect(fileAt(doc, "/etc/casera/swarm.env").content).toContain("INGRESS_MTU=1400\nADDR_POOL=10.200.0.0/16\n");
  });

  test("rejects a label the bootstrap could not read back", () => {
    const base = testSwarmConfig(keys);

    expect(() => renderUserData(nodeBootConfig(keys, { swarm: { ...base, labels: { role: "a b" } } }))).toThrow(/swarm.labels: "role=a b"/);
  });
});

describe("Terraform escaping", () => {
  test("leaves no unescaped ${ or %{ outside cdktf tokens", () => {
    const text = renderUserData(nodeBootConfig(keys, tokenConfig(2)));

    const withoutTokens = text.replace(/\$\{TfToken\[[^\]]*\]\}/g, "");
    expect(withoutTokens).not.toMatch(/(^|[^$])\$\{/);
    expect(withoutTokens).not.toMatch(/(^|[^%])%\{/);
  });

  test("keeps every cdktf token as cdktf wrote it", () => {
    const text = renderUserData(nodeBootConfig(keys, tokenConfig(2)));

    for (const token of ["TOKEN.11", "TOKEN.12", "TOKEN.13", "TOKEN.14", "TOKEN.20", "TOKEN.21"]) {
      expect(text).toContain(`\${TfToken[${token}]}`);
    }
  });

  test("hands the server exactly the unescaped rendering once Terraform unescapes it", () => {
    const escaped = renderUserData(nodeBootConfig(keys, { terraformEscape: true }));

    expect(unescapeFromTerraform(escaped)).toBe(renderUserData(nodeBootConfig(keys)));
  });

  test("escapes by default", () => {
    const { terraformEscape: _omit, ...config } = nodeBootConfig(keys);

    expect(renderUserData(config)).toContain("$${");
  });
});

const schemaFile = path.join(schemasDir(), "cloud-init-cloud-config-v1.json");

describeWith([{ ok: fs.existsSync(schemaFile), why: `${schemaFile} is missing` }], "cloud-init JSON schema", () => {
  const validate = () => new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));

  test("accepts the seed's user-data", () => {
    const check = validate();

    const ok = check(rendered());

    expect(check.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test("accepts a joining node's user-data with nine peers", () => {
    const check = validate();
    const base = testSwarmConfig(keys);
    const peers = Array.from({ length: 9 }, (_, i) => `10.0.1.${i + 3}`);

    const ok = check(rendered({ swarm: { ...base, seed: false, peers, labels: {} } }));

    expect(ok).toBe(true);
  });

  test("accepts a node's user-data without swarm", () => {
    const check = validate();

    expect(check(rendered({ swarm: undefined }))).toBe(true);
  });

  test("rejects a cloud-config that asks for no host key types (the check is real)", () => {
    const check = validate();

    expect(check({ ...rendered(), ssh_genkeytypes: [] })).toBe(false);
  });
});

describeWith([tool("cloud-init")], "Debian's cloud-init schema", () => {
  const cloudInitSchema = (text: string) => {
    const file = path.join(tmp, `user-data-${Date.now()}-${Math.random().toString(36).slice(2)}.yaml`);
    fs.writeFileSync(file, text);
    return spawnSync("cloud-init", ["schema", "--config-file", file], { encoding: "utf8" });
  };

  test("accepts the rendered user-data", () => {
    const result = cloudInitSchema(renderUserData(nodeBootConfig(keys)));

    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/Valid cloud-config/);
    expect(result.status).toBe(0);
  });

  test("accepts the Debian 12 node's user-data without swarm", () => {
    const result = cloudInitSchema(renderUserData(nodeBootConfig(keys, { image: "debian-12", swarm: undefined })));

    expect(result.status).toBe(0);
  });

  test("rejects a write_files entry without a path (the check is real)", () => {
    const result = cloudInitSchema("#cloud-config\nwrite_files:\n  - content: x\n");

    expect(result.status).not.toBe(0);
  });
});
