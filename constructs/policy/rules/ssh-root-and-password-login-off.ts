import { IConstruct } from "constructs";
import { attributesOf, resourceOf } from "../inspect";
import { Compliance, nonCompliant, PolicyRule, RuleResult } from "../rule";
import { CloudConfig, cloudInitBool, cloudInitIsTrue, readCloudConfig, SshdLine, sshdConfigLines } from "../sshd-config";

/** sshd settings that must read `no`. */
const REQUIRED: readonly string[] = ["PermitRootLogin", "PasswordAuthentication"];

const where = (line: SshdLine): string => `${line.file} line ${line.line}`;

/**
 * What keeps `setting` from being off: sshd keeps the first value it reads,
 * so the first global line that sets it (or that is only known at apply time)
 * must say `no`; and a Match block must not set anything else for the
 * connections it matches.
 */
function settingProblems(lines: readonly SshdLine[], setting: string): string[] {
  const keyword = setting.toLowerCase();
  const problems: string[] = [];
  const first = lines.find((line) => line.match === undefined && (line.keyword === keyword || line.keyword === undefined));
  if (!first) {
    problems.push(`${setting} no not found first: no file sshd reads sets it`);
  } else if (first.keyword === undefined) {
    problems.push(`${setting} no not found first: ${where(first)} is only known at apply time`);
  } else if (first.args[0].toLowerCase() !== "no") {
    problems.push(`${setting} no not found first: sshd reads ${setting} ${first.args[0]} first (${where(first)})`);
  }
  for (const line of lines) {
    if (line.match === undefined || line.keyword !== keyword || line.args[0].toLowerCase() === "no") continue;
    problems.push(`${setting} ${line.args[0]} under Match ${line.match} (${where(line)})`);
  }
  return problems;
}

/**
 * The cloud-config keys cloud-init turns logins on with: `ssh_pwauth` true
 * (cloud-init's is_true: true, yes, on, 1) sets PasswordAuthentication yes;
 * `disable_root` present and false to cloud-init (false, no, empty) puts the
 * SSH keys in root's authorized_keys without the command that refuses the
 * login. Either is reported even when an sshd drop-in read first says no:
 * where cloud-init writes the setting depends on the image and its version,
 * and the cloud-config asks for what the rule forbids.
 */
function cloudConfigProblems(config: CloudConfig): string[] {
  const problems: string[] = [];
  const { ssh_pwauth: pwauth, disable_root: disableRoot } = config.keys;
  if (cloudInitIsTrue(pwauth)) problems.push(`ssh_pwauth: ${String(pwauth)} turns password login on`);
  if ("disable_root" in config.keys && !cloudInitBool(disableRoot)) problems.push(`disable_root: ${String(disableRoot)} lets root log in with the SSH keys`);
  return problems;
}

/**
 * Every `hcloud_server`'s cloud-init leaves sshd with root login and password
 * authentication off: the files sshd reads, read as sshd reads them (see
 * sshd-config.ts: only /etc/ssh/sshd_config and the `.conf` drop-ins under
 * /etc/ssh/sshd_config.d, drop-ins first in the order of their names,
 * keywords in any case, with whitespace or `=`) set `PermitRootLogin no` and
 * `PasswordAuthentication no` first, no Match block sets them otherwise, and
 * the cloud-config has neither `ssh_pwauth: true` nor `disable_root: false`.
 * A server without user_data, or whose user_data is no cloud-config or only
 * known at apply time, cannot show it and is reported.
 */
export const SshRootAndPasswordLoginOff: PolicyRule = {
  id: "SshRootAndPasswordLoginOff",
  message: "The server's boot configuration does not turn off root login and password authentication for sshd.",
  explanation:
    "Hetzner images allow root over SSH and, without a key, e-mail a root password; keys for a named user only are what keeps a leaked or guessed password from opening a node.",
  evaluate(construct: IConstruct): RuleResult {
    const server = resourceOf(construct, "hcloud_server");
    if (!server) return Compliance.NOT_APPLICABLE;
    const reading = readCloudConfig(attributesOf(server).user_data);
    if (!("config" in reading)) return nonCompliant(reading.problem);
    const lines = sshdConfigLines(reading.config);
    const problems = [...REQUIRED.flatMap((setting) => settingProblems(lines, setting)), ...cloudConfigProblems(reading.config)];
    return problems.length === 0 ? Compliance.COMPLIANT : nonCompliant(problems.join("; "));
  },
};
