import { arrive, createStaff, dbRows, expect, expectAccessible, seedDemoData, signIn, test, visit } from "./support/roster";
import type { Page } from "@playwright/test";

type Person = { email: string; name: string };

function people(where: string, n: number): Person[] {
  const rows = dbRows(
    `SELECT email, first_name || ' ' || last_name AS name FROM users u
     WHERE ${where} AND NOT EXISTS (SELECT 1 FROM users o WHERE o.id <> u.id
       AND o.first_name = u.first_name AND o.last_name = u.last_name)
     ORDER BY created_at LIMIT ${n}`,
  );
  expect(rows.length).toBe(n);
  return rows.map((r) => ({ email: String(r.email), name: String(r.name) }));
}

async function associate(page: Page, who: Person, opts: { owner?: boolean; permissions: string[] }) {
  await page.getByRole("button", { name: "Associate User" }).click();
  const dialog = page.getByRole("dialog", { name: "Associate User" });
  await dialog.getByLabel("User", { exact: true }).fill(who.email);
  await dialog.getByLabel(`${who.name} <${who.email}>`).check();
  for (const p of opts.permissions) await dialog.getByLabel(p, { exact: true }).check();
  if (opts.owner) {
    await dialog.getByLabel(/^Owner/).check();
    // The owner may do everything: every box checked and locked.
    await expect(dialog.getByLabel("Emails", { exact: true })).toBeChecked();
    await expect(dialog.getByLabel("Emails", { exact: true })).toBeDisabled();
  }
  await dialog.getByRole("button", { name: "Associate" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("User associated")).toBeVisible();
}

test("staff create a client, associate two users, move ownership and remove a member", async ({ page }) => {
  seedDemoData(40, 5, 23);
  const [ann, bob] = people("u.status = 'active'", 2);
  const [ina] = people("u.status = 'inactive'", 1);
  const company = `Quillwork ${Date.now()}`;
  await signIn(page, createStaff({ enrolled: true }));
  await visit(page, "/admin/clients");

  // Create: field errors come back on their fields, and what was typed stays.
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const create = page.getByRole("dialog", { name: "Create Client" });
  await create.getByLabel("Firstname").fill("Cleo");
  await create.getByLabel("Lastname").fill("Quill");
  await create.getByLabel("Company Name").fill(company);
  await create.getByLabel("Tax ID").fill("PL<1>");
  await create.getByLabel("Status").selectOption("active");
  await create.getByRole("button", { name: "Save" }).click();
  await expect(create.locator("#client-tax_id-error")).toHaveText("Use letters, digits, spaces and - . / only.");
  await expectAccessible(page);
  await create.getByLabel("Tax ID").fill(`pl ${Date.now()}`);
  await create.getByRole("button", { name: "Save" }).click();
  await expect(create).toBeHidden();
  await expect(page.getByText("Client created")).toBeVisible();

  // A second client with the same company name is refused on that field.
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const again = page.getByRole("dialog", { name: "Create Client" });
  await again.getByLabel("Firstname").fill("Dan");
  await again.getByLabel("Company Name").fill(company);
  await again.getByRole("button", { name: "Save" }).click();
  await expect(again.locator("#client-company_name-error")).toHaveText("Another client already has this company name.");
  await expect(again.getByLabel("Firstname")).toHaveValue("Dan");
  await page.keyboard.press("Escape");

  // The list finds it; its page opens from the contact's name.
  await page.getByRole("searchbox", { name: "Search" }).fill(company);
  const row = page.locator("table.list tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row.locator(".badge")).toHaveText("ACTIVE");
  await row.getByRole("link", { name: "Cleo Quill" }).click();
  await arrive(page, /\/admin\/clients\/[0-9a-f-]{36}$/);
  const clientUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1 })).toContainText(company);
  await expect(page.getByText("No users are associated with this client yet.")).toBeVisible();

  // An INACTIVE user may be chosen, with a warning.
  await page.getByRole("button", { name: "Associate User" }).click();
  const picker = page.getByRole("dialog", { name: "Associate User" });
  await picker.getByLabel("User", { exact: true }).fill(ina.email);
  await picker.getByLabel(`${ina.name} <${ina.email}>`).check();
  await expect(picker.getByText(`${ina.name} is INACTIVE`)).toBeVisible();
  await expectAccessible(page);
  await picker.getByRole("button", { name: "Cancel" }).click();

  // Ann as owner, Bob as a member with other permissions.
  await associate(page, ann, { owner: true, permissions: ["Modify profile", "Invoices"] });
  await associate(page, bob, { permissions: ["Support tickets"] });
  const member = (p: Person) => page.locator("table.client-users tbody tr", { hasText: p.email });
  await expect(member(ann).locator(".badge.owner")).toHaveText("OWNER");
  await expect(member(ann).locator(".permissions")).toHaveText("All (owner)");
  await expect(member(bob).locator(".permissions")).toHaveText("Support tickets");
  await expect(page.getByRole("button", { name: `Remove ${ann.name}` })).toHaveCount(0);

  // Associating Bob twice is refused with a clear message.
  await page.getByRole("button", { name: "Associate User" }).click();
  const twice = page.getByRole("dialog", { name: "Associate User" });
  await twice.getByLabel("User", { exact: true }).fill(bob.email);
  await expect(twice.getByLabel(`${bob.name} <${bob.email}> (already associated)`)).toBeDisabled();
  await twice.getByRole("button", { name: "Cancel" }).click();

  // Bob becomes the owner: OWNER moves, Ann keeps the permissions she had ticked.
  await page.getByRole("button", { name: `Make owner: ${bob.name}` }).click();
  await page.getByRole("dialog", { name: `Make ${bob.name} the owner?` }).getByRole("button", { name: "Make owner" }).click();
  await expect(page.getByText("Ownership moved")).toBeVisible();
  await expect(member(bob).locator(".badge.owner")).toHaveText("OWNER");
  await expect(member(ann).locator(".badge.owner")).toHaveCount(0);
  await expect(member(ann).locator(".permissions")).toHaveText("Modify profile, Invoices");

  // Ann's permissions change; the owner's cannot.
  await page.getByRole("button", { name: `Permissions of ${ann.name}` }).click();
  const perms = page.getByRole("dialog", { name: `Permissions of ${ann.name}` });
  await expect(perms.getByLabel("Invoices", { exact: true })).toBeChecked();
  await perms.getByLabel("Invoices", { exact: true }).uncheck();
  await perms.getByLabel("Domains", { exact: true }).check();
  await perms.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Permissions saved")).toBeVisible();
  await expect(member(ann).locator(".permissions")).toHaveText("Modify profile, Domains");
  await expect(page.getByRole("button", { name: `Permissions of ${bob.name}` })).toHaveCount(0);

  // Every change is in the client's history.
  await page.getByRole("link", { name: "This client's history" }).click();
  await arrive(page, /\/admin\/activity\?target=/);
  await expect(page.locator("table.activity tbody tr")).toHaveCount(5);
  await expect(page.locator("table.activity tbody tr").first()).toContainText("Changed user's client permissions");

  // The eye in Manage Users shows Bob's clients with the right badges, and the counter agrees.
  const [{ n }] = dbRows(`SELECT count(*) AS n FROM client_users c JOIN users u ON u.id = c.user_id WHERE u.email = '${bob.email}'`);
  await visit(page, `/admin/users?q=${encodeURIComponent(bob.email)}`);
  await expect(page.locator("table.list tbody tr td.num .count")).toHaveText(String(n));
  const eye = page.getByRole("button", { name: `View clients of ${bob.name}` });
  await eye.click();
  const clients = page.getByRole("dialog", { name: "User Clients" });
  const entry = clients.locator("tbody tr", { hasText: company });
  await expect(entry.locator(".badge")).toHaveText(["ACTIVE", "OWNER"]);
  await expect(clients.locator("tbody tr")).toHaveCount(Number(n));
  await clients.getByRole("button", { name: "Close" }).click();
  await expect(eye).toBeFocused();
  await eye.click();
  await page.getByRole("dialog", { name: "User Clients" }).getByRole("link", { name: "Cleo Quill" }).click();
  await arrive(page, clientUrl);

  // Manage Clients finds the client by its owner's email and shows the owner.
  await visit(page, `/admin/clients?q=${encodeURIComponent(bob.email)}`);
  const owned = page.locator("table.list tbody tr", { hasText: company });
  await expect(owned).toContainText(bob.name);
  await expect(owned.locator(".count")).toHaveText("2");

  // The status filter keeps to one status.
  await page.getByRole("searchbox", { name: "Search" }).fill("");
  await page.getByLabel("Status").selectOption("active");
  await expect(page).toHaveURL(/status=active/);
  const badges = page.locator("table.list tbody tr .badge");
  await expect(badges.filter({ hasNotText: /^ACTIVE$/ })).toHaveCount(0);
  await expect(badges.first()).toHaveText("ACTIVE");

  // Ann, no longer the owner, can be removed.
  await visit(page, clientUrl);
  await page.getByRole("button", { name: `Remove ${ann.name}` }).click();
  await page.getByRole("dialog", { name: `Remove ${ann.name} from this client?` }).getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText("User removed")).toBeVisible();
  await expect(member(ann)).toHaveCount(0);
  await expect(member(bob)).toHaveCount(1);
});
