import { B2ApplicationKeyResource, B2Bucket } from "../../../constructs";
import { findings, policyStack } from "../policy-helpers";

describe("ApplicationKeyCannotManageKeys", () => {
  test("compliant: a read/write key from grantReadWrite", () => {
    const stack = policyStack();

    new B2Bucket(stack, "Uploads", { bucketName: "casera-uploads" }).grantReadWrite("writer");

    expect(findings(stack, "ApplicationKeyCannotManageKeys")).toEqual([]);
  });

  test.each(["writeKeys", "listKeys", "deleteKeys"])("non-compliant: a key with %s", (capability) => {
    const stack = policyStack();
    const bucket = new B2Bucket(stack, "Uploads", { bucketName: "casera-uploads" });

    new B2ApplicationKeyResource(stack, "Key", { keyName: "admin", capabilities: ["readFiles", capability], bucketIds: [bucket.bucketId] });

    expect(findings(stack, "ApplicationKeyCannotManageKeys")).toEqual([
      expect.objectContaining({ level: "error", path: "test/Key", message: expect.stringContaining(`capabilities include ${capability}`) }),
    ]);
  });
});
