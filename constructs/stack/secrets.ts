/**
 * The Docker secrets and configs the swarm stack creates, by their key in the
 * stack file. Each is named `<key>_<first 10 hex of sha256(value)>` at deploy
 * time and reaches the stack file through the variable given here.
 */
export interface StackObject {
  /** Key in the stack file; also the file name under /run/secrets/. */
  readonly key: string;
  /** Variable holding the hashed name, e.g. POSTGRES_PASSWORD_SECRET. */
  readonly variable: string;
  /** What it holds. */
  readonly description: string;
}

export const STACK_SECRETS: readonly StackObject[] = [
  { key: "postgres_password", variable: "POSTGRES_PASSWORD_SECRET", description: "Neon role password" },
  { key: "secret_key", variable: "SECRET_KEY_SECRET", description: "the application's SECRET_KEY" },
  { key: "b2_uploads_key_id", variable: "B2_UPLOADS_KEY_ID_SECRET", description: "B2 uploads key ID (read/write)" },
  { key: "b2_uploads_key", variable: "B2_UPLOADS_KEY_SECRET", description: "B2 uploads application key (read/write)" },
  { key: "b2_certs_key_id", variable: "B2_CERTS_KEY_ID_SECRET", description: "B2 certificates key ID (read-only)" },
  { key: "b2_certs_key", variable: "B2_CERTS_KEY_SECRET", description: "B2 certificates application key (read-only)" },
  { key: "apns_key", variable: "APNS_KEY_SECRET", description: "APNs signing key (.p8)" },
  { key: "origin_cert", variable: "ORIGIN_CERT_SECRET", description: "Cloudflare Origin CA certificate (PEM)" },
  { key: "origin_key", variable: "ORIGIN_KEY_SECRET", description: "private key of the origin certificate (PEM)" },
];

export const STACK_CONFIGS: readonly StackObject[] = [
  { key: "edge_nginx", variable: "EDGE_NGINX_CONFIG", description: "the edge proxy's nginx.conf" },
];

/** Length of the value hash in a secret name: 10 hex digits (40 bits). */
export const SECRET_HASH_LENGTH = 10;

/** Variable name to compose key, for the consistency check. */
export function variablesByKey(objects: readonly StackObject[]): Record<string, string> {
  return Object.fromEntries(objects.map((o) => [o.key, o.variable]));
}
