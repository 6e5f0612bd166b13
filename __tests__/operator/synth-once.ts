import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthCasera } from "../../scripts/synth-app";

let outdir: string | undefined;

/** The Casera app synthesized once per test file with the example configuration. */
export function exampleSynth(): string {
  if (!outdir) {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-operator-"));
    synthCasera(outdir, {});
  }
  return outdir;
}

/** Removes the synth output made by `exampleSynth`. */
export function removeExampleSynth(): void {
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  outdir = undefined;
}
