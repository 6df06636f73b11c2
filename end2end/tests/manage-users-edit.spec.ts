import { createStaff, dbRows, expect, expectAccessible, hydrated, signIn, test, visit } from "./support/roster";
import type { Page } from "@playwright/test";

async function openCreate(page: Page) {
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByRole("dialog", { name: "Create User" })).toBeVisible();
}

test("staff create, edit and delete a user in modals, with errors on the right fields", async ({ page }) => {
  await signIn(page, createStaff({ enrolled: true }));
  await visit(page, "/admin/users");

  // Create: the modal opens with focus inside; bad input is refused field by field and kept.
  await openCreate(page);
  const dialog = page.getByRole("dialog", { name: "Create User" });
  await expect(dialog.locator("#user-email")).toBeVisible();
  await expectAccessible(page);
  await dialog.locator("#user-email").fill("zoe.quill@example.org");
  await dialog.getByLabel("Firstname").fill("Zoe");
  await dialog.getByLabel("Lastname").fill("Quill");
  await dialog.getByLabel("Country").selectOption("PL");
  await dialog.getByLabel("Number").fill("12345");
  await dialog.getByRole("button", { name: "Generate" }).click();
  await expect(dialog.locator("#user-password")).toHaveValue(/^.{20}$/);
  await expect(dialog.getByText(/Strength: (Strong|Very strong)/)).toBeVisible();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.locator("#user-phone-error")).toHaveText("This is not a valid phone number in PL.");
  await expect(dialog.locator("#user-email")).toHaveValue("zoe.quill@example.org");
  await dialog.getByLabel("Number").fill("512 345 678");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("User created")).toBeVisible();

  // The new user is in the table (no reload), NEW, with the phone in international format.
  await page.getByRole("searchbox", { name: "Search" }).fill("zoe.quill");
  const row = page.locator("table.list tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("+48 512 345 678");
  await expect(row.locator(".badge[class*=status-]")).toHaveText("NEW");

  // The same email in other letter case is refused on the Email field.
  await openCreate(page);
  const again = page.getByRole("dialog", { name: "Create User" });
  await again.locator("#user-email").fill("ZOE.QUILL@example.org");
  await again.getByLabel("Firstname").fill("Zoe");
  await again.locator("#user-password").fill("another fine passphrase");
  await again.getByRole("button", { name: "Save" }).click();
  await expect(again.locator("#user-email-error")).toHaveText("A user with this email already exists.");
  await page.keyboard.press("Escape");
  await expect(again).toBeHidden();
  await expect(page.getByRole("button", { name: "Create", exact: true })).toBeFocused();

  // Edit: status and 2FA change the badges in place.
  await page.getByRole("button", { name: "Edit Zoe Quill" }).click();
  const edit = page.getByRole("dialog", { name: "Edit User" });
  await expect(edit.locator("#user-email")).toHaveValue("zoe.quill@example.org");
  await expect(edit.locator("#user-password")).toHaveValue("");
  await expect(edit.getByLabel("Country")).toHaveValue("PL");
  await expect(edit.getByLabel("Number")).toHaveValue("512 345 678");
  await edit.getByLabel("Status").selectOption("inactive");
  await edit.getByLabel(/^Require 2FA/).check();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(row.locator(".badge[class*=status-]")).toHaveText("INACTIVE");
  await expect(row.locator(".badge[class*=tfa-]")).toHaveText("2FA required");

  // The Edit modal links to the user's history on the Activity page.
  await page.getByRole("button", { name: "Edit Zoe Quill" }).click();
  await page.getByRole("dialog", { name: "Edit User" }).getByRole("link", { name: "This user's history" }).click();
  await expect(page).toHaveURL(/\/admin\/activity\?target=/);
  const entries = page.locator("table.activity tbody tr");
  await expect(entries).toHaveCount(2);
  await expect(entries.first()).toContainText("Edited user");
  await expect(entries.first()).toContainText("status: new → inactive");
  await expect(entries.first()).toContainText("two_factor_required: false → true");
  await expect(entries.nth(1)).toContainText("Created user");
  await expect(entries.nth(1)).toContainText("password: changed");
  await expectAccessible(page);
  await visit(page, "/admin/users?q=zoe.quill");

  // Delete asks first, then the row goes.
  await page.getByRole("button", { name: "Delete Zoe Quill" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete Zoe Quill?" });
  await expect(confirm).toContainText("They belong to no clients.");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText("No users match")).toBeVisible();
  expect(dbRows("SELECT count(*) AS n FROM users WHERE email_norm = 'zoe.quill@example.org'")[0].n).toBe(0);
  await visit(page, "/admin/activity?action=user.delete");
  await expect(page.locator("table.activity tbody tr").first()).toContainText("Zoe Quill");
});

test("two staff members editing the same user: the second save shows the first one's change", async ({ browser }) => {
  // Two browsers, each with its own staff session.
  const context = () => browser.newContext({ baseURL: process.env.ROSTER_E2E_URL });
  const first = await (await context()).newPage();
  const second = await (await context()).newPage();
  const staffA = createStaff({ enrolled: true });
  const staffB = createStaff({ enrolled: true });
  await signIn(first, staffA);
  await signIn(second, staffB);
  await visit(first, "/admin/users");
  await openCreate(first);
  const create = first.getByRole("dialog", { name: "Create User" });
  await create.locator("#user-email").fill("yann.race@example.org");
  await create.getByLabel("Firstname").fill("Yann");
  await create.locator("#user-password").fill("plenty long passphrase");
  await create.getByRole("button", { name: "Save" }).click();
  await expect(create).toBeHidden();

  for (const p of [first, second]) {
    await p.goto("/admin/users?q=yann.race");
    await hydrated(p);
    await p.getByRole("button", { name: "Edit Yann" }).click();
  }
  const a = first.getByRole("dialog", { name: "Edit User" });
  const b = second.getByRole("dialog", { name: "Edit User" });
  await a.getByLabel("Lastname").fill("Alpha");
  await a.getByRole("button", { name: "Save" }).click();
  await expect(a).toBeHidden();
  await b.getByLabel("Lastname").fill("Beta");
  await b.getByRole("button", { name: "Save" }).click();
  await expect(b.getByRole("alert")).toContainText(`This user was changed by ${staffA.name} at`);
  await expect(b.getByRole("alert")).toContainText("Yann Alpha");
  await expect(b.getByLabel("Lastname")).toHaveValue("Beta");
  await b.getByRole("button", { name: "Overwrite with mine" }).click();
  await expect(b).toBeHidden();
  await expect(second.locator("table.list tbody tr .user-name")).toHaveText("Yann Beta");
});

test("a Support staff member sees no Create, Edit or Delete, and the server refuses them", async ({ page }) => {
  await signIn(page, createStaff({ role: "Support", enrolled: true }));
  await visit(page, "/admin/users");
  await expect(page.getByRole("button", { name: "Create", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Edit|Delete) / })).toHaveCount(0);
  // The same calls the buttons would make, straight from this staff member's browser.
  const statuses = await page.evaluate(async () => {
    const post = (path: string, body: string) =>
      fetch(`/api/users/${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      }).then((r) => r.status);
    const form = "form[email]=a%40b.co&form[password]=long+enough+pass&form[first_name]=A&form[last_name]=&form[phone_region]=&form[phone]=&form[language]=en&form[admin_notes]=&form[two_factor_required]=false&form[email_verified]=false&form[phone_verified]=false&form[status]=new";
    const id = "00000000-0000-7000-8000-000000000000";
    return [
      await post("create", form),
      await post("update", `id=${id}&version=1&overwrite=false&${form}`),
      await post("delete", `id=${id}`),
    ];
  });
  expect(statuses).toEqual([403, 403, 403]);
  await page.goto("/admin/activity");
  await expect(page.getByText("You do not have permission to do this.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Activity" })).toHaveCount(0);
});
