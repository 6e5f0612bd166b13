import { SwarmCluster, SwarmClusterProps } from "../../../constructs";
import { TEST_KEY } from "../../helpers/stack";
import { findings, policyStack } from "../policy-helpers";

const cluster: SwarmClusterProps = { name: "prod", adminCidrs: ["203.0.113.10/32"], deployKeys: [TEST_KEY] };

describe("ManagersOddInProduction", () => {
  test("compliant: three managers in production", () => {
    const stack = policyStack("production");

    new SwarmCluster(stack, "Cluster", cluster);

    expect(findings(stack, "ManagersOddInProduction")).toEqual([]);
  });

  test("not applicable: a single manager in staging", () => {
    const stack = policyStack("staging");

    new SwarmCluster(stack, "Cluster", { ...cluster, managers: 1, allowSingleManager: true });

    expect(findings(stack, "ManagersOddInProduction")).toEqual([]);
  });

  test("non-compliant: a single manager in production", () => {
    const stack = policyStack("production");

    new SwarmCluster(stack, "Cluster", { ...cluster, managers: 1, allowSingleManager: true });

    expect(findings(stack, "ManagersOddInProduction")).toEqual([
      expect.objectContaining({ level: "error", path: "test/Cluster", message: expect.stringContaining("(1 manager)") }),
    ]);
  });
});
