import { TerraformStack } from "cdktf";
import { B2Bucket } from "../../constructs";
import { errorOf, resources, synthJson, testStack } from "../helpers/stack";

function synthBucket(configure: (bucket: B2Bucket) => void = () => undefined) {
  const { stack } = testStack();
  const bucket = new B2Bucket(stack, "Uploads", { bucketName: "casera-uploads" });
  configure(bucket);
  return synthJson(stack);
}

describe("B2Bucket", () => {
  test("refuses a bucket name another bucket of the app already has, in any stack (B2 names are global)", () => {
    const { app, stack } = testStack();
    new B2Bucket(stack, "Uploads", { bucketName: "casera-uploads" });
    const other = new TerraformStack(app, "other");
    expect(() => new B2Bucket(other, "Files", { bucketName: "casera-uploads" })).toThrow(
      /other\/Files: bucketName must not repeat the bucket [^ ]*Uploads: B2 bucket names are unique across all of B2; got "casera-uploads"/,
    );
  });

  test("creates a private bucket with SSE-B2 encryption and a lifecycle rule for hidden versions", () => {
    const json = synthBucket();

    expect(resources(json, "b2_bucket")).toEqual([
      {
        bucket_name: "casera-uploads",
        bucket_type: "allPrivate",
        default_server_side_encryption: [{ mode: "SSE-B2", algorithm: "AES256" }],
        lifecycle_rules: [{ file_name_prefix: "", days_from_hiding_to_deleting: 30 }],
      },
    ]);
  });

  test("grantRead creates a key scoped to this bucket that can list it, read and sign URLs, and nothing else", () => {
    const json = synthBucket((b) => b.grantRead("certs-read"));

    const [key] = resources(json, "b2_application_key");
    expect(key.key_name).toBe("certs-read");
    expect(key.capabilities).toEqual(["listBuckets", "listFiles", "readFiles", "shareFiles"]);
    expect(key.bucket_ids).toEqual([expect.stringMatching(/^\$\{b2_bucket\..*\.bucket_id\}$/)]);
  });

  test("grantReadWrite adds write and delete, never key management", () => {
    const json = synthBucket((b) => b.grantReadWrite("api-uploads"));

    const [key] = resources(json, "b2_application_key");
    expect(key.capabilities).toEqual(["listBuckets", "listFiles", "readFiles", "shareFiles", "writeFiles", "deleteFiles"]);
    for (const cap of ["writeKeys", "listKeys", "deleteKeys", "writeBuckets", "deleteBuckets"]) expect(key.capabilities).not.toContain(cap);
  });

  describe("validation", () => {
    test.each(["short", "b2-uploads", "casera_uploads", "x".repeat(51)])("rejects bucket name %p", (bucketName) => {
      expect(errorOf((s) => new B2Bucket(s, "B", { bucketName }))).toMatch(/bucketName must be 6-50 characters of letters, digits and hyphens, and must not start with "b2-"/);
    });

    test("rejects a key granted twice under one name", () => {
      expect(
        errorOf((s) => {
          const bucket = new B2Bucket(s, "B", { bucketName: "casera-uploads" });
          bucket.grantRead("api");
          bucket.grantReadWrite("api");
        }),
      ).toMatch(/keyName must be unique per bucket.*got "api"/);
    });

    test("rejects a key name that maps to the same construct as an earlier one, naming both", () => {
      expect(
        errorOf((s) => {
          const bucket = new B2Bucket(s, "B", { bucketName: "casera-uploads" });
          bucket.grantRead("api-key");
          bucket.grantRead("apiKey");
        }),
      ).toMatch(/keyName must be unique per bucket; it names the same key as "api-key", granted before \(names differing only in case or hyphens map to one construct ID, KeyApiKey\); got "apiKey"/);
    });

    test("refuses a misspelt prop instead of ignoring it (the retention would silently stay 30 days)", () => {
      expect(errorOf((s) => new B2Bucket(s, "B", { bucketName: "casera-uploads", keepHiddenVersionDays: 7 } as never))).toMatch(
        /B: props\.keepHiddenVersionDays is not a B2Bucket prop: props takes bucketName and keepHiddenVersionsDays, nothing else; got 7$/,
      );
    });

    test("does not repeat the value of an unknown prop named like a credential", () => {
      const message = errorOf((s) => new B2Bucket(s, "B", { bucketName: "casera-uploads", applicationKey: "K005notARealKeyButLooksLikeOne" } as never));
      expect(message).toMatch(/props\.applicationKey is not a B2Bucket prop: props takes bucketName and keepHiddenVersionsDays, nothing else; got "\(a value named like a secret; it is not repeated here\)"$/);
      expect(message).not.toContain("K005notARealKey");
    });

    test("rejects a non-positive retention", () => {
      expect(errorOf((s) => new B2Bucket(s, "B", { bucketName: "casera-uploads", keepHiddenVersionsDays: 0 }))).toMatch(
        /keepHiddenVersionsDays must be an integer from 1 to 3650; got 0/,
      );
    });
  });
});
