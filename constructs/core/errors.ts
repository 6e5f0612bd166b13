import { Token } from "cdktf";
import { Construct } from "constructs";

/**
 * Thrown when a construct prop is invalid. Raised before any resource is
 * created, so a failed synth never leaves a half-built tree behind.
 *
 * The message names the prop as the user wrote it, quotes the value received
 * and says what is allowed.
 */
export class InvalidPropError extends Error {
  /** Construct path of the construct whose props were rejected. */
  public readonly constructPath: string;
  /** The prop that was rejected, e.g. `managers` or `network.subnetCidr`. */
  public readonly prop: string;

  constructor(scope: Construct, prop: string, value: unknown, allowed: string) {
    const path = scope.node.path || "(app)";
    super(`${path}: ${prop} ${allowed}; got ${quote(value)}`);
    this.name = "InvalidPropError";
    this.constructPath = path;
    this.prop = prop;
  }
}

/** Renders a received value for an error message: strings quoted, the rest as JSON. */
export function quote(value: unknown): string {
  // A token's text (`${TfToken[TOKEN.231]}`, or a number such as -8.1e+298) means nothing to the reader.
  if ((typeof value === "string" || typeof value === "number") && Token.isUnresolved(value)) return "a Terraform token, known only at apply (this prop needs a literal value)";
  if (typeof value === "string") {
    // Never echo key material into logs, and keep long values readable.
    if (/PRIVATE KEY/.test(value)) return "(a private key; it is not repeated here)";
    if (looksLikeCredential(value)) return `(${value.length} characters starting ${JSON.stringify(value.slice(0, 4))}, which look like a credential: not repeated here)`;
    return JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}...` : value);
  }
  if (value === undefined) return "undefined";
  // JSON would show NaN and Infinity as null.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * A value pasted into the wrong place that is probably a secret: an API token
 * (Cloudflare's 40 characters, Hetzner's 64, Neon's `napi_...`, GitHub's
 * `ghp_...`, Cloudflare's Origin CA key `v1.0-...`, a B2 application key), a
 * Cloudflare Global API key (37 hex digits), a URL with a password
 * (`postgres://user:pass@host`), or the body of an OpenSSH private key
 * without its header; otherwise one word of 30 or more characters mixing
 * upper case, lower case and digits, or hex (digits and letters) longer than
 * a 32-digit ID and not a 40-, 64- or 128-digit digest. Names, addresses, IDs,
 * digests and public keys (which have a space) do not match.
 */
function looksLikeCredential(value: string): boolean {
  const text = value.trim();
  if (text.startsWith("b3BlbnNzaC1rZXktdjE")) return true; // base64 of "openssh-key-v1", a private key's body
  // Known token prefixes (Neon, GitHub, Cloudflare's Origin CA key, Hetzner's none) and a URL with a password in it.
  if (/^(?:napi_|ghp_|gho_|ghs_|github_pat_|glpat-|v1\.0-)[A-Za-z0-9_-]{16,}/.test(text)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:[^/@\s]+@/i.test(text)) return true;
  if (text.length < 30 || !/^[A-Za-z0-9_+/=-]+$/.test(text)) return false;
  // Hex: longer than a 32-digit ID, but not a digest or commit (40, 64 or 128 digits).
  if (/^[0-9a-fA-F]+$/.test(text)) return text.length > 32 && ![40, 64, 128].includes(text.length) && /[0-9]/.test(text) && /[a-fA-F]/.test(text);
  return /[A-Z]/.test(text) && /[a-z]/.test(text) && /[0-9]/.test(text);
}
