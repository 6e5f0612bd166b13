import { parseArgs } from "util";
import { formatSummary, outdirRefusal, synthCasera } from "./synth-app";
import { exitQuietlyOnClosedPipe, outdirOption } from "./user-files";

/**
 * `npm run synth [-- --outdir DIR]`: synthesize every stack into cdktf.out
 * (or DIR, or $CDKTF_OUTDIR) and print a short summary. Anything else on the
 * command line is refused rather than ignored.
 */
const USAGE = "usage: npm run synth [-- [--outdir DIR]]  (DIR, and $CDKTF_OUTDIR, relative to where npm ran; default $CDKTF_OUTDIR, else cdktf.out)";
exitQuietlyOnClosedPipe();

let values: { outdir?: string; help?: boolean };
try {
  ({ values } = parseArgs({ args: process.argv.slice(2), options: { outdir: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }));
} catch (err) {
  console.error(`synth: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
// A folder the user named may be anything, and synth first removes its stacks/ and manifest.json; the default cdktf.out is the project's own.
const { outdir, named } = outdirOption("synth", USAGE, values.outdir);
const refusal = outdirRefusal(named, outdir);
if (refusal) {
  console.error(`synth: ${refusal}`);
  process.exit(2);
}
for (const line of formatSummary(synthCasera(outdir))) console.log(line);
