import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { packageRoot } from "../node/swarm-files";

/** The parts of a Compose file the checks read; everything else passes through untouched. */
export interface StackFile {
  readonly services?: Record<string, ComposeService>;
  readonly networks?: Record<string, ComposeNetwork | null>;
  readonly secrets?: Record<string, ComposeExternal>;
  readonly configs?: Record<string, ComposeExternal>;
  readonly volumes?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export interface ComposeService {
  readonly image?: string;
  readonly ports?: unknown[];
  readonly networks?: string[] | Record<string, unknown>;
  readonly network_mode?: string;
  readonly secrets?: Array<string | { source: string; target?: string }>;
  readonly configs?: Array<string | { source: string; target?: string }>;
  readonly deploy?: {
    readonly mode?: string;
    readonly replicas?: number | string;
    readonly placement?: { readonly constraints?: string[]; readonly preferences?: unknown[] };
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

export interface ComposeNetwork {
  readonly driver?: string;
  readonly driver_opts?: Record<string, string | number | boolean>;
  readonly external?: boolean;
  readonly name?: string;
  readonly [key: string]: unknown;
}

export interface ComposeExternal {
  readonly external?: boolean;
  readonly name?: string;
  readonly file?: string;
  readonly [key: string]: unknown;
}

/** The production stack file, relative to the package root. */
export const STACK_FILE = "compose/casera.stack.yml";
/** The deploy script the swarm stack runs. */
export const DEPLOY_SCRIPT = "compose/deploy.sh";
/** The edge proxy's nginx.conf template. */
export const EDGE_NGINX_TEMPLATE = "compose/edge/nginx.conf";

/** Absolute path of a file under the package's `compose/` folder. */
export function composeFilePath(relative: string): string {
  return path.join(packageRoot(__dirname), relative);
}

/** Texts already parsed, so each synth parses the stack file once, not once per stack and check. */
const parsed = new Map<string, StackFile>();

/**
 * Parses Compose YAML (anchors and aliases resolved). Each caller gets its own
 * copy: a text parsed before is copied, not parsed again.
 */
export function parseStackFile(text: string): StackFile {
  let doc = parsed.get(text);
  if (!doc) {
    const value: unknown = parse(text, { merge: true, maxAliasCount: 1000 });
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new Error("the stack file must be a YAML mapping");
    }
    doc = value as StackFile;
    if (parsed.size >= 8) parsed.delete(parsed.keys().next().value!);
    parsed.set(text, doc);
  }
  return copyOf(doc, new Map());
}

/** A deep copy of parsed YAML (mappings, sequences, scalars); a value the YAML aliases stays one shared value. */
function copyOf<T>(value: T, copies: Map<object, unknown>): T {
  if (value === null || typeof value !== "object") return value;
  const known = copies.get(value);
  if (known !== undefined) return known as T;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    copies.set(value, items);
    for (const item of value) items.push(copyOf(item, copies));
    return items as T;
  }
  const entries: Record<string, unknown> = {};
  copies.set(value, entries);
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(entries, key, { value: copyOf(item, copies), enumerable: true, writable: true, configurable: true });
  }
  return entries as T;
}

/** Reads and parses the production stack file. */
export function loadStackFile(file: string = composeFilePath(STACK_FILE)): StackFile {
  return parseStackFile(fs.readFileSync(file, "utf8"));
}
