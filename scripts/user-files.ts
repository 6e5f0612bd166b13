import * as fs from "fs";
import { parseArgs } from "util";
import { parse as parseJsonc, ParseError } from "jsonc-parser";
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

export const MiB = 1024 * 1024;

/** A file refused before (or while) it is read: not a regular file, or larger than allowed. The message says which, in a few words. */
export class FileRefused extends Error {}

/** Whether `file` is a regular file (following links); false for a folder, a missing path or one that cannot be reached. */
export function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `1 MiB`, `2.5 GiB`, `300 bytes`. */
export function formatBytes(n: number): string {
  const units: Array<[string, number]> = [["GiB", 1024 * MiB], ["MiB", MiB], ["KiB", 1024]];
  for (const [unit, size] of units) if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  return `${n} bytes`;
}

/** What a file that is not a regular one is, in a few words. */
function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return "it is a folder";
  if (st.isCharacterDevice()) return "it is a character device, not a regular file";
  if (st.isBlockDevice()) return "it is a block device, not a regular file";
  if (st.isFIFO()) return "it is a named pipe, not a regular file";
  if (st.isSocket()) return "it is a socket, not a regular file";
  return "it is not a regular file";
}

/**
 * The text of a file a user named (an absolute path), read only when it is a
 * regular file of at most `maxBytes`: `/dev/zero`, a named pipe or a folder
 * is refused before it is read, and a file that grows past the limit (or one
 * under /proc, whose size says 0) is cut off there. Throws FileRefused for
 * those, and the system's error (for `why`) when the file cannot be opened.
 */
export function readUserFile(abs: string, maxBytes: number): string {
  const refuse = (st: fs.Stats) => {
    if (!st.isFile()) throw new FileRefused(kindOf(st));
    if (st.size > maxBytes) throw new FileRefused(`it is ${formatBytes(st.size)}, more than the ${formatBytes(maxBytes)} allowed`);
  };
  refuse(fs.statSync(abs));
  // Non-blocking, so a pipe put in its place since the stat cannot hang the open; the fstat then refuses it.
  const fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    refuse(fs.fstatSync(fd));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new FileRefused(`it holds more than the ${formatBytes(maxBytes)} allowed`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Why `text` is not JSON, without quoting any of it (a file given by mistake
 * may hold secrets, and V8's messages quote the text around the error):
 * the parser's reason when it has no quote in it, and where, as line and
 * column. `err` is what JSON.parse threw for `text`.
 */
export function notJsonReason(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : "";
  if (text.trim() === "") return "it is empty";
  if (/^Unexpected end of JSON input$/.test(message)) return `it ends before the JSON does (${lineColumn(text, text.length)})`;
  if (text.startsWith("\ufeff")) return "it starts with a byte order mark (BOM), which JSON does not allow: save it without one";
  const parsed = /^([^"]*) (in|after) JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(message);
  if (parsed) {
    const reason = `${parsed[1].charAt(0).toLowerCase()}${parsed[1].slice(1)}${parsed[2] === "after" ? " after the JSON" : ""}`;
    return `${reason} (${lineColumn(text, Number(parsed[3]))})`;
  }
  const at = jsonErrorOffset(text);
  return at < 0 ? "it is not valid JSON" : `unexpected character (${lineColumn(text, at)})`;
}

/** `line 3, column 5` for an offset into `text`. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `line ${line}, column ${offset - (before.lastIndexOf("\n") + 1) + 1}`;
}

/**
 * The offset of the first character at which `text` stops being JSON (RFC
 * 8259), or -1 when it is JSON or too deeply nested to follow. Only to say
 * where, when JSON.parse's message does not: JSON.parse decides what is JSON.
 * jsonc-parser (the editor's parser), with comments and trailing commas off.
 */
export function jsonErrorOffset(text: string): number {
  const errors: ParseError[] = [];
  try {
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    return -1; // a RangeError from nesting deeper than the stack
  }
  return errors.length === 0 ? -1 : Math.min(...errors.map((e) => e.offset));
}

/** Whether a command line asks only for help: `--help` or `-h` alone. */
export function isHelp(argv: readonly string[]): boolean {
  return argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h");
}

/**
 * Ends the process quietly when stdout's reader has gone (`npm run synth | head`):
 * Node otherwise throws EPIPE with a stack trace from the next console.log.
 */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
}

/**
 * The output folder of `--outdir DIR`, else `$CDKTF_OUTDIR` (an empty one
 * counts as unset), both relative to where npm ran, else cdktf.out; and how
 * messages name it when the user chose it (`--outdir "x", at /abs/x` or
 * `CDKTF_OUTDIR "x"`), undefined for the project's own cdktf.out. An empty
 * --outdir is a usage error: exit 2 with `usage`.
 */
export function outdirOption(cli: string, usage: string, given: string | undefined): { outdir: string; named: string | undefined } {
  if (given !== undefined && given.trim() === "") {
    console.error(`${cli}: --outdir needs a folder; got ""\n${usage}`);
    process.exit(2);
  }
  if (given !== undefined) return { outdir: resolveFile(given, userCwd()), named: `--outdir ${showFile(given, userCwd())}` };
  // An empty or blank CDKTF_OUTDIR counts as unset (a folder named " " is never meant).
  const env = process.env.CDKTF_OUTDIR?.trim() ? process.env.CDKTF_OUTDIR : undefined;
  // Relative to where npm ran, as --outdir is (npm itself starts scripts in the package folder).
  return env ? { outdir: resolveFile(env, userCwd()), named: `CDKTF_OUTDIR ${showFile(env, userCwd())}` } : { outdir: "cdktf.out", named: undefined };
}

/**
 * The options of a command line that takes no positional arguments, parsed
 * strictly, with `--help`/`-h` added: help prints `usage` and exits 0; an
 * unknown option, a missing value or a stray word prints the reason and
 * `usage` and exits 2. `options` says each option's type, as util.parseArgs
 * takes them.
 */
export function parseCommandLine(cli: string, usage: string, argv: readonly string[], options: Record<string, { type: "string" | "boolean" }>): Record<string, string | boolean | undefined> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }));
  } catch (err) {
    console.error(`${cli}: ${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  return values;
}
