// Where one person's action meets another's, and where an edge value crosses the wire: the
// defects issue 16 found by using Roster as a new staff member and a new user would.
import { arrive, createStaff, createUser, dbWrite, editUser, expect, hydrated, signIn, test, totp, unlockStaff, userSignIn, visit } from "./support/roster";

const password = "quiet harbour lanterns 42";


test("a staff edit keeps the 2FA a user set up on /account, and Edit User says so", async ({ page: staff, browser }) => {
  const email = `ada.self.${Date.now()}@example.org`;
  await signIn(staff, createStaff({ enrolled: true }));
  await createUser(staff, { first: "Ada", last: "Self", email, password });
  await staff.getByRole("searchbox", { name: "Search" }).fill(email);
  await editUser(staff, "Ada Self", (d) => d.getByLabel("Email Verified").check());

  // Ada turns 2FA on herself.
  const user = await (await browser.newContext()).newPage();
  await userSignIn(user, email, password);
  await arrive(user, "/account");
  await user.getByRole("link", { name: "Set up two-factor authentication" }).click();
  await arrive(user, "/account/2fa");
  const secret = (await user.getByTestId("totp-secret").innerText()).trim();
  await user.getByLabel("Authentication code").fill(totp(secret));
  await user.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await expect(user.getByTestId("recovery-codes").locator("li")).toHaveCount(10);

  // Staff see it set up, by her, and change only Admin Notes.
  await visit(staff, `/admin/users?q=${encodeURIComponent(email)}`);
  const row = staff.locator("table.list tbody tr");
  await expect(row.locator(".badge[class*=tfa-]")).toHaveText("2FA");
  await staff.getByRole("button", { name: "Edit Ada Self" }).click();
  const edit = staff.getByRole("dialog", { name: "Edit User" });
  await expect(edit.locator("#user-tfa-state")).toHaveText("Set up by the user.");
  await expect(edit.getByLabel(/^Require 2FA/)).not.toBeChecked();
  await edit.getByLabel("Admin Notes").fill("Called about an invoice");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();

  // Nothing of her 2FA changed: the badge, Edit User, her /account and her next sign-in agree.
  await expect(row.locator(".badge[class*=tfa-]")).toHaveText("2FA");
  await staff.getByRole("button", { name: "Edit Ada Self" }).click();
  await expect(edit.locator("#user-tfa-state")).toHaveText("Set up by the user.");
  await staff.keyboard.press("Escape");
  await user.goto("/account");
  await hydrated(user);
  await expect(user.getByTestId("two-factor-status")).toHaveText(
    "Two-factor authentication is on. Recovery codes left: 10.",
  );
  await user.getByRole("button", { name: "Sign out" }).click();
  await arrive(user, "/login");
  await userSignIn(user, email, password);
  await arrive(user, "/login/code");
});

test("an owner associated with no boxes ticked, and a member left with no permission", async ({ page }) => {
  const stamp = Date.now();
  const [owner, member] = [`olga.own.${stamp}@example.org`, `mel.mem.${stamp}@example.org`];
  await signIn(page, createStaff({ enrolled: true }));
  await createUser(page, { first: "Olga", last: "Own", email: owner, password });
  await createUser(page, { first: "Mel", last: "Mem", email: member, password });
  await visit(page, "/admin/clients");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const create = page.getByRole("dialog", { name: "Create Client" });
  await create.getByLabel("Firstname").fill("Cora");
  await create.getByLabel("Company Name").fill(`Empty Lists ${stamp}`);
  await create.getByRole("button", { name: "Save" }).click();
  await expect(create).toBeHidden();
  await page.getByRole("searchbox", { name: "Search" }).fill(`Empty Lists ${stamp}`);
  await page.locator("table.list tbody tr").getByRole("link").first().click();
  await arrive(page, /\/admin\/clients\/[0-9a-f-]{36}$/);

  // Owner toggle on, no box ticked by hand: an empty list goes over the wire.
  await page.getByRole("button", { name: "Associate User" }).click();
  const dialog = page.getByRole("dialog", { name: "Associate User" });
  await dialog.getByLabel("User", { exact: true }).fill(owner);
  await dialog.getByLabel(`Olga Own <${owner}>`).check();
  await dialog.getByLabel(/^Owner/).check();
  await dialog.getByRole("button", { name: "Associate" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("User associated")).toBeVisible();
  const row = (email: string) => page.locator("table.client-users tbody tr", { hasText: email });
  await expect(row(owner).locator(".badge.owner")).toHaveText("OWNER");

  // A member with one permission, then none.
  await page.getByRole("button", { name: "Associate User" }).click();
  await dialog.getByLabel("User", { exact: true }).fill(member);
  await dialog.getByLabel(`Mel Mem <${member}>`).check();
  await dialog.getByLabel("Invoices", { exact: true }).check();
  await dialog.getByRole("button", { name: "Associate" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Permissions of Mel Mem" }).click();
  const perms = page.getByRole("dialog", { name: "Permissions of Mel Mem" });
  await perms.getByLabel("Invoices", { exact: true }).uncheck();
  await perms.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Permissions saved")).toBeVisible();
  await expect(row(member).locator(".permissions")).toHaveText("None");
  await expect(page.getByText("The request was malformed.")).toHaveCount(0);
});

test("staff sign-in waits after repeated failures and stays locked until unlocked", async ({ page, browser }) => {
  const staff = createStaff({ enrolled: true });
  const attempt = async (pass: string) => {
    await visit(page, "/admin/login");
    await page.getByLabel("Email").fill(staff.email);
    await page.getByLabel("Password").fill(pass);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
  };
  // Four wrong passwords in quick succession: the fourth must wait.
  await visit(page, "/admin/login");
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill("not-the-password");
  const submit = async () => {
    const answered = page.waitForResponse((r) => r.url().includes("/api/staff_sign_in"));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    return (await answered).status();
  };
  expect([await submit(), await submit(), await submit()]).toEqual([401, 401, 401]);
  await expect(page.getByRole("alert")).toHaveText("Sign-in failed: the email, password or code is not correct.");
  expect(await submit()).toBe(429);
  await expect(page.getByRole("alert")).toContainText("Too many attempts. Try again in");

  // Ten failures in a row (the waits between them are service-tested): even the right
  // password waits out the lock, until an operator unlocks the account.
  dbWrite(`UPDATE staff SET failed_logins = 10, locked_until = '2099-01-01T00:00:00+00:00' WHERE email = '${staff.email}'`);
  await attempt(staff.password);
  await expect(page.getByRole("alert")).toContainText("Too many attempts. Try again in");
  unlockStaff(staff.email);
  await attempt(staff.password);
  await arrive(page, "/admin/login/code");
  await page.getByLabel("Authentication code").fill(totp(staff.totpSecret!));
  await page.getByRole("button", { name: "Verify" }).click();
  await arrive(page, "/admin");

  // Locked again: an Administrator sees it on the Staff page and unlocks it there.
  dbWrite(`UPDATE staff SET failed_logins = 10, locked_until = '2099-01-01T00:00:00+00:00' WHERE email = '${staff.email}'`);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, createStaff({ enrolled: true }));
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" }).click();
  await arrive(admin, "/admin/staff");
  const row = admin.locator("table.list tbody tr", { hasText: staff.email });
  await expect(row.locator(".badge")).toHaveText("LOCKED");
  await row.getByRole("button", { name: `Unlock ${staff.name}` }).click();
  await expect(row.locator(".badge")).toHaveText("ACTIVE");
  await expect(admin.getByText("Staff member unlocked")).toBeVisible();
  await page.getByRole("button", { name: "Log out" }).click();
  await arrive(page, "/admin/login");
  await attempt(staff.password);
  await arrive(page, "/admin/login/code");
});

test("failed lookups say so: the user picker and the Delete dialog", async ({ page }) => {
  const email = `fay.fail.${Date.now()}@example.org`;
  await signIn(page, createStaff({ enrolled: true }));
  await createUser(page, { first: "Fay", last: "Fail", email, password });
  await page.getByRole("searchbox", { name: "Search" }).fill(email);

  // The Delete dialog cannot tell what the user belongs to: it says so and offers no Delete.
  await page.route("**/api/users/clients_for_delete", (r) => r.fulfill({ status: 500, body: '{"Internal":{"request_id":"test-1"}}' }));
  await page.getByRole("button", { name: "Delete Fay Fail" }).click();
  const del = page.getByRole("dialog", { name: "Delete Fay Fail?" });
  await expect(del.getByRole("alert")).toContainText("This user's clients could not be loaded");
  await expect(del.getByText("They belong to no clients.")).toHaveCount(0);
  await expect(del.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await page.keyboard.press("Escape");

  // The Associate User picker: a failed search is not "No users match."
  await visit(page, "/admin/clients");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const create = page.getByRole("dialog", { name: "Create Client" });
  await create.getByLabel("Firstname").fill("Pia");
  await create.getByLabel("Company Name").fill(`Picker ${Date.now()}`);
  await create.getByRole("button", { name: "Save" }).click();
  await expect(create).toBeHidden();
  await page.locator("table.list tbody tr").getByRole("link").first().click();
  await arrive(page, /\/admin\/clients\/[0-9a-f-]{36}$/);
  await page.route("**/api/clients/pick_users", (r) => r.fulfill({ status: 500, body: '{"Internal":{"request_id":"test-2"}}' }));
  await page.getByRole("button", { name: "Associate User" }).click();
  const picker = page.getByRole("dialog", { name: "Associate User" });
  await picker.getByLabel("User", { exact: true }).fill("fay");
  await expect(picker.getByRole("alert")).toContainText("Users could not be searched");
  await expect(picker.getByText("No users match.")).toHaveCount(0);
});

test("a message for a field the form has no place for still reaches staff", async ({ page }) => {
  const email = `lou.lang.${Date.now()}@example.org`;
  await signIn(page, createStaff({ enrolled: true }));
  await createUser(page, { first: "Lou", last: "Lang", email, password });
  await page.getByRole("searchbox", { name: "Search" }).fill(email);
  await page.getByRole("button", { name: "Edit Lou Lang" }).click();
  const edit = page.getByRole("dialog", { name: "Edit User" });
  // A language the server does not support (as an outdated page would offer).
  await edit.locator("#user-language").evaluate((el: HTMLSelectElement) => {
    el.add(new Option("Klingon", "tlh"));
    el.value = "tlh";
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.locator("#user-language-error")).not.toBeEmpty();
  await expect(edit).toBeVisible();
});

test("a shared office number is allowed, with a note saying who else has it", async ({ page }) => {
  const stamp = Date.now();
  const phone = `512 ${String(stamp).slice(-3)} 678`;
  await signIn(page, createStaff({ enrolled: true }));
  const fill = (d: import("@playwright/test").Locator) => async () => {
    await d.getByLabel("Country").selectOption("PL");
    await d.getByLabel("Number").fill(phone);
    await d.getByLabel("Number").blur();
  };
  await createUser(page, { first: "Pam", last: "Front", email: `pam.${stamp}@example.org`, password }, (d) => fill(d)());
  await createUser(page, { first: "Rob", last: "Back", email: `rob.${stamp}@example.org`, password }, async (d) => {
    await fill(d)();
    await expect(d.locator("#user-phone-shared")).toContainText("Pam Front");
  });
  await page.getByRole("searchbox", { name: "Search" }).fill(phone.replace(/ /g, ""));
  await expect(page.locator("table.list tbody tr")).toHaveCount(2);
});
