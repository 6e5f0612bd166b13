import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AssetType, TerraformAsset, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { composeFilePath, NeonDatabase, STACK_FILE } from "../../../constructs";
import { findings, policyStack } from "../policy-helpers";

/** A construct that exposes an API environment the way NeonDatabase does. */
class AppEnvironment extends Construct {
  constructor(scope: Construct, id: string, public readonly env: Record<string, string>) {
    super(scope, id);
  }
}

function composeFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-policy-"));
  const file = path.join(dir, "stack.yml");
  fs.writeFileSync(file, text);
  return file;
}

describe("DatabaseSslRequired", () => {
  test("compliant: NeonDatabase's env requires TLS", () => {
    const stack = policyStack();

    new NeonDatabase(stack, "Database", { projectName: "casera", plan: "launch" });

    expect(findings(stack, "DatabaseSslRequired")).toEqual([]);
  });

  test("compliant: the production stack file shipped as an asset", () => {
    const stack = policyStack();

    new TerraformAsset(stack, "StackFile", { path: composeFilePath(STACK_FILE), type: AssetType.FILE });

    expect(findings(stack, "DatabaseSslRequired")).toEqual([]);
  });

  test("non-compliant: an env with DB_HOST and sslmode prefer", () => {
    const stack = policyStack();

    new AppEnvironment(stack, "Api", { DB_HOST: "ep-1.neon.tech", DB_SSLMODE: "prefer" });

    expect(findings(stack, "DatabaseSslRequired")).toEqual([
      expect.objectContaining({ level: "error", path: "test/Api", message: expect.stringContaining('DB_SSLMODE is "prefer"') }),
    ]);
  });

  test("non-compliant: a stack file whose service sets DB_HOST without DB_SSLMODE", () => {
    const stack = policyStack();
    const file = composeFile("services:\n  api:\n    image: api:1\n    environment:\n      DB_HOST: ep-1.neon.tech\n");

    new TerraformAsset(stack, "StackFile", { path: file, type: AssetType.FILE });

    expect(findings(stack, "DatabaseSslRequired")).toEqual([expect.objectContaining({ level: "error", message: expect.stringContaining("services api") })]);
  });

  test("non-compliant: an output with a postgres URI without sslmode", () => {
    const stack = policyStack();

    new TerraformOutput(stack, "Url", { value: "postgresql://casera@ep-1.neon.tech/casera", sensitive: true });

    expect(findings(stack, "DatabaseSslRequired")).toEqual([expect.objectContaining({ level: "error", path: "test/Url" })]);
  });
});
