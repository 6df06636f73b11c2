// "Sign in as user": an Administrator gives a reason, opens the client area as the user in a
// new tab with a banner, cannot reach the user's password change, returns to the console; the
// Activity page shows the reason and both names. Support is not offered it.
import { arrive, createStaff, createUser, dbWrite, expect, signIn, test, visit } from "./support/roster";
import { join } from "node:path";

const screens = join(__dirname, "../test-results/screens");

test("staff sign in as a user with a reason, see the banner, and return to the console", async ({ page: staff, browser }) => {
  const email = `ivy.as.${Date.now()}@example.org`;
  const admin = createStaff({ enrolled: true });
  await signIn(staff, admin);
  await createUser(staff, { first: "Ivy", last: "Impersonated", email, password: "quiet harbour lanterns 42" });
  dbWrite(`UPDATE users SET email_verified = 1 WHERE email_norm = '${email}'`);

  // Support sees the user but is not offered to sign in as them.
  const support = await (await browser.newContext()).newPage();
  await signIn(support, createStaff({ role: "Support", enrolled: true }));
  await visit(support, `/admin/users?q=${encodeURIComponent(email)}`);
  await expect(support.locator("tbody tr", { hasText: email })).toHaveCount(1);
  await expect(support.getByRole("button", { name: "Sign in as Ivy Impersonated" })).toHaveCount(0);

  await visit(staff, `/admin/users?q=${encodeURIComponent(email)}`);
  await staff.getByRole("button", { name: "Sign in as Ivy Impersonated" }).click();
  const dialog = staff.getByRole("dialog", { name: "Sign in as Ivy Impersonated" });
  await dialog.getByRole("button", { name: "Sign in as user" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Say why you sign in as this user");
  const reason = "ticket 4512: cannot find the invoice";
  await dialog.getByLabel("Reason").fill(reason);
  await dialog.screenshot({ path: join(screens, "sign-in-as-dialog.png") });
  await dialog.getByRole("button", { name: "Sign in as user" }).click();
  const [client] = await Promise.all([
    staff.context().waitForEvent("page"),
    dialog.getByRole("link", { name: "Open the client area" }).click(),
  ]);
  await arrive(client, "/account");
  const banner = client.getByRole("status").filter({ hasText: "Signed in as Ivy Impersonated by" });
  await expect(banner).toContainText(`by ${admin.name}`);
  await expect(client.getByRole("heading", { name: "Hello, Ivy Impersonated" })).toBeVisible();
  // The user's security is out of reach: no password change, no 2FA, no sign-out of sessions.
  await expect(client.getByLabel("Current password")).toHaveCount(0);
  await expect(client.getByText("cannot be changed while staff are signed in as this user")).toBeVisible();
  await expect(client.getByRole("button", { name: /Sign out all other sessions/ })).toHaveCount(0);
  await expect(client.getByRole("region", { name: "Where you're signed in" })).toContainText(`Staff signed in as you: ${admin.name}`);
  await client.screenshot({ path: join(screens, "impersonation-account.png"), fullPage: true });
  await client.setViewportSize({ width: 390, height: 844 });
  await client.screenshot({ path: join(screens, "impersonation-account-390.png") });

  await banner.getByRole("button", { name: "Return to console" }).click();
  await arrive(client, "/admin/users");
  await client.goto("/account");
  await arrive(client, "/login");

  await visit(staff, "/admin/activity");
  const started = staff.locator("table tbody tr", { hasText: email }).filter({ hasText: "Signed in as user" });
  await expect(started).toHaveCount(1);
  await expect(started).toContainText(admin.name);
  await expect(started).toContainText(reason);
  await expect(staff.locator("table tbody tr", { hasText: email }).filter({ hasText: "Ended signing in as user" })).toHaveCount(1);
});
