import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SingleNodeSwarm } from "./single-node-swarm";

/**
 * Local stand-in images for the stack, built without a registry: a Debian
 * unstable minbase root with nginx and busybox (debootstrap, cached as a
 * tar outside the repository), imported once, then one small image per
 * service that adds the stand-in script (standin/casera-standin) and sets the
 * command. The edge runs the real nginx with the real config.
 */
export const STANDIN_TAG = "test";
/**
 * Debian unstable, for its nginx (1.30 when this was written): the edge
 * config needs 1.27.3 or later (`server ... resolve`), as in production;
 * bookworm has 1.22.
 */
const BASE_SUITE = "sid";
const BASE_PACKAGES = ["nginx", "busybox"];
const CACHE_DIR = process.env.CASERA_IMAGE_CACHE ?? path.join(os.homedir(), ".cache", "casera-images");
const BASE_TAR = path.join(CACHE_DIR, `${BASE_SUITE}-minbase-${BASE_PACKAGES.join("-")}.tar`);

/** Image repository per service; the tag is STANDIN_TAG. */
export const STANDIN_IMAGES: Readonly<Record<string, string>> = {
  api: "casera-standin/api",
  worker: "casera-standin/worker",
  admin: "casera-standin/admin",
  redis: "casera-standin/redis",
  dozzle: "casera-standin/dozzle",
  edge: "casera-standin/edge",
};

const COMMANDS: Readonly<Record<string, string[]>> = {
  api: ["casera-standin", "api"],
  worker: ["casera-standin", "worker"],
  admin: ["casera-standin", "admin"],
  redis: ["redis-server"],
  dozzle: ["/dozzle"],
  edge: ["nginx", "-g", "daemon off;"],
};

/** Builds the cached root file system tar when it is missing (about a minute). */
export function ensureBaseTar(): string {
  if (fs.existsSync(BASE_TAR)) return BASE_TAR;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cstk-rootfs-"));
  try {
    must("debootstrap", ["--variant=minbase", `--include=${BASE_PACKAGES.join(",")}`, BASE_SUITE, root, "http://deb.debian.org/debian"]);
    const partial = `${BASE_TAR}.partial`;
    must("tar", ["-C", root, "-cf", partial, "--exclude=./var/cache/apt/archives/*.deb", "--exclude=./proc/*", "--exclude=./sys/*", "--exclude=./dev/*", "."]);
    fs.renameSync(partial, BASE_TAR);
  } finally {
    if (root.startsWith(path.join(os.tmpdir(), "cstk-rootfs-"))) fs.rmSync(root, { recursive: true, force: true });
  }
  return BASE_TAR;
}

/** Imports the base and builds every stand-in image into the node's engine. */
export function buildStandinImages(node: SingleNodeSwarm): void {
  const tar = ensureBaseTar();
  const base = `casera-standin/base:${STANDIN_TAG}`;
  const imported = spawnSync("/usr/bin/docker", ["import", "-", base], { env: node.env, input: fs.readFileSync(tar), encoding: "utf8", maxBuffer: 1 << 20 });
  if (imported.status !== 0) throw new Error(`docker import failed: ${imported.stderr}`);

  // The layer every stand-in shares: the script and links named like the real programs.
  const context = fs.mkdtempSync(path.join(os.tmpdir(), "cstk-context-"));
  try {
    const bin = path.join(context, "rootfs", "usr", "local", "bin");
    fs.mkdirSync(bin, { recursive: true });
    fs.copyFileSync(path.join(__dirname, "standin", "casera-standin"), path.join(bin, "casera-standin"));
    fs.chmodSync(path.join(bin, "casera-standin"), 0o755);
    for (const link of ["redis-server", "redis-cli"]) fs.symlinkSync("casera-standin", path.join(bin, link));
    fs.symlinkSync("/bin/busybox", path.join(bin, "wget"));
    fs.symlinkSync("/usr/local/bin/casera-standin", path.join(context, "rootfs", "dozzle"));
    for (const [service, repo] of Object.entries(STANDIN_IMAGES)) {
      fs.writeFileSync(
        path.join(context, "Dockerfile"),
        [`FROM ${base}`, "COPY rootfs/ /", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", `CMD ${JSON.stringify(COMMANDS[service])}`, ""].join("\n"),
      );
      node.mustDocker(["build", "-q", "-t", `${repo}:${STANDIN_TAG}`, context]);
    }
  } finally {
    fs.rmSync(context, { recursive: true, force: true });
  }
}

function must(cmd: string, args: readonly string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.slice(-2000)}`);
}
