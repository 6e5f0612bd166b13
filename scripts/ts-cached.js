"use strict";
/**
 * Runs the npm scripts' TypeScript: `node -r ./scripts/ts-cached.js scripts/synth.ts`.
 *
 * A require hook that does what `ts-node --transpile-only` does (TypeScript's
 * transpileModule with tsconfig.json's compiler options, no type check: that is
 * `npx tsc --noEmit -p .`, `npm run build` and the tests) and keeps each file's
 * JavaScript in node_modules/.cache/casera-ts/, keyed by a hash of the file's
 * path and text, the TypeScript version, tsconfig.json and this file. A run
 * reads each .ts file, hashes it and loads the cached JavaScript; it transpiles,
 * and loads TypeScript at all, only for files that changed since they were last
 * run (every file on a fresh clone, a few seconds). The cache is safe to delete.
 *
 * Stack traces name the .ts files with the JavaScript's line numbers; run with
 * NODE_OPTIONS=--enable-source-maps to map them to TypeScript lines (each cached
 * file has its source map beside it). CASERA_TS_CACHE sets another cache folder.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const cacheDir = process.env.CASERA_TS_CACHE || path.join(root, "node_modules", ".cache", "casera-ts");
const tsconfigPath = path.join(root, "tsconfig.json");

/** Everything besides a file's own path and text that changes its JavaScript. */
const salt = [
  "casera-ts 1",
  fs.readFileSync(__filename, "utf8"),
  fs.readFileSync(require.resolve("typescript/package.json"), "utf8"),
  fs.readFileSync(tsconfigPath, "utf8"),
].join("\0");

let compiler; // { ts, compilerOptions }, loaded on the first cache miss

function loadCompiler() {
  if (compiler) return compiler;
  const ts = require("typescript");
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(`tsconfig.json: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    },
  });
  // As ts-node: no declarations or build info, a source map per file.
  const compilerOptions = { ...parsed.options, sourceMap: false, inlineSourceMap: true, inlineSources: true, declaration: false, declarationMap: false, noEmit: false, incremental: false, composite: false };
  for (const key of ["outDir", "outFile", "tsBuildInfoFile", "declarationDir", "emitDeclarationOnly"]) delete compilerOptions[key];
  compiler = { ts, compilerOptions };
  return compiler;
}

/** Writes `text` to `file` through a temporary name, so a concurrent run never reads half a file. */
function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/** The JavaScript for one .ts file, from the cache or transpiled now (and cached). */
function javascriptFor(filename) {
  const source = fs.readFileSync(filename, "utf8");
  const key = crypto.createHash("sha256").update(salt).update("\0").update(filename).update("\0").update(source).digest("hex");
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch (err) {
    if (err.code !== "ENOENT") throw err;
  }
  const { ts, compilerOptions } = loadCompiler();
  const out = ts.transpileModule(source, { fileName: filename, compilerOptions, reportDiagnostics: false });
  // The source map is inline (a data: URL), the form Node's --enable-source-maps follows for a module compiled from a string.
  const code = out.outputText;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    writeAtomically(cached, code);
  } catch {
    // A read-only cache only costs the next run the transpile again.
  }
  return code;
}

require.extensions[".ts"] = function loadTypeScript(module, filename) {
  module._compile(javascriptFor(filename), filename);
};
