import {
  arrive, createStaff, dbRows, expect, expectAccessible, hydrated, seedDemoData, signIn, test, totp, visit,
} from "./support/roster";
import { linkIn, mailTo } from "./support/mail";
import type { Page } from "@playwright/test";

/** Waits for the next 30-second TOTP step: a code is accepted once per account and step. */
async function nextTotpStep() {
  const step = Math.floor(Date.now() / 30_000);
  await expect.poll(() => Math.floor(Date.now() / 30_000), { timeout: 35_000, intervals: [250] }).toBeGreaterThan(step);
}

async function passwordStep(page: Page, email: string, password: string) {
  await page.goto("/admin/login");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("an Administrator makes a role and a member who works within it, then disables them", async ({ page, browser }) => {
  seedDemoData(30, 4, 41);
  const [user] = dbRows(
    `SELECT email, first_name || ' ' || last_name AS name FROM users u WHERE status = 'active'
       AND NOT EXISTS (SELECT 1 FROM users o WHERE o.id <> u.id AND o.first_name = u.first_name
       AND o.last_name = u.last_name) ORDER BY created_at DESC LIMIT 1`,
  );
  const admin = createStaff({ enrolled: true });
  await signIn(page, admin);
  const nav = (p: Page) => p.getByRole("navigation", { name: "Main" });

  // Roles: the built-in ones are shown as such; a custom role of three permissions.
  await nav(page).getByRole("link", { name: "Roles" }).click();
  await arrive(page, "/admin/roles");
  await expect(page.locator("tr", { hasText: "Administrator" }).first()).toContainText("BUILT-IN");
  await page.getByRole("button", { name: "Add role" }).click();
  const roleDialog = page.getByRole("dialog", { name: "Add Role" });
  const role = `Billing desk ${Date.now()}`;
  await roleDialog.getByLabel("Name").fill(role);
  for (const p of ["View users", "View clients", "Edit clients"]) {
    await roleDialog.getByLabel(p, { exact: true }).check();
  }
  await expect(roleDialog.getByText("Create and edit clients; associate users, set permissions and the owner.")).toBeVisible();
  await expectAccessible(page);
  await roleDialog.getByRole("button", { name: "Add role" }).click();
  await expect(roleDialog).toBeHidden();
  const roleRow = page.locator("table.list tbody tr", { hasText: role });
  await expect(roleRow).toContainText("View users, View clients, Edit clients");

  // Staff: a refusal keeps what was typed; then the one-time password, shown once.
  await nav(page).getByRole("link", { name: "Staff" }).click();
  await arrive(page, "/admin/staff");
  await page.getByRole("button", { name: "Add staff member" }).click();
  const add = page.getByRole("dialog", { name: "Add Staff Member" });
  const email = `billing-${Date.now()}@roster.test`;
  await add.getByLabel("Name").fill("Bill Desk");
  await add.getByRole("textbox", { name: "Email" }).fill(admin.email);
  await add.getByLabel("Role").selectOption({ label: role });
  await add.getByRole("button", { name: "Add staff member" }).click();
  await expect(add.locator("#staff-email-error")).toHaveText("A staff member with this email already exists.");
  await expect(add.getByLabel("Name")).toHaveValue("Bill Desk");
  await add.getByRole("textbox", { name: "Email" }).fill(email);
  // Mail goes out here, so an invitation is the default; this one is handed over in person.
  await add.getByLabel("Send an invitation by email").uncheck();
  await expect(add.locator("#staff-handover-hint")).toContainText("one-time password");
  await add.getByRole("button", { name: "Add staff member" }).click();
  const created = page.getByRole("dialog", { name: "Bill Desk was added" });
  const oneTime = (await created.getByTestId("one-time-password").textContent())!.trim();
  expect(oneTime).toMatch(/^[A-Za-z0-9]{20}$/);
  await expectAccessible(page);
  await created.getByRole("button", { name: "Done" }).click();
  const memberRow = page.locator("table.list tbody tr", { hasText: email });
  await expect(memberRow).toContainText(role);
  await expect(memberRow).toContainText("Not set up yet");

  // The new member signs in elsewhere: their own password and an authenticator first.
  const context = await browser.newContext();
  const bill = await context.newPage();
  await passwordStep(bill, email, oneTime);
  await arrive(bill, "/admin/login/enrol");
  const secret = (await bill.getByTestId("totp-secret").textContent())!.trim();
  const choose = bill.getByLabel("Choose your password");
  await expect(choose).toHaveAttribute("required", "");
  // The server's policy answers too: not the name of their email address.
  await choose.fill(`${email.split("@")[0]}-secret`);
  await bill.getByLabel("Authentication code").fill(totp(secret));
  await bill.getByRole("button", { name: "Activate and sign in" }).click();
  await expect(bill.getByRole("alert")).toContainText("Do not use the name from the email address");
  await choose.fill("bill's very own password 42");
  await bill.getByLabel("Authentication code").fill(totp(secret));
  await bill.getByRole("button", { name: "Activate and sign in" }).click();
  await arrive(bill, "/admin");

  // Their menu shows what their role allows, and nothing else.
  await expect(nav(bill).getByRole("link", { name: "Manage Users" })).toBeVisible();
  await expect(nav(bill).getByRole("link", { name: "Manage Clients" })).toBeVisible();
  for (const hidden of ["Staff", "Roles", "Activity", "Mail log"]) {
    await expect(nav(bill).getByRole("link", { name: hidden })).toHaveCount(0);
  }
  await visit(bill, `/admin/users?q=${encodeURIComponent(String(user.email))}`);
  await expect(bill.locator("table.list tbody tr")).toHaveCount(1);
  await expect(bill.getByRole("button", { name: /^Edit / })).toHaveCount(0);
  await expect(bill.getByRole("button", { name: /^Delete / })).toHaveCount(0);
  await expect(bill.getByRole("button", { name: "Create", exact: true })).toHaveCount(0);
  await bill.goto("/admin/staff");
  await expect(bill.getByRole("heading", { name: "Access denied" })).toBeVisible();

  // A client opens, and a user is associated with it.
  await visit(bill, "/admin/clients");
  await bill.locator("table.list tbody tr").first().getByRole("link").first().click();
  await arrive(bill, /\/admin\/clients\/[0-9a-f-]{36}$/);
  await bill.getByRole("button", { name: "Associate User" }).click();
  const picker = bill.getByRole("dialog", { name: "Associate User" });
  await picker.getByLabel("User", { exact: true }).fill(String(user.email));
  await picker.getByLabel(`${user.name} <${user.email}>`).check();
  await picker.getByRole("button", { name: "Associate" }).click();
  await expect(bill.getByText("User associated")).toBeVisible();

  // Disabled by the Administrator: their open console goes to sign-in within seconds.
  await expect(memberRow).toContainText("Set up");
  await memberRow.getByRole("button", { name: "Disable Bill Desk" }).click();
  const confirm = page.getByRole("dialog", { name: "Disable Bill Desk?" });
  await confirm.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByText("Staff member disabled")).toBeVisible();
  await expect(memberRow.locator(".badge")).toHaveText("DISABLED");
  await bill.waitForURL((u) => u.pathname === "/admin/login", { timeout: 10_000 });
  await passwordStep(bill, email, "bill's very own password 42");
  await expect(bill.getByRole("alert")).toHaveText("This staff member is disabled.");

  // All of it is in the audit trail, in words.
  await visit(page, "/admin/activity");
  const entries = (about: string, words: string) =>
    page.locator("table tbody tr", { hasText: about }).filter({ hasText: words });
  await expect(entries(role, "Created role")).toHaveCount(1);
  await expect(entries(email, "Created staff member")).toHaveCount(1);
  await expect(entries(email, "Disabled staff member")).toHaveCount(1);
  await context.close();
});

test("My profile: sessions ended from another browser, a new password, a new authenticator", async ({ page, browser }) => {
  // Three sign-ins and a re-enrolment of one account: each needs a TOTP step of its own.
  test.setTimeout(180_000);
  const me = createStaff({ enrolled: true, role: "Support" });
  const context = await browser.newContext();
  const other = await context.newPage();
  await signIn(other, me);
  await nextTotpStep();
  await signIn(page, me);

  await page.getByTestId("staff-name").click();
  await arrive(page, "/admin/profile");
  const sessions = page.locator("table.sessions tbody tr");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "THIS BROWSER" })).toContainText("Chrome");
  await sessions.filter({ hasNotText: "THIS BROWSER" }).getByRole("button", { name: /^Sign out / }).click();
  await expect(sessions).toHaveCount(1);
  await other.goto("/admin/users");
  await expect(other).toHaveURL(/\/admin\/login$/);

  // The password: the current one is checked, the new one follows the policy.
  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel("New password").fill("a brand new password 42");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#profile-current-error")).toHaveText("That is not your current password.");
  await expect(page.getByLabel("New password")).toHaveValue("a brand new password 42");
  await page.getByLabel("Current password").fill(me.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. Your other sessions were signed out.")).toBeVisible();

  // A new authenticator: codes of the old and the new one; then only the new one signs in.
  await page.getByRole("button", { name: "Set up a new authenticator" }).click();
  const secret = (await page.getByTestId("new-totp-secret").textContent())!.trim();
  await expectAccessible(page);
  await nextTotpStep();
  await page.getByLabel("Code from your current authenticator").fill(totp(me.totpSecret!));
  await page.getByLabel("Code from the new authenticator").fill(totp(secret));
  await page.getByRole("button", { name: "Use the new authenticator" }).click();
  await expect(page.getByText("Your new authenticator is set up; the old one no longer works.")).toBeVisible();
  await nextTotpStep();
  await signIn(other, { ...me, password: "a brand new password 42", totpSecret: secret });
  await context.close();
});

test("a new member invited by mail chooses their password through the link, once, then enrols", async ({ page, browser }) => {
  const admin = createStaff({ enrolled: true });
  await signIn(page, admin);
  await visit(page, "/admin/staff");
  await page.getByRole("button", { name: "Add staff member" }).click();
  const add = page.getByRole("dialog", { name: "Add Staff Member" });
  const email = `ivy-${Date.now()}@roster.test`;
  await add.getByLabel("Name").fill("Ivy Invite");
  await add.getByRole("textbox", { name: "Email" }).fill(email);
  await add.getByLabel("Role").selectOption({ label: "Support" });
  await expect(add.getByLabel("Send an invitation by email")).toBeChecked();
  await expect(add.locator("#staff-handover-hint")).toContainText("a link by email");
  await add.getByRole("button", { name: "Add staff member" }).click();
  await expect(page.getByText(`Staff member added; invitation sent to ${email}`)).toBeVisible();
  const row = page.locator("table.list tbody tr", { hasText: email });
  await expect(row.locator(".badge")).toHaveText("INVITED");

  // Sent again (the first link stops working).
  const [first] = await mailTo(email, /^Your staff account$/);
  await row.getByRole("button", { name: "Resend invitation to Ivy Invite" }).click();
  await expect(page.getByText("Invitation sent again")).toBeVisible();
  const [, second] = await mailTo(email, /^Your staff account$/, 2);
  const link = linkIn(second);
  expect(link).toMatch(/\/admin\/invitation\/[A-Za-z0-9_-]{43}$/);

  const context = await browser.newContext();
  const ivy = await context.newPage();
  await ivy.goto(linkIn(first));
  await expect(ivy.getByRole("alert")).toContainText("This link does not work");
  await ivy.goto(link);
  await hydrated(ivy);
  await expect(ivy.getByText(`Choose the password you will sign in with as ${email}.`)).toBeVisible();
  await expectAccessible(ivy);
  await ivy.getByLabel("Password", { exact: true }).fill(`${email.split("@")[0]}-secret`);
  await ivy.getByRole("button", { name: "Set password" }).click();
  await expect(ivy.getByRole("alert")).toContainText("Do not use the name from the email address");
  await ivy.getByLabel("Password", { exact: true }).fill("ivy's own long password 42");
  await ivy.getByRole("button", { name: "Set password" }).click();
  await expect(ivy.getByRole("status")).toContainText("Your password is set.");
  await ivy.getByRole("link", { name: "Sign in" }).click();
  await arrive(ivy, "/admin/login");
  await passwordStep(ivy, email, "ivy's own long password 42");
  await arrive(ivy, "/admin/login/enrol");
  await expect(ivy.getByLabel("Choose your password")).toHaveCount(0);
  const secret = (await ivy.getByTestId("totp-secret").textContent())!.trim();
  await ivy.getByLabel("Authentication code").fill(totp(secret));
  await ivy.getByRole("button", { name: "Activate and sign in" }).click();
  await arrive(ivy, "/admin");

  // The Administrator's list follows live; the link is spent.
  await expect(row.locator(".badge")).toHaveText("ACTIVE");
  await expect(row.getByRole("button", { name: /^Resend invitation/ })).toHaveCount(0);
  await ivy.goto(link);
  await expect(ivy.getByRole("alert")).toContainText("This link has already been used.");
  await visit(page, "/admin/activity");
  const entries = (words: string) => page.locator("table tbody tr", { hasText: email }).filter({ hasText: words });
  await expect(entries("Sent staff invitation")).toHaveCount(1);
  await expect(entries("Staff member accepted invitation")).toHaveCount(1);
  await context.close();
});
