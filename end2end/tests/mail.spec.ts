// Mail end to end, through a real SMTP server (aiosmtpd): forgot password to a new password
// and a sign-in with it, the used link refused; a new user's verification link, sent again
// from the sign-in refusal; staff expiring a link; an invitation to a first sign-in; the
// mail log showing what was sent with its link hidden.
import { arrive, createStaff, createUser, dbWrite, expect, hydrated, signIn, test, userSignIn, visit } from "./support/roster";
import { linkIn, mailTo, received } from "./support/mail";

const password = "quiet harbour lanterns 42";


test("forgot password: the link sets a new password once, and the user is told", async ({ page: staff, browser }) => {
  const email = `fay.forgot.${Date.now()}@example.org`;
  await signIn(staff, createStaff({ enrolled: true }));
  await createUser(staff, { first: "Fay", last: "Forgot", email, password });
  dbWrite(`UPDATE users SET email_verified = 1 WHERE email_norm = '${email}'`);

  const user = await (await browser.newContext()).newPage();
  await user.goto("/login");
  await hydrated(user);
  await user.getByRole("link", { name: "Forgot your password?" }).click();
  await arrive(user, "/forgot-password");
  await user.getByLabel("Email").fill(email);
  await user.getByRole("button", { name: "Send the link" }).click();
  await expect(user.getByRole("status")).toContainText("If this address belongs to an account");

  const [reset] = await mailTo(email, /^Reset your password$/);
  expect(reset.from).toContain("roster@localhost");
  const link = linkIn(reset);
  expect(link).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);
  expect(reset.html).toContain(link);

  await user.goto(link);
  await hydrated(user);
  await expect(user.getByText(`For the account ${email}.`)).toBeVisible();
  await user.getByRole("textbox", { name: "New password" }).fill("tidal copper meadow 77");
  await user.getByRole("button", { name: "Save the password" }).click();
  await expect(user.getByRole("status")).toHaveText("Your password is saved. Sign in with it.");
  await mailTo(email, /^Your password was changed$/);

  await userSignIn(user, email, "tidal copper meadow 77");
  await arrive(user, "/account");

  // The link works once.
  await user.goto(link);
  await hydrated(user);
  await expect(user.getByRole("alert")).toHaveText("This link has already been used.");
  await expect(user.getByRole("link", { name: "Send a new link" })).toHaveAttribute("href", "/forgot-password");

  // Staff read what was sent, the link hidden.
  await staff.goto("/admin/mail");
  await hydrated(staff);
  const row = staff.locator("table.mail-log tbody tr", { hasText: email }).filter({ hasText: "Reset your password" });
  await expect(row.locator(".badge")).toHaveText("Sent");
  await row.getByRole("button", { name: "Reset your password" }).click();
  const message = staff.getByRole("dialog", { name: "Message" });
  await expect(message.locator("pre.mail-text")).toContainText("/reset-password/[link hidden from staff]");
  await expect(message.locator("pre.mail-text")).not.toContainText(link.split("/").pop()!);
});

test("a new user confirms their address by the link in the verification message", async ({ page: staff, browser }) => {
  const email = `vera.verify.${Date.now()}@example.org`;
  await signIn(staff, createStaff({ enrolled: true }));
  await createUser(staff, { first: "Vera", last: "Verify", email, password });
  const [verify] = await mailTo(email, /^Confirm your email address$/);

  const user = await (await browser.newContext()).newPage();
  await userSignIn(user, email, password);
  await expect(user.getByRole("alert")).toContainText("not verified");
  // "Send the link again": a new link replaces the first.
  await user.getByRole("button", { name: "Send the link again" }).click();
  await expect(user.getByRole("status")).toContainText("a new link is on its way");
  const [, again] = await mailTo(email, /^Confirm your email address$/, 2);
  await user.goto(linkIn(verify));
  await hydrated(user);
  await expect(user.getByRole("alert")).toHaveText("This link does not work: it may have been replaced by a newer one.");
  await user.goto(linkIn(again));
  await hydrated(user);
  await user.getByRole("button", { name: `Confirm ${email}` }).click();
  await expect(user.getByRole("status")).toHaveText("Your email address is confirmed.");
  await userSignIn(user, email, password);
  await arrive(user, "/account");

  // Staff see it verified, and can still send a reset link from Edit User.
  await staff.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await hydrated(staff);
  await staff.getByRole("button", { name: "Edit Vera Verify" }).click();
  const dialog = staff.getByRole("dialog", { name: "Edit User" });
  await expect(dialog.getByLabel("Email Verified")).toBeChecked();
  await expect(dialog.getByRole("button", { name: "Send verification email" })).toBeHidden();
  await dialog.getByRole("button", { name: "Send password reset link" }).click();
  await expect(dialog.getByText("Sent. It is on its way to the user.")).toBeVisible();
  const [reset] = await mailTo(email, /^Reset your password$/);
  await expect(dialog.locator("table.mail-log tbody tr")).toHaveCount(3);

  // The open link is listed until staff expire it; then the mailed link no longer works.
  const open = dialog.getByRole("list", { name: "Open links" });
  await expect(open).toContainText(`The password reset link sent to ${email} works until`);
  await dialog.getByRole("button", { name: "Expire the password reset link" }).click();
  await expect(open).toBeHidden();
  await user.goto(linkIn(reset));
  await hydrated(user);
  await expect(user.getByRole("alert")).toHaveText("This link does not work: it may have been replaced by a newer one.");
});

test("an invited user chooses their password by the link and signs in", async ({ page: staff, browser }) => {
  const email = `ivo.invited.${Date.now()}@example.org`;
  await signIn(staff, createStaff({ enrolled: true }));
  await visit(staff, "/admin/users");
  await staff.getByRole("button", { name: "Create", exact: true }).click();
  const create = staff.getByRole("dialog", { name: "Create User" });
  await create.locator("#user-email").fill(email);
  await create.getByLabel("Send an invitation instead of setting a password").check();
  await expect(create.locator("#user-password")).toBeHidden();
  await create.getByLabel("Firstname").fill("Ivo");
  await create.getByLabel("Lastname").fill("Invited");
  await create.getByRole("button", { name: "Save" }).click();
  await expect(create).toBeHidden();
  await expect(staff.getByText("User created, invitation sent")).toBeVisible();

  const [invitation] = await mailTo(email, /^You are invited$/);
  expect(received().filter((m) => m.to.includes(email))).toHaveLength(1);
  const user = await (await browser.newContext()).newPage();
  await user.goto(linkIn(invitation));
  await hydrated(user);
  await expect(user.getByRole("heading", { level: 1 })).toHaveText("Welcome: choose your password");
  await user.getByRole("textbox", { name: "New password" }).fill("amber lantern crossing 19");
  await user.getByRole("button", { name: "Save the password" }).click();
  await expect(user.getByRole("status")).toHaveText("Your password is saved. Sign in with it.");
  await userSignIn(user, email, "amber lantern crossing 19");
  await arrive(user, "/account");
});
