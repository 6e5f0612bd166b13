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
  if (typeof value === "string") {
    // Never echo key material into logs, and keep long values readable.
    if (/PRIVATE KEY/.test(value)) return "(a private key; it is not repeated here)";
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
