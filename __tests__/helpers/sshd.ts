import * as fs from "fs";
import * as path from "path";

/** What Ubuntu 24.04 and Debian 12 ship as /etc/ssh/sshd_config, give or take comments. */
const IMAGE_MAIN_CONFIG = [
  "KbdInteractiveAuthentication no",
  "UsePAM yes",
  "X11Forwarding yes",
  "PrintMotd no",
  "AcceptEnv LANG LC_*",
  "Subsystem sftp /usr/lib/openssh/sftp-server",
];

/** A drop-in as cloud-init (or a careless image) might write it: passwords and root on. */
export const IMAGE_CLOUD_INIT_DROP_IN = "PasswordAuthentication yes\nPermitRootLogin yes\n";

/**
 * Lays out an image-like sshd configuration in `dir`: a main sshd_config that
 * includes `dir/sshd_config.d/*.conf` first, as the images do, and the given
 * drop-ins. `extra` lines go at the end of the main file (test-only settings).
 * Returns the main file's path.
 */
export function writeSshdConfig(dir: string, dropIns: Readonly<Record<string, string>>, extra: readonly string[] = []): string {
  const dropInDir = path.join(dir, "sshd_config.d");
  fs.mkdirSync(dropInDir, { recursive: true });
  for (const [name, content] of Object.entries(dropIns)) {
    fs.writeFileSync(path.join(dropInDir, name), content);
  }
  const main = path.join(dir, "sshd_config");
  fs.writeFileSync(main, [`Include ${dropInDir}/*.conf`, ...IMAGE_MAIN_CONFIG, ...extra, ""].join("\n"));
  return main;
}

/** sshd refuses to start, or even to test a config, without its privilege separation directory. */
export function ensurePrivsepDir(): void {
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
}

/** `sshd -T` output as keyword -> values (keywords that repeat, such as hostkey, keep every value). */
export function parseSshdT(output: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of output.split("\n")) {
    const match = /^(\S+) (.*)$/.exec(line);
    if (match) {
      settings.set(match[1], [...(settings.get(match[1]) ?? []), match[2]]);
    }
  }
  return settings;
}
