import * as fs from "fs";
import * as path from "path";
import { diagramMarkdown, readmeBlock, replaceReadmeBlock } from "../../scripts/diagram";
import { exampleSynth, removeExampleSynth } from "./synth-once";

const readmePath = path.join(__dirname, "..", "..", "README.md");

describe("npm run diagram", () => {
  afterAll(removeExampleSynth);

  test("the README's diagram block is what the generator prints now (npm run diagram -- --write updates it)", () => {
    const generated = diagramMarkdown(exampleSynth());

    expect(readmeBlock(fs.readFileSync(readmePath, "utf8"))).toBe(generated);
  });

  test("is the same text on a second run", () => {
    expect(diagramMarkdown(exampleSynth())).toBe(diagramMarkdown(exampleSynth()));
  });

  test("draws Cloudflare to the balancer and the balancer to every manager in production", () => {
    const text = diagramMarkdown(exampleSynth());

    expect(text).toMatch(/casera_production_cloudflare -->\|"TCP 80\/443"\| casera_production_Cluster_LoadBalancer_/);
    expect(text.match(/casera_production_Cluster_LoadBalancer_\w+ -->\|"TCP 80\/443, private IP, PROXY protocol"\|/g)).toHaveLength(3);
  });

  test("draws Cloudflare straight to the node in staging, which has no balancer", () => {
    const text = diagramMarkdown(exampleSynth());

    expect(text).toMatch(/casera_staging_cloudflare -->\|"TCP 80\/443"\| casera_staging_Cluster_Manager1_Server_/);
    expect(text).not.toMatch(/casera_staging_Cluster_LoadBalancer/);
  });

  test("shows the firewall's rules, the buckets' keys and the Docker secrets", () => {
    const text = diagramMarkdown(exampleSynth());

    expect(text).toContain("in tcp 2222 from 203.0.113.10/32");
    expect(text).toContain('"read/write key casera-production-api-uploads"');
    expect(text).toContain('"read-only key casera-production-certs-read"');
    expect(text).toMatch(/Docker secrets \(9\)[^"]*postgres_password/);
  });

  test("replaces only the text between the markers", () => {
    const readme = "# T\n\nbefore\n<!-- diagram:start -->\nold\n<!-- diagram:end -->\nafter\n";

    expect(replaceReadmeBlock(readme, "new")).toBe("# T\n\nbefore\n<!-- diagram:start -->\nnew\n<!-- diagram:end -->\nafter\n");
  });
});
