/**
 * What Hetzner Cloud sells where, as of 2026-12. Kept as data so a bad
 * combination is refused at synth with a suggestion instead of at apply.
 */

/** Hetzner Cloud locations this project deploys to. */
export type HetznerLocation = "nbg1" | "fsn1" | "hel1" | "ash" | "hil";

export const LOCATIONS: readonly HetznerLocation[] = ["nbg1", "fsn1", "hel1", "ash", "hil"];

/** The network zone a location's private networks live in. */
export const NETWORK_ZONE: Readonly<Record<HetznerLocation, string>> = {
  nbg1: "eu-central",
  fsn1: "eu-central",
  hel1: "eu-central",
  ash: "us-east",
  hil: "us-west",
};

const EU: readonly HetznerLocation[] = ["nbg1", "fsn1", "hel1"];
const ALL: readonly HetznerLocation[] = LOCATIONS;

export interface ServerTypeInfo {
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly diskGb: number;
  readonly locations: readonly HetznerLocation[];
}

/** Server types by name. CX (shared Intel/AMD) and CAX (Arm) are sold in the EU only. */
export const SERVER_TYPES: Readonly<Record<string, ServerTypeInfo>> = {
  cx23: { vcpu: 2, memoryGb: 4, diskGb: 40, locations: EU },
  cx33: { vcpu: 4, memoryGb: 8, diskGb: 80, locations: EU },
  cx43: { vcpu: 8, memoryGb: 16, diskGb: 160, locations: EU },
  cx53: { vcpu: 16, memoryGb: 32, diskGb: 320, locations: EU },
  cax11: { vcpu: 2, memoryGb: 4, diskGb: 40, locations: EU },
  cax21: { vcpu: 4, memoryGb: 8, diskGb: 80, locations: EU },
  cax31: { vcpu: 8, memoryGb: 16, diskGb: 160, locations: EU },
  cax41: { vcpu: 16, memoryGb: 32, diskGb: 320, locations: EU },
  cpx11: { vcpu: 2, memoryGb: 2, diskGb: 40, locations: ALL },
  cpx21: { vcpu: 3, memoryGb: 4, diskGb: 80, locations: ALL },
  cpx31: { vcpu: 4, memoryGb: 8, diskGb: 160, locations: ALL },
  cpx41: { vcpu: 8, memoryGb: 16, diskGb: 240, locations: ALL },
  cpx51: { vcpu: 16, memoryGb: 32, diskGb: 360, locations: ALL },
  ccx13: { vcpu: 2, memoryGb: 8, diskGb: 80, locations: ALL },
  ccx23: { vcpu: 4, memoryGb: 16, diskGb: 160, locations: ALL },
  ccx33: { vcpu: 8, memoryGb: 32, diskGb: 240, locations: ALL },
};

/** The closest type sold in `location` with at least the vCPUs and memory of `type`. */
export function suggestServerType(type: string, location: HetznerLocation): string | undefined {
  const want = Object.hasOwn(SERVER_TYPES, type) ? SERVER_TYPES[type] : undefined;
  if (!want) return undefined;
  return Object.entries(SERVER_TYPES)
    .filter(([, t]) => t.locations.includes(location) && t.vcpu >= want.vcpu && t.memoryGb >= want.memoryGb)
    .sort(([, a], [, b]) => a.vcpu - b.vcpu || a.memoryGb - b.memoryGb)
    .map(([name]) => name)[0];
}

/** Load balancer types. */
export type LoadBalancerType = "lb11" | "lb21" | "lb31";
export const LOAD_BALANCER_TYPES: readonly LoadBalancerType[] = ["lb11", "lb21", "lb31"];

/** Images the node boot supports. */
export type NodeImage = "ubuntu-24.04" | "debian-12";
export const NODE_IMAGES: readonly NodeImage[] = ["ubuntu-24.04", "debian-12"];
