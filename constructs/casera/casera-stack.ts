import { Aspects, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Password } from "@cdktf/provider-random/lib/password";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { HcloudProvider } from "../../providers/providers/hcloud/provider";
import { NeonProvider } from "../../providers/providers/neon/provider";
import { B2Bucket, B2BucketKey, validateBucketName } from "../b2/b2-bucket";
import { B2Provider } from "../b2/b2-resources";
import { CloudflareEdge, validateHostnames } from "../cloudflare/cloudflare-edge";
import { warn } from "../core/annotations";
import { InvalidPropError } from "../core/errors";
import {
  validateAdminCidrs,
  validateArray,
  validateBoolean,
  validateDomain,
  validateName,
  validateObject,
  validateOneOf,
  validateOnlyKeys,
  validateSshPublicKeys,
  validateString,
  validateZoneId,
} from "../core/validate";
import { HetznerLocation, LOAD_BALANCER_TYPES, LoadBalancerType, NodeImage } from "../hetzner/catalogue";
import { NeonDatabase, NeonPlan, validateNeonCompute } from "../neon/neon-database";
import { CaseraPolicyPack, PRODUCTION_ENVIRONMENT } from "../policy/pack";
import { SwarmCluster } from "../swarm/swarm-cluster";
import { addStateBackend, StateBackend } from "./backend";
import { CaseraSettings } from "./settings";

/** Swarm label that pins Redis (and its volume) to one node. */
export const REDIS_NODE_LABEL = "casera.redis";

export interface CaseraClusterOptions {
  /**
   * Number of managers: odd, from 3 to 9 (1 with `allowSingleManager`).
   * @default 3
   */
  readonly managers?: number;
  /**
   * Allow a single manager (no fault tolerance).
   * @default false
   */
  readonly allowSingleManager?: boolean;
  /**
   * Hetzner server type.
   * @default "cx33"
   */
  readonly serverType?: string;
  /**
   * Hetzner location.
   * @default "nbg1"
   */
  readonly location?: HetznerLocation;
  /**
   * Node image.
   * @default "ubuntu-24.04"
   */
  readonly image?: NodeImage;
  /**
   * SSH port.
   * @default 2222
   */
  readonly sshPort?: number;
  /**
   * Load balancer type, or none.
   * @default - no load balancer
   */
  readonly loadBalancer?: LoadBalancerType;
}

export interface CaseraDatabaseOptions {
  /** Neon plan of the account. */
  readonly plan: NeonPlan;
  /**
   * Smallest compute size in CU: a size Neon offers (0.25, 0.5, 1, 2, 3, ...), at most `maxCu`.
   * @default 0.25
   */
  readonly minCu?: number;
  /**
   * Largest compute size in CU: a size Neon offers, at most 2 on Free and 16 elsewhere while it autoscales (at most 8 above `minCu`); equal to `minCu`, a fixed size up to 56 on Scale and Business.
   * @default 2
   */
  readonly maxCu?: number;
}

export interface CaseraStackProps {
  /**
   * Environment name, e.g. `production`; names the stack's resources: a
   * lower-case letter, then at most 19 lower-case letters, digits and inner
   * hyphens. The policy pack's production-only rules apply when it is `"production"`.
   */
  readonly environment: string;
  /** The user's domain, zone, keys, admin networks and bucket prefix. */
  readonly settings: CaseraSettings;
  /**
   * Variables whose example values are in use; each raises a warning.
   * @default []
   */
  readonly examplesUsed?: string[];
  /**
   * The Swarm cluster.
   * @default - 3 x cx33 in nbg1, no load balancer
   */
  readonly cluster?: CaseraClusterOptions;
  /** Neon Postgres. */
  readonly database: CaseraDatabaseOptions;
  /**
   * DNS labels for the API and the admin panel under the domain.
   * @default { api: "api", admin: "admin" }
   */
  readonly hostnames?: { readonly api: string; readonly admin: string };
  /**
   * Suffix added to the bucket prefix, e.g. "-staging".
   * @default ""
   */
  readonly bucketSuffix?: string;
  /**
   * Delete and rebuild protection.
   * @default true
   */
  readonly protection?: boolean;
  /**
   * Where Terraform keeps this stack's state (which holds secrets).
   * @default { kind: "local" } - terraform.<stack id>.tfstate in the project folder
   */
  readonly stateBackend?: StateBackend;
}

/** The props' types, checked before any value is read: plain JavaScript and JSON configs get a message, not a TypeError. */
function validateShape(scope: Construct, props: CaseraStackProps): void {
  // A misspelt key (`cluster.manager`, `database.maxCU`) would otherwise leave its setting at the default without a word.
  validateObject(scope, "props", props, "{ environment, settings, database, ... } (see the props reference)");
  validateOnlyKeys(scope, "props", props, ["environment", "settings", "examplesUsed", "cluster", "database", "hostnames", "bucketSuffix", "protection", "stateBackend"], "a CaseraStack prop");
  validateObject(scope, "settings", props.settings, "domain, cloudflareZoneId, sshPublicKeys, adminCidrs and bucketPrefix (resolveSettings(process.env) reads them from CASERA_*)");
  validateOnlyKeys(scope, "settings", props.settings, ["domain", "cloudflareZoneId", "sshPublicKeys", "adminCidrs", "bucketPrefix"], "a setting");
  validateString(scope, "settings.bucketPrefix (CASERA_BUCKET_PREFIX)", props.settings.bucketPrefix, 'the start of the bucket names, e.g. "casera"');
  if (props.bucketSuffix !== undefined && typeof props.bucketSuffix !== "string") {
    throw new InvalidPropError(scope, "bucketSuffix", props.bucketSuffix, 'must be a string such as "-staging" (or left out)');
  }
  validateObject(scope, "database", props.database, 'the Neon plan and compute sizes, e.g. { plan: "launch", minCu: 0.25, maxCu: 4 }');
  validateOnlyKeys(scope, "database", props.database, ["plan", "minCu", "maxCu"], "a database option");
  if (props.cluster !== undefined) {
    validateObject(scope, "cluster", props.cluster, 'e.g. { managers: 3, serverType: "cx33" } (or left out for the defaults)');
    validateOnlyKeys(scope, "cluster", props.cluster, ["managers", "allowSingleManager", "serverType", "location", "image", "sshPort", "loadBalancer"], "a cluster option");
  }
  if (props.hostnames !== undefined) {
    validateObject(scope, "hostnames", props.hostnames, '{ api: "api", admin: "admin" } (or left out)');
    validateOnlyKeys(scope, "hostnames", props.hostnames, ["api", "admin"], "a host the stack routes");
  }
  validateBoolean(scope, "protection", props.protection);
  validateBoolean(scope, "cluster.allowSingleManager", props.cluster?.allowSingleManager);
  // A type name here (SwarmCluster takes { type }): say so in this prop's own terms.
  if (props.cluster?.loadBalancer !== undefined) validateOneOf(scope, "cluster.loadBalancer", props.cluster.loadBalancer, LOAD_BALANCER_TYPES);
  if (props.examplesUsed !== undefined) {
    validateArray(scope, "examplesUsed", props.examplesUsed, "the names of the variables whose example values are in use (resolveSettings gives it)");
    props.examplesUsed.forEach((name, i) => validateString(scope, `examplesUsed[${i}]`, name, "a variable name such as CASERA_DOMAIN"));
  }
}

/**
 * Casera's whole plan in one stack: the Swarm cluster on Hetzner, Cloudflare
 * in front, Neon Postgres, the B2 buckets with scoped keys, and the generated
 * application secret. State is local, at a path relative to the project.
 */
export class CaseraStack extends TerraformStack {
  public readonly cluster: SwarmCluster;
  public readonly edge: CloudflareEdge;
  /**
   * Fully qualified API and admin host names, e.g. `api.casera.app`: which
   * of the edge's records is which (`edge.fqdns` is keyed by label, and its
   * order is not the API's then the admin's).
   */
  public readonly hosts: { readonly api: string; readonly admin: string };
  public readonly database: NeonDatabase;
  public readonly uploads: B2Bucket;
  public readonly certs: B2Bucket;
  /** Read/write key on the uploads bucket, for the API. */
  public readonly uploadsKey: B2BucketKey;
  /** Read-only key on the certificates bucket, for the API and worker. */
  public readonly certsKey: B2BucketKey;
  /** The application's SECRET_KEY (sensitive). */
  public readonly secretKey: string;

  constructor(scope: Construct, id: string, props: CaseraStackProps) {
    super(scope, id);

    validateShape(this, props);
    validateName(this, "environment", props.environment, 20);
    const env = props.environment;
    const cluster = props.cluster ?? {};
    const location = cluster.location ?? "nbg1";
    const hostnames = props.hostnames ?? { api: "api", admin: "admin" };
    const protection = props.protection ?? true;
    const bucketPrefix = `${props.settings.bucketPrefix}${props.bucketSuffix ?? ""}`;

    // Check up front what the constructs below would refuse, so nothing is created first.
    validateZoneId(this, "settings.cloudflareZoneId (CASERA_CLOUDFLARE_ZONE_ID)", props.settings.cloudflareZoneId);
    validateDomain(this, "settings.domain (CASERA_DOMAIN)", props.settings.domain);
    validateAdminCidrs(this, "settings.adminCidrs (CASERA_ADMIN_CIDRS)", props.settings.adminCidrs);
    validateSshPublicKeys(this, "settings.sshPublicKeys (CASERA_SSH_PUBLIC_KEYS)", props.settings.sshPublicKeys);
    validateHostnames(this, "hostnames", [hostnames.api, hostnames.admin], ["hostnames.api", "hostnames.admin"]);
    for (const bucket of ["uploads", "certs"]) {
      validateBucketName(this, "settings.bucketPrefix (CASERA_BUCKET_PREFIX) + bucketSuffix", `${bucketPrefix}-${bucket}`);
    }
    validateNeonCompute(this, props.database.plan, props.database.minCu ?? 0.25, props.database.maxCu ?? 2, "database.");
    const claims: Claims = {
      environment: env,
      buckets: ["uploads", "certs"].map((b) => `${bucketPrefix}-${b}`),
      hosts: [hostnames.api, hostnames.admin].map((h) => `${h}.${props.settings.domain}`.toLowerCase()),
    };
    checkClaims(this, claims);
    CLAIMS.set(this, claims);

    // State is local at a relative path (the same synth output on every machine) unless a B2 bucket is chosen.
    addStateBackend(this, props.stateBackend);
    Aspects.of(this).add(new CaseraPolicyPack({ environment: env }));
    new HcloudProvider(this, "hcloud", {});
    new CloudflareProvider(this, "cloudflare", {});
    new NeonProvider(this, "neon", {});
    new B2Provider(this, "b2");
    new TlsProvider(this, "tls", {});
    new RandomProvider(this, "random", {});
    if (env !== PRODUCTION_ENVIRONMENT && /^(prod|prd|live)$|^prod(uction)?[-_]|[-_]prod(uction)?$/i.test(env)) {
      warn(
        this,
        "NotProduction",
        `environment "${env}" reads like production, but the policy pack's production-only rules (delete protection, an odd manager count of 3 or more) apply only to "${PRODUCTION_ENVIRONMENT}". Name it "${PRODUCTION_ENVIRONMENT}" if it is.`,
      );
    }
    for (const variable of props.examplesUsed ?? []) {
      warn(this, "ExampleValue", `${variable} is not set, empty or holds the README's example; an example value is in use. Set ${variable} before deploying.`);
    }

    this.cluster = new SwarmCluster(this, "Cluster", {
      name: `casera-${env}`,
      managers: cluster.managers ?? 3,
      allowSingleManager: cluster.allowSingleManager,
      serverType: cluster.serverType ?? "cx33",
      location,
      image: cluster.image,
      sshPort: cluster.sshPort,
      adminCidrs: props.settings.adminCidrs,
      deployKeys: props.settings.sshPublicKeys,
      loadBalancer: cluster.loadBalancer ? { type: cluster.loadBalancer } : undefined,
      nodeLabels: [{ [REDIS_NODE_LABEL]: "true" }],
      protection,
    });

    this.edge = new CloudflareEdge(this, "Edge", {
      zoneId: props.settings.cloudflareZoneId,
      domain: props.settings.domain,
      hostnames: [hostnames.api, hostnames.admin],
      targetsIpv4: this.cluster.ingressIpv4,
      targetsIpv6: this.cluster.ingressIpv6,
    });
    this.hosts = { api: this.edge.fqdns[hostnames.api], admin: this.edge.fqdns[hostnames.admin] };

    this.database = new NeonDatabase(this, "Database", {
      projectName: `casera-${env}`,
      plan: props.database.plan,
      location,
      minCu: props.database.minCu,
      maxCu: props.database.maxCu,
      allowedIps: this.cluster.nodes.map((n) => n.ipv4Address),
    });

    this.uploads = new B2Bucket(this, "Uploads", { bucketName: `${bucketPrefix}-uploads` });
    this.certs = new B2Bucket(this, "Certs", { bucketName: `${bucketPrefix}-certs` });
    this.uploadsKey = this.uploads.grantReadWrite(`casera-${env}-api-uploads`);
    this.certsKey = this.certs.grantRead(`casera-${env}-certs-read`);

    this.secretKey = new Password(this, "SecretKey", { length: 64, special: false }).result;

    const out = (name: string, value: unknown, description: string) =>
      new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
    out("api_hostname", this.hosts.api, "Public host name of the API");
    out("admin_hostname", this.hosts.admin, "Public host name of the admin panel");
    out("database_pooled_host", this.database.pooledHost, "Neon pooled host (PgBouncer, transaction mode): the API's DB_HOST");
    out("database_direct_host", this.database.directHost, "Neon direct host: run migrations here");
    out("uploads_bucket", this.uploads.bucketName, "B2 bucket for user uploads");
    out("certs_bucket", this.certs.bucketName, "B2 bucket for APNs certificates");
  }
}

/** What a stack names in shared namespaces: its environment, its B2 buckets, its public host names. */
type Claims = { environment: string; buckets: string[]; hosts: string[] };
const CLAIMS = new WeakMap<CaseraStack, Claims>();

/**
 * Two Casera stacks of one app must not name the same environment (it names
 * the Hetzner resources, casera-<environment>-*), the same B2 buckets (bucket
 * names are global across B2) or the same host names (Cloudflare would keep
 * both stacks' records and split the traffic between them).
 */
function checkClaims(stack: CaseraStack, mine: Claims): void {
  for (const other of stack.node.root.node.findAll()) {
    if (!(other instanceof CaseraStack) || other === stack) continue;
    const theirs = CLAIMS.get(other);
    if (theirs === undefined) continue;
    const where = `stack ${JSON.stringify(other.node.id)}`;
    if (theirs.environment === mine.environment) {
      throw new InvalidPropError(stack, "environment", mine.environment, `must differ from ${where}'s: it names the Hetzner resources (casera-${mine.environment}-*) and the secrets; give each stack its own`);
    }
    const bucket = mine.buckets.find((b) => theirs.buckets.includes(b));
    if (bucket) {
      throw new InvalidPropError(stack, "settings.bucketPrefix (CASERA_BUCKET_PREFIX) + bucketSuffix", bucket, `must not repeat ${where}'s bucket: B2 bucket names are unique across all of B2; give this stack its own bucketSuffix (main.ts uses "-staging")`);
    }
    const host = mine.hosts.find((h) => theirs.hosts.includes(h));
    if (host) {
      throw new InvalidPropError(stack, "hostnames", host, `must not repeat ${where}'s host name: Cloudflare would keep both stacks' records and send each request to either; give this stack its own hostnames (main.ts uses "staging-api" and "staging-admin")`);
    }
  }
}
