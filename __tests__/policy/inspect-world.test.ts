import { describeWorld, worldSources } from "../../constructs/policy/inspect";

describe("worldSources", () => {
  test("a single /0 per family, as written", () => {
    expect(worldSources(["0.0.0.0/0", " ::/0 "])).toEqual([
      { family: "ipv4", sources: ["0.0.0.0/0"], indices: [0] },
      { family: "ipv6", sources: ["::/0"], indices: [1] },
    ]);
  });

  test("halves and quarters add up; a block inside another or repeated is not one of the sources", () => {
    expect(worldSources(["0.0.0.0/2", "128.0.0.0/1", "64.0.0.0/2", "0.0.0.0/2", "130.1.0.0/16"])).toEqual([
      { family: "ipv4", sources: ["0.0.0.0/2", "128.0.0.0/1", "64.0.0.0/2"], indices: [0, 1, 2] },
    ]);
    expect(worldSources(["8000::/1", "::/1"])).toEqual([{ family: "ipv6", sources: ["8000::/1", "::/1"], indices: [0, 1] }]);
  });

  test("a gap anywhere, at the start, in the middle or at the end, is not the world", () => {
    expect(worldSources(["128.0.0.0/1"])).toEqual([]);
    expect(worldSources(["0.0.0.0/1", "128.0.0.0/2"])).toEqual([]);
    expect(worldSources(["0.0.0.0/2", "128.0.0.0/1"])).toEqual([]);
    expect(worldSources(["::/1", "8000::/2", "c000::/3"])).toEqual([]);
    expect(worldSources(["0.0.0.0/1", "8000::/1"])).toEqual([]);
  });

  test("host bits count as the block they lie in; what does not parse is skipped", () => {
    expect(worldSources(["0.0.0.1/1", "${var.admin}", 42, "128.0.0.0", "not a cidr", "200.0.0.0/1"])).toEqual([
      { family: "ipv4", sources: ["0.0.0.1/1", "200.0.0.0/1"], indices: [0, 5] },
    ]);
  });
});

describe("describeWorld", () => {
  test("a /0 reads as itself; several blocks say what they add up to", () => {
    expect(describeWorld(worldSources(["0.0.0.0/0", "::/0"]))).toBe("0.0.0.0/0, ::/0");
    expect(describeWorld(worldSources(["0.0.0.0/1", "128.0.0.0/1"]))).toBe("0.0.0.0/1, 128.0.0.0/1 (together all of IPv4)");
    expect(describeWorld(worldSources(["::/1", "8000::/1", "0.0.0.0/0"]))).toBe("::/1, 8000::/1 (together all of IPv6); 0.0.0.0/0");
  });
});
