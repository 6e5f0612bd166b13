import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { renderUserData } from "../../constructs/node/user-data";
import { makeNodeBootKeys, nodeBootConfig, NodeBootKeys } from "../helpers/node-boot";
import { ensurePrivsepDir, IMAGE_CLOUD_INIT_DROP_IN, parseSshdT, writeSshdConfig } from "../helpers/sshd";
import { makeKey, TestKey } from "../helpers/ssh-keys";
import { describeWith, root, run, tool, which } from "../helpers/tools";

const DROP_IN_PATH = "/etc/ssh/sshd_config.d/01-casera-hardening.conf";

let keys: NodeBootKeys;
let testHostKey: TestKey;
let tmp: string;

/** The drop-in exactly as it sits in the rendered user-data. */
const renderedDropIn = (overrides = {}): string =>
  parse(renderUserData(nodeBootConfig(keys, overrides))).write_files.find((f: { path: string }) => f.path === DROP_IN_PATH).content;

/** A fresh image-like config folder holding the rendered drop-in and the image's own 50-cloud-init.conf. */
const config = (dropIn: string): string => {
  const dir = fs.mkdtempSync(path.join(tmp, "conf-"));
  return writeSshdConfig(dir, { "01-casera-hardening.conf": dropIn, "50-cloud-init.conf": IMAGE_CLOUD_INIT_DROP_IN });
};

/** sshd -T for a connection; -h adds a readable test key, because -T loads host keys. */
const effective = (dropIn: string, connection: string) =>
  parseSshdT(run(which("sshd")!, ["-T", "-f", config(dropIn), "-h", testHostKey.privatePath, "-C", connection]));

describeWith([tool("sshd"), tool("ssh-keygen"), root()], "rendered sshd drop-in", () => {
  beforeAll(() => {
    ensurePrivsepDir();
    keys = makeNodeBootKeys();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casera-sshd-config-"));
    testHostKey = makeKey(tmp, "test-host-key", "");
  });

  afterAll(() => {
    fs.rmSync(keys.dir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("sshd -t accepts a Swarm node's drop-in", () => {
    expect(() => run(which("sshd")!, ["-t", "-f", config(renderedDropIn()), "-h", testHostKey.privatePath])).not.toThrow();
  });

  test("sshd -t accepts the drop-in of a node without swarm", () => {
    expect(() => run(which("sshd")!, ["-t", "-f", config(renderedDropIn({ swarm: undefined })), "-h", testHostKey.privatePath])).not.toThrow();
  });

  test("keeps the custom port, no root and no passwords although 50-cloud-init.conf turns them on", () => {
    const settings = effective(renderedDropIn(), "user=deploy,host=x,addr=10.0.1.5");

    expect(settings.get("port")).toEqual(["2222"]);
    expect(settings.get("permitrootlogin")).toEqual(["no"]);
    expect(settings.get("passwordauthentication")).toEqual(["no"]);
  });

  test("allows public keys only, three tries per connection", () => {
    const settings = effective(renderedDropIn(), "user=deploy,host=x,addr=10.0.1.5");

    expect(settings.get("authenticationmethods")).toEqual(["publickey"]);
    expect(settings.get("pubkeyauthentication")).toEqual(["yes"]);
    expect(settings.get("kbdinteractiveauthentication")).toEqual(["no"]);
    expect(settings.get("maxauthtries")).toEqual(["3"]);
  });

  test("lets in deploy, and the token user from the private subnet only", () => {
    const settings = effective(renderedDropIn(), "user=deploy,host=x,addr=10.0.1.5");

    expect(settings.get("allowusers")).toEqual(["deploy", "swarm-token@10.0.1.0/24"]);
  });

  test("presents only the pinned host key", () => {
    const settings = effective(renderedDropIn(), "user=deploy,host=x,addr=10.0.1.5");

    expect([...(settings.get("hostkey") ?? [])].sort()).toEqual(["/etc/ssh/ssh_host_ed25519_key", testHostKey.privatePath].sort());
  });

  test("gives deploy local tunnels and no X11, although the main config turns X11 on", () => {
    const settings = effective(renderedDropIn(), "user=deploy,host=x,addr=10.0.1.5");

    expect(settings.get("allowtcpforwarding")).toEqual(["local"]);
    expect(settings.get("x11forwarding")).toEqual(["no"]);
    expect(settings.get("forcecommand")).toEqual(["none"]);
  });

  test("forces the token command on the token user, without tty or forwarding", () => {
    const settings = effective(renderedDropIn(), "user=swarm-token,host=x,addr=10.0.1.5");

    expect(settings.get("forcecommand")).toEqual(["sudo -n /usr/local/lib/casera/swarm-token.sh"]);
    expect(settings.get("permittty")).toEqual(["no"]);
    expect(settings.get("allowtcpforwarding")).toEqual(["no"]);
    expect(settings.get("allowstreamlocalforwarding")).toEqual(["no"]);
    expect(settings.get("permituserrc")).toEqual(["no"]);
  });

  test("uses the port it is given", () => {
    const settings = effective(renderedDropIn({ sshPort: 40022 }), "user=deploy,host=x,addr=10.0.1.5");

    expect(settings.get("port")).toEqual(["40022"]);
  });
});
