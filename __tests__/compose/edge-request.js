// One HTTP/1.1 request to the edge proxy, run inside the client namespace:
// from a chosen source address, optionally opened with a PROXY protocol v1
// header that claims another client, optionally over TLS with SNI. curl 7.88
// cannot put a chosen address in the PROXY header, hence this script.
// Input (stdin, JSON): { address, port, localAddress, proxy?: { client, clientPort? },
//   tls?: { servername, ca }, host, path, headers? }
// Output (stdout, JSON): { status, location, body } or { error }.
"use strict";
const net = require("net");
const tls = require("tls");

const req = JSON.parse(require("fs").readFileSync(0, "utf8"));
const done = (result) => {
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
};
setTimeout(() => done({ error: "timeout" }), 8000).unref();

const socket = net.connect({ host: req.address, port: req.port, localAddress: req.localAddress }, () => {
  if (req.proxy) {
    const family = net.isIP(req.proxy.client) === 6 ? "TCP6" : "TCP4";
    socket.write(`PROXY ${family} ${req.proxy.client} ${req.address} ${req.proxy.clientPort ?? 40000} ${req.port}\r\n`);
  }
  const stream = req.tls ? tls.connect({ socket, servername: req.tls.servername, ca: req.tls.ca }) : socket;
  const send = () => {
    const headers = { Host: req.host, Connection: "close", ...(req.headers ?? {}) };
    stream.write(`GET ${req.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`);
  };
  if (req.tls) stream.once("secureConnect", send);
  else send();
  const chunks = [];
  stream.on("data", (c) => chunks.push(c));
  stream.on("end", () => {
    const text = Buffer.concat(chunks).toString("utf8");
    const [head, ...rest] = text.split("\r\n\r\n");
    const status = Number((/^HTTP\/1\.[01] (\d{3})/.exec(head) ?? [])[1] ?? 0);
    const location = (/^location: (.*)$/im.exec(head) ?? [])[1] ?? null;
    done(status ? { status, location, body: rest.join("\r\n\r\n") } : { error: `no HTTP answer (${JSON.stringify(text.slice(0, 80))})` });
  });
  stream.on("error", (err) => done({ error: err.message }));
});
socket.on("error", (err) => done({ error: err.message }));
