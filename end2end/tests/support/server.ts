// Starts one real Roster server for the run: a free port, a fresh SQLite database in a temp
// directory, the debug build and the test site, sending mail to the tests' own SMTP server
// (support/mail.ts). Stopped when the run ends.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSmtp } from "./mail";
import { freePort, serverBin, startNode } from "./nodes";

export default async function globalSetup() {
  // `make bench` runs its own server on a seeded database and says where.
  if (process.env.ROSTER_E2E_URL) return async () => {};
  const dir = mkdtempSync(join(tmpdir(), "roster-e2e-"));
  const db = `sqlite://${dir}/roster.db?mode=rwc`;
  const smtpPort = await freePort();
  process.env.ROSTER_E2E_MAILDIR = join(dir, "mail");
  const smtp = await startSmtp(smtpPort, process.env.ROSTER_E2E_MAILDIR);
  process.env.ROSTER_SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
  const node = await startNode(db, dir);
  node.process.on("exit", (code) => {
    if (code !== null && code !== 0) console.error(`Roster exited with ${code}`);
  });
  process.env.ROSTER_E2E_URL = node.url;
  process.env.ROSTER_E2E_DB = db;
  process.env.ROSTER_E2E_DATA = dir;
  process.env.ROSTER_E2E_BIN = serverBin();
  return async () => {
    node.process.kill("SIGTERM");
    smtp.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  };
}
