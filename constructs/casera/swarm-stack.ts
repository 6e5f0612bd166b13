import { createHash, createPrivateKey, KeyObject } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Aspects, AssetType, DataResource, Fn, TerraformAsset, TerraformLocal, TerraformOutput, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { warn } from "../core/annotations";
import { InvalidPropError } from "../core/errors";
import { DOZZLE_PORT, validateDomain, validateInt, validateObject, validateOnlyKeys } from "../core/validate";
import { CaseraPolicyPack } from "../policy/pack";
import { caseraExpectations, checkStackFile } from "../stack/compose-check";
import { balancerIpProblem, EdgeIngress, renderEdgeConfig } from "../stack/edge-config";
import { SECRET_HASH_LENGTH, STACK_CONFIGS, STACK_SECRETS } from "../stack/secrets";
import { composeFilePath, DEPLOY_SCRIPT, loadStackFile, STACK_FILE, StackFile } from "../stack/stack-file";
import { addStateBackend, StateBackend } from "./backend";
import { pascalCase } from "../core/ids";

/** Name of the Swarm stack on the cluster (`docker stack ls`). */
export const SWARM_STACK_NAME = "casera";
/** Port Dozzle listens on, on the first manager's loopback (defined with the ports SSH may not take). */
export { DOZZLE_PORT };

/**
 * The edge's host names: DNS names, different from each other, and (when the
 * records' names are known at synth) ones that have Cloudflare records and
 * the origin certificate; any other name would get no traffic and no TLS.
 */
function validateEdgeHosts(scope: Construct, hosts: { readonly api: string; readonly admin: string }, fqdns: readonly string[]): void {
  const known = [...new Set(fqdns.filter((f) => !Token.isUnresolved(f)))];
  for (const key of ["api", "admin"] as const) {
    validateDomain(scope, `hosts.${key}`, hosts[key]);
    if (known.length > 0 && !known.includes(hosts[key])) {
      throw new InvalidPropError(
        scope,
        `hosts.${key}`,
        hosts[key],
        `must be one of the host names with Cloudflare records and the origin certificate (casera.edge.fqdns): ${known.join(", ")}`,
      );
    }
  }
  if (hosts.api === hosts.admin) throw new InvalidPropError(scope, "hosts.admin", hosts.admin, "must differ from hosts.api: one host name cannot route to both services");
}

/**
 * The load balancer's private address, which the edge's nginx.conf names
 * (`set_real_ip_from`) and which is therefore needed at synth.
 */
function validateBalancerIp(scope: Construct, ip: unknown): void {
  const prop = "casera.cluster.loadBalancer.privateIp";
  if (Token.isUnresolved(ip)) {
    throw new InvalidPropError(
      scope,
      prop,
      ip,
      "must be a literal address, not a Terraform token: the edge's nginx.conf believes PROXY headers from it and is written at synth, before Terraform resolves any value",
    );
  }
  const problem = balancerIpProblem(ip);
  if (problem) throw new InvalidPropError(scope, prop, ip, problem);
}

/**
 * What is wrong with the content of an APNs key file, if anything: Apple's
 * .p8 is a PKCS#8 PEM holding an EC P-256 key (APNs tokens are ES256). The
 * key itself never reaches a message.
 */
function apnsKeyProblem(file: string): string | undefined {
  const text = fs.readFileSync(file, "utf8");
  if (text.length > 16384) return `${file} is ${text.length} bytes, far more than an APNs .p8 key (about 250)`;
  if (!text.includes("-----BEGIN PRIVATE KEY-----")) return `${file} holds no "-----BEGIN PRIVATE KEY-----" block, as the .p8 key Apple's developer portal gives does`;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: "pem" });
  } catch (err) {
    return `${file} does not parse as a private key (${(err as Error).message.replace(/\s+/g, " ")})`;
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== "ec" || curve !== "prime256v1") {
    return `${file} holds ${key.asymmetricKeyType === "ec" ? `an EC key on ${curve}` : `an ${key.asymmetricKeyType ?? "unknown"} key`}, but APNs keys are EC P-256 (ES256)`;
  }
  return undefined;
}

/**
 * The APNs key file must exist where Terraform will read it: relative paths
 * start at the stack's folder, `<outdir>/stacks/<stack id>`, where cdktf runs
 * Terraform. A typo would otherwise show only at apply.
 */
function validateApnsKeyFile(stack: TerraformStack, file: string): void {
  const where = path.join(App.of(stack).outdir, "stacks", stack.node.id);
  if (typeof file !== "string") {
    throw new InvalidPropError(stack, "apnsKeyFile", file, "must be a string: the path of the APNs key (.p8) file");
  }
  if (Token.isUnresolved(file)) {
    throw new InvalidPropError(stack, "apnsKeyFile", file, "must be a literal path, not a Terraform token: the key file is checked at synth");
  }
  // Terraform reads the path inside a quoted HCL string, file("<path>"): a '"' would end it, a control character cannot be written in it.
  const unwritable = /"/.test(file) ? 'a double quote (")' : /[\x00-\x1f\x7f]/.test(file) ? "a control character (such as a line break or tab)" : undefined;
  if (unwritable) {
    throw new InvalidPropError(stack, "apnsKeyFile", file, `must not contain ${unwritable}: Terraform reads the path inside a quoted string, file("<path>"); rename the file or its folder`);
  }
  // Terraform's file() expands a leading ~ to the home folder ($HOME, as Go reads it), as a shell would.
  const expanded = file === "~" || file.startsWith("~/") ? path.join(process.env.HOME || os.homedir(), file.slice(1)) : file;
  const resolved = file.trim() !== "" ? path.resolve(where, expanded) : undefined;
  const stat = resolved ? fs.statSync(resolved, { throwIfNoEntry: false }) : undefined;
  const problem = !resolved
    ? "the name is empty"
    : !stat
      ? `there is no file at ${resolved}`
      : stat.isDirectory()
        ? `${resolved} is a folder`
        : !stat.isFile()
          ? `${resolved} is not a regular file`
          : stat.size === 0
            ? `${resolved} is empty, and Docker refuses an empty secret`
            : apnsKeyProblem(resolved as string);
  if (problem) {
    throw new InvalidPropError(
      stack,
      "apnsKeyFile",
      file,
      `must name the APNs key (.p8) file; ${problem} (relative paths start at ${path.relative(process.cwd(), where) || "."}, where Terraform runs)`,
    );
  }
}

/** The stack's services whose image the props can set. */
export type StackService = "api" | "worker" | "admin" | "redis" | "dozzle" | "edge";
const SERVICES: readonly StackService[] = ["api", "worker", "admin", "redis", "dozzle", "edge"];

/** An image reference split as the stack file takes it. */
export interface StackImage {
  /** Repository, e.g. `ghcr.io/casera/api`. */
  readonly image: string;
  /** Tag, e.g. `1.4.2`. A new tag redeploys the stack; reusing a tag does not. */
  readonly tag: string;
  /**
   * Content digest that pins the image: `sha256:` and 64 hex digits (or `sha512:` and 128), from
   * `docker buildx imagetools inspect`. The nodes then run exactly that image
   * whatever the tag points to later, and a new digest redeploys the stack.
   * @default - the tag alone: the image the tag names when the stack is deployed
   */
  readonly digest?: string;
}

/**
 * What the swarm stack needs from the environment's `CaseraStack`. A
 * `CaseraStack` has all of it; cdktf turns each use into a cross-stack reference.
 */
export interface CaseraStackOutputs {
  readonly cluster: {
    readonly sshPort: number;
    /** The load balancer, when the cluster has one: the edge then expects PROXY headers from its private address. */
    readonly loadBalancer?: { readonly privateIp: string };
    readonly nodeLabels: ReadonlyArray<Readonly<Record<string, string>>>;
    readonly nodes: ReadonlyArray<{
      readonly ipv4Address: string;
      readonly sshPort: number;
      readonly knownHostsLine: string;
      readonly server: { readonly name: string };
    }>;
  };
  readonly database: { readonly password: string; readonly pooledHost: string; readonly roleName: string; readonly databaseName: string };
  readonly uploads: { readonly bucketName: string };
  readonly certs: { readonly bucketName: string };
  readonly uploadsKey: { readonly keyId: string; readonly key: string };
  readonly certsKey: { readonly keyId: string; readonly key: string };
  readonly secretKey: string;
  /** The API's and the admin panel's fully qualified host names, each named: the edge routes by them, never by the order of `edge.fqdns`. */
  readonly hosts: { readonly api: string; readonly admin: string };
  readonly edge: { readonly fqdns: Readonly<Record<string, string>>; readonly originCertificate: string; readonly originPrivateKey: string };
}

export interface CaseraSwarmStackProps {
  /** The environment's `CaseraStack` (cluster, database, buckets, keys, edge). */
  readonly casera: CaseraStackOutputs;
  /**
   * Images per service.
   * @default - the defaults written in compose/casera.stack.yml
   */
  readonly images?: Partial<Record<StackService, StackImage>>;
  /**
   * Fully qualified API and admin host names the edge routes.
   * @default - the CaseraStack's own, `casera.hosts`
   */
  readonly hosts?: { readonly api: string; readonly admin: string };
  /**
   * Path of the APNs signing key (.p8), read by Terraform at apply time
   * (relative paths from the stack's folder, cdktf.out/stacks/<stack>). Checked
   * at synth: it must hold an EC P-256 private key in PKCS#8 PEM, as Apple gives it.
   * @default - a placeholder secret, and a warning: push notifications cannot be sent
   */
  readonly apnsKeyFile?: string;
  /**
   * Seconds the deploy waits for every service to converge before it fails
   * (outdated secrets are kept when it fails): a whole number from 60 to 3600.
   * @default 600
   */
  readonly deployTimeoutSeconds?: number;
  /**
   * Where Terraform keeps this stack's state (which holds the Docker secrets' values).
   * @default { kind: "local" } - terraform.<stack id>.tfstate in the project folder
   */
  readonly stateBackend?: StateBackend;
}

/**
 * The `casera-<env>-swarm` stack: Docker secrets and configs created from
 * Terraform values, each named `<key>_<first 10 hex of sha256(value)>`, and
 * `docker stack deploy` of compose/casera.stack.yml on the first manager over
 * SSH with its pinned host key. The deploy re-runs when the stack file, an
 * image, a setting or a secret name changes, and removes outdated secrets
 * once the services have converged. Values reach the manager on stdin only.
 */
export class CaseraSwarmStack extends TerraformStack {
  /** Docker secret names by stack file key (hashed; not sensitive). */
  public readonly secretNames: Record<string, string>;
  /** Docker config names by stack file key. */
  public readonly configNames: Record<string, string>;
  /** The resource whose replacement redeploys the stack. */
  public readonly deployment: DataResource;
  /** SSH command that forwards localhost:9999 to Dozzle on the first manager. */
  public readonly dozzleTunnelCommand: string;

  constructor(scope: Construct, id: string, props: CaseraSwarmStackProps) {
    super(scope, id);

    // Validate: the stack file against the cluster, then the props.
    validateObject(this, "casera", props?.casera, "the CaseraStack whose cluster, edge, database and buckets this stack deploys with");
    validateOnlyKeys(this, "props", props, ["casera", "images", "hosts", "apnsKeyFile", "deployTimeoutSeconds", "stateBackend"], "a CaseraSwarmStack prop");
    const { casera } = props;
    if (!casera.cluster || !casera.edge || !Array.isArray(casera.cluster.nodes)) {
      throw new InvalidPropError(this, "casera", Object.keys(casera), "must be a CaseraStack (or an object with its cluster, edge, database and buckets), built before this stack");
    }
    const stackFile = loadStackFile();
    checkStackFile(this, stackFile, caseraExpectations(casera.cluster.nodeLabels));
    const images = resolveImages(this, stackFile, props.images ?? {});
    const timeout = props.deployTimeoutSeconds ?? 600;
    validateInt(this, "deployTimeoutSeconds", timeout, 60, 3600);
    const manager = casera.cluster.nodes[0];
    if (!manager) throw new InvalidPropError(this, "casera.cluster.nodes", [], "must hold at least one manager to deploy to");
    const own = casera.hosts;
    if (own === null || typeof own !== "object" || typeof own.api !== "string" || typeof own.admin !== "string") {
      throw new InvalidPropError(this, "casera.hosts", own, "must name the CaseraStack's API and admin host names, { api, admin } (a CaseraStack has them; build it before this stack)");
    }
    if (props.hosts !== undefined) {
      validateObject(this, "hosts", props.hosts, '{ api: "<API host name>", admin: "<admin host name>" } (or left out for the CaseraStack\'s records)');
      validateOnlyKeys(this, "hosts", props.hosts, ["api", "admin"], "a host the edge routes");
    }
    const hosts = props.hosts ?? { api: own.api, admin: own.admin };
    if (!hosts.api || !hosts.admin) {
      const missing = props.hosts ? `hosts.${hosts.api ? "admin" : "api"}` : `casera.hosts.${hosts.api ? "admin" : "api"}`;
      throw new InvalidPropError(this, "hosts", hosts, `must name both the API and the admin host (${missing} is missing)`);
    }
    // The edge's nginx.conf names the hosts and is written now, at synth: a Terraform token would reach it as its placeholder text.
    for (const key of ["api", "admin"] as const) {
      if (!Token.isUnresolved(hosts[key])) continue;
      throw new InvalidPropError(
        this,
        props.hosts ? `hosts.${key}` : "casera (its settings.domain)",
        hosts[key],
        `must be a literal host name, not a Terraform token: the edge's nginx.conf names the hosts and is written at synth, before Terraform resolves any value${props.hosts ? "" : "; give the CaseraStack its domain as a string"}`,
      );
    }
    if (props.hosts && hosts.api === own.admin && hosts.admin === own.api) {
      throw new InvalidPropError(this, "hosts", hosts, `must not swap the two: the CaseraStack's API host is ${own.api} and its admin host ${own.admin}`);
    }
    validateEdgeHosts(this, hosts, [own.api, own.admin, ...Object.values(casera.edge.fqdns ?? {})]);
    const balancerIp = casera.cluster.loadBalancer?.privateIp;
    if (casera.cluster.loadBalancer != null) validateBalancerIp(this, balancerIp);
    if (props.apnsKeyFile !== undefined) validateApnsKeyFile(this, props.apnsKeyFile);

    // State as for CaseraStack; the policy pack checks the outputs and the stack file's TLS mode.
    addStateBackend(this, props.stateBackend);
    Aspects.of(this).add(new CaseraPolicyPack());

    // Ship the deploy script and the stack file beside the synthesized stack.
    const script = new TerraformAsset(this, "DeployScript", { path: composeFilePath(DEPLOY_SCRIPT), type: AssetType.FILE });
    const compose = new TerraformAsset(this, "StackFile", { path: composeFilePath(STACK_FILE), type: AssetType.FILE });
    const ssh: Record<string, string> = {
      CASERA_SSH_HOST: manager.ipv4Address,
      CASERA_SSH_PORT: String(manager.sshPort),
      CASERA_SSH_USER: "deploy",
      CASERA_KNOWN_HOSTS: manager.knownHostsLine,
    };

    // Create each secret and config under a name that changes with its value.
    const secretValues: Record<string, string> = {
      postgres_password: casera.database.password,
      secret_key: casera.secretKey,
      b2_uploads_key_id: casera.uploadsKey.keyId,
      b2_uploads_key: casera.uploadsKey.key,
      b2_certs_key_id: casera.certsKey.keyId,
      b2_certs_key: casera.certsKey.key,
      apns_key: props.apnsKeyFile ? Fn.file(hclStringText(props.apnsKeyFile)) : APNS_PLACEHOLDER,
      origin_cert: casera.edge.originCertificate,
      origin_key: casera.edge.originPrivateKey,
    };
    if (!props.apnsKeyFile) {
      warn(this, "NoApnsKey", "apnsKeyFile is not set: the apns_key secret holds a placeholder and the API cannot send push notifications.");
    }
    const ingress: EdgeIngress = balancerIp !== undefined ? { kind: "load-balancer", balancerIp } : { kind: "cloudflare" };
    const configValues: Record<string, string> = { edge_nginx: renderEdgeConfig(hosts, ingress) };
    const created: DataResource[] = [];
    const objects = (kind: "secret" | "config", values: Record<string, string>, sensitive: boolean): Record<string, string> =>
      Object.fromEntries(
        Object.entries(values).map(([key, value]) => {
          // A value known at synth is hashed here and escaped for Terraform; a token is hashed by Terraform.
          const known = !Token.isUnresolved(value);
          const hash = known ? sha256(value).slice(0, SECRET_HASH_LENGTH) : Fn.nonsensitive(Fn.substr(Fn.sha256(value), 0, SECRET_HASH_LENGTH));
          const text = known ? value.replace(/([$%])\{/g, "$1$1{") : value;
          const name = new TerraformLocal(this, `${key}_${kind}_name`, `${key}_${hash}`);
          created.push(
            new DataResource(this, `${pascalCase(key)}${pascalCase(kind)}`, {
              input: { name: name.asString },
              triggersReplace: { name: name.asString },
              provisioners: [
                {
                  type: "local-exec",
                  command: `bash ${script.path} create ${kind} ${key} ${name.asString}`,
                  environment: { ...ssh, CASERA_VALUE: sensitive ? Fn.sensitive(text) : text },
                },
              ],
            }),
          );
          return [key, name.asString];
        }),
      );
    this.secretNames = objects("secret", secretValues, true);
    this.configNames = objects("config", configValues, false);

    // Deploy the stack; any change to what it is deployed with replaces this resource.
    const stackVars: Record<string, string> = {
      DB_HOST: casera.database.pooledHost,
      POSTGRES_USER: casera.database.roleName,
      POSTGRES_DB: casera.database.databaseName,
      B2_UPLOADS_BUCKET: casera.uploads.bucketName,
      B2_CERTS_BUCKET: casera.certs.bucketName,
      DOZZLE_NODE: manager.server.name,
      ...Object.fromEntries(SERVICES.flatMap((s) => [[`${s.toUpperCase()}_IMAGE`, images[s].image], [`${s.toUpperCase()}_TAG`, imageTagRef(images[s])]])),
      ...Object.fromEntries(STACK_SECRETS.map((s) => [s.variable, this.secretNames[s.key]])),
      ...Object.fromEntries(STACK_CONFIGS.map((c) => [c.variable, this.configNames[c.key]])),
    };
    const pairs = (names: Record<string, string>) => Object.entries(names).map(([key, name]) => `${key}=${name}`).join(" ");
    this.deployment = new DataResource(this, "Deploy", {
      triggersReplace: {
        stack_file_sha256: sha256File(composeFilePath(STACK_FILE)),
        deploy_script_sha256: sha256File(composeFilePath(DEPLOY_SCRIPT)),
        variables: stackVars,
      },
      dependsOn: created,
      provisioners: [
        {
          type: "local-exec",
          command: `bash ${script.path} deploy ${compose.path}`,
          environment: {
            ...ssh,
            ...stackVars,
            CASERA_STACK: SWARM_STACK_NAME,
            CASERA_STACK_VARS: Object.keys(stackVars).join(" "),
            CASERA_SECRETS: pairs(this.secretNames),
            CASERA_CONFIGS: pairs(this.configNames),
            CASERA_DEPLOY_TIMEOUT: String(timeout),
          },
        },
      ],
    });

    // Output what operators need.
    this.dozzleTunnelCommand = `ssh -p ${manager.sshPort} -N -L ${DOZZLE_PORT}:127.0.0.1:${DOZZLE_PORT} deploy@${manager.ipv4Address}`;
    const out = (name: string, value: unknown, description: string) =>
      new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
    out("dozzle_tunnel", this.dozzleTunnelCommand, `Forward localhost:${DOZZLE_PORT} to Dozzle (listening on the first manager's loopback), then open http://localhost:${DOZZLE_PORT}`);
    out("docker_secret_names", this.secretNames, "Docker secrets the stack uses, named by the hash of their value");
    out("stack_services", `ssh -p ${manager.sshPort} deploy@${manager.ipv4Address} docker stack services ${SWARM_STACK_NAME}`, "Show the stack's services and replicas");
  }
}

/**
 * `text` as it must be written inside a quoted HCL string for Terraform to
 * read it back unchanged: backslashes doubled and `%{` as `%%{`. (cdktf
 * writes `${` as `$${` itself; a `"` or a control character is refused
 * before.)
 */
function hclStringText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/%\{/g, "%%{");
}

/** Content of the apns_key secret when no key file is given; Docker refuses empty secrets. */
const APNS_PLACEHOLDER = "no APNs key configured\n";

/** One path component of a repository name: lower-case letters and digits, inner '.', '_' or '-'. */
const COMPONENT = "[a-z0-9]+(?:[._-][a-z0-9]+)*";
/**
 * A repository: path components joined by '/'. Only the first may carry a
 * registry port (`localhost:5000/casera/api`), and then a '/' must follow:
 * a ':' in the last component starts a tag (`redis:7` is redis, tag 7).
 */
const IMAGE_RE = new RegExp(`^(?:${COMPONENT}:[0-9]+/)?${COMPONENT}(?:/${COMPONENT})*$`);
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_RE = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** What follows `<image>:` in the stack file: the tag, and `@<digest>` when pinned. */
const imageTagRef = (i: StackImage): string => (i.digest ? `${i.tag}@${i.digest}` : i.tag);

/** Images from the props over the stack file's defaults; each checked, `latest` warned about. */
function resolveImages(scope: Construct, file: StackFile, given: Partial<Record<StackService, StackImage>>): Record<StackService, StackImage> {
  const resolved = {} as Record<StackService, StackImage>;
  for (const service of Object.keys(given ?? {})) {
    if (!SERVICES.includes(service as StackService)) {
      throw new InvalidPropError(scope, `images.${service}`, given[service as StackService], `names no service of the stack; the services are ${SERVICES.join(", ")}`);
    }
  }
  for (const service of SERVICES) {
    const entry = given[service];
    if (entry !== undefined && (typeof entry !== "object" || entry === null || Array.isArray(entry))) {
      throw new InvalidPropError(scope, `images.${service}`, entry, 'must be { image, tag } (and optionally digest), e.g. { image: "ghcr.io/casera/api", tag: "1.4.2" }');
    }
    // A misspelt digest (`Digest`) would leave the image unpinned without a word.
    if (entry !== undefined) validateOnlyKeys(scope, `images.${service}`, entry, ["image", "tag", "digest"], "an image field");
    // A given entry names both parts: a tag alone from the stack file's default would silently mean "latest".
    for (const part of ["image", "tag"] as const) {
      if (entry !== undefined && typeof entry[part] !== "string") {
        throw new InvalidPropError(scope, `images.${service}.${part}`, entry[part], `must be a string, given with every entry of images (e.g. { image: "ghcr.io/casera/${service}", tag: "1.4.2" }); a number such as 1.10 would become "1.1"`);
      }
    }
    const match = /^\$\{[A-Z_]+:-([^}]+)\}:\$\{[A-Z_]+:-([^}]+)\}$/.exec(String(file.services?.[service]?.image ?? ""));
    const image = entry?.image ?? match?.[1];
    const tag = entry?.tag ?? match?.[2];
    const last = typeof image === "string" ? image.slice(image.lastIndexOf("/") + 1) : "";
    if (image && /[:@]/.test(last)) {
      const [what, part] = last.includes("@") ? ["a digest", "digest"] : ["a tag", "tag"];
      throw new InvalidPropError(
        scope,
        `images.${service}.image`,
        image,
        `must be the repository alone, without ${what}: the ${part} goes in images.${service}.${part}, e.g. { image: "ghcr.io/casera/api", tag: "1.4.2"${part === "digest" ? ', digest: "sha256:..."' : ""} } (a registry's port, as in "localhost:5000/casera/api", is followed by '/')`,
      );
    }
    if (!image || !IMAGE_RE.test(image)) {
      throw new InvalidPropError(scope, `images.${service}.image`, image, "must be an image repository such as \"ghcr.io/casera/api\" (lower case, no tag)");
    }
    if (!tag || !TAG_RE.test(tag)) {
      throw new InvalidPropError(scope, `images.${service}.tag`, tag, "must be an image tag such as \"1.4.2\": letters, digits, '.', '_' and '-', at most 128");
    }
    const digest = entry?.digest;
    if (digest !== undefined && (typeof digest !== "string" || !DIGEST_RE.test(digest))) {
      const hex = typeof digest === "string" ? /^[a-z0-9]+:([a-f0-9]*)$/.exec(digest)?.[1] : undefined;
      throw new InvalidPropError(
        scope,
        `images.${service}.digest`,
        digest,
        `must be a content digest: "sha256:" and 64 lower-case hex digits (or "sha512:" and 128), as \`docker buildx imagetools inspect <image>:<tag>\` prints it${hex !== undefined ? ` (this one has ${hex.length} hex digits)` : ""}`,
      );
    }
    resolved[service] = digest ? { image, tag, digest } : { image, tag };
  }
  checkEdgeNginx(scope, resolved.edge);
  const floating = SERVICES.filter((s) => resolved[s].tag === "latest" && !resolved[s].digest);
  if (floating.length > 0) {
    warn(scope, "ImageTagLatest", `images for ${floating.join(", ")} use the tag "latest": pushing a new image under it does not redeploy, and a rollback cannot go back. Pin versions (a tag, or a digest) in images.`);
  }
  return resolved;
}

/** The oldest nginx whose open-source build re-resolves upstream servers (`server ... resolve`), which the edge config uses. */
export const EDGE_NGINX_MINIMUM: readonly [number, number, number] = [1, 27, 3];

/**
 * Refuses an official nginx image (`nginx`, `library/nginx`, `docker.io/...`,
 * `index.docker.io/...`)
 * whose tag names a version older than EDGE_NGINX_MINIMUM, or names only
 * `major.minor` of the branch that introduced it. Other images are not judged.
 */
function checkEdgeNginx(scope: Construct, edge: StackImage): void {
  if (!/^((docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(library\/)?nginx$/.test(edge.image)) return;
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(edge.tag);
  if (!match) return;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const patch = match[3] === undefined ? undefined : Number(match[3]);
  const [wantMajor, wantMinor, wantPatch] = EDGE_NGINX_MINIMUM;
  const older = major < wantMajor || (major === wantMajor && (minor < wantMinor || (minor === wantMinor && (patch ?? 0) < wantPatch)));
  if (older) {
    throw new InvalidPropError(
      scope,
      "images.edge.tag",
      edge.tag,
      `must be nginx ${EDGE_NGINX_MINIMUM.join(".")} or later (e.g. "1.30-alpine"): compose/edge/nginx.conf keeps the api and admin tasks current with \`server ... resolve\``,
    );
  }
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function sha256File(file: string): string {
  return sha256(fs.readFileSync(file));
}
