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

const isExecutable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * The load generator the load test runs (vegeta): `CASERA_VEGETA` when set,
 * else what scripts/toolchain-env.sh reports (the cache's bin/vegeta, else
 * vegeta on PATH). Undefined when there is none; nothing is built.
 */
export function vegetaPath(repoRoot: string = path.resolve(__dirname, "..")): string | undefined {
  const fromEnv = process.env.CASERA_VEGETA;
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  const vars = JSON.parse(execFileSync("bash", [path.join(repoRoot, "scripts", "toolchain-env.sh"), "--json"], { encoding: "utf8" }));
  return vars.CASERA_VEGETA && isExecutable(vars.CASERA_VEGETA) ? vars.CASERA_VEGETA : undefined;
}

/** vegeta, built by `scripts/toolchain.sh --tools` when missing or stale (about 90 s cold, a second warm). */
export function ensureVegeta(repoRoot: string = path.resolve(__dirname, "..")): string {
  execFileSync("bash", [path.join(repoRoot, "scripts", "toolchain.sh"), "--tools"], { stdio: ["ignore", "ignore", process.stderr], cwd: repoRoot });
  const found = vegetaPath(repoRoot);
  if (!found) throw new Error("scripts/toolchain.sh --tools ran but no vegeta was found");
  return found;
}
