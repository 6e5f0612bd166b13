import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NodeBootConfig, SwarmBootConfig } from "../../constructs/node/user-data";
import { knownHostsLine } from "../../constructs/node/sshd";
import { makeKey, TestKey } from "./ssh-keys";

/** Real test keys for a node: its host key, the cluster token key and an operator key. */
export interface NodeBootKeys {
  readonly dir: string;
  readonly host: TestKey;
  readonly token: TestKey;
  readonly deploy: TestKey;
  readonly peerHost: TestKey;
}

export function makeNodeBootKeys(): NodeBootKeys {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-keys-"));
  return {
    dir,
    host: makeKey(dir, "host", ""),
    token: makeKey(dir, "token", ""),
    deploy: makeKey(dir, "deploy", "ops@example"),
    peerHost: makeKey(dir, "peer-host", ""),
  };
}

/** The seed's Swarm part: two peers, real keys, one label. */
export function testSwarmConfig(keys: NodeBootKeys): SwarmBootConfig {
  return {
    peers: ["10.0.1.3", "10.0.1.4"],
    seed: true,
    tokenKey: { privateKeyBase64: keys.token.privateKeyBase64, publicKey: keys.token.publicKey },
    peerKnownHosts: [knownHostsLine("10.0.1.3", keys.peerHost.publicKey, 2222), knownHostsLine("10.0.1.4", keys.peerHost.publicKey, 2222)],
    labels: { redis: "true" },
  };
}

/** A complete NodeBootConfig with real keys, as the server would read it (no Terraform escaping). */
export function nodeBootConfig(keys: NodeBootKeys, overrides: Partial<NodeBootConfig> = {}): NodeBootConfig {
  return {
    hostname: "casera-prod-1",
    sshPort: 2222,
    deployKeys: [keys.deploy.publicKey],
    hostKey: { privateKeyBase64: keys.host.privateKeyBase64, publicKey: keys.host.publicKey },
    privateSubnet: "10.0.1.0/24",
    swarm: testSwarmConfig(keys),
    terraformEscape: false,
    ...overrides,
  };
}
