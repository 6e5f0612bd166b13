import { B2ApplicationKeyResource, B2Bucket } from "../../../constructs";
import { findings, policyStack } from "../policy-helpers";

describe("ApplicationKeyScopedToBucket", () => {
  test("compliant: keys from grantRead and grantReadWrite", () => {
    const stack = policyStack();
    const bucket = new B2Bucket(stack, "Uploads", { bucketName: "casera-uploads" });

    bucket.grantRead("reader");
    bucket.grantReadWrite("writer");

    expect(findings(stack, "ApplicationKeyScopedToBucket")).toEqual([]);
  });

  test("non-compliant: a key with no bucket", () => {
    const stack = policyStack();

    new B2ApplicationKeyResource(stack, "Key", { keyName: "everything", capabilities: ["readFiles"], bucketIds: [] });

    expect(findings(stack, "ApplicationKeyScopedToBucket")).toEqual([expect.objectContaining({ level: "error", path: "test/Key" })]);
  });
});
