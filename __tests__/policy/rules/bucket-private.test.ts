import { B2Bucket, B2BucketResource } from "../../../constructs";
import { findings, policyStack } from "../policy-helpers";

describe("BucketPrivate", () => {
  test("compliant: a B2Bucket", () => {
    const stack = policyStack();

    new B2Bucket(stack, "Uploads", { bucketName: "casera-uploads" });

    expect(findings(stack, "BucketPrivate")).toEqual([]);
  });

  test("non-compliant: a bucket overridden to allPublic", () => {
    const stack = policyStack();
    const bucket = new B2BucketResource(stack, "Bucket", {
      bucketName: "casera-public",
      bucketType: "allPrivate",
      defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
      lifecycleRules: [],
    });

    bucket.addOverride("bucket_type", "allPublic");

    expect(findings(stack, "BucketPrivate")).toEqual([
      expect.objectContaining({ level: "error", path: "test/Bucket", message: expect.stringContaining('bucket_type is "allPublic"') }),
    ]);
  });
});
