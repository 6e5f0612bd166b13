import { synthCasera } from "./synth-app";

/** `npm run synth`: synthesize every stack into cdktf.out and print a short summary. */
const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
const stacks = synthCasera(outdir);
for (const stack of stacks) {
  const total = Object.values(stack.resources).reduce((a, b) => a + b, 0);
  console.log(`${stack.name}: ${total} resources, ${stack.warnings.length} warnings (${stack.dir})`);
  const types = Object.entries(stack.resources).sort(([a], [b]) => a.localeCompare(b));
  for (const [type, count] of types) console.log(`  ${String(count).padStart(3)}  ${type}`);
}
const warnings = [...new Set(stacks.flatMap((s) => s.warnings.map((w) => `${s.name}: ${w}`)))];
if (warnings.length > 0) {
  console.log(`warnings (${warnings.length}):`);
  for (const w of warnings) console.log(`  - ${w}`);
}
