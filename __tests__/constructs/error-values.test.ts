import { quote } from "../../constructs/core/errors";

describe("the value an error message quotes", () => {
  test.each([
    ["a Cloudflare API token in the zone ID's place", "Zx9_kq3LmN0pQrStUvWxYz1234567890ABCDEFGH", 'Zx9_'],
    ["a Cloudflare Global API key (37 hex digits)", "0123456789abcdef0123456789abcdef01234", "0123"],
    ["a Hetzner API token (64 characters)", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3kL5mN7pQ9rS1tU3v", "aB3d"],
    ["an OpenSSH private key's body without its header", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", "b3Bl"],
    ["a Neon API key", "napi_abcdefghijklmnopqrstuvwxyz0123", "napi"],
    ["a GitHub token", "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "ghp_"],
    ["a Cloudflare Origin CA key", "v1.0-abcdef0123456789-SECRETSECRETSECRET", "v1.0"],
    ["a URL with a password", "postgres://casera:S3cretPassw0rd@ep-x.neon.tech/casera", "post"],
  ])("is not repeated when it looks like a credential: %s", (_what, value, start) => {
    expect(quote(value)).toBe(`(${value.length} characters starting "${start}", which look like a credential: not repeated here)`);
  });

  test.each([
    ["a zone ID", "0123456789abcdef0123456789abcdef"],
    ["a long name", `a${"b".repeat(63)}`],
    ["a bucket name", "casera-uploads-production-2026-eu"],
    ["a public key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsVtYp8Wn4NqJtG0xw7cZyLQbDjrgmE8c2m2QZoJgFz ops@example"],
    ["a domain", "api.Casera-Example-2026-long-name.example"],
    ["a short word", "Zx9_kq3"],
    ["a URL without a password", "https://ghcr.io/casera/api"],
    ["an address", "10.0.1.9"],
    ["an image digest's hex", "ab12".repeat(16)],
    ["a commit", "0123456789abcdef0123456789abcdef01234567"],
  ])("is quoted as given otherwise: %s", (_what, value) => {
    expect(quote(value)).toBe(JSON.stringify(value));
  });

  test("never repeats a private key", () => {
    expect(quote("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl...")).toBe("(a private key; it is not repeated here)");
  });
});

describe("a token where a literal is needed", () => {
  test("is named as a token, not shown as its placeholder text or number", () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { App, TerraformStack, TerraformVariable } = require("cdktf") as typeof import("cdktf");
    const stack = new TerraformStack(new App(), "t");
    const v = new TerraformVariable(stack, "v", { type: "number" });
    const s = new TerraformVariable(stack, "s", { type: "string" });
    for (const value of [v.numberValue, s.stringValue]) expect(quote(value)).toBe("a Terraform token, known only at apply (this prop needs a literal value)");
  });
});
