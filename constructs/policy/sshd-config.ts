import { posix } from "path";
import { gunzipSync } from "zlib";
import { isMap, parseDocument } from "yaml";
import { isExpression } from "./inspect";

/**
 * A server's SSH settings read from its user_data the way the node reads
 * them, for the SSH policy rules: cloud-init parses the `#cloud-config` YAML
 * and writes its `write_files`; sshd then reads its configuration from those
 * files. Nothing here searches the user_data text as a whole.
 *
 * cloud-init: the user_data must start with `#cloud-config` and be one YAML
 * mapping. It is parsed as YAML 1.1, as cloud-init's PyYAML does, so `yes` and
 * `on` are true and a repeated key keeps its last value. A `write_files` entry
 * writes `content` (after its `encoding`: b64, gzip or both) to `path`, or adds
 * it to what an earlier entry wrote when `append` is true.
 *
 * sshd: reads /etc/ssh/sshd_config. The one Ubuntu 24.04 and Debian 12 ship
 * starts with `Include /etc/ssh/sshd_config.d/*.conf`, and its own settings
 * leave Port, ListenAddress, PermitRootLogin and PasswordAuthentication at
 * their defaults; so unless the user_data writes /etc/ssh/sshd_config itself,
 * the drop-ins are read first, those ending in `.conf` only (hidden ones
 * neither), in byte order of their names. An `Include` is followed into the
 * files the user_data writes that its glob matches (relative to /etc/ssh).
 * Keywords are case-insensitive and followed by whitespace or one `=`;
 * arguments may be quoted; `#` at the start of a word starts a comment.
 *
 * Match: the lines after a `Match` line apply only to the connections it
 * matches, up to the next `Match` line or the end of the file (an included
 * file's Match ends with that file). `Match all` matches every connection, so
 * the lines after it read like the global section.
 *
 * Only what the user_data writes is known: files the image or cloud-init add
 * (cloud-init's `50-cloud-init.conf`, say) are not, and neither are changes a
 * runcmd makes. Text Terraform fills in at apply time is unknown: a line whose
 * keyword is such an expression (or a file whose encoded content is one) is
 * kept as a line with no keyword.
 */

/** A server's cloud-config as cloud-init sees it. */
export interface CloudConfig {
  /** The top-level keys (`ssh_pwauth`, `disable_root`, `write_files`, ...). */
  readonly keys: Readonly<Record<string, unknown>>;
  /** The files write_files leaves, by absolute normalized path; undefined content is only known at apply time. */
  readonly files: ReadonlyMap<string, string | undefined>;
}

/** A cloud-config, or why the user_data is not one. */
export type CloudConfigReading = { readonly config: CloudConfig } | { readonly problem: string };

/** One sshd_config line as sshd reads it. */
export interface SshdLine {
  /** The file it is in, e.g. `/etc/ssh/sshd_config.d/01-casera-hardening.conf`. */
  readonly file: string;
  /** Its 1-based line number in that file. */
  readonly line: number;
  /** The keyword in lower case (`port`); undefined for a line only known at apply time. */
  readonly keyword?: string;
  /** The arguments, quotes and escapes removed. */
  readonly args: readonly string[];
  /** The criteria of the Match block the line is in (`User root`); undefined in the global section. */
  readonly match?: string;
}

export const SSHD_CONFIG_PATH = "/etc/ssh/sshd_config";
const SSH_DIR = "/etc/ssh";

/** What the image's /etc/ssh/sshd_config means for the keywords the rules read: the drop-ins come first. */
const IMAGE_SSHD_CONFIG = "Include /etc/ssh/sshd_config.d/*.conf\n";

/** sshd refuses an Include nested deeper than this (SERVCONF_MAX_DEPTH). */
const MAX_INCLUDE_DEPTH = 16;

/** cloud-init's util.TRUE_STRINGS. */
const TRUE_STRINGS = ["true", "1", "on", "yes"];

/** cloud-init's `util.is_true`: true, or a string (or number) that reads true/1/on/yes. */
export function cloudInitIsTrue(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return TRUE_STRINGS.includes(pythonStr(value).toLowerCase().trim());
}

/** cloud-init's `util.translate_bool` (used by `get_cfg_option_bool`): what Python finds falsy is false. */
export function cloudInitBool(value: unknown): boolean {
  if (pythonFalsy(value)) return false;
  return cloudInitIsTrue(value);
}

function pythonFalsy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (value instanceof Uint8Array) return value.length === 0;
  return typeof value === "object" && Object.keys(value as object).length === 0;
}

function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}

const readings = new Map<string, CloudConfigReading>();

/**
 * Reads user_data as cloud-init would. Answers are remembered per text, as
 * every firewall looks at every server's user_data.
 */
export function readCloudConfig(userData: unknown): CloudConfigReading {
  if (typeof userData !== "string" || userData.trim() === "") return { problem: "no user_data" };
  const known = readings.get(userData);
  if (known) return known;
  const reading = parseCloudConfig(userData);
  if (readings.size >= 64) readings.clear();
  readings.set(userData, reading);
  return reading;
}

function parseCloudConfig(userData: string): CloudConfigReading {
  // cloud-init lower-cases and left-strips the start to tell the part type; #cloud-config-archive is another type.
  if (!/^#cloud-config(?![-\w])/i.test(userData.trimStart())) {
    return { problem: isExpression(userData) ? "user_data is only known at apply time" : "user_data is not #cloud-config" };
  }
  const doc = parseDocument(userData, { version: "1.1", uniqueKeys: false });
  if (doc.errors.length > 0) return { problem: `user_data does not parse as YAML (${doc.errors[0].message.split("\n")[0]})` };
  if (!isMap(doc.contents)) return { problem: "user_data's cloud-config is not a mapping" };
  let keys: Record<string, unknown>;
  try {
    keys = doc.toJS() as Record<string, unknown>;
  } catch (error) {
    return { problem: `user_data's YAML cannot be expanded (${(error as Error).message})` };
  }
  return { config: { keys, files: writtenFiles(keys.write_files) } };
}

/** The content of every file write_files leaves, later entries replacing (or appending to) earlier ones. */
function writtenFiles(entries: unknown): Map<string, string | undefined> {
  const files = new Map<string, string | undefined>();
  if (!Array.isArray(entries)) return files;
  for (const entry of entries as Array<Record<string, unknown> | null>) {
    if (!entry || typeof entry !== "object" || typeof entry.path !== "string" || isExpression(entry.path)) continue;
    if (!entry.path.startsWith("/")) continue;
    const path = posix.normalize(entry.path);
    const content = fileContent(entry);
    if (cloudInitBool(entry.append)) {
      const before = files.has(path) ? files.get(path) : path === SSHD_CONFIG_PATH ? IMAGE_SSHD_CONFIG : "";
      files.set(path, before === undefined || content === undefined ? undefined : before + content);
    } else {
      files.set(path, content);
    }
  }
  return files;
}

/** The decodings cloud-init's write_files applies for an `encoding` (canonicalize_extraction). */
function decodings(encoding: unknown): Array<"b64" | "gzip"> {
  const name = typeof encoding === "string" ? encoding.toLowerCase().trim() : "";
  if (name === "gz" || name === "gzip") return ["gzip"];
  if (["gz+base64", "gzip+base64", "gz+b64", "gzip+b64"].includes(name)) return ["b64", "gzip"];
  if (name === "b64" || name === "base64") return ["b64"];
  return [];
}

/** A write_files entry's content as it lands on disk; undefined when only known at apply time or undecodable. */
function fileContent(entry: Record<string, unknown>): string | undefined {
  const raw = entry.content ?? "";
  let data: string | Buffer = raw instanceof Uint8Array ? Buffer.from(raw) : typeof raw === "string" ? raw : String(raw);
  for (const step of decodings(entry.encoding)) {
    if (typeof data === "string" && isExpression(data)) return undefined;
    try {
      data = step === "b64" ? Buffer.from(data.toString(), "base64") : gunzipSync(typeof data === "string" ? Buffer.from(data) : data);
    } catch {
      return undefined;
    }
  }
  return data.toString();
}

/**
 * Every line sshd reads, in the order it reads them, Includes followed: the
 * user_data's /etc/ssh/sshd_config, or the image's, which reads the drop-ins
 * first.
 */
export function sshdConfigLines(config: CloudConfig): SshdLine[] {
  const lines: SshdLine[] = [];
  const main = config.files.has(SSHD_CONFIG_PATH) ? config.files.get(SSHD_CONFIG_PATH) : IMAGE_SSHD_CONFIG;
  readSshdFile(SSHD_CONFIG_PATH, main, config.files, [], undefined, lines);
  return lines;
}

/**
 * Adds the lines of `file` to `lines`. `including` are the files whose
 * Include led here: sshd gives up on a config that includes itself (or nests
 * deeper than 16) and does not start, so such an Include is not followed.
 */
function readSshdFile(
  file: string,
  content: string | undefined,
  files: ReadonlyMap<string, string | undefined>,
  including: readonly string[],
  inherited: string | undefined,
  lines: SshdLine[],
): void {
  if (content === undefined) {
    lines.push({ file, line: 1, args: [], match: inherited });
    return;
  }
  let match = inherited;
  content.split("\n").forEach((text, index) => {
    const parsed = parseSshdLine(text);
    if (!parsed) return;
    const line = index + 1;
    if (parsed.keyword === "match") {
      const criteria = parsed.args.join(" ");
      if (parsed.args.length === 1 && parsed.args[0].toLowerCase() === "all") match = inherited;
      else match = inherited === undefined ? criteria : `${inherited}, then ${criteria}`;
    } else if (parsed.keyword === "include") {
      if (including.length >= MAX_INCLUDE_DEPTH) return;
      for (const pattern of parsed.args) {
        for (const target of globWritten(pattern, files)) {
          if (target !== file && !including.includes(target)) readSshdFile(target, files.get(target), files, [...including, file], match, lines);
        }
      }
    } else {
      lines.push({ file, line, keyword: parsed.keyword, args: parsed.args, match });
    }
  });
}

/**
 * One line as sshd's process_server_config_line splits it: the keyword up to
 * whitespace or `=`, then whitespace and at most one `=`, then arguments as
 * argv_split reads them. Blank lines, comments, lines without arguments (or
 * only a comment after the keyword) and lines with an unclosed quote (sshd
 * rejects the last three) give undefined; a
 * keyword that is a Terraform expression gives a line without keyword.
 */
export function parseSshdLine(text: string): { keyword?: string; args: string[] } | undefined {
  const trimmed = text.replace(/[ \t\r\n\f]+$/, "");
  const head = /^[ \t\r]*([^ \t\r\n"=]*)(.*)$/s.exec(trimmed);
  if (!head) return undefined;
  const keyword = head[1];
  if (keyword === "" || keyword.startsWith("#")) return undefined;
  if (isExpression(keyword)) return { args: [] };
  let rest = head[2];
  if (rest.startsWith("=")) {
    rest = rest.slice(1).replace(/^[ \t\r\n]*/, "");
  } else {
    rest = rest.replace(/^[ \t\r\n]*/, "");
    if (rest.startsWith("=")) rest = rest.slice(1).replace(/^[ \t\r\n]*/, "");
  }
  if (rest === "") return undefined;
  const args = splitArguments(rest);
  return args === undefined || args.length === 0 ? undefined : { keyword: keyword.toLowerCase(), args };
}

/** OpenSSH's argv_split with terminate_on_comment: quotes group, `\` escapes quotes, `\` and (unquoted) a space. */
function splitArguments(text: string): string[] | undefined {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === " " || text[i] === "\t") {
      i++;
      continue;
    }
    if (text[i] === "#") break;
    let arg = "";
    let quote = "";
    for (; i < text.length; i++) {
      const c = text[i];
      const next = text[i + 1];
      if (c === "\\" && (next === "'" || next === '"' || next === "\\" || (quote === "" && next === " "))) {
        arg += next;
        i++;
      } else if (quote === "" && (c === " " || c === "\t")) {
        break;
      } else if (quote === "" && (c === '"' || c === "'")) {
        quote = c;
      } else if (quote !== "" && c === quote) {
        quote = "";
      } else {
        arg += c;
      }
    }
    if (quote !== "") return undefined;
    args.push(arg);
  }
  return args;
}

/** The written files an Include argument's glob matches, in the order glob(3) returns them. */
function globWritten(pattern: string, files: ReadonlyMap<string, unknown>): string[] {
  if (pattern.startsWith("~") || isExpression(pattern)) return [];
  const regex = globRegex(pattern.startsWith("/") ? pattern : `${SSH_DIR}/${pattern}`);
  return [...files.keys()].filter((path) => regex.test(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A glob as a regular expression over whole paths: `*`, `?` and `[...]` stay within one component and match a leading dot only when it is written. */
function globRegex(pattern: string): RegExp {
  const escape = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
  const components = pattern.split("/").map((component) => {
    let regex = component.startsWith(".") ? "" : "(?!\\.)";
    for (let i = 0; i < component.length; i++) {
      const c = component[i];
      if (c === "*") {
        regex += "[^/]*";
      } else if (c === "?") {
        regex += "[^/]";
      } else if (c === "\\" && i + 1 < component.length) {
        regex += escape(component[++i]);
      } else if (c === "[") {
        let j = i + 1;
        const negated = component[j] === "!" || component[j] === "^";
        if (negated) j++;
        const start = j;
        if (component[j] === "]") j++;
        while (j < component.length && component[j] !== "]") j++;
        if (j >= component.length) {
          regex += "\\[";
        } else {
          regex += `[${negated ? "^" : ""}${component.slice(start, j).replace(/[\\\]^]/g, "\\$&")}]`;
          i = j;
        }
      } else {
        regex += escape(c);
      }
    }
    return regex;
  });
  return new RegExp(`^${components.join("/")}$`);
}

/** Service names sshd's a2port may meet, as netbase's /etc/services on the node gives them. */
const SERVICES: Readonly<Record<string, number>> = { ssh: 22, http: 80, www: 80, https: 443, "http-alt": 8080, webcache: 8080 };

/** A Port argument as sshd's a2port reads it: 1 to 65535, or a service name; undefined when it is no port (or only known at apply time). */
export function sshdPort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^\+?\d+$/.test(text)) {
    const port = Number(text);
    return port >= 1 && port <= 65535 ? port : undefined;
  }
  return Object.prototype.hasOwnProperty.call(SERVICES, text) ? SERVICES[text] : undefined;
}

/**
 * The port of a ListenAddress argument, as sshd splits it (hpdelim):
 * `host:port` or `[address]:port`; a bare IPv6 address or a host alone has
 * none (sshd then listens on every Port). sshd refuses `host/port`.
 */
export function listenAddressPort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!text.includes("[") && (text.match(/:/g) ?? []).length >= 2) return undefined;
  let rest: string;
  if (text.startsWith("[")) {
    const end = text.indexOf("]");
    if (end < 0) return undefined;
    rest = text.slice(end + 1);
  } else {
    const at = text.search(/[:/]/);
    if (at < 0) return undefined;
    rest = text.slice(at);
  }
  if (rest[0] !== ":") return undefined;
  return sshdPort(rest.slice(1));
}

/**
 * Every port the lines make sshd listen on: each `Port` and each port in a
 * `ListenAddress`, all of them, since sshd listens on every one. Lines under a
 * Match count too: sshd refuses Port and ListenAddress there and would not
 * start, but a port written there was meant to be listened on.
 */
export function sshdListenPorts(lines: readonly SshdLine[]): number[] {
  const ports = new Set<number>();
  for (const line of lines) {
    const port = line.keyword === "port" ? sshdPort(line.args[0]) : line.keyword === "listenaddress" ? listenAddressPort(line.args[0]) : undefined;
    if (port !== undefined) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}
