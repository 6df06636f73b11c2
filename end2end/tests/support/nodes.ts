// Roster server processes: the run's own (server.ts) and extra nodes a test starts itself
// (several nodes on one PostgreSQL database, a node killed and restarted).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

export const root = resolve(__dirname, "../../..");
export const serverBin = () => process.env.ROSTER_BIN ?? join(root, "target/debug/server");

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

export async function waitHealthy(url: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`Roster did not become healthy at ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface Node {
  url: string;
  port: number;
  process: ChildProcess;
}

/** Starts `server serve` on `db` (data dir `dataDir`, shared by nodes for one secret key).
 *  `host` is the name browsers use (and its public URL): `localhost` where passkeys are
 *  tested, as browsers allow them at no IP address. */
export async function startNode(db: string, dataDir: string, port?: number, host = "127.0.0.1"): Promise<Node> {
  port ??= await freePort();
  const url = `http://${host}:${port}`;
  const env = {
    ...process.env,
    ROSTER_ADDR: `127.0.0.1:${port}`,
    ROSTER_DATABASE_URL: db,
    ROSTER_DATA_DIR: dataDir,
    // Every test signs in from 127.0.0.1; the per-IP burst limit is service-tested.
    ROSTER_SIGN_IN_PER_IP: process.env.ROSTER_SIGN_IN_PER_IP ?? "1000",
    ROSTER_SITE_ROOT: process.env.ROSTER_SITE_ROOT ?? join(root, "target/site-test"),
    ROSTER_PUBLIC_URL: url,
    RUST_LOG: "warn",
  };
  const child = spawn(serverBin(), ["serve"], { env, stdio: ["ignore", "inherit", "inherit"] });
  await waitHealthy(`http://127.0.0.1:${port}`, 60_000);
  return { url, port, process: child };
}

/** A fresh PostgreSQL database on the test server (ROSTER_TEST_PG_URL), by `psql`. */
export function freshPgDatabase(): string {
  const admin = process.env.ROSTER_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `roster_e2e_${Date.now()}`;
  execFileSync("psql", [admin, "-qc", `CREATE DATABASE ${name}`]);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

export function dropPgDatabase(db: string): void {
  const admin = process.env.ROSTER_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = new URL(db).pathname.slice(1);
  execFileSync("psql", [admin, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
}
