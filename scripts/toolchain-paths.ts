import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Where scripts/toolchain.sh keeps Terraform, the provider mirror and the CLI config. */
export function toolchainDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CASERA_TOOLCHAIN_DIR) return env.CASERA_TOOLCHAIN_DIR;
  const cache = env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache");
  return path.join(cache, "casera-toolchain");
}

export interface Toolchain {
  /** The Terraform binary to run. */
  readonly terraform: string;
  /** Environment for Terraform: the CLI config that points at the mirror, a plugin cache. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The offline toolchain, built by scripts/toolchain.sh when it is missing or
 * stale (a warm run takes seconds).
 */
export function ensureToolchain(repoRoot: string, quiet = false): Toolchain {
  execFileSync("bash", [path.join(repoRoot, "scripts", "toolchain.sh")], {
    stdio: quiet ? ["ignore", "ignore", "inherit"] : ["ignore", process.stderr, process.stderr],
    cwd: repoRoot,
  });
  const dir = toolchainDir();
  const built = path.join(dir, "bin", "terraform");
  const terraform = fs.existsSync(built) ? built : "terraform";
  const pluginCache = path.join(dir, "plugin-cache");
  fs.mkdirSync(pluginCache, { recursive: true });
  return {
    terraform,
    env: {
      ...process.env,
      TF_CLI_CONFIG_FILE: path.join(dir, "terraformrc"),
      TF_PLUGIN_CACHE_DIR: pluginCache,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
    },
  };
}
