import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, DataResource, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { Project } from "../../providers/providers/neon/project";
import { NeonProvider } from "../../providers/providers/neon/provider";
import { HcloudProvider } from "../../providers/providers/hcloud/provider";
import { Server } from "../../providers/providers/hcloud/server";
import { B2Bucket, B2Provider } from "../../constructs";
import { synthCasera } from "../../scripts/synth-app";
import { ensureToolchain, Toolchain } from "../../scripts/toolchain-paths";
import { validateStacks } from "../../scripts/validate-stacks";
import { describeWith, repoRoot, root, tool } from "../helpers/tools";

/** One resource of each provider the app uses. */
class EveryProviderStack extends TerraformStack {
  public readonly server: Server;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new HcloudProvider(this, "hcloud", {});
    new NeonProvider(this, "neon", {});
    new CloudflareProvider(this, "cloudflare", {});
    new B2Provider(this, "b2");
    this.server = new Server(this, "Server", { name: "probe", serverType: "cx23", image: "ubuntu-24.04", location: "nbg1" });
    new Project(this, "Project", { name: "probe" });
    new DnsRecord(this, "Record", { zoneId: "0123456789abcdef0123456789abcdef", name: "probe.casera.example", type: "A", content: "198.51.100.1", ttl: 1 });
    new B2Bucket(this, "Bucket", { bucketName: "casera-probe" });
    new DataResource(this, "Deploy", { input: "probe" });
  }
}

/** A toolchain whose terraform runs in a network namespace with no interfaces at all. */
function offline(toolchain: Toolchain, dir: string): Toolchain {
  const wrapper = path.join(dir, "terraform-offline");
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec unshare --net -- ${toolchain.terraform} "$@"\n`, { mode: 0o755 });
  return { ...toolchain, terraform: wrapper };
}

describeWith([tool("terraform"), tool("unshare"), root(), tool("go")], "terraform validate with the real providers, offline", () => {
  let toolchain: Toolchain;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-validate-"));
    toolchain = offline(ensureToolchain(repoRoot, true), dir);
  }, 60 * 60 * 1000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function synth(build: (app: App) => void): string {
    const outdir = fs.mkdtempSync(path.join(dir, "out-"));
    const app = new App({ outdir });
    build(app);
    app.synth();
    return outdir;
  }

  test("accepts a stack with a resource of every provider, with no network", () => {
    const outdir = synth((app) => new EveryProviderStack(app, "every-provider"));

    const [result] = validateStacks(outdir, toolchain);

    expect(result).toMatchObject({ stack: "every-provider", ok: true, summary: expect.stringMatching(/^valid/) });
    expect(result.unchecked).toEqual([expect.stringMatching(/^b2_bucket\./)]);
  });

  test("fails, naming the attribute, on an attribute the provider does not have", () => {
    const outdir = synth((app) => new EveryProviderStack(app, "bad-attribute").server.addOverride("flavour", "large"));

    const [result] = validateStacks(outdir, toolchain);

    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/No argument or block type is named "flavour"/);
  });

  test("accepts every stack of the Casera app", () => {
    const outdir = fs.mkdtempSync(path.join(dir, "casera-"));
    synthCasera(outdir, {});

    const results = validateStacks(outdir, toolchain);

    expect(results.map((r) => r.stack)).toEqual(["casera-production", "casera-production-swarm", "casera-staging", "casera-staging-swarm"]);
    for (const r of results) expect({ stack: r.stack, ok: r.ok, summary: r.summary }).toEqual({ stack: r.stack, ok: true, summary: expect.stringMatching(/^valid/) });
  });
});
