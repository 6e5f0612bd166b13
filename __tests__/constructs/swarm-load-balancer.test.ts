import { Token } from "cdktf";
import { Construct } from "constructs";
import { InvalidPropError, SwarmLoadBalancer, SwarmLoadBalancerProps } from "../../constructs";
import { NetworkSubnet } from "../../providers/providers/hcloud/network-subnet";
import { errorOf, resources, synthJson, testStack } from "../helpers/stack";

const base: SwarmLoadBalancerProps = {
  name: "prod-lb",
  type: "lb11",
  location: "nbg1",
  subnetId: "12345-10.0.1.0/24",
  privateIp: "10.0.1.5",
  targetSelector: "casera-cluster=prod,casera-role=manager",
  labels: { "casera-cluster": "prod" },
  protection: true,
};

const make = (props: Partial<Record<keyof SwarmLoadBalancerProps, unknown>>) => (scope: Construct) =>
  new SwarmLoadBalancer(scope, "LB", { ...base, ...props } as SwarmLoadBalancerProps);

// Constructs of another app (its stack is also called "test"), only to be named in dependsOn: a resource (it has an fqn) and a construct that only groups.
const other = testStack().stack;
const SUBNET = new NetworkSubnet(other, "Subnet", { networkId: 1, type: "cloud", networkZone: "eu-central", ipRange: "10.0.1.0/24" });
const GROUP = new Construct(other, "Group");

const LB_TYPES = ["hcloud_load_balancer", "hcloud_load_balancer_network", "hcloud_load_balancer_target", "hcloud_load_balancer_service"];

describe("SwarmLoadBalancer", () => {
  test("a valid balancer synthesizes: balancer, network attachment, label-selector target and two services", () => {
    const { stack } = testStack();
    new SwarmLoadBalancer(stack, "LB", base);
    const json = synthJson(stack);

    expect(resources(json, "hcloud_load_balancer")).toEqual([
      expect.objectContaining({ name: "prod-lb", load_balancer_type: "lb11", location: "nbg1", delete_protection: true, labels: { "casera-cluster": "prod" } }),
    ]);
    expect(resources(json, "hcloud_load_balancer_network")).toEqual([expect.objectContaining({ ip: "10.0.1.5", subnet_id: "12345-10.0.1.0/24" })]);
    expect(resources(json, "hcloud_load_balancer_target")).toEqual([
      expect.objectContaining({ type: "label_selector", label_selector: "casera-cluster=prod,casera-role=manager", use_private_ip: true }),
    ]);
    expect(resources(json, "hcloud_load_balancer_service")).toHaveLength(2);
  });

  test("accepts unresolved Terraform tokens as they are", () => {
    const { stack } = testStack();
    const token = (s: string) => Token.asString({ resolve: () => s } as any);
    new SwarmLoadBalancer(stack, "LB", {
      ...base,
      name: token("prod-lb"),
      subnetId: token("1-10.0.1.0/24"),
      privateIp: token("10.0.1.5"),
      targetSelector: `casera-cluster=${token("prod")}`,
      labels: { "casera-cluster": token("prod") },
    });

    expect(resources(synthJson(stack), "hcloud_load_balancer")).toHaveLength(1);
  });

  test("accepts a /30, whose one assignable address is the third, and a subnet ID naming it", () => {
    const { stack } = testStack();
    new SwarmLoadBalancer(stack, "LB", { ...base, subnetId: "7-10.0.1.4/30", subnetCidr: "10.0.1.4/30", privateIp: "10.0.1.6" });
    expect(resources(synthJson(stack), "hcloud_load_balancer_network")).toEqual([expect.objectContaining({ ip: "10.0.1.6", subnet_id: "7-10.0.1.4/30" })]);
  });

  test("takes a subnet ID token with any subnetCidr: its range is known at apply only", () => {
    const { stack } = testStack();
    new SwarmLoadBalancer(stack, "LB", { ...base, subnetId: Token.asString({ resolve: () => "9-10.0.9.0/24" } as any), subnetCidr: "10.0.1.0/24" });
    expect(resources(synthJson(stack), "hcloud_load_balancer_network")).toEqual([expect.objectContaining({ subnet_id: "9-10.0.9.0/24" })]);
  });

  test("accepts a private IP inside the given subnet, up to the last address Hetzner assigns", () => {
    for (const privateIp of ["10.0.1.2", "10.0.1.5", "10.0.1.254"]) {
      const { stack } = testStack();
      new SwarmLoadBalancer(stack, "LB", { ...base, subnetCidr: "10.0.1.0/24", privateIp });
      expect(resources(synthJson(stack), "hcloud_load_balancer_network")).toEqual([expect.objectContaining({ ip: privateIp })]);
    }
  });

  test("waits in the network attachment for the resources in dependsOn", () => {
    const { stack } = testStack();
    const subnet = new NetworkSubnet(stack, "Subnet", { networkId: 12345, type: "cloud", networkZone: "eu-central", ipRange: "10.0.1.0/24" });
    new SwarmLoadBalancer(stack, "LB", { ...base, dependsOn: [subnet] });
    expect(resources(synthJson(stack), "hcloud_load_balancer_network")).toEqual([expect.objectContaining({ depends_on: [expect.stringMatching(/^hcloud_network_subnet\./)] })]);
  });

  test("accepts labels and selectors with a prefixed key, e.g. casera/cluster=prod", () => {
    const { stack } = testStack();
    new SwarmLoadBalancer(stack, "LB", { ...base, targetSelector: "casera/cluster=prod", labels: { "casera/cluster": "prod", empty: "" }, protection: false });

    expect(resources(synthJson(stack), "hcloud_load_balancer")).toEqual([expect.objectContaining({ delete_protection: false })]);
  });

  describe("refuses", () => {
    test.each<[string, Partial<Record<keyof SwarmLoadBalancerProps, unknown>>, RegExp]>([
      ["a name with spaces and capitals", { name: "My LB" }, /: name must start with a letter and hold at most 63 lower-case letters, digits and inner hyphens; got "My LB"$/],
      ["a name ending in a hyphen", { name: "prod-" }, /name must start with a letter.*; got "prod-"$/],
      ["a name longer than 63 characters", { name: `a${"b".repeat(63)}` }, /name must start with a letter and hold at most 63 .*; got "ab{63}"$/],
      ["an unknown type", { type: "lb99" }, /: type must be one of "lb11", "lb21", "lb31"; got "lb99"$/],
      ["an unknown location", { location: "mars" }, /: location must be one of "nbg1", "fsn1", "hel1", "ash", "hil"; got "mars"$/],
      ["a private IP that is no address", { privateIp: "banana" }, /: privateIp must be an IPv4 address; got "banana"$/],
      ["a private IP with a leading zero (octal to inet_aton)", { privateIp: "010.0.1.5" }, /privateIp must be an IPv4 address; got "010.0.1.5"$/],
      ["a private IP in CIDR form", { privateIp: "10.0.1.5/24" }, /privateIp must be an IPv4 address; got "10.0.1.5\/24"$/],
      ["an IPv6 private IP", { privateIp: "fd00::5" }, /privateIp must be an IPv4 address; got "fd00::5"$/],
      ["a public private IP", { privateIp: "203.0.113.5" }, /privateIp must lie inside a private range .*; got "203.0.113.5"$/],
      ["an empty private IP", { privateIp: "" }, /privateIp must be a non-empty string: .*; got ""$/],
      ["an empty target selector", { targetSelector: "" }, /targetSelector must be a non-empty string: .*; got ""$/],
      ["a target selector that is a bare word", { targetSelector: "managers" }, /: targetSelector must be a Hetzner label selector of key=value terms .*; got "managers"$/],
      ["a target selector with an empty value", { targetSelector: "casera-cluster=" }, /targetSelector must be a Hetzner label selector.*; got "casera-cluster="$/],
      ["a target selector with spaces", { targetSelector: "casera-cluster=prod, casera-role=manager" }, /targetSelector must be a Hetzner label selector.*; got "casera-cluster=prod, casera-role=manager"$/],
      ["a target selector with a trailing comma", { targetSelector: "casera-cluster=prod," }, /targetSelector must be a Hetzner label selector.*; got "casera-cluster=prod,"$/],
      ["labels that are not an object", { labels: "casera-cluster=prod" }, /: labels must be an object: .*; got "casera-cluster=prod"$/],
      ["a label value that is not a string", { labels: { "casera-cluster": 1 } }, /: labels.casera-cluster must be a string \(Hetzner label values are strings\); got 1$/],
      ["a label key Hetzner refuses", { labels: { "My Label": "x" } }, /: labels key must be a Hetzner label key: .*; got "My Label"$/],
      ["a label value Hetzner refuses", { labels: { "casera-cluster": "prod cluster" } }, /: labels.casera-cluster must be a Hetzner label value: .*; got "prod cluster"$/],
      ["protection as a string", { protection: "no" }, /: protection must be true or false .*; got "no"$/],
      ["protection left out", { protection: undefined }, /: protection must be true or false .*; got undefined$/],
      ["an empty subnet ID", { subnetId: "" }, /: subnetId must be a non-empty string: .*; got ""$/],
      ["a blank subnet ID", { subnetId: "  " }, /: subnetId must be a non-empty string: .*; got "  "$/],
      ["a subnet ID that is not a string", { subnetId: 42 }, /: subnetId must be a non-empty string: .*; got 42$/],
      ["dependsOn that is not an array", { dependsOn: "subnet" }, /: dependsOn must be an array: .*; got "subnet"$/],
      ["a dependsOn entry that is null (cdktf's TypeError at synth)", { dependsOn: [null] }, /: dependsOn\[0\] must be a Terraform resource, data source or module \(a construct with an fqn, such as the hcloud_network_subnet\), which cdktf writes into depends_on; anything else is left out of depends_on, so nothing would be waited for; got null$/],
      ["a dependsOn entry that is a string (cdktf drops it)", { dependsOn: [SUBNET, "x"] }, /: dependsOn\[1\] must be a Terraform resource, data source or module .*; got "x"$/],
      ["a dependsOn entry that is a plain object (cdktf drops it)", { dependsOn: [{}] }, /: dependsOn\[0\] must be a Terraform resource, data source or module .*; got \{\}$/],
      ["a dependsOn entry that only groups resources (cdktf drops it)", { dependsOn: [GROUP] }, /: dependsOn\[0\] must be a Terraform resource, .*; this construct only groups resources, so nothing would be waited for: name the resource inside it; got "test\/Group"$/],
      ["a private IP outside the given subnet", { subnetCidr: "10.0.1.0/24", privateIp: "10.0.2.5" }, /: privateIp must lie inside subnetCidr 10.0.1.0\/24; got "10.0.2.5"$/],
      ["the subnet's network address", { subnetCidr: "10.0.1.0/24", privateIp: "10.0.1.0" }, /: privateIp must be a host address Hetzner can assign: 10.0.1.0 is the subnet's network address; use 10.0.1.2 to 10.0.1.254; got "10.0.1.0"$/],
      ["the subnet's gateway", { subnetCidr: "10.0.1.0/24", privateIp: "10.0.1.1" }, /: privateIp must be a host address Hetzner can assign: 10.0.1.1 is the subnet's gateway.*; got "10.0.1.1"$/],
      ["the subnet's broadcast address", { subnetCidr: "10.0.1.0/24", privateIp: "10.0.1.255" }, /: privateIp must be a host address .*: 10.0.1.255 is the subnet's broadcast address; .*; got "10.0.1.255"$/],
      ["a subnet range that is no CIDR", { subnetCidr: "10.0.1.0" }, /: subnetCidr must be a CIDR block such as .*; got "10.0.1.0"$/],
      ["a public subnet range", { subnetCidr: "203.0.113.0/24", privateIp: "10.0.1.5" }, /: subnetCidr must lie inside a private range .*; got "203.0.113.0\/24"$/],
      ["a subnet range that is not a string", { subnetCidr: 24 }, /: subnetCidr must be a non-empty string: .*; got 24$/],
      [
        "a /31 subnet range, which leaves no address Hetzner can assign",
        { subnetCidr: "10.0.1.4/31", privateIp: "10.0.1.5", subnetId: "12345-10.0.1.4/31" },
        /: subnetCidr must be a \/30 or larger: Hetzner keeps a subnet's network, gateway and broadcast addresses, which leaves a \/31 or \/32 no address for the balancer; got "10.0.1.4\/31"$/,
      ],
      ["a /32 subnet range", { subnetCidr: "10.0.1.5/32", subnetId: "12345-10.0.1.5/32" }, /: subnetCidr must be a \/30 or larger: .*; got "10.0.1.5\/32"$/],
      ["a subnet ID that is a bare network ID", { subnetId: "12345" }, /: subnetId must be an hcloud_network_subnet's ID, which Hetzner writes "<network ID>-<IP range>" such as "12345-10.0.1.0\/24" \(pass subnet.id; a token passes as it is\); got "12345"$/],
      ["a subnet ID that is a name", { subnetId: "prod-subnet" }, /: subnetId must be an hcloud_network_subnet's ID, .*; got "prod-subnet"$/],
      ["a subnet ID without the network ID", { subnetId: "10.0.1.0/24" }, /: subnetId must be an hcloud_network_subnet's ID, .*; got "10.0.1.0\/24"$/],
      ["a subnet ID whose range has host bits", { subnetId: "12345-10.0.1.5/24" }, /: subnetId must be an hcloud_network_subnet's ID, .*; got "12345-10.0.1.5\/24"$/],
      ["a subnet ID whose range is no CIDR", { subnetId: "12345-10.0.1.0" }, /: subnetId must be an hcloud_network_subnet's ID, .*; got "12345-10.0.1.0"$/],
      [
        "a subnet ID of another subnet than subnetCidr",
        { subnetId: "12345-10.0.2.0/24", subnetCidr: "10.0.1.0/24" },
        /: subnetId must name the subnet subnetCidr gives: its range part \(after the network ID\) is 10.0.2.0\/24, subnetCidr is 10.0.1.0\/24; pass the same subnet's id and ip_range; got "12345-10.0.2.0\/24"$/,
      ],
      ["a misspelt prop (subnetCIDR would skip the address check)", { subnetCIDR: "10.0.1.0/24" } as never, /: props.subnetCIDR is not a SwarmLoadBalancer prop: props takes name, .*subnetCidr.*, nothing else; got "10.0.1.0\/24"$/],
    ])("%s", (_what, props, message) => {
      expect(errorOf(make(props))).toMatch(message);
    });

    test("with an InvalidPropError naming the construct path and the prop", () => {
      const { stack } = testStack();
      let error: unknown;
      try {
        make({ location: "mars" })(stack);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(InvalidPropError);
      expect(error).toMatchObject({ prop: "location", constructPath: "test/LB" });
    });

    test("before creating any resource: the refused balancer leaves nothing to synthesize", () => {
      for (const props of [{ type: "lb99" }, { privateIp: "banana" }, { protection: "no" }, { targetSelector: "" }, { dependsOn: "subnet" }, { dependsOn: [null] }]) {
        const { stack } = testStack();
        expect(() => make(props)(stack)).toThrow(InvalidPropError);

        expect(stack.node.tryFindChild("LB")?.node.children ?? []).toEqual([]);
        const json = synthJson(stack);
        for (const type of LB_TYPES) expect(resources(json, type)).toEqual([]);
      }
    });
  });
});
