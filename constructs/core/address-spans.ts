import * as ipaddr from "ipaddr.js";

/**
 * Address lists as spans of integers, to ask whether they add up to a whole
 * address family: `0.0.0.0/0`, but also `0.0.0.0/1` with `128.0.0.0/1`, or
 * ranges that meet. The policy pack (firewall sources) and NeonDatabase (its
 * allow list) ask the same question.
 */

export type AddressFamily = "ipv4" | "ipv6";

/** Each family's name for messages and its width in bits. */
export const FAMILIES: Readonly<Record<AddressFamily, { readonly name: string; readonly bits: number }>> = {
  ipv4: { name: "IPv4", bits: 32 },
  ipv6: { name: "IPv6", bits: 128 },
};

/** The addresses one list entry admits, first to last, and where the entry sits in its list. */
export interface AddressSpan {
  readonly family: AddressFamily;
  readonly first: bigint;
  readonly last: bigint;
  readonly index: number;
}

/** An address as an integer. */
export function addressValue(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

/** The span of the block `address/prefix`; host bits set count as the block they lie in. */
export function blockSpan(address: ipaddr.IPv4 | ipaddr.IPv6, prefix: number, index: number): AddressSpan {
  const family = address.kind();
  const hostBits = BigInt(FAMILIES[family].bits - prefix);
  const first = (addressValue(address) >> hostBits) << hostBits;
  return { family, first, last: first + (1n << hostBits) - 1n, index };
}

/** True when the span is a family's whole address space on its own. */
export function isWholeFamily(span: AddressSpan): boolean {
  return span.first === 0n && span.last === (1n << BigInt(FAMILIES[span.family].bits)) - 1n;
}

/**
 * The families whose whole space `spans` cover together, each with the
 * indices (ascending) of the spans that make it up: merged in address order
 * (of two starting together, the wider first), a span counts when it reaches
 * past the ones before it, so a span inside another or a repeat is not named.
 * Ordered by the first index each cover uses.
 */
export function familiesCovered(spans: readonly AddressSpan[]): Array<{ family: AddressFamily; indices: number[] }> {
  const covers: Array<{ family: AddressFamily; indices: number[] }> = [];
  for (const family of Object.keys(FAMILIES) as AddressFamily[]) {
    const ordered = spans
      .filter((s) => s.family === family)
      .sort((a, b) => (a.first !== b.first ? (a.first < b.first ? -1 : 1) : a.last !== b.last ? (a.last > b.last ? -1 : 1) : a.index - b.index));
    let next = 0n;
    const used: number[] = [];
    for (const span of ordered) {
      if (span.first > next) break;
      if (span.last + 1n > next) {
        next = span.last + 1n;
        used.push(span.index);
      }
    }
    if (next === 1n << BigInt(FAMILIES[family].bits)) covers.push({ family, indices: used.sort((a, b) => a - b) });
  }
  return covers.sort((a, b) => a.indices[0] - b.indices[0]);
}
