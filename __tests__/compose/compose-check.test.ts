import { Testing, TerraformStack } from "cdktf";
import {
  caseraExpectations,
  checkStackFile,
  findViolations,
  internalServicesPublishNothing,
  noDatabaseService,
  overlayMtuFitsLink,
  overlayNetworksEncrypted,
  placementLabelsExist,
  replicasInRange,
  secretsCreatedByStack,
} from "../../constructs/stack/compose-check";
import { loadStackFile, StackFile } from "../../constructs/stack/stack-file";

const EXPECT = caseraExpectations([{ "casera.redis": "true" }, {}, {}]);

/** A fresh, mutable copy of the real stack file. */
function stackFile(): any {
  return JSON.parse(JSON.stringify(loadStackFile()));
}

/** The message checkStackFile throws for `file`, or undefined. */
function synthError(file: StackFile): string | undefined {
  const stack = new TerraformStack(Testing.app(), "test-swarm");
  try {
    checkStackFile(stack, file, EXPECT);
  } catch (err) {
    return (err as Error).message;
  }
  return undefined;
}

describe("compose consistency check", () => {
  test("passes the production stack file", () => {
    expect(findViolations(loadStackFile(), EXPECT)).toEqual([]);
  });

  describe("secretsCreatedByStack", () => {
    test("rejects a secret the swarm stack does not create", () => {
      const file = stackFile();
      file.secrets.stripe_key = { external: true, name: "${STRIPE_KEY_SECRET}" };

      expect(secretsCreatedByStack(file, EXPECT)).toEqual([expect.objectContaining({ subject: "secrets.stripe_key" })]);
      expect(synthError(file)).toMatch(/compose\/casera\.stack\.yml secrets\.stripe_key breaks rule secretsCreatedByStack: must be one the swarm stack creates/);
    });

    test("rejects a secret that is not external", () => {
      const file = stackFile();
      file.secrets.secret_key = { file: "./secret_key.txt" };

      expect(synthError(file)).toMatch(/secrets\.secret_key breaks rule secretsCreatedByStack: must be external with name: \$\{SECRET_KEY_SECRET\}/);
    });

    test("rejects a fixed name instead of the hashed-name variable", () => {
      const file = stackFile();
      file.secrets.postgres_password.name = "postgres_password";

      expect(synthError(file)).toMatch(/secrets\.postgres_password breaks rule secretsCreatedByStack/);
    });

    test("rejects a service using an undeclared secret", () => {
      const file = stackFile();
      file.services.worker.secrets.push("b2_master_key");

      expect(synthError(file)).toMatch(/compose\/casera\.stack\.yml worker breaks rule secretsCreatedByStack: must use only secrets declared/);
    });
  });

  describe("placementLabelsExist", () => {
    test("rejects a constraint on a label no node carries", () => {
      const file = stackFile();
      file.services.redis.deploy.placement.constraints = ["node.labels.casera.storage == true"];

      expect(placementLabelsExist(file, EXPECT)).toHaveLength(1);
      expect(synthError(file)).toMatch(/redis breaks rule placementLabelsExist: must name a label that a node carries \(nodes have: node 1 casera\.redis=true\); got "node\.labels\.casera\.storage == true"/);
    });

    test("rejects a constraint on a value no node has", () => {
      const file = stackFile();
      file.services.redis.deploy.placement.constraints = ["node.labels.casera.redis == yes"];

      expect(synthError(file)).toMatch(/redis breaks rule placementLabelsExist/);
    });

    test("fails when the cluster labels no node", () => {
      expect(placementLabelsExist(loadStackFile(), { ...EXPECT, nodeLabels: [] })).toEqual([
        expect.objectContaining({ subject: "redis", value: "node.labels.casera.redis == true" }),
      ]);
    });
  });

  describe("replicasInRange", () => {
    test("rejects 7 api replicas", () => {
      const file = stackFile();
      file.services.api.deploy.replicas = 7;

      expect(synthError(file)).toMatch(/api breaks rule replicasInRange: must run 3-6 replicas; got 7/);
    });

    test("rejects 1 worker", () => {
      const file = stackFile();
      file.services.worker.deploy.replicas = 1;

      expect(synthError(file)).toMatch(/worker breaks rule replicasInRange: must run 2-3 replicas; got 1/);
    });

    test("rejects a second redis", () => {
      const file = stackFile();
      file.services.redis.deploy.replicas = 2;

      expect(replicasInRange(file, EXPECT)).toEqual([expect.objectContaining({ subject: "redis", value: 2 })]);
    });

    test("rejects a missing api service", () => {
      const file = stackFile();
      delete file.services.api;

      expect(replicasInRange(file, EXPECT)).toEqual([expect.objectContaining({ subject: "api", requirement: "must exist and must run 3-6 replicas" })]);
    });

    test("reads a replica count given as a variable with a default", () => {
      const file = stackFile();
      file.services.api.deploy.replicas = "${API_REPLICAS:-4}";

      expect(replicasInRange(file, EXPECT)).toEqual([]);
    });
  });

  describe("overlayNetworksEncrypted", () => {
    test("rejects an overlay network without encryption", () => {
      const file = stackFile();
      delete file.networks.backend.driver_opts.encrypted;

      expect(overlayNetworksEncrypted(file, EXPECT)).toHaveLength(1);
      expect(synthError(file)).toMatch(/networks\.backend breaks rule overlayNetworksEncrypted: must set driver_opts encrypted: "true"/);
    });

    test("treats a network without a driver as overlay (Swarm's default)", () => {
      const file = stackFile();
      file.networks.extra = {};

      expect(overlayNetworksEncrypted(file, EXPECT)).toEqual([expect.objectContaining({ subject: "networks.extra" })]);
    });
  });

  describe("overlayMtuFitsLink", () => {
    test("rejects an overlay without an MTU (Docker would assume a 1500 link)", () => {
      const file = stackFile();
      delete file.networks.backend.driver_opts["com.docker.network.driver.mtu"];

      expect(synthError(file)).toMatch(/networks\.backend breaks rule overlayMtuFitsLink/);
    });

    test("rejects an MTU above the private network's 1450", () => {
      const file = stackFile();
      file.networks.backend.driver_opts["com.docker.network.driver.mtu"] = "1500";

      expect(overlayMtuFitsLink(file, EXPECT)).toEqual([expect.objectContaining({ value: "1500" })]);
    });
  });

  describe("internalServicesPublishNothing", () => {
    test("rejects a published redis port", () => {
      const file = stackFile();
      file.services.redis.ports = ["6379:6379"];

      expect(synthError(file)).toMatch(/redis breaks rule internalServicesPublishNothing: must publish no ports \(only edge may\)/);
    });

    test("rejects dozzle's port 9999 published", () => {
      const file = stackFile();
      file.services.dozzle.ports = [{ target: 9999, published: 9999, mode: "host" }];

      expect(internalServicesPublishNothing(file, EXPECT)).toEqual([expect.objectContaining({ subject: "dozzle" })]);
    });

    test("rejects the host network for a service that does not listen on loopback only", () => {
      const file = stackFile();
      delete file.services.dozzle["x-casera-loopback-only"];

      expect(synthError(file)).toMatch(/dozzle breaks rule internalServicesPublishNothing: must not join the host network/);
    });

    test("allows the edge to publish", () => {
      expect(internalServicesPublishNothing(loadStackFile(), EXPECT)).toEqual([]);
    });
  });

  describe("noDatabaseService", () => {
    test("rejects a db service", () => {
      const file = stackFile();
      file.services.db = { image: "alpine:3.20", deploy: { replicas: 1 } };

      expect(synthError(file)).toMatch(/compose\/casera\.stack\.yml db breaks rule noDatabaseService: must not be a database/);
    });

    test("rejects a postgres image under another name", () => {
      const file = stackFile();
      file.services.cache = { image: "postgres:17-alpine" };

      expect(noDatabaseService(file, EXPECT)).toEqual([expect.objectContaining({ subject: "cache", value: "postgres:17-alpine" })]);
    });
  });

  test("names every further violation in the error", () => {
    const file = stackFile();
    file.services.api.deploy.replicas = 9;
    file.services.redis.ports = ["6379:6379"];

    expect(synthError(file)).toMatch(/\(and 1 more: redis internalServicesPublishNothing\)/);
  });
});
