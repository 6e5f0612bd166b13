import * as path from "path";
import { formatWarnings, outdirRefusal, synthCasera, synthOutputProblem } from "./synth-app";
import { ensureToolchain } from "./toolchain-paths";
import { exitQuietlyOnClosedPipe, outdirOption, parseCommandLine } from "./user-files";
import { validateStacks } from "./validate-stacks";

/**
 * `npm run validate`: synthesize the Casera app, then `terraform init` and
 * `terraform validate` every stack with the real providers from the offline
 * mirror. One line per stack; exits non-zero on any error.
 * `npm run validate -- --outdir DIR --no-synth` checks an existing cdktf.out.
 */
const USAGE = "usage: npm run validate [-- [--outdir DIR] [--no-synth]]  (DIR, and $CDKTF_OUTDIR, relative to where npm ran; default $CDKTF_OUTDIR, else cdktf.out)";
exitQuietlyOnClosedPipe();

function parseOptions(argv: string[]): { outdir: string; synth: boolean } {
  const values = parseCommandLine("validate", USAGE, argv, { outdir: { type: "string" }, "no-synth": { type: "boolean" } }) as { outdir?: string; "no-synth"?: boolean };
  const { outdir, named } = outdirOption("validate", USAGE, values.outdir);
  const synth = !values["no-synth"];
  if (!synth) {
    const problem = synthOutputProblem(outdir);
    if (problem) {
      const synthFirst = values.outdir !== undefined ? `npm run synth -- --outdir ${JSON.stringify(values.outdir)}` : "npm run synth";
      console.error(`validate: --no-synth checks an existing synth output, but ${problem}: run ${synthFirst} first, or drop --no-synth`);
      process.exit(2);
    }
  }
  // A folder the user named may be anything; the synth would first remove its stacks/ and manifest.json.
  const refusal = synth ? outdirRefusal(named, outdir) : undefined;
  if (refusal) {
    console.error(`validate: ${refusal}`);
    process.exit(2);
  }
  return { outdir, synth };
}

const { outdir, synth } = parseOptions(process.argv.slice(2));
// The synth's warnings (example values, unpinned images, ...) are shown here too: validate is often the only command run before a deploy.
if (synth) for (const line of formatWarnings(synthCasera(outdir))) console.log(line);

const toolchain = ensureToolchain(path.resolve(__dirname, ".."), true);
const results = validateStacks(outdir, toolchain);
const width = Math.max(...results.map((r) => r.stack.length));
for (const r of results) {
  const unchecked = r.unchecked.length > 0 ? ` (not checked, provider not in the mirror: ${r.unchecked.join(", ")})` : "";
  const swapped = r.substituted.length > 0 ? ` (validated with the mirror's ${r.substituted.join(", ")})` : "";
  console.log(`${r.ok ? "ok  " : "FAIL"} ${r.stack.padEnd(width)}  ${r.summary}${swapped}${unchecked}`);
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
