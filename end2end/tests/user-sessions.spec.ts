// Where a user is signed in, as staff see it in Edit User: two browsers, one signed out by
// staff and sent to sign in again at its next request; the lists follow sign-ins live, and
// the sign-in history shows each attempt.
import { arrive, createStaff, createUser, dbWrite, expect, signIn, test, userSignIn, visit } from "./support/roster";
import { join } from "node:path";

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const password = "quiet harbour lanterns 42";
const screens = join(__dirname, "../test-results/screens");


test("staff see a user's two browsers, sign one out, and it must sign in again", async ({ page: staff, browser }) => {
  const email = `sid.sessions.${Date.now()}@example.org`;
  await signIn(staff, createStaff({ enrolled: true }));
  await createUser(staff, { first: "Sid", last: "Sessions", email, password });
  dbWrite(`UPDATE users SET email_verified = 1 WHERE email_norm = '${email}'`);

  const laptop = await (await browser.newContext()).newPage();
  await userSignIn(laptop, email, "not the password at all");
  await expect(laptop.getByRole("alert")).toBeVisible();
  await userSignIn(laptop, email, password);
  await arrive(laptop, "/account");

  await visit(staff, `/admin/users?q=${encodeURIComponent(email)}`);
  await staff.getByRole("button", { name: "Edit Sid Sessions" }).click();
  const dialog = staff.getByRole("dialog", { name: "Edit User" });
  // The form first; where the user is signed in and their sign-ins are tabs of their own.
  await expect(dialog.getByRole("tab", { name: "Details" })).toHaveAttribute("aria-selected", "true");
  await dialog.getByRole("tab", { name: "Sessions" }).click();
  const sessions = dialog.locator("fieldset.user-sessions li");
  await expect(sessions).toHaveCount(1);
  await expect(sessions.first()).toContainText("Chrome on Linux");

  // A second browser signs in while the dialog is open: it appears.
  const phone = await (await browser.newContext({ userAgent: FIREFOX })).newPage();
  await userSignIn(phone, email, password);
  await arrive(phone, "/account");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "Firefox on Windows 10" })).toHaveCount(1);
  // Each attempt is in the sign-in history, newest first, with its browser.
  await dialog.getByRole("tab", { name: "Sign-in history" }).click();
  const history = dialog.locator("fieldset.sign-ins li");
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText("Signed in");
  await expect(history.nth(0)).toContainText("Firefox on Windows 10");
  await expect(history.nth(2)).toContainText("Refused: wrong password");
  await expect(history.nth(2)).toContainText("Chrome on Linux");
  await dialog.screenshot({ path: join(screens, "edit-user-sign-ins.png") });

  await dialog.getByRole("tab", { name: "Sessions" }).click();
  await dialog.screenshot({ path: join(screens, "edit-user-sessions.png") });
  // The user's own list, on a phone: this browser marked, the other one can be signed out.
  await laptop.setViewportSize({ width: 390, height: 844 });
  await laptop.reload();
  const mine = laptop.getByRole("region", { name: "Where you're signed in" });
  await expect(mine.locator("li")).toHaveCount(2);
  await expect(mine.locator("li", { hasText: "THIS BROWSER" })).toContainText("Chrome on Linux");
  await expect(mine.getByRole("button", { name: "Sign out Firefox on Windows 10" })).toBeVisible();
  await mine.screenshot({ path: join(screens, "account-sessions-390.png") });
  // And their own sign-in history, the refusal in words.
  const ownHistory = laptop.getByRole("region", { name: "Recent sign-ins" }).locator("li");
  await expect(ownHistory).toHaveCount(3);
  await expect(ownHistory.nth(2)).toContainText("Refused: wrong password");
  await expect(ownHistory.nth(0)).toContainText("Firefox on Windows 10");

  await dialog.getByRole("button", { name: "Sign out Firefox on Windows 10" }).click();
  await expect(sessions).toHaveCount(1);
  await expect(sessions.first()).toContainText("Chrome on Linux");
  await phone.reload();
  await arrive(phone, "/login");
  await laptop.reload();
  await expect(laptop.getByRole("heading", { name: "Hello, Sid Sessions" })).toBeVisible();

  // Everywhere: the laptop too.
  await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(dialog.getByText("Not signed in anywhere.")).toBeVisible();
  await laptop.reload();
  await arrive(laptop, "/login");
  await staff.keyboard.press("Escape");

  await visit(staff, "/admin/activity");
  await expect(staff.locator("table tbody tr", { hasText: email }).filter({ hasText: "Signed user out" })).toHaveCount(2);
});
