import { Aspects, TerraformStack, Testing } from "cdktf";
import { CaseraPolicyPack, HardenedNode, HardenedNodeProps } from "../../../constructs";
import { Network } from "../../../providers/providers/hcloud/network";
import { findings, POLICY_NODE, policyStack } from "../policy-helpers";

const node: HardenedNodeProps = POLICY_NODE;

describe("DeleteProtectionInProduction", () => {
  test("compliant: a protected node in production", () => {
    const stack = policyStack("production");

    new HardenedNode(stack, "Node", node);

    expect(findings(stack, "DeleteProtectionInProduction")).toEqual([]);
  });

  test("not applicable: an unprotected node in staging", () => {
    const stack = policyStack("staging");

    new HardenedNode(stack, "Node", { ...node, protection: false });

    expect(findings(stack, "DeleteProtectionInProduction")).toEqual([]);
  });

  test("non-compliant: an unprotected node and network in production", () => {
    const stack = policyStack("production");

    new HardenedNode(stack, "Node", { ...node, protection: false });
    new Network(stack, "Network", { name: "net", ipRange: "10.0.0.0/16" });

    expect(findings(stack, "DeleteProtectionInProduction")).toEqual([
      expect.objectContaining({ level: "error", path: "test/Node/Server", message: expect.stringContaining("delete_protection and rebuild_protection not true") }),
      expect.objectContaining({ level: "error", path: "test/Network", message: expect.stringContaining("delete_protection not true") }),
    ]);
  });

  test("production is read from the construct context casera:environment when the pack is given none", () => {
    const stack = new TerraformStack(Testing.app({ context: { "casera:environment": "production" } }), "test");
    Aspects.of(stack).add(new CaseraPolicyPack());

    new Network(stack, "Network", { name: "net", ipRange: "10.0.0.0/16" });

    expect(findings(stack, "DeleteProtectionInProduction")).toHaveLength(1);
  });
});
