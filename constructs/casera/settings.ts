/**
 * User-specific values of the Casera app, read from environment variables.
 * With a variable unset, an embedded example value keeps synth working and
 * the stack carries a warning naming the variable to set.
 */

import { distance } from "fastest-levenshtein";
import { KEY_TYPES } from "../core/validate";

export interface CaseraSettings {
  /** Domain served through Cloudflare. */
  readonly domain: string;
  /** Cloudflare zone ID of the domain. */
  readonly cloudflareZoneId: string;
  /** Operators' OpenSSH public keys. */
  readonly sshPublicKeys: string[];
  /** CIDR blocks operators connect from. */
  readonly adminCidrs: string[];
  /** Prefix of the B2 bucket names (`<prefix>-uploads`, `<prefix>-certs`). */
  readonly bucketPrefix: string;
}

/** One variable: its name, how it is parsed, and the example used when unset. */
interface Variable<K extends keyof CaseraSettings> {
  readonly key: K;
  readonly name: string;
  readonly example: string;
  readonly parse: (raw: string) => CaseraSettings[K];
}

const list = (raw: string): string[] =>
  raw
    .split(/[\n,;]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/**
 * Public keys, one a line, or separated by `,` or `;`. A key's comment may
 * itself hold those (`ssh-keygen -C "bob, ops"`), so a comma or semicolon
 * separates keys only where a key type follows it.
 */
const KEY_SEPARATOR = new RegExp(`\\n|[,;](?=\\s*(?:${[...KEY_TYPES, "ssh-dss"].map((t) => t.replace(/[.]/g, "\\.")).join("|")})(?:[\\s:]|$))`);
const keyList = (raw: string): string[] =>
  raw
    // A known key type word after the separator splits, whatever follows: a damaged key must reach the check, not hide in a comment.
    .split(KEY_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** A public key line's type and base64 body, without its comment. */
const keyMaterial = (line: string): string => line.trim().split(/\s+/).slice(0, 2).join(" ");

/** The variables, in the order the README documents them. */
export const SETTINGS_VARIABLES = [
  { key: "domain", name: "CASERA_DOMAIN", example: "casera.example", parse: (r: string) => r.trim() },
  { key: "cloudflareZoneId", name: "CASERA_CLOUDFLARE_ZONE_ID", example: "0123456789abcdef0123456789abcdef", parse: (r: string) => r.trim() },
  {
    key: "sshPublicKeys",
    name: "CASERA_SSH_PUBLIC_KEYS",
    example: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo3HLTpjbMFBZFMK+eUrH3D1Jhi8LZthBph/GWmdGb9 casera-example-do-not-use",
    parse: keyList,
  },
  { key: "adminCidrs", name: "CASERA_ADMIN_CIDRS", example: "203.0.113.10/32", parse: list },
  { key: "bucketPrefix", name: "CASERA_BUCKET_PREFIX", example: "casera", parse: (r: string) => r.trim() },
] as const satisfies ReadonlyArray<Variable<keyof CaseraSettings>>;

export interface ResolvedSettings {
  readonly settings: CaseraSettings;
  /** Names of the variables that were unset, empty or set to the example itself, so example values are in use. */
  readonly examplesUsed: string[];
}

/** Reads the settings from `env`, falling back to the examples. */
export function resolveSettings(env: Readonly<Record<string, string | undefined>>): ResolvedSettings {
  const settings: Record<string, unknown> = {};
  const examplesUsed: string[] = [];
  for (const variable of SETTINGS_VARIABLES) {
    const raw = env[variable.name];
    // The example copied from the README is still the example: it gets the same warning.
    if (raw === undefined || raw.trim() === "" || raw.trim() === variable.example) {
      examplesUsed.push(variable.name);
      settings[variable.key] = variable.parse(variable.example);
    } else {
      settings[variable.key] = variable.parse(raw);
      // The README's example key among real ones (or with another comment) would still be authorized on every node.
      if (variable.name === "CASERA_SSH_PUBLIC_KEYS" && (settings[variable.key] as string[]).some((key) => keyMaterial(key) === keyMaterial(variable.example))) {
        examplesUsed.push(variable.name);
      }
    }
  }
  return { settings: settings as unknown as CaseraSettings, examplesUsed };
}

/**
 * CASERA_* variables in `env` that look like a misspelt setting whose real
 * name is unset (`CASERA_DOMIAN` for `CASERA_DOMAIN`): with the real one
 * unset, the setting would quietly fall back to its example.
 */
export function misspeltSettings(env: Readonly<Record<string, string | undefined>>): Array<{ given: string; meant: string }> {
  const names: string[] = SETTINGS_VARIABLES.map((v) => v.name);
  const out: Array<{ given: string; meant: string }> = [];
  for (const given of Object.keys(env).sort()) {
    if (names.includes(given) || !/^casera_/i.test(given)) continue;
    const meant = names.find((name) => name === given.toUpperCase() || distance(name, given.toUpperCase()) <= 2);
    if (meant !== undefined && (env[meant] ?? "").trim() === "") out.push({ given, meant });
  }
  return out;
}
