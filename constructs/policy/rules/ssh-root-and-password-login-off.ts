import { IConstruct } from "constructs";
import { attributesOf, resourceOf } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";

/** sshd settings that must read `no`; sshd keeps the first value it reads, so the first occurrence counts. */
const REQUIRED: readonly string[] = ["PermitRootLogin", "PasswordAuthentication"];

/**
 * Every `hcloud_server`'s cloud-init writes sshd settings with
 * `PermitRootLogin no` and `PasswordAuthentication no`. A server without
 * user_data, or whose user_data is only known at apply time, cannot show it
 * and is reported.
 */
export const SshRootAndPasswordLoginOff: PolicyRule = {
  id: "SshRootAndPasswordLoginOff",
  message: "The server's boot configuration does not turn off root login and password authentication for sshd.",
  explanation:
    "Hetzner images allow root over SSH and, without a key, e-mail a root password; keys for a named user only are what keeps a leaked or guessed password from opening a node.",
  evaluate(construct: IConstruct): RuleResult {
    const server = resourceOf(construct, "hcloud_server");
    if (!server) return Compliance.NOT_APPLICABLE;
    const userData = attributesOf(server).user_data;
    if (typeof userData !== "string" || userData.trim() === "") return nonCompliant("no user_data");
    const missing = REQUIRED.filter((setting) => {
      const first = new RegExp(`^\\s*${setting}\\s+(\\S+)\\s*$`, "mi").exec(userData);
      return !first || first[1].toLowerCase() !== "no";
    });
    return missing.length === 0 ? Compliance.COMPLIANT : nonCompliant(`${missing.map((s) => `${s} no`).join(" and ")} not found first in user_data`);
  },
};
