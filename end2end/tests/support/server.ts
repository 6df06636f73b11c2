// Starts one real Roster server for the run: a free port, a fresh SQLite database in a temp
// directory, the debug build and the test site. Stopped when the run ends.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../../..");

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

async function waitHealthy(url: string, deadlineMs: number): Promise<void> {
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

export default async function globalSetup() {
  // `make bench` runs its own server on a seeded database and says where.
  if (process.env.ROSTER_E2E_URL) return async () => {};
  const dir = mkdtempSync(join(tmpdir(), "roster-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    ROSTER_ADDR: `127.0.0.1:${port}`,
    ROSTER_DATABASE_URL: `sqlite://${dir}/roster.db?mode=rwc`,
    ROSTER_DATA_DIR: dir,
    ROSTER_SITE_ROOT: process.env.ROSTER_SITE_ROOT ?? join(root, "target/site-test"),
    RUST_LOG: "info,sqlx=warn",
  };
  const bin = process.env.ROSTER_BIN ?? join(root, "target/debug/server");
  const server = spawn(bin, ["serve"], { env, stdio: ["ignore", "inherit", "inherit"] });
  server.on("exit", (code) => {
    if (code !== null && code !== 0) console.error(`Roster exited with ${code}`);
  });
  await waitHealthy(url, 60_000);
  process.env.ROSTER_E2E_URL = url;
  process.env.ROSTER_E2E_DB = env.ROSTER_DATABASE_URL;
  process.env.ROSTER_E2E_DATA = dir;
  process.env.ROSTER_E2E_BIN = bin;
  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  };
}
