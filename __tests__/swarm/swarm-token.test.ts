import * as path from "path";
import { StubHost } from "../helpers/stubs";
import { repoRoot } from "../helpers/tools";

const SCRIPT = path.join(repoRoot, "swarm", "swarm-token.sh");
const TOKEN = "SWMTKN-1-abc123-def456";

let host: StubHost;

beforeEach(() => {
  host = new StubHost(["docker"]);
  host.write("node-addr", "10.0.1.2\n");
  host.write("join-token", `${TOKEN}\n`);
});

afterEach(() => {
  host.remove();
});

describe("swarm-token.sh", () => {
  test("prints the manager token and the node's address on an active manager", () => {
    host.write("swarm-state", "active\n");

    const result = host.run(SCRIPT);

    expect(result.stdout).toBe(`token ${TOKEN} 10.0.1.2\n`);
    expect(host.calls("docker swarm")).toEqual(["docker swarm join-token -q manager"]);
  });

  test("says no-swarm when docker is up and the node is in no swarm", () => {
    host.write("swarm-state", "inactive\n");

    expect(host.run(SCRIPT).stdout).toBe("no-swarm\n");
  });

  test("says not-ready when docker does not answer", () => {
    host.write("docker-down", "");

    const result = host.run(SCRIPT);

    expect(result.stdout).toBe("not-ready\n");
    expect(result.stderr).toBe("");
  });

  test("says not-ready while a join is pending", () => {
    host.write("swarm-state", "pending\n");

    expect(host.run(SCRIPT).stdout).toBe("not-ready\n");
  });

  test("says not-ready on a worker, which cannot hand out the manager token", () => {
    host.write("swarm-state", "active\n");
    host.write("control-available", "false\n");

    expect(host.run(SCRIPT).stdout).toBe("not-ready\n");
  });

  test("exits 0 with each answer so ssh reports the peer as reachable", () => {
    host.write("docker-down", "");

    expect(host.run(SCRIPT).status).toBe(0);
  });
});
