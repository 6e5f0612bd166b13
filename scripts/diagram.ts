import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SETTINGS_VARIABLES } from "../constructs/casera/settings";
import { readBlock, replaceBlock } from "./readme-block";
import { exitQuietlyOnClosedPipe, isHelp, resolveFile, showFile, userCwd, why } from "./user-files";

/**
 * `npm run diagram`: a Mermaid flowchart per environment, drawn from the
 * synthesized Terraform JSON (not from the constructs), so the picture shows
 * what `cdktf deploy` would create. The same input always gives the same text.
 * `--write` puts it in README.md between the diagram markers, always drawn
 * from the example configuration (never a user's settings or cdktf.out);
 * `--write FILE` puts it in another Markdown file's diagram block.
 * Relative names (`--from DIR`, `--write FILE`) are taken from the folder npm
 * was run from (INIT_CWD), as `npm run` starts the script in the package folder.
 */

type Resource = Record<string, any>;
type Resources = Record<string, Record<string, Resource>>;

interface ManifestStack {
  readonly name: string;
  readonly synthesizedStackPath: string;
}

/** Mermaid-safe text for a quoted label. */
function label(...lines: string[]): string {
  return `"${lines.map((l) => l.replace(/"/g, "'").replace(/[<>]/g, "")).join("<br/>")}"`;
}

/** Summarizes a firewall's inbound rules: ports and sources. */
function firewallRules(fw: Resource): string[] {
  return (fw.rule ?? []).map((r: Resource) => {
    const sources: string[] = r.source_ips ?? [];
    const from = sources.length > 2 ? `${sources.length} ranges (${r.description ?? "sources"})` : sources.join(", ");
    return `${r.direction} ${r.protocol} ${r.port ?? ""} from ${from}`.replace(/\s+/g, " ");
  });
}

/** The logical id a `${type.id.attr}` reference points at, if any. */
function refId(value: unknown, type: string): string | undefined {
  const match = new RegExp(`\\$\\{${type}\\.([A-Za-z0-9_-]+)\\.`).exec(String(value ?? ""));
  return match?.[1];
}

/** Draws one environment: its main stack and, if present, its `-swarm` stack. */
export function environmentDiagram(name: string, main: Resources, swarm: Resources | undefined): string {
  const k = name.replace(/[^A-Za-z0-9]/g, "_");
  const id = (s: string) => `${k}_${s.replace(/[^A-Za-z0-9]/g, "_")}`;
  const out: string[] = ["flowchart TB"];
  const edges: string[] = [];
  const r = (type: string) => Object.entries(main[type] ?? {}).sort(([a], [b]) => a.localeCompare(b));

  // Cloudflare: the proxied host names and the zone's TLS setting.
  const records = r("cloudflare_dns_record");
  const hosts = [...new Set(records.map(([, rec]) => String(rec.name)))].sort();
  const ssl = r("cloudflare_zone_setting").find(([, s]) => s.setting_id === "ssl")?.[1]?.value;
  out.push(`  ${id("users")}(["Clients"])`);
  if (records.length > 0) {
    out.push(`  ${id("cloudflare")}[${label("Cloudflare, proxied", ...hosts, ssl ? `SSL ${ssl === "strict" ? "Full (strict)" : ssl}` : "")}]`);
    edges.push(`  ${id("users")} -->|HTTPS| ${id("cloudflare")}`);
  }

  // Servers, inside the firewall, inside the private network.
  const servers = r("hcloud_server");
  const subnet = r("hcloud_network_subnet")[0]?.[1];
  const network = r("hcloud_network")[0]?.[1];
  const firewalls = r("hcloud_firewall");
  out.push(`  subgraph ${id("net")}[${label(`Private network ${network?.ip_range ?? ""}`, subnet ? `subnet ${subnet.ip_range}, ${subnet.network_zone}` : "")}]`);
  for (const [fwId, fw] of firewalls) {
    out.push(`    subgraph ${id(fwId)}[${label(`Cloud Firewall ${fw.name}`, ...firewallRules(fw), "everything else blocked")}]`);
    for (const [sid, s] of servers.filter(([, s]) => (s.firewall_ids ?? []).some((f: string) => refId(f, "hcloud_firewall") === fwId))) {
      const ip = s.network?.[0]?.ip ?? "";
      out.push(`      ${id(sid)}[${label(s.name, `${s.server_type} in ${s.location}, ${s.image}`, `private ${ip}`)}]`);
    }
    out.push("    end");
  }
  for (const [sid, s] of servers.filter(([, s]) => (s.firewall_ids ?? []).length === 0)) {
    out.push(`    ${id(sid)}[${label(s.name, `${s.server_type} in ${s.location}`, "no firewall")}]`);
  }

  // The load balancer sits on the same network and reaches the nodes on their private IPs.
  const lbs = r("hcloud_load_balancer");
  for (const [lbId, lb] of lbs) {
    const lbIp = r("hcloud_load_balancer_network").find(([, n]) => refId(n.load_balancer_id, "hcloud_load_balancer") === lbId)?.[1]?.ip;
    out.push(`    ${id(lbId)}[${label(`Load balancer ${lb.load_balancer_type}`, lbIp ? `private ${lbIp}` : "")}]`);
  }
  out.push("  end");

  // Cloudflare points at the balancer or straight at the nodes.
  const targets = [...new Set(records.map(([, rec]) => refId(rec.content, "hcloud_load_balancer") ?? refId(rec.content, "hcloud_server")).filter((t): t is string => !!t))].sort();
  for (const t of targets) edges.push(`  ${id("cloudflare")} -->|"TCP 80/443"| ${id(t)}`);
  for (const [lbId] of lbs) {
    const services = r("hcloud_load_balancer_service").filter(([, s]) => refId(s.load_balancer_id, "hcloud_load_balancer") === lbId);
    const ports = services.map(([, s]) => s.listen_port).sort((a, b) => a - b).join("/");
    const proxy = services.some(([, s]) => s.proxyprotocol) ? ", PROXY protocol" : "";
    const targeted = r("hcloud_load_balancer_target").some(([, t]) => refId(t.load_balancer_id, "hcloud_load_balancer") === lbId && t.use_private_ip);
    for (const [sid] of servers) edges.push(`  ${id(lbId)} -->|"TCP ${ports}${targeted ? ", private IP" : ""}${proxy}"| ${id(sid)}`);
  }

  // Neon and B2, reached from the nodes over TLS.
  const clusterTarget = servers.length === 1 ? id(servers[0][0]) : id("net");
  for (const [pid, p] of r("neon_project")) {
    const cu = p.default_endpoint_settings ?? {};
    out.push(`  ${id(pid)}[(${label(`Neon ${p.name}`, `${p.region_id}, Postgres ${p.pg_version}`, `${cu.autoscaling_limit_min_cu}-${cu.autoscaling_limit_max_cu} CU`, p.allowed_ips ? `IP allow: ${p.allowed_ips.length} addresses` : "no IP allow list")})]`);
    edges.push(`  ${clusterTarget} -->|"pooled host, sslmode=require"| ${id(pid)}`);
  }
  const keys = r("b2_application_key");
  for (const [bid, b] of r("b2_bucket")) {
    out.push(`  ${id(bid)}[(${label(`B2 ${b.bucket_name}`, `${b.bucket_type}, ${b.default_server_side_encryption?.[0]?.mode ?? "no SSE"}`)})]`);
    for (const [, key] of keys.filter(([, key]) => (key.bucket_ids ?? []).some((ref: string) => refId(ref, "b2_bucket") === bid))) {
      const caps: string[] = key.capabilities ?? [];
      const access = caps.includes("writeFiles") ? "read/write key" : "read-only key";
      edges.push(`  ${clusterTarget} -->|"${access} ${key.key_name}"| ${id(bid)}`);
    }
  }

  // The swarm stack: Docker secrets and configs, created and deployed over SSH.
  if (swarm) {
    const data = Object.entries(swarm.terraform_data ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const created = (kind: string) =>
      data
        .map(([, d]) => new RegExp(`create ${kind} (\\S+) `).exec(String(d.provisioner?.[0]?.["local-exec"]?.command ?? ""))?.[1])
        .filter((x): x is string => !!x);
    const secrets = created("secret");
    const configs = created("config");
    const deploy = data.find(([, d]) => / deploy /.test(String(d.provisioner?.[0]?.["local-exec"]?.command ?? "")))?.[1];
    const env = deploy?.provisioner?.[0]?.["local-exec"]?.environment ?? {};
    const target = servers.find(([sid]) => String(env.CASERA_SSH_HOST ?? "").includes(sid))?.[0];
    out.push(`  ${id("operator")}(["Workstation: cdktf deploy"])`);
    out.push(`  ${id("secrets")}[${label(`Docker secrets (${secrets.length}), name = key + value hash`, ...chunk(secrets, 3).map((c) => c.join(", ")), configs.length ? `configs: ${configs.join(", ")}` : "")}]`);
    edges.push(`  ${id("operator")} -->|"docker secret create"| ${id("secrets")}`);
    if (target) {
      edges.push(`  ${id("operator")} -->|"docker stack deploy ${env.CASERA_STACK ?? ""}, SSH port ${env.CASERA_SSH_PORT ?? ""} as ${env.CASERA_SSH_USER ?? ""}, pinned host key"| ${id(target)}`);
      edges.push(`  ${id("secrets")} -.->|"/run/secrets/"| ${id(target)}`);
    }
  }

  return [...out, ...edges].map((l) => l.replace(/\s+$/, "").replace(/<br\/>"/g, '"').replace(/<br\/><br\/>/g, "<br/>")).join("\n");
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The Markdown block for every environment in a cdktf.out: a heading line and a Mermaid fence each. */
export function diagramMarkdown(outdir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const stacks = Object.values<ManifestStack>(manifest.stacks);
  const read = (s: ManifestStack): Resources => JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), "utf8")).resource ?? {};
  const mains = stacks.filter((s) => !s.name.endsWith("-swarm")).sort((a, b) => a.name.localeCompare(b.name));
  return mains
    .map((s) => {
      const swarm = stacks.find((x) => x.name === `${s.name}-swarm`);
      const stackNames = swarm ? `\`${s.name}\` + \`${swarm.name}\`` : `\`${s.name}\``;
      return [`**${s.name}** (${stackNames}):`, "", "```mermaid", environmentDiagram(s.name, read(s), swarm ? read(swarm) : undefined), "```"].join("\n");
    })
    .join("\n\n");
}

/** `readme` with the text between the diagram markers replaced by `block`. */
export function replaceReadmeBlock(readme: string, block: string): string {
  return replaceBlock(readme, "diagram", block);
}

/** The diagram block of the README. */
export function readmeBlock(readme: string): string {
  return readBlock(readme, "diagram");
}

/** A mistake on the command line: the CLI prints the message alone and exits 2. */
export class UsageError extends Error {}

export interface DiagramOptions {
  /** Put the diagram in a file's diagram block instead of printing it. */
  readonly write: boolean;
  /** The file `--write` updates, as given; unset for the package's README.md. */
  readonly writeFile?: string;
  /** An existing cdktf.out to draw instead of synthesizing. */
  readonly from?: string;
}

const USAGE = "use --from DIR (draw an existing cdktf.out) or --write [FILE] (update README.md, or FILE's diagram block, from the example configuration)";

/** The package's README.md, which `--write` updates unless given another file. */
const README = path.join(__dirname, "..", "README.md");

/**
 * The command line. `--write` with `--from` is refused: README.md promises the
 * example configuration, and a cdktf.out may hold the user's own settings
 * (their domain, their admin addresses), which must not land in the README.
 */
export function parseDiagramArgs(argv: string[]): DiagramOptions {
  let write = false;
  let writeFile: string | undefined;
  let from: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--write") {
      if (write) throw new UsageError(`--write is given twice; give it once, with at most one FILE`);
      write = true;
      // An optional FILE: the next argument unless it is an option.
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("--")) {
        if (next.trim() === "") throw new UsageError(`--write FILE needs a file name; got ""`);
        writeFile = next;
        i++;
      }
    } else if (arg === "--from") {
      const v = argv[++i];
      // `--from --write` would otherwise read "--write" as a folder.
      if (v === undefined || v.startsWith("--")) throw new UsageError(`--from needs a value (a cdktf.out folder); got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
      from = v;
    } else throw new UsageError(`unknown option ${JSON.stringify(arg)}; ${USAGE}`);
  }
  if (write && from !== undefined) {
    throw new UsageError(
      `--write cannot be used with --from ${from}: --write draws the example configuration into ${writeFile ?? "README.md"}, and ${from} may hold your own CASERA_* settings; run \`npm run diagram -- --write${writeFile === undefined ? "" : ` ${writeFile}`}\` alone, or \`--from ${from}\` without --write to print it`,
    );
  }
  return writeFile === undefined ? { write, from } : { write, writeFile, from };
}

/** The file `--write` updates: its path and the name the messages use. */
export interface WriteTarget {
  readonly file: string;
  readonly shown: string;
}

/**
 * Reads the file `--write` will update and checks it has a diagram block,
 * before anything is synthesized. A relative FILE is taken from `cwd`.
 */
export function writeTarget(opts: DiagramOptions, cwd: string): WriteTarget {
  const file = opts.writeFile === undefined ? README : resolveFile(opts.writeFile, cwd);
  const shown = opts.writeFile === undefined ? "README.md" : showFile(opts.writeFile, cwd);
  readTarget({ file, shown });
  return { file, shown };
}

/** The target's text, which must hold a diagram block. */
function readTarget(target: WriteTarget): string {
  let text: string;
  try {
    text = fs.readFileSync(target.file, "utf8");
  } catch (err) {
    throw new UsageError(`--write ${target.shown}: cannot be read (${why(err)}); give a Markdown file with a diagram block`);
  }
  try {
    readmeBlock(text);
  } catch (err) {
    if (/more than one/.test((err as Error).message)) throw new UsageError(`--write ${target.shown}: has more than one diagram block; keep one pair of <!-- diagram:start --> and <!-- diagram:end --> lines`);
    throw new UsageError(`--write ${target.shown}: has no diagram block; put the lines <!-- diagram:start --> and <!-- diagram:end --> where the diagram goes`);
  }
  return text;
}

/**
 * Puts `block` in the target's diagram block, writing only when that changes
 * the file, and says which it was. The file is read again here, so an edit
 * made while the app was synthesized is kept.
 */
export function writeDiagram(target: WriteTarget, block: string): string {
  const lines = `${block.split("\n").length} lines`;
  const text = readTarget(target);
  const next = replaceReadmeBlock(text, block);
  if (next === text) return `${target.shown}: diagram block unchanged (${lines})`;
  fs.writeFileSync(target.file, next);
  return `${target.shown}: diagram block updated (${lines})`;
}

/**
 * The environment to synthesize with: the user's for printing, none for
 * `--write` (so the README gets the example values), with the names of the
 * settings that were set and so are not used.
 */
export function synthEnvironment(opts: DiagramOptions, env: Readonly<Record<string, string | undefined>>): { env: Readonly<Record<string, string | undefined>>; ignored: string[] } {
  if (!opts.write) return { env, ignored: [] };
  const ignored = SETTINGS_VARIABLES.map((v) => v.name).filter((name) => (env[name] ?? "").trim() !== "");
  return { env: {}, ignored };
}

async function main(): Promise<void> {
  if (isHelp(process.argv.slice(2))) {
    console.log(`usage: npm run diagram [-- options]: ${USAGE}`);
    return;
  }
  const opts = parseDiagramArgs(process.argv.slice(2));
  const cwd = userCwd();
  let outdir = opts.from === undefined ? undefined : resolveFile(opts.from, cwd);
  if (outdir) {
    // A missing or partial synth output is named here, not met later as a raw read error.
    const { fromOutdirProblem } = await import("./synth-app");
    const problem = fromOutdirProblem(outdir, "synthesize");
    if (problem) throw new UsageError(`--from ${showFile(opts.from!, cwd)}: ${problem}`);
  }
  // Checked before synthesizing, so a wrong FILE fails at once.
  const target = opts.write ? writeTarget(opts, cwd) : undefined;
  let temp: string | undefined;
  try {
    if (!outdir) {
      const { synthCaseraOrThrow, SynthError } = await import("./synth-app");
      temp = fs.mkdtempSync(path.join(os.tmpdir(), "casera-diagram-"));
      outdir = temp;
      // The README shows the reference topology, so --write ignores CASERA_* settings, and says so.
      const { env, ignored } = synthEnvironment(opts, process.env);
      if (ignored.length > 0) console.error(`diagram: --write draws the example configuration; not used: ${ignored.join(", ")}`);
      try {
        synthCaseraOrThrow(outdir, env);
      } catch (err) {
        if (!(err instanceof SynthError)) throw err;
        // Its message already says what to change, and where; the temporary folder goes in `finally`.
        console.error(err.message);
        process.exitCode = 1;
        return;
      }
    }
    const block = diagramMarkdown(outdir);
    if (target) {
      console.log(writeDiagram(target, block));
    } else {
      console.log(block);
    }
  } finally {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  exitQuietlyOnClosedPipe();
  main().catch((err) => {
    console.error(`diagram: ${(err as Error).message}`);
    // 2: the command line is wrong; 1: anything else.
    process.exitCode = err instanceof UsageError ? 2 : 1;
  });
}
