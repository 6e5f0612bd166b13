import { Token } from "cdktf";
import { SwarmCluster } from "../../../constructs";
import { PlacementGroup } from "../../../providers/providers/hcloud/placement-group";
import { Server } from "../../../providers/providers/hcloud/server";
import { TEST_KEY } from "../../helpers/stack";
import { findings, policyStack } from "../policy-helpers";

describe("ServerInSpreadPlacementGroup", () => {
  test("compliant: SwarmCluster's managers in its spread group", () => {
    const stack = policyStack();

    new SwarmCluster(stack, "Cluster", { name: "prod", adminCidrs: ["203.0.113.10/32"], deployKeys: [TEST_KEY] });

    expect(findings(stack, "ServerInSpreadPlacementGroup")).toEqual([]);
  });

  test("non-compliant: a server without a placement group is a warning", () => {
    const stack = policyStack();

    new Server(stack, "Server", { name: "web", serverType: "cx33" });

    expect(findings(stack, "ServerInSpreadPlacementGroup")).toEqual([
      expect.objectContaining({ level: "warning", path: "test/Server", message: expect.stringContaining("placement_group_id is not set") }),
    ]);
  });

  test("non-compliant: a server in a group that is not spread", () => {
    const stack = policyStack();
    const group = new PlacementGroup(stack, "Group", { name: "packed", type: "packed" });

    new Server(stack, "Server", { name: "web", serverType: "cx33", placementGroupId: Token.asNumber(group.id) });

    expect(findings(stack, "ServerInSpreadPlacementGroup")).toEqual([
      expect.objectContaining({ level: "warning", message: expect.stringContaining('placement group type is "packed"') }),
    ]);
  });
});
