/**
 * Generated blocks in README.md: the text between `<!-- <name>:start -->` and
 * `<!-- <name>:end -->`, which a script writes and a test compares with what
 * the script prints now.
 */

const markers = (name: string): [string, string] => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];

function bounds(readme: string, name: string): [number, number, string] {
  const [start, end] = markers(name);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} block`);
  // Two blocks of one name: which one is meant is unclear, and updating the first would leave the second stale.
  if (readme.indexOf(start, from + 1) >= 0 || readme.indexOf(end, to + 1) >= 0) throw new Error(`README.md has more than one ${start} ... ${end} block; keep one`);
  return [from + start.length, to, start];
}

/** The README with the `name` block's text replaced by `block`. */
export function replaceBlock(readme: string, name: string, block: string): string {
  const [from, to] = bounds(readme, name);
  return `${readme.slice(0, from)}\n${block}\n${readme.slice(to)}`;
}

/** The text of the README's `name` block, without the newlines next to its markers. */
export function readBlock(readme: string, name: string): string {
  const [from, to] = bounds(readme, name);
  return readme.slice(from, to).replace(/^\n/, "").replace(/\n$/, "");
}
