import { IConstruct } from "constructs";
import { SwarmCluster } from "../../swarm/swarm-cluster";
import { Compliance, nonCompliant, PolicyContext, PolicyRule, RuleResult } from "../rule";

/** In production, every `SwarmCluster` has an odd number of managers, three or more. Not applicable outside production. */
export const ManagersOddInProduction: PolicyRule = {
  id: "ManagersOddInProduction",
  message: "The production swarm does not have an odd number of managers of at least three.",
  explanation:
    "Raft needs a majority of managers: one manager survives no failure, and an even count tolerates no more failures than the odd count below it, so production loses its control plane with the first lost node.",
  evaluate(construct: IConstruct, context: PolicyContext): RuleResult {
    if (!context.production || !(construct instanceof SwarmCluster)) return Compliance.NOT_APPLICABLE;
    const managers = construct.nodes.length;
    return managers >= 3 && managers % 2 === 1 ? Compliance.COMPLIANT : nonCompliant(`${managers} manager${managers === 1 ? "" : "s"}`);
  },
};
