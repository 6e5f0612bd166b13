import * as fs from "fs";
import * as path from "path";
import { run } from "./tools";

export interface TestKey {
  /** Path of the private key file (mode 0600). */
  readonly privatePath: string;
  /** The public key as one line. */
  readonly publicKey: string;
  /** The private key file, base64-encoded as the tls provider's output would be. */
  readonly privateKeyBase64: string;
}

/** A fresh ed25519 key pair made with ssh-keygen in `dir`. */
export function makeKey(dir: string, name: string, comment = name): TestKey {
  const privatePath = path.join(dir, name);
  run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", privatePath]);
  return {
    privatePath,
    publicKey: fs.readFileSync(`${privatePath}.pub`, "utf8").trim(),
    privateKeyBase64: fs.readFileSync(privatePath).toString("base64"),
  };
}
