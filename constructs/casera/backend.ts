import * as path from "path";
import { App, LocalBackend, S3Backend, TerraformBackend, TerraformStack } from "cdktf";
import { validateBucketName } from "../b2/b2-bucket";
import { InvalidPropError } from "../core/errors";
import { validateOnlyKeys } from "../core/validate";

/** State in a file next to the project, at a path relative to the stack's folder. */
export interface LocalStateBackend {
  /** `terraform.<stack id>.tfstate` in the project folder. */
  readonly kind: "local";
}

/**
 * State in a private, encrypted Backblaze B2 bucket through B2's
 * S3-compatible API. The bucket is made once by hand (it cannot live in the
 * stack whose state it holds): private, SSE-B2 default encryption, object
 * versioning on. Terraform reads the credentials of a B2 application key
 * restricted to that bucket from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
 * There is no state locking: run one deploy at a time.
 */
export interface B2StateBackend {
  /** A B2 bucket, through Terraform's `s3` backend. */
  readonly kind: "b2";
  /** Name of the state bucket. */
  readonly bucket: string;
  /** B2 region of the bucket, as in its S3 endpoint, e.g. `eu-central-003`. */
  readonly region: string;
  /**
   * Object key of the state file in the bucket.
   * @default "<stack id>.tfstate"
   */
  readonly key?: string;
}

/** Where a stack keeps its Terraform state. */
export type StateBackend = LocalStateBackend | B2StateBackend;

/** B2 region names: two letters, a direction, a three-digit cluster (`us-west-004`, `eu-central-003`). */
const B2_REGION = /^[a-z]{2}-[a-z]+-\d{3}$/;
/** An object key: relative, no `..` or empty segments. */
const STATE_KEY = /^(?!\/)(?!.*\/\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._\/-]{1,1024}$/;

/** B2's S3-compatible endpoint for a region. */
export function b2S3Endpoint(region: string): string {
  return `https://s3.${region}.backblazeb2.com`;
}

/**
 * Where local state goes, relative to the folder Terraform runs the stack in
 * (`<outdir>/stacks/<id>`): `terraform.<stack id>.tfstate` in the project
 * folder (the working directory). For the usual outdir, `cdktf.out`, that is
 * `../../../terraform.<id>.tfstate`; a deeper outdir inside the project gets
 * more `..`, so the state still lands beside the project and not in some
 * folder above it. An outdir outside the project (a test's temporary folder)
 * keeps the usual path. The path is relative, so synth output is the same on
 * every machine.
 */
export function localStatePath(stackId: string, outdir: string, project = process.cwd()): string {
  const file = `terraform.${stackId}.tfstate`;
  const fromProject = path.relative(project, path.resolve(project, outdir));
  const inside = fromProject !== "" && fromProject.split(path.sep)[0] !== ".." && !path.isAbsolute(fromProject);
  if (!inside) return `../../../${file}`;
  const depth = fromProject.split(path.sep).length + 2; // <outdir>/stacks/<id>
  return `${"../".repeat(depth)}${file}`;
}

/**
 * Configures `stack`'s backend: local state in the project folder (see
 * {@link localStatePath}), or a B2 bucket through the S3 backend.
 *
 * @throws InvalidPropError naming `prop` when the B2 options are invalid
 */
export function addStateBackend(stack: TerraformStack, backend: StateBackend = { kind: "local" }, prop = "stateBackend"): TerraformBackend {
  const stackId = stack.node.id;
  if (typeof backend !== "object" || backend === null || Array.isArray(backend)) {
    throw new InvalidPropError(stack, prop, backend, 'must be an object: { kind: "local" }, or { kind: "b2", bucket, region, key? } (or left out for local state)');
  }
  if (backend.kind === "local") {
    validateOnlyKeys(stack, prop, backend, ["kind"], "a local state option");
    return new LocalBackend(stack, { path: localStatePath(stackId, App.of(stack).outdir) });
  }
  if (backend.kind !== "b2") {
    throw new InvalidPropError(stack, `${prop}.kind`, (backend as { kind?: unknown }).kind, 'must be "local" or "b2"');
  }
  validateOnlyKeys(stack, prop, backend, ["kind", "bucket", "region", "key"], "a B2 state option");
  validateBucketName(stack, `${prop}.bucket`, backend.bucket);
  if (typeof backend.region !== "string" || !B2_REGION.test(backend.region)) {
    throw new InvalidPropError(stack, `${prop}.region`, backend.region, 'must be a B2 region as in the bucket\'s S3 endpoint, such as "eu-central-003" or "us-west-004"');
  }
  const key = backend.key ?? `${stackId}.tfstate`;
  if (!STATE_KEY.test(key)) {
    throw new InvalidPropError(stack, `${prop}.key`, key, 'must be a relative object key such as "casera/production.tfstate": letters, digits, ".", "_", "-" and "/", no leading "/", no "." or ".." segments');
  }
  return new S3Backend(stack, {
    bucket: backend.bucket,
    key,
    region: backend.region,
    endpoints: { s3: b2S3Endpoint(backend.region) },
    encrypt: true,
    usePathStyle: true,
    // B2 is not AWS: there is no STS, IMDS, account ID or AWS region list to consult.
    skipCredentialsValidation: true,
    skipRegionValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
    // B2 rejects the flexible checksums newer AWS SDKs send by default.
    skipS3Checksum: true,
  });
}
