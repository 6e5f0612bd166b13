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

/** Parses Compose YAML (anchors and aliases resolved). */
export function parseStackFile(text: string): StackFile {
  const doc = parse(text, { merge: true, maxAliasCount: 1000 });
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new Error("the stack file must be a YAML mapping");
  }
  return doc as StackFile;
}

/** Reads and parses the production stack file. */
export function loadStackFile(file: string = composeFilePath(STACK_FILE)): StackFile {
  return parseStackFile(fs.readFileSync(file, "utf8"));
}
