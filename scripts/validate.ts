import * as path from "path";
import { synthCasera } from "./synth-app";
import { ensureToolchain } from "./toolchain-paths";
import { validateStacks } from "./validate-stacks";

/**
 * `npm run validate`: synthesize the Casera app, then `terraform init` and
 * `terraform validate` every stack with the real providers from the offline
 * mirror. One line per stack; exits non-zero on any error.
 * `npm run validate -- --outdir DIR --no-synth` checks an existing cdktf.out.
 */
const args = process.argv.slice(2);
const flag = (name: string) => args.indexOf(name);
const outdir = flag("--outdir") >= 0 ? args[flag("--outdir") + 1] : process.env.CDKTF_OUTDIR ?? "cdktf.out";
if (flag("--no-synth") < 0) synthCasera(outdir);

const toolchain = ensureToolchain(path.resolve(__dirname, ".."), true);
const results = validateStacks(outdir, toolchain);
const width = Math.max(...results.map((r) => r.stack.length));
for (const r of results) {
  const unchecked = r.unchecked.length > 0 ? ` (not checked, provider not in the mirror: ${r.unchecked.join(", ")})` : "";
  const swapped = r.substituted.length > 0 ? ` (validated with the mirror's ${r.substituted.join(", ")})` : "";
  console.log(`${r.ok ? "ok  " : "FAIL"} ${r.stack.padEnd(width)}  ${r.summary}${swapped}${unchecked}`);
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
