import { Construct } from "constructs";
import { Database } from "../../providers/providers/neon/database";
import { Project } from "../../providers/providers/neon/project";
import { Role } from "../../providers/providers/neon/role";
import { warn } from "../core/annotations";
import { InvalidPropError } from "../core/errors";
import { validateName, validateOneOf } from "../core/validate";
import { HetznerLocation } from "../hetzner/catalogue";

/** Neon plans. IP Allow is offered on Scale and Business only. */
export type NeonPlan = "free" | "launch" | "scale" | "business";
export const NEON_PLANS: readonly NeonPlan[] = ["free", "launch", "scale", "business"];
const IP_ALLOW_PLANS: readonly NeonPlan[] = ["scale", "business"];
/** Largest autoscaling limit per plan, in compute units. */
const MAX_CU: Readonly<Record<NeonPlan, number>> = { free: 2, launch: 16, scale: 56, business: 56 };
/** Compute sizes Neon accepts for autoscaling limits. */
const CU_STEPS = [0.25, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42, 44, 46, 48, 50, 52, 54, 56];

/** Neon regions this project maps to. */
export const NEON_REGIONS = [
  "aws-eu-central-1",
  "aws-eu-west-2",
  "aws-us-east-1",
  "aws-us-east-2",
  "aws-us-west-2",
  "aws-ap-southeast-1",
  "aws-ap-southeast-2",
  "aws-sa-east-1",
  "azure-eastus2",
  "azure-westus3",
  "azure-gwc",
] as const;
export type NeonRegion = (typeof NEON_REGIONS)[number];

/** The Neon region nearest each Hetzner location. */
export const NEON_REGION_FOR_LOCATION: Readonly<Record<HetznerLocation, NeonRegion>> = {
  nbg1: "aws-eu-central-1",
  fsn1: "aws-eu-central-1",
  hel1: "aws-eu-central-1",
  ash: "aws-us-east-1",
  hil: "aws-us-west-2",
};

export interface NeonDatabaseProps {
  /** Neon project name. */
  readonly projectName: string;
  /** Neon plan of the account; decides whether the IP allow list can be used. */
  readonly plan: NeonPlan;
  /**
   * Neon region.
   * @default - derived from `location`
   */
  readonly region?: NeonRegion;
  /**
   * Hetzner location of the cluster, used to pick the nearest region.
   * @default "nbg1"
   */
  readonly location?: HetznerLocation;
  /**
   * Postgres major version.
   * @default 17
   */
  readonly postgresVersion?: 15 | 16 | 17;
  /**
   * Smallest compute size, in compute units: a size Neon offers (0.25, 0.5, 1, 2, 3, ...), at most `maxCu`.
   * @default 0.25
   */
  readonly minCu?: number;
  /**
   * Largest compute size, in compute units: a size Neon offers, at most 2 on Free, 16 on Launch, 56 on Scale and Business.
   * @default 2
   */
  readonly maxCu?: number;
  /**
   * Addresses allowed to connect (the nodes' public IPs). Emitted only on
   * plans that offer IP Allow; elsewhere a warning says the database is open
   * to anyone holding the credentials.
   * @default []
   */
  readonly allowedIps?: string[];
  /**
   * Role the application connects as.
   * @default "casera"
   */
  readonly roleName?: string;
  /**
   * Database name.
   * @default "casera"
   */
  readonly databaseName?: string;
}

/**
 * Neon Postgres for the API: a project whose default branch `main` and
 * read-write endpoint autoscale within limits, the application role and
 * database, and the pooled (PgBouncer, transaction mode) and direct hosts.
 */
export class NeonDatabase extends Construct {
  public readonly project: Project;
  public readonly role: Role;
  public readonly database: Database;
  /** Pooled host (`ep-...-pooler...`): what the API uses. */
  public readonly pooledHost: string;
  /** Direct host: for migrations and session-level features the pooler breaks. */
  public readonly directHost: string;
  /** The role's password (sensitive). */
  public readonly password: string;
  public readonly roleName: string;
  public readonly databaseName: string;
  /** Whether the IP allow list is enforced. */
  public readonly ipAllowEnforced: boolean;
  /** The environment the API expects, without the password (that is a Docker secret). */
  public readonly env: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: NeonDatabaseProps) {
    super(scope, id);

    // Validate.
    validateName(this, "projectName", props.projectName, 64);
    validateOneOf(this, "plan", props.plan, NEON_PLANS);
    const region = props.region ?? NEON_REGION_FOR_LOCATION[props.location ?? "nbg1"];
    if (region === undefined) {
      throw new InvalidPropError(this, "location", props.location, `must be a Hetzner location (${Object.keys(NEON_REGION_FOR_LOCATION).join(", ")}), or set region`);
    }
    validateOneOf(this, "region", region, NEON_REGIONS);
    const minCu = props.minCu ?? 0.25;
    const maxCu = props.maxCu ?? 2;
    validateNeonCompute(this, props.plan, minCu, maxCu);
    const postgresVersion = props.postgresVersion ?? 17;
    if (![15, 16, 17].includes(postgresVersion)) {
      throw new InvalidPropError(this, "postgresVersion", postgresVersion, "must be 15, 16 or 17");
    }
    const roleName = props.roleName ?? "casera";
    const databaseName = props.databaseName ?? "casera";
    validateName(this, "roleName", roleName, 63);
    validateName(this, "databaseName", databaseName, 63);
    const allowedIps = props.allowedIps ?? [];
    this.ipAllowEnforced = IP_ALLOW_PLANS.includes(props.plan) && allowedIps.length > 0;

    // Create the project, its role and database.
    this.project = new Project(this, "Project", {
      name: props.projectName,
      regionId: region,
      pgVersion: postgresVersion,
      branch: { name: "main" },
      defaultEndpointSettings: { autoscalingLimitMinCu: minCu, autoscalingLimitMaxCu: maxCu },
      allowedIps: this.ipAllowEnforced ? allowedIps : undefined,
    });
    this.role = new Role(this, "Role", { projectId: this.project.id, branchId: this.project.defaultBranchId, name: roleName });
    this.database = new Database(this, "Database", {
      projectId: this.project.id,
      branchId: this.project.defaultBranchId,
      name: databaseName,
      ownerName: this.role.name,
    });
    if (!this.ipAllowEnforced) {
      warn(
        this,
        "NeonNoIpAllow",
        IP_ALLOW_PLANS.includes(props.plan)
          ? "No allowedIps were given, so the database accepts connections from anywhere with valid credentials."
          : `The ${props.plan} plan has no IP Allow (Scale and Business only): the database is reachable from anywhere with valid credentials. Keep the password a Docker secret and rotate it if it leaks.`,
      );
    }

    // Expose hosts and the API's environment.
    this.directHost = this.project.databaseHost;
    this.pooledHost = this.project.databaseHostPooler;
    this.password = this.role.password;
    this.roleName = roleName;
    this.databaseName = databaseName;
    this.env = {
      DB_HOST: this.pooledHost,
      DB_PORT: "5432",
      DB_SSLMODE: "require",
      POSTGRES_USER: roleName,
      POSTGRES_DB: databaseName,
    };
  }
}

/** Autoscaling limits: sizes Neon offers, within the plan's largest, min not above max. */
export function validateNeonCompute(scope: Construct, plan: NeonPlan, minCu: number, maxCu: number, prefix = ""): void {
  validateOneOf(scope, `${prefix}plan`, plan, NEON_PLANS);
  for (const [prop, cu] of [["minCu", minCu], ["maxCu", maxCu]] as const) {
    if (!CU_STEPS.includes(cu) || cu > MAX_CU[plan]) {
      throw new InvalidPropError(scope, `${prefix}${prop}`, cu, `must be a Neon compute size from 0.25 to ${MAX_CU[plan]} on the ${plan} plan (0.25, 0.5, 1, 2, 3, ...)`);
    }
  }
  if (minCu > maxCu) throw new InvalidPropError(scope, `${prefix}minCu`, minCu, `must not exceed maxCu (${maxCu})`);
}
