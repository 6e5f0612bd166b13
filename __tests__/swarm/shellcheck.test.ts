import * as fs from "fs";
import * as path from "path";
import { STUBS_DIR } from "../helpers/stubs";
import { describeWith, repoRoot, run, tool } from "../helpers/tools";

const SWARM_DIR = path.join(repoRoot, "swarm");

/** Every shell script under swarm/ and every test stand-in: what a node runs and what the tests run. */
const scripts = [
  ...fs.readdirSync(SWARM_DIR).filter((f) => f.endsWith(".sh")).map((f) => path.join(SWARM_DIR, f)),
  ...fs.readdirSync(STUBS_DIR).map((f) => path.join(STUBS_DIR, f)),
].sort();

describeWith([tool("shellcheck")], "shellcheck", () => {
  test("finds the node scripts", () => {
    expect(scripts.map((s) => path.relative(repoRoot, s))).toEqual(
      expect.arrayContaining(["swarm/apply-sshd.sh", "swarm/bootstrap.sh", "swarm/lib.sh", "swarm/swarm-token.sh"]),
    );
  });

  test.each(scripts.map((s) => [path.relative(repoRoot, s)]))("passes on %s", (relative) => {
    expect(() => run("shellcheck", ["--external-sources", "--severity=style", relative], { cwd: repoRoot })).not.toThrow();
  });

  test("node scripts start with set -euo pipefail", () => {
    const runnable = scripts.filter((s) => s.startsWith(SWARM_DIR) && !s.endsWith("lib.sh"));

    for (const script of runnable) {
      expect(fs.readFileSync(script, "utf8")).toMatch(/^#!\/usr\/bin\/env bash\n(#.*\n)*set -euo pipefail$/m);
    }
  });
});
