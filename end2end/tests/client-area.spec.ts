import { arrive, createStaff, createUser, dbWrite, editUser, expect, expectAccessible, signIn, test, totp, userSignIn, visit } from "./support/roster";

const password = "quiet harbour lanterns 42";


test("status, verification and 2FA set by staff take effect in the client area", async ({ page: staff, browser }) => {
  const email = `una.ward.${Date.now()}@example.org`;
  await signIn(staff, createStaff({ enrolled: true }));

  // Staff create Una with 2FA required, and mark her email verified.
  await createUser(staff, { first: "Una", last: "Ward", email, password }, (d) => d.getByLabel(/^Require 2FA/).check());
  await staff.getByRole("searchbox", { name: "Search" }).fill(email);
  const row = staff.locator("table.list tbody tr");
  await expect(row).toHaveCount(1);

  const user = await (await browser.newContext()).newPage();
  // Not verified yet: refused with a message that helps (only after the right password).
  await userSignIn(user, email, password);
  await expect(user.getByRole("alert")).toHaveText("Your email address is not verified yet. Open the link we sent you, or have it sent again.");
  await editUser(staff, "Una Ward", (d) => d.getByLabel("Email Verified").check());

  // 2FA required, not enrolled: straight to enrolment; the code comes from the shown key.
  await userSignIn(user, email, password);
  await arrive(user, "/login/enrol");
  const secret = (await user.getByTestId("totp-secret").innerText()).trim();
  await user.getByLabel("Authentication code").fill(totp(secret));
  await user.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await expect(user.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  const codes = (await user.getByTestId("recovery-codes").locator("li").allInnerTexts()).map((c) => c.trim());
  await expectAccessible(user);
  await user.getByRole("link", { name: /continue/ }).click();
  await arrive(user, "/account");
  await expect(user.getByRole("heading", { name: "Hello, Una Ward" })).toBeVisible();
  await expect(user.getByTestId("two-factor-status")).toHaveText(
    "Two-factor authentication is on. Recovery codes left: 10.",
  );

  // Staff see her ACTIVE (the first sign-in) with 2FA enrolled.
  await visit(staff, `/admin/users?q=${encodeURIComponent(email)}`);
  await expect(row.locator(".badge[class*=status-]")).toHaveText("ACTIVE");
  await expect(row.locator(".badge[class*=tfa-]")).toHaveText("2FA");

  // INACTIVE: her open session ends on its next request, and she cannot sign in again.
  await editUser(staff, "Una Ward", (d) => d.getByLabel("Status").selectOption("inactive"));
  await user.reload();
  await arrive(user, "/login");
  await userSignIn(user, email, password);
  await expect(user.getByRole("alert")).toHaveText("This account is disabled. Contact support.");

  // Active again: a recovery code signs her in, once.
  await editUser(staff, "Una Ward", (d) => d.getByLabel("Status").selectOption("active"));
  await userSignIn(user, email, password);
  await arrive(user, "/login/code");
  await user.getByLabel("Authentication or recovery code").fill(codes[0]);
  await user.getByRole("button", { name: "Verify" }).click();
  await arrive(user, "/account");
  await expect(user.getByTestId("two-factor-status")).toContainText("Recovery codes left: 9.");
  await user.getByRole("button", { name: "Sign out" }).click();
  await arrive(user, "/login");
  await userSignIn(user, email, password);
  await arrive(user, "/login/code");
  await user.getByLabel("Authentication or recovery code").fill(codes[0]);
  await user.getByRole("button", { name: "Verify" }).click();
  await expect(user.getByRole("alert")).toHaveText("Sign-in failed: the email, password or code is not correct.");

  // Staff reset her 2FA (she lost her phone) and no longer require it: the password alone
  // signs her in, and she can enrol again.
  await staff.getByRole("button", { name: "Edit Una Ward" }).click();
  const edit = staff.getByRole("dialog", { name: "Edit User" });
  await expect(edit.locator("#user-tfa-state")).toHaveText("Set up (required by staff).");
  await edit.getByRole("button", { name: "Reset 2FA…" }).click();
  await expect(edit.getByRole("alertdialog")).toContainText(
    "Their authenticator app and recovery codes are removed and every session they have is ended.",
  );
  await edit.getByRole("button", { name: "Reset 2FA", exact: true }).click();
  await expect(edit.locator("#user-tfa-state")).toHaveText(/^Required, not set up yet/);
  await edit.getByLabel(/^Require 2FA/).uncheck();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await userSignIn(user, email, password);
  await arrive(user, "/account");
  await expect(user.getByTestId("two-factor-status")).toHaveText("Two-factor authentication is off.");
  await user.getByRole("link", { name: "Set up two-factor authentication" }).click();
  await arrive(user, "/account/2fa");
  const again = (await user.getByTestId("totp-secret").innerText()).trim();
  expect(again).not.toBe(secret);
  await user.getByLabel("Authentication code").fill(totp(again));
  await user.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await expect(user.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
});

test("a locked account shows LOCKED in Manage Users until staff unlock it", async ({ page: staff, browser }) => {
  const email = `lou.lock.${Date.now()}@example.org`;
  await signIn(staff, createStaff({ enrolled: true }));
  await createUser(staff, { first: "Lou", last: "Lock", email, password });
  await staff.getByRole("searchbox", { name: "Search" }).fill(email);
  await editUser(staff, "Lou Lock", (d) => d.getByLabel("Email Verified").check());

  // Ten failures in a row, as the service leaves them (the waits are service-tested).
  dbWrite(`UPDATE users SET failed_logins = 10, locked_until = '2099-01-01T00:00:00+00:00' WHERE email = '${email}'`);
  const user = await (await browser.newContext()).newPage();
  await userSignIn(user, email, password);
  await expect(user.getByRole("alert")).toContainText("Too many attempts. Try again in");

  await visit(staff, `/admin/users?q=${encodeURIComponent(email)}`);
  const row = staff.locator("table.list tbody tr");
  await expect(row.locator(".badge.locked")).toHaveText("LOCKED");
  await row.getByRole("button", { name: "Unlock Lou Lock" }).click();
  await expect(staff.getByText("User unlocked")).toBeVisible();
  await expect(row.locator(".badge.locked")).toHaveCount(0);

  await userSignIn(user, email, password);
  await arrive(user, "/account");
  await expect(user.getByRole("heading", { name: "Hello, Lou Lock" })).toBeVisible();
});
