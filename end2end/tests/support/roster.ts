// Helpers shared by the end-to-end tests: staff accounts through the real CLI, TOTP codes,
// and an accessibility check (axe-core) that fails on serious or critical violations.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, "").toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** RFC 6238 code (SHA-1, 6 digits, 30 s) for `secret` at `unixSeconds`. */
export function totp(secret: string, unixSeconds = Date.now() / 1000): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, "0");
}

export interface Staff {
  email: string;
  name: string;
  password: string;
  totpSecret?: string;
}

let counter = 0;

/** Where a CLI command works: the test server's database and data directory by default. */
export interface Target {
  db: string;
  dataDir: string;
}

/** Creates a staff member with the real `server staff create` command. */
export function createStaff(opts: { role?: string; enrolled?: boolean; on?: Target } = {}): Staff {
  counter += 1;
  const tag = `${Date.now()}-${counter}`;
  const staff: Staff = {
    email: `staff-${tag}@roster.test`,
    name: `Staff ${counter}`,
    password: `pw-${randomBytes(9).toString("hex")}`,
    totpSecret: opts.enrolled ? base32Encode(randomBytes(20)) : undefined,
  };
  const args = ["staff", "create", "--email", staff.email, "--name", staff.name,
    "--role", opts.role ?? "Administrator", "--password-stdin"];
  if (staff.totpSecret) args.push("--totp-secret", staff.totpSecret);
  cli(args, `${staff.password}\n`, opts.on);
  return staff;
}

function cli(args: string[], input?: string, on?: Target): string {
  return execFileSync(process.env.ROSTER_E2E_BIN!, args, {
    input,
    env: {
      ...process.env,
      ROSTER_DATABASE_URL: on?.db ?? process.env.ROSTER_E2E_DB,
      ROSTER_DATA_DIR: on?.dataDir ?? process.env.ROSTER_E2E_DATA,
      RUST_LOG: "warn",
    },
  }).toString();
}

/** An API token with every scope `staff` has, made with the real `server token create`. */
export function createApiToken(staff: Staff): string {
  return cli(["token", "create", "--staff", staff.email, "--name", `e2e ${Date.now()}`, "--scopes", "all"]).trim();
}

/** Ends a staff member's sign-in lock with the real `server staff unlock` command. */
export function unlockStaff(email: string): void {
  cli(["staff", "unlock", "--email", email]);
}

/** Adds deterministic demo users and clients with the real `server seed` command. */
export function seedDemoData(users: number, clients: number, seed: number): void {
  cli(["seed", "--users", String(users), "--clients", String(clients), "--seed", String(seed)]);
}

/** Signs a pre-enrolled staff member in (password, then code) and lands on /admin. */
export async function signIn(page: Page, staff: Staff): Promise<void> {
  await page.goto("/admin/login");
  await hydrated(page);
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill(staff.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/admin/login/code");
  await page.getByLabel("Authentication code").fill(totp(staff.totpSecret!));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL((u) => u.pathname === "/admin");
}

/** Waits until the WASM has hydrated the page, so clicks reach Leptos handlers. */
/** Signs a user in on `/login` (the answer, an error or the next page, is the caller's to check). */
export async function userSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
}

/** Fails on serious or critical accessibility violations of the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  // A message shown as sent lives in a frame without scripts (sandbox), where axe cannot run:
  // it would wait for the frame forever. The frame is the mail's content, not the console's.
  const results = await new AxeBuilder({ page }).exclude("iframe.mail-html").analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`)).toEqual([]);
}

/** Opens `path` (following redirects), waits for hydration and checks accessibility. */
export async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await hydrated(page);
  await expectAccessible(page);
}

/** After a click that navigates: waits for `url`, for hydration, and checks accessibility. */
export async function arrive(page: Page, url: string | RegExp): Promise<void> {
  await page.waitForURL(typeof url === "string" ? (u) => u.pathname === url : url);
  await hydrated(page);
  await expectAccessible(page);
}

export { expect, test } from "@playwright/test";

/** Creates a user with Manage Users' Create User modal (opening the page first); `fill` may
 *  set more fields before Save. */
export async function createUser(
  staff: Page,
  user: { first: string; last: string; email: string; password: string },
  fill: (dialog: Locator) => Promise<void> = async () => {},
) {
  await visit(staff, "/admin/users");
  await staff.getByRole("button", { name: "Create", exact: true }).click();
  const create = staff.getByRole("dialog", { name: "Create User" });
  await create.locator("#user-email").fill(user.email);
  await create.locator("#user-password").fill(user.password);
  await create.getByLabel("Firstname").fill(user.first);
  await create.getByLabel("Lastname").fill(user.last);
  await fill(create);
  await create.getByRole("button", { name: "Save" }).click();
  await expect(create).toBeHidden();
}

/** Opens Edit User for `name` in Manage Users, lets `change` fill the dialog, and saves. */
export async function editUser(staff: Page, name: string, change: (dialog: Locator) => Promise<void>) {
  await staff.getByRole("button", { name: `Edit ${name}` }).click();
  const dialog = staff.getByRole("dialog", { name: "Edit User" });
  await expect(dialog.locator("#user-email")).not.toHaveValue("");
  await change(dialog);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
}

/** Rows of `sql` run against the test server's SQLite database (python3's sqlite3 module):
 *  the truth a test compares the UI with, read independently of Roster's own queries. */
export function dbRows(sql: string): Record<string, unknown>[] {
  const path = process.env.ROSTER_E2E_DB!.replace(/^sqlite:\/\//, "").replace(/\?.*$/, "");
  const script = [
    "import json, sqlite3, sys",
    "c = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)",
    "c.row_factory = sqlite3.Row",
    "print(json.dumps([dict(r) for r in c.execute(sys.argv[2])]))",
  ].join("\n");
  return JSON.parse(execFileSync("python3", ["-c", script, path, sql]).toString());
}

/** Runs one write against the test server's SQLite database: for states a test cannot reach
 *  quickly through the UI (a lock earned by ten failed sign-ins and two minutes of waits). */
export function dbWrite(sql: string): void {
  const path = process.env.ROSTER_E2E_DB!.replace(/^sqlite:\/\//, "").replace(/\?.*$/, "");
  const script = [
    "import sqlite3, sys",
    "c = sqlite3.connect(sys.argv[1], timeout=10)",
    "c.execute(sys.argv[2])",
    "c.commit()",
  ].join("\n");
  execFileSync("python3", ["-c", script, path, sql]);
}
