import * as path from "path";

/**
 * File names a user types on the command line. `npm run` starts a script in
 * the package folder and gives the folder the user ran npm from as INIT_CWD:
 * a relative name means that folder.
 */

/** The folder relative names are taken from: where npm was run (INIT_CWD), else the current one. */
export function userCwd(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.INIT_CWD || process.cwd();
}

/** A file name made absolute against `cwd`. */
export function resolveFile(file: string, cwd: string = process.cwd()): string {
  return path.resolve(cwd, file);
}

/** A file name as the messages show it: as given, and where that is when it was relative (the user may not know which folder counts). */
export function showFile(file: string, cwd: string = process.cwd()): string {
  const abs = resolveFile(file, cwd);
  return abs === file ? JSON.stringify(file) : `${JSON.stringify(file)}, at ${abs}`;
}

/** Why a file could not be used, in a few words. */
export function why(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code === "ENOENT" ? "no such file" : e.code === "EACCES" ? "permission denied" : e.code === "EISDIR" ? "it is a folder" : e.code === "ENOTDIR" ? "a part of the path is not a folder" : e.message;
}
