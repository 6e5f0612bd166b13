import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface Toolchain {
  /** The Terraform binary to run. */
  readonly terraform: string;
  /** The filesystem mirror holding the provider binaries. */
  readonly mirror: string;
  /** Environment for Terraform: the CLI config that points at the mirror, a plugin cache. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The offline toolchain, built by scripts/toolchain.sh when it is missing or
 * stale (a warm run takes seconds), described by scripts/toolchain-env.sh.
 */
export function ensureToolchain(repoRoot: string, quiet = false): Toolchain {
  const script = (name: string) => path.join(repoRoot, "scripts", name);
  execFileSync("bash", [script("toolchain.sh")], {
    stdio: quiet ? ["ignore", "ignore", "inherit"] : ["ignore", process.stderr, process.stderr],
    cwd: repoRoot,
  });
  const vars = JSON.parse(execFileSync("bash", [script("toolchain-env.sh"), "--json"], { encoding: "utf8" }));
  const pluginCache = path.join(vars.CASERA_TOOLCHAIN_DIR, "plugin-cache");
  fs.mkdirSync(pluginCache, { recursive: true });
  return {
    terraform: vars.CASERA_TERRAFORM,
    mirror: vars.CASERA_TF_MIRROR,
    env: {
      ...process.env,
      TF_CLI_CONFIG_FILE: vars.TF_CLI_CONFIG_FILE,
      TF_PLUGIN_CACHE_DIR: pluginCache,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
    },
  };
}

/** Provider source addresses (`namespace/type`, lower case) present in the mirror. */
export function mirroredProviders(mirror: string): Set<string> {
  const host = path.join(mirror, "registry.terraform.io");
  const found = new Set<string>();
  if (!fs.existsSync(host)) return found;
  for (const ns of fs.readdirSync(host)) {
    for (const type of fs.readdirSync(path.join(host, ns))) found.add(`${ns}/${type}`.toLowerCase());
  }
  return found;
}
