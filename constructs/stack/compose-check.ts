import { Construct } from "constructs";
import { InvalidPropError } from "../core/errors";
import { STACK_CONFIGS, STACK_SECRETS, variablesByKey } from "./secrets";
import { ComposeExternal, ComposeService, STACK_FILE, StackFile } from "./stack-file";

/**
 * Checks that hold the stack file against the infrastructure, run at synth.
 * Each rule is named for the compliant state and returns its violations; an
 * empty list means the file complies.
 */

/** What the infrastructure provides and allows. */
export interface StackExpectations {
  /** Secrets the swarm stack creates: stack file key -> variable holding the hashed name. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Configs the swarm stack creates, likewise. */
  readonly configs: Readonly<Record<string, string>>;
  /** Swarm labels of each node, as the cluster applies them at boot. */
  readonly nodeLabels: ReadonlyArray<Readonly<Record<string, string>>>;
  /** Allowed replica counts per service. */
  readonly replicas: Readonly<Record<string, { readonly min: number; readonly max: number }>>;
  /** Services allowed to publish ports or use the host's network. */
  readonly publicServices: readonly string[];
  /** MTU of the link under the overlay (Hetzner's private network). */
  readonly linkMtu: number;
}

/** The ranges the Casera plan allows. */
export const CASERA_REPLICAS: StackExpectations["replicas"] = {
  api: { min: 3, max: 6 },
  worker: { min: 2, max: 3 },
  admin: { min: 1, max: 1 },
  redis: { min: 1, max: 1 },
  dozzle: { min: 1, max: 1 },
};

export interface RuleViolation {
  /** Service (or `networks.<name>`, `secrets.<name>`) the violation is about. */
  readonly subject: string;
  /** The value that breaks the rule. */
  readonly value: unknown;
  /** What the rule requires. */
  readonly requirement: string;
}

export type ComposeRule = (file: StackFile, expect: StackExpectations) => RuleViolation[];

const services = (file: StackFile): Array<[string, ComposeService]> => Object.entries(file.services ?? {});

/** `${NAME}`, `${NAME:-default}` or `${NAME-default}` naming variable NAME. */
function variableOf(text: unknown): string | undefined {
  return typeof text === "string" ? /^\$\{([A-Z][A-Z0-9_]*)(?::?-[^}]*)?\}$/.exec(text)?.[1] : undefined;
}

function externalsCreated(kind: "secrets" | "configs", declared: Record<string, ComposeExternal> | undefined, created: Readonly<Record<string, string>>): RuleViolation[] {
  return Object.entries(declared ?? {}).flatMap(([key, spec]): RuleViolation[] => {
    const subject = `${kind}.${key}`;
    const variable = created[key];
    if (variable === undefined) {
      return [{ subject, value: key, requirement: `must be one the swarm stack creates (${Object.keys(created).join(", ")})` }];
    }
    if (spec?.external !== true || variableOf(spec.name) !== variable) {
      return [{ subject, value: spec, requirement: `must be external with name: \${${variable}}, the hashed name the swarm stack sets` }];
    }
    return [];
  });
}

/** Every secret and config is external and one the swarm stack creates, named by its variable; services use only declared ones. */
export const secretsCreatedByStack: ComposeRule = (file, expect) => {
  const found = [...externalsCreated("secrets", file.secrets, expect.secrets), ...externalsCreated("configs", file.configs, expect.configs)];
  for (const [name, service] of services(file)) {
    for (const kind of ["secrets", "configs"] as const) {
      for (const ref of service[kind] ?? []) {
        const source = typeof ref === "string" ? ref : ref.source;
        if (!(source in (file[kind] ?? {}))) {
          found.push({ subject: name, value: source, requirement: `must use only ${kind} declared at the top level` });
        }
      }
    }
  }
  return found;
};

/** Every `node.labels.*` placement constraint names a label some node carries (with that value, for `==`). */
export const placementLabelsExist: ComposeRule = (file, expect) =>
  services(file).flatMap(([name, service]) =>
    (service.deploy?.placement?.constraints ?? []).flatMap((constraint) => {
      const match = /^\s*node\.labels\.([^\s=!]+)\s*(==|!=)\s*(\S+)\s*$/.exec(constraint);
      if (!match) return [];
      const [, label, op, value] = match;
      const holders = expect.nodeLabels.filter((labels) => label in labels);
      const satisfied = op === "==" ? holders.some((labels) => labels[label] === value) : holders.length > 0;
      return satisfied ? [] : [{ subject: name, value: constraint, requirement: `must name a label that a node carries (nodes have: ${describeLabels(expect.nodeLabels)})` }];
    }),
  );

function describeLabels(nodeLabels: StackExpectations["nodeLabels"]): string {
  const pairs = nodeLabels.flatMap((labels, i) => Object.entries(labels).map(([k, v]) => `node ${i + 1} ${k}=${v}`));
  return pairs.length > 0 ? pairs.join(", ") : "no labels";
}

/** Replica counts lie within the plan's ranges, and every ranged service exists. */
export const replicasInRange: ComposeRule = (file, expect) =>
  Object.entries(expect.replicas).flatMap(([name, range]): RuleViolation[] => {
    const service = file.services?.[name];
    const requirement = `must run ${range.min === range.max ? range.min : `${range.min}-${range.max}`} replicas`;
    if (!service) return [{ subject: name, value: undefined, requirement: `must exist and ${requirement}` }];
    if ((service.deploy?.mode ?? "replicated") !== "replicated") return [{ subject: name, value: service.deploy?.mode, requirement: `must be mode replicated and ${requirement}` }];
    const raw = service.deploy?.replicas ?? 1;
    const count = typeof raw === "number" ? raw : Number(/^\$\{[A-Z0-9_]+:?-(\d+)\}$/.exec(String(raw))?.[1] ?? NaN);
    return Number.isInteger(count) && count >= range.min && count <= range.max ? [] : [{ subject: name, value: raw, requirement }];
  });

const isOverlay = (network: { driver?: string; external?: boolean } | null) => !network?.external && (network?.driver ?? "overlay") === "overlay";

/** Every overlay network the file creates is encrypted (IPsec between nodes). */
export const overlayNetworksEncrypted: ComposeRule = (file) =>
  Object.entries(file.networks ?? {}).flatMap(([name, network]) => {
    if (!isOverlay(network)) return [];
    const encrypted = network?.driver_opts?.encrypted;
    return encrypted === undefined || encrypted === false || encrypted === "false"
      ? [{ subject: `networks.${name}`, value: network?.driver_opts ?? {}, requirement: 'must set driver_opts encrypted: "true"' }]
      : [];
  });

/** Every overlay network states the link MTU, at most the private network's; Docker subtracts VXLAN and ESP itself. */
export const overlayMtuFitsLink: ComposeRule = (file, expect) =>
  Object.entries(file.networks ?? {}).flatMap(([name, network]) => {
    if (!isOverlay(network)) return [];
    const mtu = Number(network?.driver_opts?.["com.docker.network.driver.mtu"]);
    return Number.isInteger(mtu) && mtu >= 1280 && mtu <= expect.linkMtu
      ? []
      : [{ subject: `networks.${name}`, value: network?.driver_opts?.["com.docker.network.driver.mtu"], requirement: `must set com.docker.network.driver.mtu from 1280 to ${expect.linkMtu} (the private network's MTU; Docker takes the VXLAN and ESP overhead off it)` }];
  });

/** Internal services publish no port and use the host's network only to listen on its loopback. */
export const internalServicesPublishNothing: ComposeRule = (file, expect) => {
  const hostNetworks = Object.entries(file.networks ?? {})
    .filter(([key, n]) => (n?.external && (n.name ?? key) === "host") || key === "host")
    .map(([key]) => key);
  return services(file)
    .filter(([name]) => !expect.publicServices.includes(name))
    .flatMap(([name, service]) => {
      const found: RuleViolation[] = [];
      if ((service.ports ?? []).length > 0) found.push({ subject: name, value: service.ports, requirement: `must publish no ports (only ${expect.publicServices.join(", ")} may)` });
      const networks = Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {});
      const onHost = service.network_mode === "host" || networks.some((n) => hostNetworks.includes(n));
      if (onHost && service["x-casera-loopback-only"] !== true) {
        found.push({ subject: name, value: networks, requirement: "must not join the host network unless it listens on loopback only (x-casera-loopback-only: true)" });
      }
      return found;
    });
};

/** No database service: Postgres is Neon, reached through its pooled host. */
export const noDatabaseService: ComposeRule = (file) =>
  services(file).flatMap(([name, service]) => {
    const dbName = /^(db|database|postgres|postgresql|pg)$/i.test(name);
    const dbImage = /postgres|postgis|timescale/i.test(service.image ?? "");
    return dbName || dbImage ? [{ subject: name, value: service.image ?? name, requirement: "must not be a database: Postgres runs on Neon (DB_HOST is its pooled host)" }] : [];
  });

/** Every rule, by name. */
export const COMPOSE_RULES: Readonly<Record<string, ComposeRule>> = {
  secretsCreatedByStack,
  placementLabelsExist,
  replicasInRange,
  overlayNetworksEncrypted,
  overlayMtuFitsLink,
  internalServicesPublishNothing,
  noDatabaseService,
};

/** Runs every rule; returns the violations tagged with their rule. */
export function findViolations(file: StackFile, expect: StackExpectations): Array<RuleViolation & { rule: string }> {
  return Object.entries(COMPOSE_RULES).flatMap(([rule, check]) => check(file, expect).map((v) => ({ ...v, rule })));
}

/** Throws InvalidPropError for the first violation, naming file, service and rule. */
export function checkStackFile(scope: Construct, file: StackFile, expect: StackExpectations, fileName = STACK_FILE): void {
  const [first, ...rest] = findViolations(file, expect);
  if (!first) return;
  const more = rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((v) => `${v.subject} ${v.rule}`).join(", ")})` : "";
  throw new InvalidPropError(scope, `${fileName} ${first.subject}`, first.value, `breaks rule ${first.rule}: ${first.requirement}${more}`);
}

/** Hetzner's private network MTU, the link under every overlay. */
export const HETZNER_PRIVATE_MTU = 1450;

/** What Casera's stack file is held to, given the cluster's node labels. */
export function caseraExpectations(nodeLabels: StackExpectations["nodeLabels"]): StackExpectations {
  return {
    secrets: variablesByKey(STACK_SECRETS),
    configs: variablesByKey(STACK_CONFIGS),
    nodeLabels,
    replicas: CASERA_REPLICAS,
    publicServices: ["edge"],
    linkMtu: HETZNER_PRIVATE_MTU,
  };
}
