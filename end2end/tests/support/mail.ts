// The tests' SMTP server (smtp/server.py, aiosmtpd) and what it received: one JSON file per
// message in ROSTER_E2E_MAILDIR.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect } from "@playwright/test";
import { root } from "./nodes";

export interface Mail {
  to: string[];
  from: string;
  subject: string;
  message_id: string;
  text: string;
  html: string;
}

const python = () => process.env.ROSTER_E2E_PYTHON ?? join(root, ".tools/py/bin/python");

/** Starts the mail server on `port`, writing into `dir`; resolves once it listens. */
export function startSmtp(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(python(), [join(root, "end2end/smtp/server.py"), String(port), dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((ok, fail) => {
    child.once("exit", (code) => fail(new Error(`the mail server exited (${code})`)));
    child.stdout!.once("data", () => ok(child));
  });
}

/** Every message received so far, oldest first. */
export function received(): Mail[] {
  const dir = process.env.ROSTER_E2E_MAILDIR!;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ path: join(dir, f), at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => a.at - b.at)
    .map((f) => JSON.parse(readFileSync(f.path, "utf8")) as Mail);
}

/** Waits for `count` messages to `to` whose subject matches, and returns them, oldest first. */
export async function mailTo(to: string, subject: RegExp, count = 1): Promise<Mail[]> {
  const matching = () => received().filter((m) => m.to.includes(to) && subject.test(m.subject));
  await expect.poll(() => matching().length, { timeout: 15_000, message: `${count} message(s) to ${to}` }).toBe(count);
  return matching();
}

/** The link a message carries (its text part). */
export function linkIn(mail: Mail): string {
  const link = mail.text.split(/\s+/).find((w) => /^https?:\/\//.test(w));
  expect(link, `a link in "${mail.subject}"`).toBeTruthy();
  return link!;
}
