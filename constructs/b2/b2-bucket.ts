import { Construct } from "constructs";
import { InvalidPropError } from "../core/errors";
import { pascalCase } from "../core/ids";
import { validateInt, validateObject, validateOnlyKeys } from "../core/validate";
import { B2ApplicationKeyResource, B2BucketResource } from "./b2-resources";

/**
 * What each kind of key may do. `listBuckets` is needed even for a key bound
 * to one bucket: without it the key cannot look its own bucket up by name.
 * `shareFiles` lets the API hand out signed download URLs.
 */
const READ_CAPABILITIES = ["listBuckets", "listFiles", "readFiles", "shareFiles"];
const READ_WRITE_CAPABILITIES = [...READ_CAPABILITIES, "writeFiles", "deleteFiles"];

export interface B2BucketProps {
  /** Bucket name; B2 names are global. 6-50 characters of letters, digits and hyphens, not starting with "b2-". */
  readonly bucketName: string;
  /**
   * Days a hidden (overwritten or deleted) file version is kept before B2 deletes it.
   * @default 30
   */
  readonly keepHiddenVersionsDays?: number;
}

/** Every prop B2BucketProps has: a misspelt one (`keepHiddenVersionDays: 7`) would otherwise be ignored. */
const B2_BUCKET_KEYS: readonly (keyof B2BucketProps)[] = ["bucketName", "keepHiddenVersionsDays"];

/** An application key scoped to one bucket. */
export interface B2BucketKey {
  /** The key's ID (B2_APPLICATION_KEY_ID). */
  readonly keyId: string;
  /** The secret key (sensitive). */
  readonly key: string;
  /** Capabilities granted. */
  readonly capabilities: readonly string[];
  /** The `b2_application_key` resource. */
  readonly resource: B2ApplicationKeyResource;
}

/**
 * A private Backblaze B2 bucket with server-side encryption and a lifecycle
 * rule for hidden versions. Files are served through signed URLs, never a
 * public bucket. `grantRead` and `grantReadWrite` create application keys
 * scoped to this bucket alone.
 */
export class B2Bucket extends Construct {
  /** The `b2_bucket` resource. */
  public readonly bucket: B2BucketResource;
  /** The bucket's name. */
  public readonly bucketName: string;
  /** The bucket's ID. */
  public readonly bucketId: string;

  constructor(scope: Construct, id: string, props: B2BucketProps) {
    super(scope, id);
    validateObject(this, "props", props, "{ bucketName, keepHiddenVersionsDays? }");
    validateOnlyKeys(this, "props", props, B2_BUCKET_KEYS, "a B2Bucket prop");

    validateBucketName(this, "bucketName", props.bucketName);
    // Bucket names are unique across all of B2: a second bucket of the same name in this app could never be created.
    const twin = this.node.root.node.findAll().find((c) => c instanceof B2Bucket && c !== this && c.bucketName === props.bucketName);
    if (twin) throw new InvalidPropError(this, "bucketName", props.bucketName, `must not repeat the bucket ${twin.node.path}: B2 bucket names are unique across all of B2`);
    const keepDays = props.keepHiddenVersionsDays ?? 30;
    validateInt(this, "keepHiddenVersionsDays", keepDays, 1, 3650);

    this.bucket = new B2BucketResource(this, "Bucket", {
      bucketName: props.bucketName,
      bucketType: "allPrivate",
      defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
      lifecycleRules: [{ fileNamePrefix: "", daysFromHidingToDeleting: keepDays }],
    });
    this.bucketName = props.bucketName;
    this.bucketId = this.bucket.bucketId;
  }

  /** Creates a key that may list and read this bucket's files and sign download URLs. */
  public grantRead(keyName: string): B2BucketKey {
    return this.createKey(keyName, READ_CAPABILITIES);
  }

  /** Creates a key that may also write and delete this bucket's files. */
  public grantReadWrite(keyName: string): B2BucketKey {
    return this.createKey(keyName, READ_WRITE_CAPABILITIES);
  }

  /** Key names granted so far, by construct ID. */
  private readonly grantedKeys = new Map<string, string>();

  private createKey(keyName: string, capabilities: string[]): B2BucketKey {
    if (typeof keyName !== "string" || !/^[A-Za-z0-9-]{1,100}$/.test(keyName)) {
      throw new InvalidPropError(this, "keyName", keyName, "must be 1-100 letters, digits and hyphens");
    }
    const id = `Key${pascalCase(keyName)}`;
    const earlier = this.grantedKeys.get(id);
    if (earlier !== undefined) {
      const same = earlier === keyName ? "a key with this name was already granted" : `it names the same key as ${JSON.stringify(earlier)}, granted before (names differing only in case or hyphens map to one construct ID, ${id})`;
      throw new InvalidPropError(this, "keyName", keyName, `must be unique per bucket; ${same}`);
    }
    this.grantedKeys.set(id, keyName);
    const resource = new B2ApplicationKeyResource(this, id, { keyName, capabilities, bucketIds: [this.bucket.bucketId] });
    return { keyId: resource.applicationKeyId, key: resource.applicationKey, capabilities, resource };
  }
}

/** B2's bucket naming rules. */
export function validateBucketName(scope: Construct, prop: string, value: string): void {
  const allowed = 'must be 6-50 characters of letters, digits and hyphens, and must not start with "b2-" (B2\'s bucket naming rules; names are global)';
  if (typeof value !== "string" || !/^[A-Za-z0-9-]{6,50}$/.test(value) || value.toLowerCase().startsWith("b2-")) {
    throw new InvalidPropError(scope, prop, value, allowed);
  }
}
