import { Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { Database } from "../../providers/providers/neon/database";
import { Project } from "../../providers/providers/neon/project";
import { Role } from "../../providers/providers/neon/role";
import { warn } from "../core/annotations";
import { InvalidPropError } from "../core/errors";
import { Cidr, cidrContains, parseCidr, validateArray, validateName, validateOneOf, validateObject, validateOnlyKeys, nonPublicBlocks } from "../core/validate";
import { addressValue, AddressSpan, blockSpan, FAMILIES, familiesCovered, isWholeFamily } from "../core/address-spans";
import { HetznerLocation } from "../hetzner/catalogue";

/** Neon plans. IP Allow is offered on Scale and Business only. */
export type NeonPlan = "free" | "launch" | "scale" | "business";
export const NEON_PLANS: readonly NeonPlan[] = ["free", "launch", "scale", "business"];
const IP_ALLOW_PLANS: readonly NeonPlan[] = ["scale", "business"];

/*
 * Compute limits, from Neon's documentation:
 *
 * - Compute sizes (the steps below), fixed sizes from 0.25 to 56 CU, autoscaling
 *   from 0.25 to 16 CU, and an autoscaling range (maxCu - minCu) of at most 8 CU:
 *   https://neon.com/docs/manage/computes#compute-size-and-autoscaling-configuration
 * - Per plan: Free up to 2 CU; Launch up to 16 CU; Scale up to 16 CU autoscaling
 *   or fixed sizes up to 56 CU ("Autoscaling is capped at 16 CU. Scale supports
 *   fixed computes above 16 CU."): https://neon.com/docs/introduction/plans#autoscaling
 * - Business is a legacy plan (no longer sold): autoscaling up to 16 CU, fixed
 *   sizes up to 56 CU: https://neon.com/docs/introduction/legacy-plans
 *
 * "launch" and "scale" are the current (usage-based, August 2025) plans. The
 * legacy Launch and Scale plans of the same names stopped at 4 and 8 CU; on
 * such an account Neon itself refuses a larger size at apply time.
 *
 * A compute whose minCu equals its maxCu is a fixed size; otherwise it autoscales.
 */
/** Largest fixed compute size per plan, in compute units. */
const MAX_FIXED_CU: Readonly<Record<NeonPlan, number>> = { free: 2, launch: 16, scale: 56, business: 56 };
/** Largest autoscaling maximum per plan, in compute units. */
const MAX_AUTOSCALING_CU: Readonly<Record<NeonPlan, number>> = { free: 2, launch: 16, scale: 16, business: 16 };
/** Largest autoscaling range (maxCu - minCu), in compute units, on every plan. */
const MAX_AUTOSCALING_RANGE_CU = 8;
/** Compute sizes Neon offers: 0.25, 0.5, every whole number to 16, then every even number to 56. */
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
   * Smallest compute size, in compute units: a size Neon offers (0.25, 0.5,
   * 1, 2, 3, ... 16, then 18, 20, ... 56), at most `maxCu`. Equal to `maxCu`
   * for a fixed size.
   * @default 0.25
   */
  readonly minCu?: number;
  /**
   * Largest compute size, in compute units: a size Neon offers, at most 2 on
   * Free and 16 on Launch. Neon autoscales up to 16 CU, at most 8 CU above
   * `minCu`; Scale and Business also offer fixed sizes up to 56 (`minCu`
   * equal to `maxCu`).
   * @default 2
   */
  readonly maxCu?: number;
  /**
   * Addresses allowed to connect (the nodes' public IPs): public IPv4 or IPv6
   * addresses (`198.51.100.7`), CIDR blocks (`203.0.113.0/24`,
   * `2001:db8::/48`) or ranges (`198.51.100.20-198.51.100.50`), none
   * repeated, each at most a /8 (IPv4) or /16 (IPv6) worth of addresses,
   * and not the whole internet (leave the prop out instead).
   * Emitted only on plans that offer IP Allow; elsewhere a warning says the
   * database is open to anyone holding the credentials.
   * @default []
   */
  readonly allowedIps?: string[];
  /**
   * Role the application connects as: a letter, then at most 62 lower-case
   * letters, digits and inner hyphens. Not a name Postgres reserves
   * (`public`, `none`, `pg_...`) or one Neon keeps for itself or creates with
   * the project (`neon_superuser`, `cloud_admin`, `neon_service`,
   * `neondb_owner`).
   * @default "casera"
   */
  readonly roleName?: string;
  /**
   * Database name, written like `roleName`. Not `neondb`, which the
   * project's default branch already has, nor `postgres`, `template0` or
   * `template1`.
   * @default "casera"
   */
  readonly databaseName?: string;
}

/** The database Neon creates on a new project's default branch when none is named (the provider's neon_project names none here). */
const NEON_DEFAULT_DATABASE = "neondb";

/**
 * Role names the application role cannot take, and why. Postgres refuses
 * `public` and `none` in CREATE ROLE, and every name starting with `pg_`
 * (https://www.postgresql.org/docs/current/sql-createrole.html,
 * https://www.postgresql.org/docs/current/predefined-roles.html). Neon keeps
 * `neon_superuser` (every role it creates is a member), `cloud_admin` and
 * `neon_service` (its own internal roles), and creates `neondb_owner`, the
 * owner of `neondb`, with every project
 * (https://neon.com/docs/manage/roles): Neon refuses to create any of them
 * again, at apply.
 */
const RESERVED_ROLE_NAMES: Readonly<Record<string, string>> = {
  public: "Postgres reserves it for the pseudo-role every role belongs to",
  none: "Postgres reserves it",
  neon_superuser: "Neon's administrator role already has it (every role Neon creates is a member)",
  cloud_admin: "Neon's own superuser already has it",
  neon_service: "Neon's own service role already has it",
  neondb_owner: `the project's default role already has it (Neon creates it with the project, as the owner of ${NEON_DEFAULT_DATABASE})`,
};

/**
 * Why `roleName` cannot be `name` (compared in lower case, as Postgres folds
 * unquoted names), or undefined when it can.
 */
function reservedRoleReason(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (Object.hasOwn(RESERVED_ROLE_NAMES, lower)) return `must not be "${lower}": ${RESERVED_ROLE_NAMES[lower]}`;
  if (lower.startsWith("pg_")) return 'must not start with "pg_": Postgres reserves such names for its predefined roles';
  return undefined;
}

/** Every prop NeonDatabaseProps has: a misspelt one (`maxCU: 8`) would otherwise be ignored. */
const NEON_DATABASE_KEYS: readonly (keyof NeonDatabaseProps)[] = [
  "projectName",
  "plan",
  "region",
  "location",
  "postgresVersion",
  "minCu",
  "maxCu",
  "allowedIps",
  "roleName",
  "databaseName",
];

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
    validateObject(this, "props", props, "{ projectName, plan, ... } (see the props reference)");
    validateOnlyKeys(this, "props", props, NEON_DATABASE_KEYS, "a NeonDatabase prop");

    // Validate.
    validateName(this, "projectName", props.projectName, 64);
    validateOneOf(this, "plan", props.plan, NEON_PLANS);
    const location = props.location ?? "nbg1";
    const region = props.region ?? (typeof location === "string" && Object.hasOwn(NEON_REGION_FOR_LOCATION, location) ? NEON_REGION_FOR_LOCATION[location] : undefined);
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
    // Before the syntax check, which would refuse "pg_..." and "neon_superuser" for their underscore without saying the name itself is taken.
    const roleReason = typeof roleName === "string" ? reservedRoleReason(roleName) : undefined;
    if (roleReason) throw new InvalidPropError(this, "roleName", roleName, `${roleReason}; use a name of the application's own, such as the default "casera"`);
    validateName(this, "roleName", roleName, 63);
    validateName(this, "databaseName", databaseName, 63);
    // https://neon.com/faqs/create-new-database-neon-project: "Reserved names (postgres, template0, template1) aren't permitted".
    if (["postgres", "template0", "template1"].includes(databaseName)) {
      throw new InvalidPropError(this, "databaseName", databaseName, "must not be postgres, template0 or template1: Neon reserves those names; the default is casera");
    }
    // https://neon.com/docs/manage/databases: with no name given, "your project's default branch is created with a database called neondb".
    if (databaseName === NEON_DEFAULT_DATABASE) {
      throw new InvalidPropError(
        this,
        "databaseName",
        databaseName,
        `must not be "${NEON_DEFAULT_DATABASE}": the project's default branch already has a database of that name (Neon creates it with the project), and creating it again fails at apply; use a name of the application's own, such as the default "casera"`,
      );
    }
    const allowedIps = props.allowedIps ?? [];
    validateNeonAllowedIps(this, "allowedIps", allowedIps);
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

/** Compute sizes of Neon's, in words, up to `max`. */
function cuSizes(max: number): string {
  return max <= 2 ? "0.25, 0.5, 1, 2" : max <= 16 ? `0.25, 0.5, 1, 2, 3, ... ${max}` : `0.25, 0.5, 1, 2, 3, ... 16, then 18, 20, ... ${max}`;
}

/**
 * Compute limits (see the sources above MAX_FIXED_CU): sizes Neon offers,
 * within the plan's largest, min not above max; when min is below max the
 * compute autoscales, so max is at most 16 and at most 8 above min.
 */
export function validateNeonCompute(scope: Construct, plan: NeonPlan, minCu: number, maxCu: number, prefix = ""): void {
  validateOneOf(scope, `${prefix}plan`, plan, NEON_PLANS);
  for (const [prop, cu] of [["minCu", minCu], ["maxCu", maxCu]] as const) {
    if (!CU_STEPS.includes(cu) || cu > MAX_FIXED_CU[plan]) {
      throw new InvalidPropError(scope, `${prefix}${prop}`, cu, `must be a Neon compute size from 0.25 to ${MAX_FIXED_CU[plan]} on the ${plan} plan (${cuSizes(MAX_FIXED_CU[plan])})`);
    }
  }
  if (minCu > maxCu) throw new InvalidPropError(scope, `${prefix}minCu`, minCu, `must not exceed maxCu (${maxCu})`);
  if (minCu === maxCu) return; // a fixed size
  const maxAutoscaling = MAX_AUTOSCALING_CU[plan];
  if (maxCu > maxAutoscaling) {
    throw new InvalidPropError(
      scope,
      `${prefix}maxCu`,
      maxCu,
      `must be at most ${maxAutoscaling} when the compute autoscales (${prefix}minCu ${minCu} is below it): Neon autoscales up to ${maxAutoscaling} CU and offers ${maxCu} CU as a fixed size only; set ${prefix}minCu to ${maxCu} for a fixed size, or lower ${prefix}maxCu to ${maxAutoscaling}`,
    );
  }
  if (maxCu - minCu > MAX_AUTOSCALING_RANGE_CU) {
    const lowerMax = Math.max(...CU_STEPS.filter((cu) => cu <= minCu + MAX_AUTOSCALING_RANGE_CU));
    const raiseMin = Math.min(...CU_STEPS.filter((cu) => cu >= maxCu - MAX_AUTOSCALING_RANGE_CU));
    throw new InvalidPropError(
      scope,
      `${prefix}maxCu`,
      maxCu,
      `must be at most ${MAX_AUTOSCALING_RANGE_CU} CU above ${prefix}minCu (${minCu}): Neon's autoscaling range is at most ${MAX_AUTOSCALING_RANGE_CU} CU; lower ${prefix}maxCu to ${lowerMax} or raise ${prefix}minCu to ${raiseMin}`,
    );
  }
}

/** What an allowedIps entry may be, in words. */
const ALLOWED_IP_FORMS =
  'must be a public IP address ("198.51.100.7", "2001:db8::7"), CIDR block ("203.0.113.0/24", "2001:db8::/48") or range ("198.51.100.20-198.51.100.50"), the forms Neon\'s IP Allow accepts (IPv4 as four decimal numbers 0-255 without leading zeros)';

/** Why a list that lets in every address is refused, and what to do instead. */
const wholeInternet = (prop: string): string =>
  `an allow list that admits everyone is no allow list. Leave ${prop} out instead (synth then warns that the database accepts connections from anywhere with valid credentials), or list the addresses that connect`;

/** A single address written plainly: IPv4 as four decimal numbers, IPv6 without a zone. */
function parsePlainAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(":") && !text.includes("%") && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return undefined;
}

/**
 * The IP allow list of a Neon project. Neon accepts single IPv4 and IPv6
 * addresses, CIDR blocks and ranges written `first-last`
 * (https://neon.com/docs/manage/projects#how-to-specify-ip-addresses; the
 * provider's `neon_project.allowed_ips` passes the strings through:
 * https://registry.terraform.io/providers/kislerdm/neon/0.13.0/docs/resources/project#allowed_ips).
 * Each entry must be one of those, public, and not a repeat of another; the
 * list must not admit every address of a family, alone (`0.0.0.0/0`) or
 * together (`0.0.0.0/1` with `128.0.0.0/1`). Unresolved tokens, the list or
 * an entry, pass as they are.
 */
export function validateNeonAllowedIps(scope: Construct, prop: string, values: unknown): void {
  if (Token.isUnresolved(values)) return;
  validateArray(scope, prop, values, 'the addresses allowed to connect, e.g. ["198.51.100.7", "203.0.113.0/24"]');
  // The ranges validateAdminCidrs refuses too: nothing reaches Neon from them over the internet.
  const nonPublic = nonPublicBlocks(scope);
  const spans: AddressSpan[] = [];
  (values as unknown[]).forEach((value, i) => {
    const entry = `${prop}[${i}]`;
    if (Token.isUnresolved(value)) return;
    if (typeof value !== "string") throw new InvalidPropError(scope, entry, value, ALLOWED_IP_FORMS);
    let span: AddressSpan;
    let inside: (range: Cidr) => boolean;
    if (value.includes("/")) {
      const cidr = parseCidr(scope, entry, value);
      span = blockSpan(cidr.address, cidr.prefix, i);
      inside = (range) => cidrContains(range, cidr);
    } else {
      const parts = value.split("-");
      const addresses = parts.map(parsePlainAddress);
      if (parts.length > 2 || addresses.some((a) => a === undefined)) throw new InvalidPropError(scope, entry, value, ALLOWED_IP_FORMS);
      const [start, end = start] = addresses as (ipaddr.IPv4 | ipaddr.IPv6)[];
      if (start.kind() !== end.kind()) {
        throw new InvalidPropError(scope, entry, value, "must be a range within one address family: both ends IPv4 or both IPv6");
      }
      span = { family: start.kind(), first: addressValue(start), last: addressValue(end), index: i };
      if (span.first > span.last) {
        throw new InvalidPropError(scope, entry, value, `must be a range from the lower address to the higher (did you mean "${end.toString()}-${start.toString()}"?)`);
      }
      inside = (range) => start.kind() === range.address.kind() && (start as ipaddr.IPv4).match(range.address as ipaddr.IPv4, range.prefix) && (end as ipaddr.IPv4).match(range.address as ipaddr.IPv4, range.prefix);
    }
    if (isWholeFamily(span)) {
      throw new InvalidPropError(scope, entry, value, `must not admit every ${FAMILIES[span.family].name} address: ${wholeInternet(prop)}`);
    }
    const range = nonPublic.find(inside);
    if (range) {
      throw new InvalidPropError(
        scope,
        entry,
        value,
        `must be a public address, block or range: ${range.text} is not routed on the internet, and Neon sees the public address a connection comes from (the nodes' public IPs)`,
      );
    }
    const first = spans.find((s) => s.family === span.family && s.first === span.first && s.last === span.last);
    if (first) {
      const written = (values as unknown[])[first.index] === value ? "" : ` (${JSON.stringify((values as unknown[])[first.index])}, the same addresses)`;
      throw new InvalidPropError(scope, entry, value, `must not repeat ${prop}[${first.index}]${written}`);
    }
    spans.push(span);
  });

  // Entries that together admit a whole family (0.0.0.0/1 with 128.0.0.0/1, or ranges that meet).
  const [cover] = familiesCovered(spans);
  if (cover) {
    throw new InvalidPropError(
      scope,
      prop,
      values,
      `must not admit every ${FAMILIES[cover.family].name} address, which ${cover.indices.map((i) => `${prop}[${i}]`).join(", ")} do together: ${wholeInternet(prop)}`,
    );
  }
  // Any one entry wider than a /8 (IPv4) or /16 (IPv6), as for admin blocks: "0.0.0.1-255.255.255.255" or "2000::/3" is the internet in all but name.
  for (const span of spans) {
    const widest = span.family === "ipv4" ? 8 : 16;
    if (span.last - span.first + 1n > 1n << BigInt(FAMILIES[span.family].bits - widest)) {
      const entry = `${prop}[${span.index}]`;
      throw new InvalidPropError(
        scope,
        entry,
        (values as unknown[])[span.index],
        `must admit at most a /${widest}'s worth of addresses: an allow list names the addresses that connect (the nodes' public IPs), not a large part of the internet; leave ${prop} out for no list`,
      );
    }
  }
}
