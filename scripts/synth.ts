import { formatSummary, outdirRefusal, synthCasera } from "./synth-app";
import { exitQuietlyOnClosedPipe, outdirOption, parseCommandLine } from "./user-files";

/**
 * `npm run synth [-- --outdir DIR]`: synthesize every stack into cdktf.out
 * (or DIR, or $CDKTF_OUTDIR) and print a short summary. Anything else on the
 * command line is refused rather than ignored.
 */
const USAGE = "usage: npm run synth [-- [--outdir DIR]]  (DIR, and $CDKTF_OUTDIR, relative to where npm ran; default $CDKTF_OUTDIR, else cdktf.out)";
exitQuietlyOnClosedPipe();

const values = parseCommandLine("synth", USAGE, process.argv.slice(2), { outdir: { type: "string" } }) as { outdir?: string };
// A folder the user named may be anything, and synth first removes its stacks/ and manifest.json; the default cdktf.out is the project's own.
const { outdir, named } = outdirOption("synth", USAGE, values.outdir);
const refusal = outdirRefusal(named, outdir);
if (refusal) {
  console.error(`synth: ${refusal}`);
  process.exit(2);
}
for (const line of formatSummary(synthCasera(outdir))) console.log(line);
