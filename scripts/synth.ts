import { formatSummary, synthCasera } from "./synth-app";

/** `npm run synth`: synthesize every stack into cdktf.out and print a short summary. */
// An empty CDKTF_OUTDIR counts as unset, as in npm run validate.
const outdir = process.env.CDKTF_OUTDIR || "cdktf.out";
for (const line of formatSummary(synthCasera(outdir))) console.log(line);
