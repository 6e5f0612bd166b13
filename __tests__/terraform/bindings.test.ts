import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../helpers/tools";

/** `<source> <version>` rows of scripts/providers.lock. */
function lockedProviders(): Record<string, string> {
  const rows = fs
    .readFileSync(path.join(repoRoot, "scripts", "providers.lock"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("provider "))
    .map((l) => l.trim().split(/\s+/));
  return Object.fromEntries(rows.map((cols) => [cols[2], cols[3]]));
}

describe("generated provider bindings", () => {
  const cdktf = JSON.parse(fs.readFileSync(path.join(repoRoot, "cdktf.json"), "utf8"));
  const generated: Record<string, string> = JSON.parse(fs.readFileSync(path.join(repoRoot, "providers", "versions.json"), "utf8"));

  test("were generated for exactly the providers cdktf.json pins, at the pinned versions", () => {
    const pinned = Object.fromEntries(
      (cdktf.terraformProviders as string[]).map((p) => {
        const [source, constraint] = p.split("@");
        return [`registry.terraform.io/${source.toLowerCase()}`, constraint.replace(/^=\s*/, "").trim()];
      }),
    );

    expect(generated).toEqual(pinned);
  });

  test("match the provider versions the toolchain builds", () => {
    const locked = lockedProviders();

    for (const [source, version] of Object.entries(generated)) expect({ source, version: locked[source] }).toEqual({ source, version });
  });

  test("are written to providers/ by cdktf's generator", () => {
    expect(cdktf.codeMakerOutput).toBe("providers");
    for (const source of Object.keys(generated)) {
      const name = source.split("/").pop()!;
      expect(fs.existsSync(path.join(repoRoot, "providers", "providers", name, "provider", "index.ts"))).toBe(true);
    }
  });
});
