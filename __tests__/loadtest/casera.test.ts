import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import {
  connectToArg,
  DEFAULT_THRESHOLDS,
  evaluateStage,
  formatSummary,
  LoadTestOptions,
  main,
  parseCli,
  parseMix,
  planStages,
  plannedRequests,
  runLoadTest,
  targetSequence,
  verdict,
} from "../../loadtest/casera";
import { vegetaPath } from "../../scripts/toolchain-paths";
import { describeWith, repoRoot, tool } from "../helpers/tools";

/**
 * loadtest/casera.ts: the plan it makes and the thresholds it applies (pure),
 * then real vegeta runs of a second or two against servers this test starts on
 * 127.0.0.1: one that answers well, one that fails 1 request in 20, one that
 * is slow, one that gives up above a rate, one behind TLS.
 */

describe("load test plan and thresholds", () => {
  test("the ramp climbs per node to the plan's high estimate, with the plan's floor as a step", () => {
    const stages = planStages({ baseUrl: "https://api.example.com", nodes: 3 });

    expect(stages.map((s) => [s.name, s.rate, s.seconds, s.evaluated])).toEqual([
      ["warm-up", 30, 10, false],
      ["ramp 300/s", 300, 30, true],
      ["ramp 750/s", 750, 30, true],
      ["ramp 1500/s", 1500, 30, true],
      ["ramp 3000/s", 3000, 30, true],
      ["ramp 4500/s", 4500, 30, true],
      ["ramp 6000/s", 6000, 30, true],
    ]);
    expect(plannedRequests(stages)).toBe(300 + 30 * (300 + 750 + 1500 + 3000 + 4500 + 6000));
  });

  test("a soak holds half the floor per node in one-minute segments", () => {
    const stages = planStages({ baseUrl: "https://api.example.com", profile: "soak", nodes: 1, soakMinutes: 2.5 });

    expect(stages.map((s) => [s.name, s.rate, s.seconds])).toEqual([
      ["warm-up", 50, 10],
      ["soak min 1", 500, 60],
      ["soak min 2", 500, 60],
      ["soak min 3", 500, 30],
    ]);
  });

  test("the bench measures latency at a fixed rate and throughput over fixed connections, bounded by its cap", () => {
    const stages = planStages({ baseUrl: "http://x", profile: "bench", rate: 100, workers: 8, benchSeconds: 3, benchMaxRate: 1000 });

    expect(stages).toEqual([
      { name: "warm-up", model: "open", rate: 25, seconds: 1, evaluated: false },
      { name: "latency", model: "open", rate: 100, seconds: 3, evaluated: true },
      { name: "throughput", model: "closed", rate: 1000, workers: 8, seconds: 3, evaluated: true },
    ]);
    expect(plannedRequests(stages)).toBe(25 + 300 + 3000);
  });

  test("thresholds are the plan's: under 1% errors, p95 under 300 ms, 95% of the offered rate sent", () => {
    const open = { model: "open" as const, rate: 1000 };
    const ok = (m: { errorRate: number; p95Ms: number; sentRate: number }) => evaluateStage(open, { requests: 1000, ...m }, DEFAULT_THRESHOLDS).map((c) => [c.name, c.ok]);

    expect(ok({ errorRate: 0.0099, p95Ms: 299.9, sentRate: 950 })).toEqual([["errors", true], ["p95", true], ["kept up", true]]);
    expect(ok({ errorRate: 0.01, p95Ms: 300, sentRate: 949 })).toEqual([["errors", false], ["p95", false], ["kept up", false]]);
    expect(evaluateStage({ model: "closed", rate: 1000 }, { requests: 10, errorRate: 0, p95Ms: 1, sentRate: 10 }, DEFAULT_THRESHOLDS).map((c) => c.name)).toEqual(["errors", "p95"]);
    expect(evaluateStage(open, { requests: 0, errorRate: 1, p95Ms: 0, sentRate: 0 }, DEFAULT_THRESHOLDS)[0]).toEqual({ name: "errors", ok: false, detail: "no requests were sent" });
  });

  test("the ramp's capacity is the last step before the first failure, judged against the floor for the node count", () => {
    const step = (rate: number, passed: boolean) => ({ name: `ramp ${rate}/s`, rate, evaluated: true, passed, throughput: rate, model: "open" as const });

    const below = verdict("ramp", 3, [step(300, true), step(750, true), step(1500, true), step(3000, false), step(4500, true)]);
    const met = verdict("ramp", 3, [step(1500, true), step(3000, true), step(4500, false)]);
    const none = verdict("ramp", 1, [step(100, false)]);

    expect([below.capacity, below.passed]).toEqual([1500, false]);
    expect(below.lines[0]).toContain("below the plan's estimate");
    expect([met.capacity, met.passed]).toEqual([3000, true]);
    expect(met.lines).toEqual(["capacity: 3,000 req/s held every threshold (1,000 per node for 3 nodes): within the plan's estimate of 1,000-2,000 per node", "plan floor 3,000 req/s for 3 nodes: PASS"]);
    expect([none.capacity, none.passed]).toEqual([0, false]);
  });

  test("the mix spreads writes and health checks among the reads", () => {
    expect(targetSequence({ health: 1, read: 7, write: 2 }).join(" ")).toBe("read write read read health read read write read read");
    expect(targetSequence({ health: 0, read: 1, write: 1 })).toEqual(["write", "read"]);
    expect(() => targetSequence({ health: 0, read: 0, write: 0 })).toThrow(/at least one/);
  });

  test("connections go elsewhere only as written, and TLS checks are skipped only by the flag", () => {
    expect(connectToArg("api.example.com:443=203.0.113.5:443")).toBe("api.example.com:443:203.0.113.5:443");
    expect(() => connectToArg("api.example.com=203.0.113.5")).toThrow(/host:port=address:port/);

    const env = { BASE_URL: "https://api.example.com", CASERA_LOADTEST_AUTHORIZATION: "Token abc", INSECURE: "1", K6_INSECURE_SKIP_TLS_VERIFY: "true" };
    expect(parseCli([], env)).toMatchObject({ baseUrl: "https://api.example.com", profile: "ramp", insecureSkipTlsVerify: false, authorization: "Token abc", keepalive: true });
    expect(parseCli(["--insecure", "--profile", "bench", "--no-keepalive"], env)).toMatchObject({ insecureSkipTlsVerify: true, profile: "bench", keepalive: false });
    expect(() => parseCli([], {})).toThrow(/--base-url or BASE_URL/);
    expect(() => parseCli(["--profile", "spike"], env)).toThrow(/ramp, soak or bench/);
  });

  describe("bad arguments are refused before anything runs, naming the option, the value and what is allowed", () => {
    const env = { BASE_URL: "https://api.example.com" };
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casera-loadtest-args-"));
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const notPem = path.join(tmp, "not.pem");
    fs.writeFileSync(notPem, "hello\n");
    // A CA bundle with a private key pasted in (the certificate block is not a real one: the key check comes first).
    const withKey = path.join(tmp, "with-key.pem");
    fs.writeFileSync(withKey, "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n");
    /** A folder as a regular expression matches it. */
    const re = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    // Where npm was run from: relative file names are taken from here, not from the package folder.
    const fromTmp = { ...env, INIT_CWD: tmp };
    const cases: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
      ["a scheme other than http(s)", ["--base-url", "ftp://api.example.com"], {}, /--base-url must be an http:\/\/ or https:\/\/ URL .*got "ftp:\/\/api.example.com"/],
      ["a URL without a scheme, from BASE_URL", [], { BASE_URL: "api.example.com" }, /BASE_URL must be .*got "api.example.com" \(did you mean https:\/\/api.example.com\?\)/],
      ["text that is no URL gets no guessed scheme", [], { BASE_URL: "not a url" }, /BASE_URL must be an http:\/\/ or https:\/\/ URL .*; got "not a url"$/],
      ["credentials in the URL", ["--base-url", "https://u:secret@api.example.com"], {}, /must not carry credentials.*CASERA_LOADTEST_AUTHORIZATION/],
      ["a query string", ["--base-url", "https://api.example.com/v1?x=1"], {}, /without a query string.*--read-path/],
      ["fractional nodes", ["--nodes", "1.5"], env, /--nodes must be a whole number from 1 to 100 .*got "1.5"/],
      ["a non-number", ["--nodes", "three"], env, /--nodes must be a whole number from 1 to 100 \(the nodes behind the URL\), written in plain decimal digits; got "three"/],
      ["a hexadecimal node count", ["--nodes", "0x3"], env, /--nodes must be a whole number from 1 to 100 \(the nodes behind the URL\), written in plain decimal digits; got "0x3"/],
      ["a node count with an exponent", ["--nodes", "1e3"], env, /--nodes must be a whole number from 1 to 100 .*plain decimal digits; got "1e3"/],
      ["a negative node count", ["--nodes", "-3"], env, /--nodes must be a whole number from 1 to 100 \(the nodes behind the URL\); got "-3": a negative value is not allowed/],
      ["a negative value after =", ["--max-requests=-1"], env, /--max-requests must be a whole number from 1 to \d+ .*; got "-1": a negative value is not allowed/],
      ["more nodes than the maximum", ["--nodes", "101"], env, /--nodes must be a whole number from 1 to 100 .*; got "101"/],
      ["a rate with an exponent", ["--profile", "soak", "--rate", "1e3"], env, /--rate must be a whole number from 1 to 50000 .*plain decimal digits; got "1e3"/],
      ["a hexadecimal threshold", ["--p95-ms", "0x12c"], env, /--p95-ms must be a number of milliseconds > 0, written in plain decimal notation \(e.g. 300 or 2.5\); got "0x12c"/],
      ["a negative threshold", ["--p95-ms", "-5"], env, /--p95-ms must be .*; got "-5": a negative value is not allowed/],
      ["stage seconds above the maximum", ["--stage-seconds", "86400"], env, /--stage-seconds must be a number from 1 to 3600 \(seconds\); got "86400"/],
      ["a fractional rate", ["--profile", "soak", "--rate", "2.5"], env, /--rate must be a whole number from 1 to 50000 \(requests per second; vegeta takes whole numbers\), written in plain decimal digits; got "2.5"/],
      ["a fractional top rate", ["--max-rate-per-node", "10.5"], env, /--max-rate-per-node must be a whole number/],
      ["a mix weight that is not a number", ["--mix", "health=x"], env, /--mix weights must be whole numbers >= 0 .*health="x"/],
      ["a NaN mix weight", ["--mix", "read=NaN"], env, /--mix weights must be whole numbers/],
      ["a mix of zeros", ["--mix", "health=0,read=0"], env, /--mix needs at least one weight above 0/],
      ["an unknown mix kind", ["--mix", "delete=1"], env, /--mix knows the kinds health, read and write; got "delete"/],
      ["a mix kind twice", ["--mix", "read=1,read=2"], env, /got read twice/],
      ["a garbled --connect-to", ["--connect-to", "garbage"], env, /--connect-to wants host:port=address:port .*got "garbage"/],
      ["the same --connect-to twice", ["--connect-to", "api.example.com:443=203.0.113.5:443", "--connect-to", "API.example.com:443:203.0.113.5:443"], env, /--connect-to "API.example.com:443:203.0.113.5:443" repeats "api.example.com:443=203.0.113.5:443": that node would get twice the others' share; give each node once/],
      ["a --connect-to port out of range", ["--connect-to", "api.example.com:443=203.0.113.5:70000"], env, /ports 1-65535/],
      ["a --connect-to address that is no IPv4 address", ["--connect-to", "api.example.com:443=999.1.1.1:9"], env, /--connect-to wants host:port=address:port .*got "api.example.com:443=999.1.1.1:9" \(999.1.1.1 is not a valid IPv4 address/],
      ["a --connect-to address that is no host name", ["--connect-to", "api.example.com:443=bad_host.example.com:443"], env, /--connect-to .*got "api.example.com:443=bad_host.example.com:443" \(bad_host.example.com is not a valid host name/],
      ["an IPv6 --connect-to address", ["--connect-to", "api.example.com:443=[2001:db8::1]:443"], env, /--connect-to .*\(2001:db8::1 is an IPv6 address, which vegeta's -connect-to cannot take .*a host name that resolves to it\)/],
      ["a malformed IPv6 --connect-to address", ["--connect-to", "api.example.com:443=[2001:db8::zz]:443"], env, /--connect-to .*\(\[2001:db8::zz\] is not a valid IPv6 address\)/],
      ["a --connect-to port 0", ["--connect-to", "api.example.com:443=203.0.113.5:0"], env, /ports 1-65535.*got "api.example.com:443=203.0.113.5:0"/],
      ["a --connect-to for another host", ["--connect-to", "admin.example.com:443=203.0.113.5:443"], env, /must map where BASE_URL connects, api.example.com:443 .*would never apply/],
      ["a missing --ca file", ["--ca", path.join(tmp, "missing.pem")], env, /--ca must be a readable PEM file .*\(no such file\)/],
      ["a --ca file that is not PEM", ["--ca", notPem], env, /--ca must be a PEM file of CA certificates.*no -----BEGIN CERTIFICATE-----/],
      ["--ca with --insecure", ["--ca", notPem, "--insecure"], env, /--ca and --insecure cannot go together: --insecure accepts any certificate, so --ca .* would never be checked; drop --insecure/],
      ["a --ca file holding a private key", ["--ca", withKey], env, /--ca must hold only CA certificates, never a private key; got ".*with-key.pem" \(it holds a "PRIVATE KEY" block\)/],
      ["a relative --ca, from where npm was run", ["--ca", "missing.pem"], fromTmp, new RegExp(`--ca must be a readable PEM file of CA certificates; got "missing.pem", at ${re(path.join(tmp, "missing.pem"))} \\(no such file\\)`)],
      ["a relative --write-body @file", ["--write-body", "@missing.json"], fromTmp, new RegExp(`--write-body @FILE must name a readable file of JSON; got "missing.json", at ${re(path.join(tmp, "missing.json"))} \\(no such file\\)`)],
      ["a relative --summary-json", ["--summary-json", "sub/s.json"], fromTmp, new RegExp(`--summary-json must be a writable file.*; got "sub/s.json", at ${re(path.join(tmp, "sub", "s.json"))} \\(folder ${re(path.join(tmp, "sub"))} does not exist\\)`)],
      ["a relative --out", ["--out", "not.pem/raw"], fromTmp, new RegExp(`--out must be a folder .*; got "not.pem/raw", at ${re(path.join(tmp, "not.pem", "raw"))} \\(${re(notPem)} is a file\\)`)],
      ["a read path without its slash, with a space and letters to encode", ["--read-path", "api items/ünï"], env, /--read-path must be a path on the base URL's host: .*; got "api items\/ünï": it does not start with \/, it contains whitespace, it contains characters to percent-encode \(e.g. "\/api%20items\/%C3%BCn%C3%AF"\)/],
      ["a read path with a space", ["--read-path", "/api/items /"], env, /--read-path must be a path .*; got "\/api\/items \/": it contains whitespace \(e.g. "\/api\/items%20\/"\)/],
      ["a full URL as a path", ["--write-path", "https://other.example.com/api/tasks/"], env, /--write-path must be a path .*; got "https:\/\/other.example.com\/api\/tasks\/": a scheme and host belong in BASE_URL/],
      ["a host as a path", ["--health-path", "//other.example.com/api/health/"], env, /--health-path must be a path .*; got "\/\/other.example.com\/api\/health\/": a scheme and host belong in BASE_URL/],
      ["--ca with plain HTTP", ["--base-url", "http://api.example.com", "--ca", notPem], {}, /--ca applies only to an https:\/\/ URL/],
      ["--insecure with plain HTTP", ["--base-url", "http://api.example.com", "--insecure"], {}, /--insecure applies only to an https:\/\/ URL/],
      ["--summary-json in a missing folder", ["--summary-json", path.join(tmp, "missing", "s.json")], env, /--summary-json must be a writable file.*does not exist/],
      ["--summary-json naming a folder", ["--summary-json", tmp], env, /--summary-json must be a writable file.*\(it is a folder\)/],
      ["--out under a file", ["--out", path.join(notPem, "raw")], env, /--out must be a folder .*is a file/],
      ["--summary-json where no file can be made, although root may write there", ["--summary-json", "/proc/casera-loadtest-summary.json"], env, /--summary-json must be a writable file.*; got "\/proc\/casera-loadtest-summary\.json" \((cannot open it for writing|folder \/proc is not writable)/],
      ["--out where no folder can be made (Node's recursive mkdir spun forever under /proc)", ["--out", "/proc/casera-loadtest-out"], env, /--out must be a folder .*; got "\/proc\/casera-loadtest-out" \(cannot make \/proc\/casera-loadtest-out: /],
      ["--minutes with the ramp profile", ["--minutes", "5"], env, /--minutes applies to --profile soak only; got it with --profile ramp, where it would do nothing/],
      ["--workers with the soak profile", ["--profile", "soak", "--workers", "8"], env, /--workers applies to --profile bench only; got it with --profile soak/],
      ["--rate with the ramp profile", ["--rate", "50"], env, /--rate applies to --profile soak and bench only; got it with --profile ramp/],
      ["--no-abort with the bench profile", ["--profile", "bench", "--no-abort"], env, /--no-abort applies to --profile ramp only/],
      ["an option given twice", ["--nodes", "3", "--nodes", "5"], env, /--nodes is given twice; give it once \(only --connect-to and --ca repeat\)/],
      ["a URL with no host after //", [], { BASE_URL: "http:///api" }, /BASE_URL must be an http:\/\/ or https:\/\/ URL with a host right after the \/\/ .*; got "http:\/\/\/api"/],
      ["a URL with a port above 65535", [], { BASE_URL: "https://api.example.com:99999/v1" }, /BASE_URL must name a port from 1 to 65535, or none for the scheme's own; got "https:\/\/api.example.com:99999\/v1"/],
      ["a write body that is a JSON string", ["--write-body", '"str"'], env, /--write-body must be a JSON object or array, the body the API's write takes .*; got "\\"str\\"", a JSON string/],
      ["a URL with port 0", [], { BASE_URL: "https://api.example.com:0" }, /BASE_URL must name a port from 1 to 65535, or none for the scheme's own; got "https:\/\/api.example.com:0"/],
      ["an empty --out (it would be the folder npm ran from)", ["--out", ""], fromTmp, /--out needs a value; got "": give one, or leave the option out/],
      ["a blank --out", ["--out=  "], fromTmp, /--out needs a value; got "  "/],
      ["an empty --vegeta", ["--vegeta", ""], env, /--vegeta needs a value; got ""/],
      ["an empty --summary-json", ["--summary-json", ""], env, /--summary-json needs a value; got ""/],
      ["a blank CASERA_VEGETA", [], { ...env, CASERA_VEGETA: " " }, /CASERA_VEGETA must name the vegeta binary; got " ": unset it/],
      ["--write-body @missing", ["--write-body", `@${path.join(tmp, "missing.json")}`], env, /--write-body @FILE must name a readable file of JSON; .*\(no such file\)/],
      ["--write-body that is not JSON", ["--write-body", "{name:1}"], env, /--write-body must be JSON/],
      ["--max-error-pct above 100", ["--max-error-pct", "150"], env, /--max-error-pct must be a percentage from 0 to 100; got "150"/],
      ["a plan above --max-requests", ["--max-requests", "10"], env, /could send \d+ requests, more than --max-requests 10: raise --max-requests/],
      ["a --vegeta that is not vegeta", ["--vegeta", "/bin/true"], env, /--vegeta must be the vegeta binary; got "\/bin\/true"/],
      ["a --vegeta that does not exist", ["--vegeta", path.join(tmp, "vegeta")], env, /--vegeta must be the vegeta binary .*\(no such file\)/],
      ["a --vegeta that is a folder", ["--vegeta", tmp], env, new RegExp(`--vegeta must be the vegeta binary \\(an executable file\\); got "${re(tmp)}", which is a folder: give the path to the vegeta binary itself$`)],
      ["a relative CASERA_VEGETA that is a folder", [], { ...fromTmp, CASERA_VEGETA: "./" }, new RegExp(`CASERA_VEGETA must be the vegeta binary \\(an executable file\\); got "./", at ${re(tmp)}, which is a folder: give the path`)],
    ];
    test.each(cases)("%s", (_name, argv, environment, message) => {
      expect(() => parseCli(argv, environment)).toThrow(message);
    });

    test("a --ca file's private key is never printed", () => {
      expect(() => parseCli(["--ca", withKey], env)).toThrow(/never a private key/);
      expect(() => parseCli(["--ca", withKey], env)).not.toThrow(/SECRETKEYMATERIAL/);
    });

    test("a --write-body @FILE that is not JSON is named, with where it stops being JSON, and none of it is quoted", () => {
      const body = path.join(tmp, "body.txt");
      fs.writeFileSync(body, "password=hunter2-SECRET\n");
      const string = path.join(tmp, "string.json");
      fs.writeFileSync(string, '"SECRET-TOKEN"');

      expect(() => parseCli(["--write-body", `@${body}`], env)).toThrow(`--write-body @FILE must name a file of JSON; got ${JSON.stringify(body)}, which is not JSON: unexpected character (line 1, column 1)`);
      expect(() => parseCli(["--write-body", `@${string}`], env)).toThrow(/--write-body must be a JSON object or array, .*; got @".*string\.json", which holds a JSON string$/);
      for (const file of [body, string]) expect(() => parseCli(["--write-body", `@${file}`], env)).not.toThrow(/SECRET|hunter2/);
    });

    test("a --write-body @FILE or --ca that is not a regular file, or larger than 1 MiB, is refused before it is read", () => {
      const big = path.join(tmp, "big.json");
      fs.writeFileSync(big, "");
      fs.truncateSync(big, 2 * 1024 * 1024);

      // The big file first: before the limit, /dev/zero was read until memory ran out.
      expect(() => parseCli(["--write-body", `@${big}`], env)).toThrow(`--write-body @FILE must name a regular file of at most 1 MiB (the JSON body); got ${JSON.stringify(big)} (it is 2 MiB, more than the 1 MiB allowed)`);
      expect(() => parseCli(["--ca", big], env)).toThrow(`--ca must be a regular file of at most 1 MiB (PEM, CA certificates only); got ${JSON.stringify(big)} (it is 2 MiB, more than the 1 MiB allowed)`);
      expect(() => parseCli(["--write-body", "@/dev/zero"], env)).toThrow('--write-body @FILE must name a regular file of at most 1 MiB (the JSON body); got "/dev/zero" (it is a character device, not a regular file)');
      expect(() => parseCli(["--ca", "/dev/zero"], env)).toThrow('--ca must be a regular file of at most 1 MiB (PEM, CA certificates only); got "/dev/zero" (it is a character device, not a regular file)');
      expect(() => parseCli(["--ca", tmp], env)).toThrow(`--ca must be a regular file of at most 1 MiB (PEM, CA certificates only); got ${JSON.stringify(tmp)} (it is a folder)`);
      const fifo = path.join(tmp, "fifo");
      if (spawnSync("mkfifo", [fifo]).status === 0) {
        // A named pipe with no writer would block the read for good.
        expect(() => parseCli(["--write-body", `@${fifo}`], env)).toThrow(`got ${JSON.stringify(fifo)} (it is a named pipe, not a regular file)`);
      }
    });

    test("a --vegeta folder that holds vegeta is pointed at the binary in it", () => {
      const bin = path.join(tmp, "bin");
      fs.mkdirSync(bin, { recursive: true });
      fs.writeFileSync(path.join(bin, "vegeta"), "#!/bin/sh\n", { mode: 0o755 });
      expect(() => parseCli(["--vegeta", bin], env)).toThrow(`got ${JSON.stringify(bin)}, which is a folder: give the path to the vegeta binary itself, e.g. ${path.join(bin, "vegeta")}`);
    });

    test("relative file names are taken from where npm was run (INIT_CWD), else from the current folder", () => {
      fs.writeFileSync(path.join(tmp, "body.json"), '{"title":"from INIT_CWD"}');
      expect(parseCli(["--write-body", "@body.json"], fromTmp)).toMatchObject({ writeBody: '{"title":"from INIT_CWD"}', cwd: tmp });
      expect(parseCli([], env).cwd).toBe(process.cwd());
    });

    test("a negative number gets our message, not parseArgs's 'ambiguous', and no stack trace", async () => {
      const lines: string[] = [];
      const spy = jest.spyOn(console, "error").mockImplementation((line: unknown) => void lines.push(String(line)));
      const saved = process.env.BASE_URL;
      process.env.BASE_URL = "https://api.example.com";
      try {
        expect(await main(["--nodes", "-3"])).toBe(2);
      } finally {
        spy.mockRestore();
        if (saved === undefined) delete process.env.BASE_URL;
        else process.env.BASE_URL = saved;
      }
      expect(lines[0]).toBe('loadtest: --nodes must be a whole number from 1 to 100 (the nodes behind the URL); got "-3": a negative value is not allowed');
      expect(lines.join("\n")).not.toMatch(/ambiguous|\n\s+at /);
    });

    test("the command line exits 2 with the message before it prints its plan", async () => {
      const lines: string[] = [];
      const spy = jest.spyOn(console, "error").mockImplementation((line: unknown) => void lines.push(String(line)));
      const saved = process.env.BASE_URL;
      process.env.BASE_URL = "https://api.example.com";
      try {
        expect(await main(["--profile", "soak", "--rate", "2.5"])).toBe(2);
      } finally {
        spy.mockRestore();
        if (saved === undefined) delete process.env.BASE_URL;
        else process.env.BASE_URL = saved;
      }
      expect(lines[0]).toMatch(/^loadtest: --rate must be a whole number/);
      expect(lines.join("\n")).not.toMatch(/stages, .* s, at most/);
    });

    test("a library caller's odd values are refused the same way", async () => {
      await expect(runLoadTest({ baseUrl: "https://api.example.com", profile: "soak", rate: 2.5, vegeta: "/nonexistent" })).rejects.toThrow(/--rate must be a whole number/);
      await expect(runLoadTest({ baseUrl: "https://api.example.com", outDir: "", vegeta: "/nonexistent" })).rejects.toThrow(/--out \(outDir\) must name a folder; got ""/);
    });

    test("good values pass: a mix with kinds left out, a path prefix, a mapping in vegeta's own form", () => {
      expect(parseMix("read=3, write=1")).toEqual({ health: 0, read: 3, write: 1 });
      expect(parseCli(["--base-url", "https://API.example.com/v1/", "--connect-to", "api.example.com:443:203.0.113.5:443", "--nodes", "1"], {})).toMatchObject({ nodes: 1, connectTo: ["api.example.com:443:203.0.113.5:443"] });
      expect(parseCli(["--connect-to", "api.example.com:443=origin-1.example.net:443", "--connect-to=api.example.com:443=203.0.113.5:8443", "--nodes", "007", "--profile", "soak", "--minutes", "2.5"], env)).toMatchObject({ nodes: 7, soakMinutes: 2.5 });
      expect(parseCli(["--read-path", "/api/items/?page=1&q=caf%C3%A9", "--write-path", "/api/tasks/"], env)).toMatchObject({ readPath: "/api/items/?page=1&q=caf%C3%A9" });
    });
  });
});

// ---------------------------------------------------------------------------

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

interface Seen {
  method: string;
  url: string;
  host: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

/** An HTTP(S) server on 127.0.0.1 that records what it was sent. */
async function startServer(handler: Handler, tls?: { key: string; cert: string }): Promise<{ url: string; port: number; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, host: req.headers.host ?? "", authorization: req.headers.authorization, contentType: req.headers["content-type"], body });
      handler(req, body, res);
    });
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
};
const healthy: Handler = (req, _body, res) => json(res, req.method === "POST" ? 201 : 200, { ok: true });

/** A short bench: 1 s of warm-up at 10/s, 1 s at 40/s, 1 s over 4 connections capped at 400/s. */
const shortBench = (baseUrl: string, extra: Partial<LoadTestOptions> = {}): LoadTestOptions => ({
  baseUrl,
  profile: "bench",
  nodes: 1,
  rate: 40,
  workers: 4,
  benchSeconds: 1,
  benchMaxRate: 400,
  maxRequests: 1000,
  ...extra,
});

const vegeta = vegetaPath();

describeWith([{ ok: vegeta !== undefined, why: "vegeta is not built (npm run toolchain, or bash scripts/toolchain.sh --tools)" }], "load test runs against local servers", () => {
  jest.setTimeout(60000);

  test("sends the mix with its headers and body, stays within its bounds and passes against a healthy API", async () => {
    const server = await startServer(healthy);
    try {
      const summary = await runLoadTest(shortBench(`${server.url}/v1`, { authorization: "Token test-secret-value", writeBody: '{"title":"bench"}' }));

      const sent = server.seen.length;
      expect(sent).toBe(summary.stages.reduce((n, s) => n + s.requests, 0));
      expect(sent).toBeGreaterThan(50);
      expect(sent).toBeLessThanOrEqual(summary.plannedRequests);
      const count = (m: string, u: string) => server.seen.filter((s) => s.method === m && s.url === u).length;
      // 1:7:2, give or take the last partial round of the mix in each stage.
      expect(Math.abs(count("GET", "/v1/api/static_data/") - 0.7 * sent)).toBeLessThanOrEqual(3 * 7);
      expect(Math.abs(count("POST", "/v1/api/tasks/") - 0.2 * sent)).toBeLessThanOrEqual(3 * 2);
      expect(Math.abs(count("GET", "/v1/api/health/") - 0.1 * sent)).toBeLessThanOrEqual(3);
      expect(server.seen.every((s) => s.authorization === "Token test-secret-value")).toBe(true);
      expect(server.seen.filter((s) => s.method === "POST").every((s) => s.body === '{"title":"bench"}' && s.contentType === "application/json")).toBe(true);

      expect(summary.passed).toBe(true);
      expect(summary.stages.map((s) => [s.name, s.evaluated, s.passed, s.errorRate])).toEqual([
        ["warm-up", false, true, 0],
        ["latency", true, true, 0],
        ["throughput", true, true, 0],
      ]);
      expect(summary.stages[1].requests).toBe(40);
      expect(summary.stages[1].latencyMs.p50).toBeGreaterThan(0);
      expect(summary.stages[1].latencyMs.p50).toBeLessThanOrEqual(summary.stages[1].latencyMs.p95);
      expect(summary.stages[1].latencyMs.p95).toBeLessThanOrEqual(summary.stages[1].latencyMs.p99);
      expect(summary.stages[2].endpoints.map((e) => [e.method, e.path]).sort()).toEqual([["GET", "/api/health/"], ["GET", "/api/static_data/"], ["POST", "/api/tasks/"]]);
      expect(summary.stages[2].throughput).toBeGreaterThan(100);
      expect(summary.target).toBe(`${server.url}/v1`);

      const text = formatSummary(summary);
      expect(text).toMatch(/^casera load test: bench against http:\/\/127\.0\.0\.1:\d+\/v1 /);
      expect(text).toMatch(/\nlatency +40\/s +\d+ +40 +0\.00% .* ok\n/);
      expect(text).toContain("status codes: 200 x");
      expect(text).toContain("201 x");
      expect(text).toMatch(/\nresult: PASS\n$/);
      expect(text + JSON.stringify(summary)).not.toContain("test-secret-value");
    } finally {
      await server.close();
    }
  });

  test("fails the error threshold when 1 request in 20 fails", async () => {
    let n = 0;
    const server = await startServer((req, body, res) => (++n % 20 === 0 ? json(res, 500, { error: "boom" }) : healthy(req, body, res)));
    try {
      const summary = await runLoadTest(shortBench(server.url));

      const latency = summary.stages.find((s) => s.name === "latency")!;
      expect(latency.errorRate).toBeCloseTo(0.05, 2);
      expect(latency.checks.find((c) => c.name === "errors")).toMatchObject({ ok: false, detail: "errors 5.00% >= 1.00%" });
      expect(latency.checks.find((c) => c.name === "p95")!.ok).toBe(true);
      expect(summary.passed).toBe(false);
      expect(formatSummary(summary)).toMatch(/status codes: .*500 x \d+/);
      expect(formatSummary(summary)).toMatch(/\nresult: FAIL\n$/);
    } finally {
      await server.close();
    }
  });

  test("fails the p95 threshold when reads take 350 ms", async () => {
    const server = await startServer((req, body, res) => (req.url!.includes("static_data") ? setTimeout(() => healthy(req, body, res), 350) : healthy(req, body, res)));
    try {
      const summary = await runLoadTest(shortBench(server.url, { workers: 8 }));

      const latency = summary.stages.find((s) => s.name === "latency")!;
      expect(latency.errorRate).toBe(0);
      expect(latency.latencyMs.p95).toBeGreaterThanOrEqual(350);
      expect(latency.checks.map((c) => [c.name, c.ok])).toEqual([["errors", true], ["p95", false], ["kept up", true]]);
      const health = latency.endpoints.find((e) => e.name === "health")!;
      expect(health.latencyMs.p95).toBeLessThan(300);
      expect(summary.passed).toBe(false);
    } finally {
      await server.close();
    }
  });

  test("the ramp stops at the first step the API cannot hold and reports the step before it", async () => {
    // Refuses (503) whatever goes beyond 150 requests in the last second.
    const recent: number[] = [];
    const server = await startServer((req, body, res) => {
      const now = Date.now();
      recent.push(now);
      while (recent.length && recent[0] < now - 1000) recent.shift();
      if (recent.length > 150) json(res, 503, { error: "busy" });
      else healthy(req, body, res);
    });
    try {
      const summary = await runLoadTest({ baseUrl: server.url, nodes: 1, maxRatePerNode: 1000, stageSeconds: 2, maxRequests: 5000 });

      // Steps 100, 250, 500, 1000: 250 already crosses, so 500 and 1000 never run.
      expect(summary.stages.map((s) => [s.name, s.passed])).toEqual([
        ["warm-up", true],
        ["ramp 100/s", true],
        ["ramp 250/s", false],
      ]);
      expect(summary.capacity).toBe(100);
      expect(summary.passed).toBe(false);
      expect(summary.verdict[1]).toBe("plan floor 1,000 req/s for 1 node: FAIL");
    } finally {
      await server.close();
    }
  });

  test("the command line prints the summary, writes the JSON where npm was run from and exits 99 when a threshold is crossed", async () => {
    let n = 0;
    const server = await startServer((req, body, res) => (++n % 10 === 0 ? json(res, 502, {}) : healthy(req, body, res)));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-loadtest-cli-"));
    // As `npm run` does: the script runs in the package folder, INIT_CWD says where the user was.
    const pkg = path.join(dir, "package");
    const user = path.join(dir, "user");
    fs.mkdirSync(pkg);
    fs.mkdirSync(user);
    try {
      const args = ["--profile", "bench", "--nodes", "1", "--rate", "40", "--workers", "2", "--seconds", "1", "--max-requests", "30000", "--summary-json", "summary.json", "--out", "raw"];
      const cli = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(repoRoot, "loadtest", "casera.ts"), ...args], {
          cwd: pkg,
          env: { ...process.env, BASE_URL: server.url, CASERA_VEGETA: vegeta, INIT_CWD: user, TS_NODE_PROJECT: path.join(repoRoot, "tsconfig.json") },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
      });

      expect(cli.status).toBe(99);
      expect(cli.stdout).toMatch(/\nlatency +40\/s .* FAIL: errors 10\.00% >= 1\.00%\n/);
      expect(cli.stderr).toMatch(/bench against http:\/\/127\.0\.0\.1:\d+: 3 stages, 3 s, at most 20,050 requests/);
      expect(fs.existsSync(path.join(pkg, "summary.json"))).toBe(false);
      const written = JSON.parse(fs.readFileSync(path.join(user, "summary.json"), "utf8"));
      expect(written).toMatchObject({ profile: "bench", passed: false, thresholds: { maxErrorRate: 0.01, p95Ms: 300 } });
      // A given --out is the user's: kept with vegeta's results, nothing else of theirs touched, no targets file (it holds the Authorization header) left.
      const raw = fs.readdirSync(path.join(user, "raw"));
      expect(raw.length).toBeGreaterThan(0);
      expect(raw.filter((f) => f.startsWith(".targets-"))).toEqual([]);
      expect(fs.existsSync(path.join(user, "summary.json"))).toBe(true);
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a target that never answers could not be tested: exit 1 at the warm-up, quoting vegeta's first error", async () => {
    // Accepts each connection and closes it at once: no request gets an HTTP answer.
    let connections = 0;
    const dead = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    const lines: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((line: unknown) => void lines.push(String(line)));
    const out = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    const saved = process.env.BASE_URL;
    process.env.BASE_URL = url;
    let status: number;
    try {
      // Warm-up: 1 s at 10 req/s; then 100 req/s for 1 s, which must never start.
      status = await main(["--nodes", "1", "--stage-seconds", "1", "--max-rate-per-node", "100", "--max-requests", "1000"]);
    } finally {
      spy.mockRestore();
      out.mockRestore();
      if (saved === undefined) delete process.env.BASE_URL;
      else process.env.BASE_URL = saved;
      await new Promise<void>((resolve) => dead.close(() => resolve()));
    }
    const text = lines.join("\n");
    expect(status).toBe(1);
    expect(out).not.toHaveBeenCalled();
    expect(text).toMatch(new RegExp(`loadtest: could not run: ${url.replace(/[.]/g, "\\.")} never answered: none of the warm-up's \\d+ requests got an HTTP response .*; vegeta's first error: ".+"`));
    expect(text).not.toMatch(/ramp 100\/s:|capacity|threshold crossed/);
    expect(connections).toBeGreaterThan(0);
    expect(connections).toBeLessThanOrEqual(20);
  });

  test("refuses to start a profile that could send more than --max-requests", async () => {
    await expect(runLoadTest({ baseUrl: "http://127.0.0.1:9", nodes: 3, maxRequests: 1000 })).rejects.toThrow(/could send 481800 requests, more than --max-requests 1000/);
  });
});

describeWith([{ ok: vegeta !== undefined, why: "vegeta is not built (npm run toolchain)" }, tool("openssl")], "load test over TLS", () => {
  jest.setTimeout(60000);
  let dir: string;
  let tls: { key: string; cert: string };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "casera-loadtest-tls-"));
    const made = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=api.casera.test", "-addext", "subjectAltName=DNS:api.casera.test"], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(made.stderr);
    tls = { key: fs.readFileSync(path.join(dir, "key.pem"), "utf8"), cert: fs.readFileSync(path.join(dir, "cert.pem"), "utf8") };
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("refuses a --ca file that holds the private key too, and --ca with --insecure", () => {
    const bundle = path.join(dir, "cert-and-key.pem");
    fs.writeFileSync(bundle, tls.cert + tls.key);
    const env = { BASE_URL: "https://api.casera.test" };
    const keyBody = tls.key.split("\n")[1];

    expect(() => parseCli(["--ca", path.join(dir, "cert.pem")], env)).not.toThrow();
    expect(() => parseCli(["--ca", bundle], env)).toThrow(/--ca must hold only CA certificates, never a private key; got ".*cert-and-key.pem" \(it holds a "PRIVATE KEY" block\)/);
    expect(() => parseCli(["--ca", bundle], env)).not.toThrow(keyBody);
    expect(() => parseCli(["--ca", path.join(dir, "cert.pem"), "--insecure"], env)).toThrow(/--ca and --insecure cannot go together/);
  });

  test("reaches a host name through --connect-to, trusts the given CA, and fails on an unknown certificate unless --insecure", async () => {
    const server = await startServer(healthy, tls);
    try {
      const base = `https://api.casera.test:${server.port}`;
      const connectTo = [`api.casera.test:${server.port}=127.0.0.1:${server.port}`];

      // The CA file and the output folder relative to `cwd` (the command line: where npm was run).
      const trusted = await runLoadTest(shortBench(base, { connectTo, caFiles: ["cert.pem"], outDir: "raw", cwd: dir }));
      const seenTrusted = server.seen.length;
      const unknown = runLoadTest(shortBench(base, { connectTo }));
      await expect(unknown).rejects.toThrow(/never answered: none of the warm-up's \d+ requests got an HTTP response .*; vegeta's first error: ".*certificate/);
      const insecure = await runLoadTest(shortBench(base, { connectTo, insecureSkipTlsVerify: true }));

      expect(trusted.passed).toBe(true);
      expect(seenTrusted).toBeGreaterThan(0);
      expect(fs.readdirSync(path.join(dir, "raw")).filter((f) => f.endsWith(".bin"))).toHaveLength(3);
      expect(new Set(server.seen.map((s) => s.host))).toEqual(new Set([`api.casera.test:${server.port}`]));
      expect(insecure.passed).toBe(true);
    } finally {
      await server.close();
    }
  });
});
