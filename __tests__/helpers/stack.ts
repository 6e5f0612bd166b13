import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { HcloudProvider } from "../../providers/providers/hcloud/provider";

/** A real ed25519 public key for tests (its private half was discarded). */
export const TEST_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo3HLTpjbMFBZFMK+eUrH3D1Jhi8LZthBph/GWmdGb9 casera-example-do-not-use";

/** A fresh app and stack for one test. */
export function testStack(): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new HcloudProvider(stack, "hcloud", {});
  return { app, stack };
}

/** Synthesizes `stack` and parses the JSON. */
export function synthJson(stack: TerraformStack): { resource: Record<string, Record<string, any>>; output?: Record<string, any> } {
  return JSON.parse(Testing.synth(stack));
}

/** All resources of one type, as an array of their configs. */
export function resources(json: { resource: Record<string, Record<string, any>> }, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** Runs `fn` in a fresh stack and returns the thrown error message (or fails). */
export function errorOf(fn: (scope: Construct) => void): string {
  const { stack } = testStack();
  try {
    fn(stack);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected an error, none was thrown");
}
