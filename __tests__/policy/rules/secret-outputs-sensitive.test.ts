import { Fn, TerraformLocal, TerraformOutput } from "cdktf";
import { Password } from "@cdktf/provider-random/lib/password";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { B2Bucket, NeonDatabase } from "../../../constructs";
import { findings, policyStack } from "../policy-helpers";

describe("SecretOutputsSensitive", () => {
  test("compliant: a secret output marked sensitive, and public values unmarked", () => {
    const stack = policyStack();
    const password = new Password(stack, "Password", { length: 32 });
    const key = new PrivateKey(stack, "Key", { algorithm: "ED25519" });

    new TerraformOutput(stack, "Secret", { value: password.result, sensitive: true });
    new TerraformOutput(stack, "PublicKey", { value: key.publicKeyOpenssh });
    new TerraformOutput(stack, "Hash", { value: Fn.nonsensitive(Fn.sha256(password.result)) });

    expect(findings(stack, "SecretOutputsSensitive")).toEqual([]);
  });

  test.each([
    ["random_password.result", (stack: any) => new Password(stack, "Password", { length: 32 }).result],
    ["tls_private_key.private_key_pem", (stack: any) => new PrivateKey(stack, "Key", { algorithm: "ED25519" }).privateKeyPem],
    ["neon_role.password", (stack: any) => new NeonDatabase(stack, "Database", { projectName: "casera", plan: "launch" }).password],
    ["b2_application_key.application_key", (stack: any) => new B2Bucket(stack, "Bucket", { bucketName: "casera-uploads" }).grantRead("reader").key],
  ])("non-compliant: an unmarked output of %s", (attribute, make) => {
    const stack = policyStack();

    new TerraformOutput(stack, "Leak", { value: make(stack) });

    expect(findings(stack, "SecretOutputsSensitive")).toEqual([
      expect.objectContaining({ level: "error", path: "test/Leak", message: expect.stringContaining(`reads ${attribute}`) }),
    ]);
  });

  test("non-compliant: a secret reached through a local", () => {
    const stack = policyStack();
    const password = new Password(stack, "Password", { length: 32 });
    const url = new TerraformLocal(stack, "url", `https://admin:${password.result}@example.com`);

    new TerraformOutput(stack, "Url", { value: url.asString });

    expect(findings(stack, "SecretOutputsSensitive")).toEqual([expect.objectContaining({ level: "error", path: "test/Url" })]);
  });
});
