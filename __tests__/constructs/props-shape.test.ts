import { B2Bucket, CloudflareEdge, HardenedNode, NeonDatabase, NodeFirewall, SwarmCluster, SwarmLoadBalancer } from "../../constructs";
import { errorOf, testStack } from "../helpers/stack";

// From plain JavaScript or JSON, props can be missing altogether: each construct says so instead of failing with a TypeError.
describe.each([
  ["CloudflareEdge", CloudflareEdge],
  ["SwarmCluster", SwarmCluster],
  ["HardenedNode", HardenedNode],
  ["NeonDatabase", NeonDatabase],
  ["B2Bucket", B2Bucket],
  ["NodeFirewall", NodeFirewall],
  ["SwarmLoadBalancer", SwarmLoadBalancer],
] as Array<[string, new (scope: never, id: string, props: never) => unknown]>)("%s", (_name, Construct) => {
  test.each([undefined, null, "props", 5])("props %p get a message naming props", (props) => {
    const message = errorOf((scope) => new Construct(scope as never, "It", props as never));
    expect(message).toMatch(/It: props must be an object: \{ .* \}.*; got /);
    expect(message).not.toMatch(/TypeError|Cannot read/);
  });
});

test("B2Bucket.grantRead names the key name when it is no string", () => {
  const { stack } = testStack();
  const bucket = new B2Bucket(stack, "Uploads", { bucketName: "casera-uploads" });
  expect(() => bucket.grantRead(5 as never)).toThrow(/keyName must be 1-100 letters, digits and hyphens; got 5/);
});
