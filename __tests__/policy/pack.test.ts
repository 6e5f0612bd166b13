import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { CASERA_POLICY_RULES, CaseraPolicyPack, SshClosedToWorld, suppress } from "../../constructs";
import { Firewall } from "../../providers/providers/hcloud/firewall";
import { Server } from "../../providers/providers/hcloud/server";
import { summarize } from "../../scripts/synth-app";
import { findings, policyStack } from "./policy-helpers";

function worldSshFirewall() {
  const stack = policyStack();
  const firewall = new Firewall(stack, "Firewall", {
    name: "nodes",
    rule: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["0.0.0.0/0"] }],
  });
  return { stack, firewall };
}

describe("CaseraPolicyPack", () => {
  test("maps every rule to a level and gives each a message and an explanation", () => {
    for (const { rule, level } of CASERA_POLICY_RULES) {
      expect(["error", "warning"]).toContain(level);
      expect(rule.id).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(rule.message).toMatch(/\.$/);
      expect(rule.explanation.length).toBeGreaterThan(40);
    }
    expect(new Set(CASERA_POLICY_RULES.map((r) => r.rule.id)).size).toBe(CASERA_POLICY_RULES.length);
  });

  test.each([
    ["a rule given bare, without { rule, level }", { rules: [SshClosedToWorld] }, /CaseraPolicyPack: rules\[0\]\.rule\.id must be a PascalCase rule name.*got undefined|CaseraPolicyPack: rules\[0\] must be \{ rule, level \}/],
    ["a rule without evaluate", { rules: [{ rule: { ...SshClosedToWorld, evaluate: undefined }, level: "error" }] }, /CaseraPolicyPack: rules\[0\]\.rule\.evaluate must be a function .*\(rule SshClosedToWorld\); got "undefined"/],
    ["an unknown level", { rules: [{ rule: SshClosedToWorld, level: "fatal" }] }, /CaseraPolicyPack: rules\[0\]\.level must be "error" or "warning" \(rule SshClosedToWorld\); got "fatal"/],
    ["a rule twice", { rules: [{ rule: SshClosedToWorld, level: "error" }, { rule: SshClosedToWorld, level: "warning" }] }, /CaseraPolicyPack: rules\[1\]\.rule\.id must not repeat rules\[0\]/],
    ["rules that are no array", { rules: "SshClosedToWorld" }, /CaseraPolicyPack: rules must be an array of \{ rule, level \}/],
    ["an environment that is no string", { environment: true }, /CaseraPolicyPack: environment must be a string/],
  ])("refuses %s when made, not with a TypeError at synth", (_name, props, message) => {
    expect(() => new CaseraPolicyPack(props as never)).toThrow(message);
  });

  test("an error finding fails synth, naming the rule and the construct", () => {
    const { stack } = worldSshFirewall();

    expect(() => Testing.fullSynth(stack)).toThrow(/\[test\/Firewall\] \[casera:SshClosedToWorld\]/);
  });

  test("a warning finding does not fail synth and is listed in the synth summary", () => {
    const stack = policyStack();
    const userData = "#cloud-config\nwrite_files:\n  - path: /etc/ssh/sshd_config.d/01-hardening.conf\n    content: |\n      PermitRootLogin no\n      PasswordAuthentication no\n";
    new Server(stack, "Server", { name: "web", serverType: "cx33", firewallIds: [1], userData });

    const outdir = Testing.fullSynth(stack);

    const [summary] = summarize(outdir);
    expect(summary.warnings).toEqual([expect.stringMatching(/^\[casera:ServerInSpreadPlacementGroup\] The server is not in a spread placement group\./)]);
    fs.rmSync(path.resolve(outdir), { recursive: true, force: true });
  });

  test("reports a finding once however often the aspects run", () => {
    const { stack } = worldSshFirewall();

    Testing.synth(stack);
    Testing.synth(stack);

    expect(findings(stack, "SshClosedToWorld")).toHaveLength(1);
  });

  describe("suppressions", () => {
    test("a suppression with a reason turns the finding into an info annotation carrying the reason", () => {
      const { stack, firewall } = worldSshFirewall();

      suppress(firewall, "SshClosedToWorld", "bastion reached by a rotating team; sshd allows certificates only");

      expect(findings(stack, "SshClosedToWorld")).toEqual([
        expect.objectContaining({ level: "info", message: "[casera:SshClosedToWorld] suppressed: bastion reached by a rotating team; sshd allows certificates only" }),
      ]);
      expect(() => Testing.fullSynth(stack)).not.toThrow();
    });

    test("a suppression on a scope covers the constructs inside it, and only that rule", () => {
      const stack = policyStack();
      new Firewall(stack, "Firewall", { name: "open", rule: [{ direction: "in", protocol: "tcp", port: "any", sourceIps: ["0.0.0.0/0"] }] });

      suppress(stack, "SshClosedToWorld", "a throwaway test stack");

      expect(findings(stack, "SshClosedToWorld")).toEqual([expect.objectContaining({ level: "info", path: "test/Firewall" })]);
      expect(findings(stack, "SwarmPortsNotPublic")).toEqual([expect.objectContaining({ level: "error", path: "test/Firewall" })]);
    });

    test.each(["", "   "])("a suppression without a reason (%j) is an error", (reason) => {
      const { firewall } = worldSshFirewall();

      expect(() => suppress(firewall, "SshClosedToWorld", reason)).toThrow(
        /test\/Firewall: reason must say why SshClosedToWorld does not apply here; a suppression without a reason is not accepted; got/,
      );
    });

    test("a suppression that names no rule of the pack fails synth instead of silently doing nothing", () => {
      const { stack, firewall } = worldSshFirewall();

      suppress(firewall, "SshClosedToTheWorld", "typo in the rule id");

      expect(findings(stack, "UnknownSuppression")).toEqual([
        expect.objectContaining({ level: "error", path: "test/Firewall", message: expect.stringMatching(/^\[casera:UnknownSuppression\] suppress\(\.\.\., "SshClosedToTheWorld", \.\.\.\) names no rule of the policy pack; the rules are SshClosedToWorld, /) }),
      ]);
      expect(findings(stack, "SshClosedToWorld")).toEqual([expect.objectContaining({ level: "error" })]);
    });

    test("a suppression with a malformed rule id is an error", () => {
      const { firewall } = worldSshFirewall();

      expect(() => suppress(firewall, "casera:SshClosedToWorld", "typo")).toThrow(/ruleId must be a policy rule id such as "BucketPrivate"/);
    });
  });
});
