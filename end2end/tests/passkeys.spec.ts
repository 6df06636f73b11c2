// Passkeys in Chromium with a virtual authenticator (the DevTools protocol's WebAuthn
// domain): a user registers one and signs in with it alone and after the password; a cloned
// credential (its counter going back) is refused; staff see the badge and remove the
// passkeys, after which the next passkey sign-in is refused. Staff register and use their
// own. Roster runs on its own node here, reached as `localhost` (browsers allow passkeys on
// no IP address).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, CDPSession, Page } from "@playwright/test";
import { startNode, type Node } from "./support/nodes";
import { arrive, createStaff, createUser, editUser, expect, hydrated, signIn, test, userSignIn, visit, type Target } from "./support/roster";

const password = "quiet harbour lanterns 42";
let node: Node;
let on: Target;

test.beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "roster-passkeys-"));
  on = { db: `sqlite://${dir}/roster.db?mode=rwc`, dataDir: dir };
  node = await startNode(on.db, dir, undefined, "localhost");
});

test.afterAll(async () => {
  node.process.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 300));
  rmSync(on.dataDir, { recursive: true, force: true });
});

/** A page of a fresh browser context on the localhost node. */
async function pageOn(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: node.url })).newPage();
}

/** A platform authenticator that keeps discoverable credentials and verifies its user. */
async function addAuthenticator(page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

/** Replaces the authenticator's one credential with a copy whose counter is `signCount`. */
async function setSignCount(auth: { cdp: CDPSession; id: string }, signCount: number) {
  const { credentials } = await auth.cdp.send("WebAuthn.getCredentials", { authenticatorId: auth.id });
  expect(credentials).toHaveLength(1);
  const credential = credentials[0];
  await auth.cdp.send("WebAuthn.removeCredential", { authenticatorId: auth.id, credentialId: credential.credentialId });
  await auth.cdp.send("WebAuthn.addCredential", { authenticatorId: auth.id, credential: { ...credential, signCount } });
  return credential.signCount;
}

async function addPasskey(page: Page, name: string) {
  const section = page.getByTestId("passkeys");
  await section.getByLabel("Name of the new passkey").fill(name);
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await expect(section.getByTestId("passkey").filter({ hasText: name })).toBeVisible();
}

async function passkeySignIn(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
}

test("a user signs in with a passkey alone and after the password; a clone is refused; staff remove it", async ({ browser }) => {
  const staff = await pageOn(browser);
  await signIn(staff, createStaff({ enrolled: true, on }));
  const email = `pia.key.${Date.now()}@example.org`;
  await createUser(staff, { first: "Pia", last: "Key", email, password });
  await staff.getByRole("searchbox", { name: "Search" }).fill(email);
  await editUser(staff, "Pia Key", (d) => d.getByLabel("Email Verified").check());

  const user = await pageOn(browser);
  const auth = await addAuthenticator(user);
  await userSignIn(user, email, password);
  await arrive(user, "/account");

  // Register: a name first (an empty one is refused before the device is asked).
  const section = user.getByTestId("passkeys");
  await expect(section).toContainText("No passkeys yet.");
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await expect(section.getByRole("alert")).toHaveText("Enter a name for the passkey.");
  await addPasskey(user, "Work laptop");
  await expect(section.getByTestId("passkey")).toContainText("never used");

  // Signed out, the passkey alone signs her in (no email typed).
  await user.getByRole("button", { name: "Sign out" }).click();
  await arrive(user, "/login");
  await passkeySignIn(user, "/login");
  await arrive(user, "/account");
  await expect(user.getByTestId("passkey")).toContainText("last used");

  // Without 2FA required the password alone still signs in; once staff require 2FA, the
  // passkey satisfies it: the code step offers it (she has no authenticator app).
  await user.getByRole("button", { name: "Sign out" }).click();
  await userSignIn(user, email, password);
  await arrive(user, "/account");
  await user.getByRole("button", { name: "Sign out" }).click();
  await editUser(staff, "Pia Key", (d) => d.getByLabel(/^Require 2FA/).check());
  await userSignIn(user, email, password);
  await arrive(user, "/login/code");
  await expect(user.getByLabel("Authentication or recovery code")).toHaveCount(0);
  await user.getByRole("button", { name: "Use a passkey" }).click();
  await arrive(user, "/account");

  // Staff see the Passkey badge beside 2FA.
  await visit(staff, `/admin/users?q=${encodeURIComponent(email)}`);
  const row = staff.locator("table.list tbody tr", { hasText: email });
  await expect(row.locator(".badge.passkey")).toHaveText("Passkey");

  // A cloned credential: its counter goes back, and the sign-in is refused.
  await user.getByRole("button", { name: "Sign out" }).click();
  const seen = await setSignCount(auth, 0);
  expect(seen).toBeGreaterThan(1);
  await passkeySignIn(user, "/login");
  await expect(user.getByRole("alert")).toHaveText("This passkey was not accepted.");
  await expect(user).toHaveURL(/\/login$/);

  // The real device again (its counter ahead): signed in; then staff remove her passkeys.
  await setSignCount(auth, seen + 100);
  await passkeySignIn(user, "/login");
  await arrive(user, "/account");
  await staff.getByRole("button", { name: "Edit Pia Key" }).click();
  const dialog = staff.getByRole("dialog", { name: "Edit User" });
  await expect(dialog.locator("#user-passkeys")).toContainText("1 passkey");
  await dialog.getByRole("button", { name: "Remove passkeys…" }).click();
  await dialog.getByRole("button", { name: "Remove passkeys", exact: true }).click();
  await expect(dialog.locator("#user-passkeys")).toHaveText("No passkeys.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(row.locator(".badge.passkey")).toHaveCount(0);

  // Her session ended, and the passkey on her device signs nobody in.
  await user.reload();
  await arrive(user, "/login");
  await passkeySignIn(user, "/login");
  await expect(user.getByRole("alert")).toHaveText("This passkey was not accepted.");
});

test("staff register a passkey on their profile and sign in with it, alone or after the password", async ({ browser }) => {
  const member = createStaff({ enrolled: true, on });
  const page = await pageOn(browser);
  await addAuthenticator(page);
  await signIn(page, member);
  await visit(page, "/admin/profile");
  await addPasskey(page, "Desk key");

  await page.getByRole("button", { name: "Log out" }).click();
  await arrive(page, "/admin/login");
  await passkeySignIn(page, "/admin/login");
  await arrive(page, "/admin");

  // After the password: the code, or the passkey.
  await page.getByRole("button", { name: "Log out" }).click();
  await page.goto("/admin/login");
  await hydrated(page);
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await arrive(page, "/admin/login/code");
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await arrive(page, "/admin");
});
