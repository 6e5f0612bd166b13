import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repo = path.join(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));

/** A consumer's stack: only the package's public names, plus cdktf and the tls provider it brings. */
const CONSUMER_STACK = `import { App, TerraformStack } from "cdktf";
import { B2Bucket, B2Provider, HcloudProvider, SwarmCluster } from "${pkg.name}";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";

const app = new App({ outdir: "out" });
const stack = new TerraformStack(app, "custom");
new HcloudProvider(stack, "hcloud", {});
new TlsProvider(stack, "tls", {});
new B2Provider(stack, "b2");
const cluster: SwarmCluster = new SwarmCluster(stack, "Cluster", {
  name: "custom",
  adminCidrs: ["198.51.100.7/32"],
  deployKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo3HLTpjbMFBZFMK+eUrH3D1Jhi8LZthBph/GWmdGb9 consumer"],
});
const media: B2Bucket = new B2Bucket(stack, "Media", { bucketName: "custom-media" });
media.grantRead("custom-media-read");
if (cluster.nodes.length !== 3) throw new Error("expected three managers");
app.synth();
`;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
}

describe("the npm package", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "casera-pack-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("packs, installs into a fresh project and synthesizes a custom stack with types", () => {
    // npm pack runs prepack, which builds dist/ with tsc.
    const tarball = run("npm", ["pack", "--silent", "--pack-destination", work], repo).trim().split("\n").pop()!;
    const app = path.join(work, "app");
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    run("npm", ["install", path.join(work, tarball), "--prefer-offline", "--no-audit", "--no-fund"], app);
    fs.writeFileSync(path.join(app, "stack.ts"), CONSUMER_STACK);
    fs.writeFileSync(
      path.join(app, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, module: "commonjs", target: "ES2022", lib: ["ES2022"], types: [], skipLibCheck: false } }),
    );

    run(process.execPath, [path.join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", "."], app);
    run(process.execPath, ["stack.js"], app);

    const json = JSON.parse(fs.readFileSync(path.join(app, "out", "stacks", "custom", "cdk.tf.json"), "utf8"));
    const installed = path.join(app, "node_modules", ...pkg.name.split("/"));
    expect(fs.existsSync(path.join(installed, pkg.types))).toBe(true);
    expect(Object.keys(json.resource.hcloud_server)).toHaveLength(3);
    expect(Object.values<any>(json.resource.b2_bucket).map((b) => b.bucket_name)).toEqual(["custom-media"]);
    expect(Object.values<any>(json.resource.hcloud_server)[0].user_data).toContain("#cloud-config");
  }, 240000);
});
