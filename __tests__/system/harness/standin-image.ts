import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exec, must } from "./host-processes";

/** The stand-in image every host imports: static busybox serving /www over HTTP on port 80. */
export const STANDIN_IMAGE = "casera/standin:1";

/** What the stand-in serves at `/`. */
export const STANDIN_PAGE = "casera stand-in\n";

/** The `docker import` changes that make the tar an image: busybox httpd in the foreground. */
export const STANDIN_CHANGES = ["--change", 'CMD ["/bin/busybox","httpd","-f","-p","80","-h","/www"]', "--change", "EXPOSE 80"];

/** True when /bin/busybox is the static build (Debian package busybox-static) the stand-in image needs. */
export function hasStaticBusybox(): boolean {
  if (!fs.existsSync("/bin/busybox")) return false;
  const ldd = exec("ldd", ["/bin/busybox"]);
  return /not a dynamic executable|statically linked/.test(ldd.stdout + ldd.stderr);
}

/**
 * The stand-in image as a rootfs tar: the static busybox from `busybox-static`
 * and one page. Cached in ~/.cache/casera-images under the binary's hash and
 * rebuilt when missing. No registry is involved.
 */
export function standinImageTar(): string {
  const busybox = "/bin/busybox";
  if (!hasStaticBusybox()) {
    throw new Error(`${busybox} must be the static busybox (Debian package busybox-static)`);
  }
  const hash = createHash("sha256").update(fs.readFileSync(busybox)).update(STANDIN_PAGE).digest("hex").slice(0, 16);
  const cacheDir = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "casera-images");
  const tar = path.join(cacheDir, `standin-${hash}.tar`);
  if (fs.existsSync(tar)) return tar;

  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "casera-standin-"));
  try {
    fs.mkdirSync(path.join(staging, "bin"));
    fs.mkdirSync(path.join(staging, "www"));
    fs.copyFileSync(busybox, path.join(staging, "bin", "busybox"));
    fs.chmodSync(path.join(staging, "bin", "busybox"), 0o755);
    fs.symlinkSync("busybox", path.join(staging, "bin", "sh"));
    fs.writeFileSync(path.join(staging, "www", "index.html"), STANDIN_PAGE);
    const partial = `${tar}.${process.pid}.partial`;
    must("tar", ["--numeric-owner", "--owner=0", "--group=0", "-C", staging, "-cf", partial, "."]);
    fs.renameSync(partial, tar);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return tar;
}
