import { Aspects, TerraformStack, Testing } from "cdktf";
import { CaseraPolicyPack, HardenedNodeProps } from "../../constructs";
import { testStack, TEST_KEY } from "../helpers/stack";

/** One annotation the policy pack left on a construct. */
export interface Finding {
  readonly ruleId: string;
  readonly level: "error" | "warning" | "info";
  readonly path: string;
  readonly message: string;
}

const LEVELS: Record<string, Finding["level"]> = { "@cdktf/error": "error", "@cdktf/warn": "warning", "@cdktf/info": "info" };

/** A HardenedNode's props for rule tests: a node on the nodes' private subnet with the test deploy key. */
export const POLICY_NODE: HardenedNodeProps = {
  name: "web-1",
  deployKeys: [TEST_KEY],
  sshKeyIds: ["1"],
  firewallIds: ["2"],
  network: { networkId: "3", ip: "10.0.1.11", subnetCidr: "10.0.1.0/24" },
};

/** A fresh test stack with the Casera policy pack applied for `environment`. */
export function policyStack(environment?: string): TerraformStack {
  const { stack } = testStack();
  Aspects.of(stack).add(new CaseraPolicyPack({ environment }));
  return stack;
}

/** Runs the aspects (as synth does) and returns the pack's annotations, optionally of one rule. */
export function findings(stack: TerraformStack, ruleId?: string): Finding[] {
  Testing.synth(stack);
  return stack.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => LEVELS[m.type] && typeof m.data === "string")
        .map((m) => ({ match: /^\[casera:([A-Za-z0-9]+)\]/.exec(m.data as string), level: LEVELS[m.type], path: c.node.path, message: m.data as string })),
    )
    .filter((f) => f.match !== null)
    .map(({ match, ...f }) => ({ ...f, ruleId: match![1] }))
    .filter((f) => ruleId === undefined || f.ruleId === ruleId);
}
