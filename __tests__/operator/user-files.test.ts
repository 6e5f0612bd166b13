import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FileRefused, formatBytes, jsonErrorOffset, notJsonReason, readUserFile } from "../../scripts/user-files";

/** scripts/user-files.ts: the file helpers the command lines share. */

describe("readUserFile", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-user-files-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("reads a regular file up to its limit", () => {
    const file = path.join(dir, "ok.json");
    fs.writeFileSync(file, '{"a": "é"}');

    expect(readUserFile(file, 12)).toBe('{"a": "é"}');
  });

  test("refuses a folder, a device and a file over the limit before reading them", () => {
    const big = path.join(dir, "big");
    fs.writeFileSync(big, "x".repeat(2048));

    expect(() => readUserFile(dir, 1024)).toThrow(new FileRefused("it is a folder"));
    expect(() => readUserFile("/dev/zero", 1024)).toThrow(new FileRefused("it is a character device, not a regular file"));
    expect(() => readUserFile(big, 1024)).toThrow(new FileRefused("it is 2 KiB, more than the 1 KiB allowed"));
  });

  test("stops at the limit where the size says nothing (a file under /proc says 0)", () => {
    expect(fs.statSync("/proc/self/maps").size).toBe(0);
    expect(() => readUserFile("/proc/self/maps", 16)).toThrow(new FileRefused("it holds more than the 16 bytes allowed"));
  });

  test("passes the system's error on for a file that cannot be opened", () => {
    expect(() => readUserFile(path.join(dir, "missing"), 1024)).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });

  test("formats sizes in binary units", () => {
    expect([formatBytes(300), formatBytes(1024 * 1024), formatBytes(1.5 * 1024 ** 3)]).toEqual(["300 bytes", "1 MiB", "1.5 GiB"]);
  });
});

describe("notJsonReason", () => {
  const reason = (text: string) => {
    try {
      JSON.parse(text);
    } catch (err) {
      return notJsonReason(text, err);
    }
    throw new Error(`${text} is JSON`);
  };

  test("says where the text stops being JSON, and never quotes it", () => {
    const cases: Array<[string, string]> = [
      ["password=SECRET", "unexpected character (line 1, column 1)"],
      ['{"a": SECRET}', "unexpected character (line 1, column 7)"],
      ['{\n  "a": 1\n  "b": "SECRET"}', "expected ',' or '}' after property value (line 3, column 3)"],
      ['{"a": 1} SECRET', "unexpected non-whitespace character after the JSON (line 1, column 10)"],
      ['{"SECRET": "x', "unterminated string (line 1, column 14)"],
      ["  \n", "it is empty"],
      ["\ufeff{}", "it starts with a byte order mark (BOM), which JSON does not allow: save it without one"],
    ];
    for (const [text, expected] of cases) {
      expect({ text, reason: reason(text) }).toEqual({ text, reason: expected });
      expect(reason(text)).not.toContain("SECRET");
    }
  });

  test("finds where the text stops being JSON (the bad token's start), and nothing in JSON", () => {
    expect([jsonErrorOffset('{"a": [1, 2, {"b": NaN}]}'), jsonErrorOffset('["\\u12G4"]'), jsonErrorOffset('{"a": 01}'), jsonErrorOffset("[1,]")]).toEqual([19, 1, 7, 3]);
    for (const json of ["{}", '[1, -2.5e-3, "a\\n\\u00e9", true, false, null, {"k": []}]', " -0.0E+1 "]) expect(jsonErrorOffset(json)).toBe(-1);
    expect(jsonErrorOffset(`${"[".repeat(200000)}x`)).toBe(-1); // too deep to follow: no position, no crash
  });
});
