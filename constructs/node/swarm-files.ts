import * as fs from "fs";
import * as path from "path";

/**
 * The folder holding package.json, found by walking up from `start`. Works from
 * `constructs/node` under ts-node and from a compiled `dist/constructs/node`.
 */
export function packageRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json above ${start}; the swarm/ files ship beside it`);
    }
    dir = parent;
  }
  return dir;
}

/** Absolute path of a file under the package's `swarm/` folder. */
export function swarmFilePath(relative: string): string {
  return path.join(packageRoot(), "swarm", relative);
}

/** The text of a file under `swarm/`. */
export function readSwarmFile(relative: string): string {
  return fs.readFileSync(swarmFilePath(relative), "utf8");
}

/**
 * Replaces every `{{NAME}}` in a swarm/ template with its value. A field without
 * a value, or a value that would start a new line, is an error: either would
 * produce a config file nobody reviewed.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>, name: string): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, field: string) => {
    const value = values[field];
    if (value === undefined) {
      throw new Error(`swarm/${name}: no value for {{${field}}}`);
    }
    if (/[\r\n]/.test(value)) {
      throw new Error(`swarm/${name}: the value for {{${field}}} must be a single line; got ${JSON.stringify(value)}`);
    }
    return value;
  });
}
