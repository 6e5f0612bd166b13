import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { CloudflareEdge, CloudflareEdgeProps } from "../../../constructs";
import { findings, policyStack } from "../policy-helpers";

const edge: CloudflareEdgeProps = { zoneId: "0123456789abcdef0123456789abcdef", domain: "casera.example", targetsIpv4: ["203.0.113.5"] };

describe("CloudflareTlsStrict", () => {
  test("compliant: CloudflareEdge's default, Full (strict)", () => {
    const stack = policyStack();

    new CloudflareEdge(stack, "Edge", edge);

    expect(findings(stack, "CloudflareTlsStrict")).toEqual([]);
  });

  test("non-compliant: an ssl zone setting of full (any origin certificate)", () => {
    const stack = policyStack();

    new ZoneSetting(stack, "Ssl", { zoneId: edge.zoneId, settingId: "ssl", value: "full" as never });

    expect(findings(stack, "CloudflareTlsStrict")).toEqual([
      expect.objectContaining({ level: "error", path: "test/Ssl", message: expect.stringContaining('ssl is "full"') }),
    ]);
  });

  test("non-compliant: a flexible ssl zone setting", () => {
    const stack = policyStack();

    new ZoneSetting(stack, "Ssl", { zoneId: edge.zoneId, settingId: "ssl", value: "flexible" as never });

    expect(findings(stack, "CloudflareTlsStrict")).toEqual([expect.objectContaining({ level: "error", path: "test/Ssl" })]);
  });
});
