// The console's keyboard shortcuts, as staff use them: / to search, n to create, arrows and
// Enter through the rows, ? for the list; keys typed into a field stay text.
import { createStaff, createUser, expect, hydrated, signIn, test } from "./support/roster";

test("/ searches, n creates, arrows and Enter open a row, ? lists the shortcuts", async ({ page }) => {
  await signIn(page, createStaff({ enrolled: true }));
  const tag = Date.now();
  for (const first of ["Kim", "Kai"]) {
    await createUser(page, { first, last: `Keys${tag}`, email: `${first.toLowerCase()}.${tag}@example.org`, password: "quiet harbour lanterns 42" });
  }
  await page.goto(`/admin/users?q=Keys${tag}`);
  await hydrated(page);
  const rows = page.locator("table.list tbody tr");
  await expect(rows).toHaveCount(2);

  await page.keyboard.press("/");
  const search = page.getByRole("searchbox", { name: "Search" });
  await expect(search).toBeFocused();
  // In a field, "n" and "?" are text.
  await page.keyboard.type("n?");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await search.fill(`Keys${tag}`);
  await expect(rows).toHaveCount(2);
  await search.blur();

  await page.keyboard.press("ArrowDown");
  await expect(rows.nth(0)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(rows.nth(0)).toBeFocused();
  const name = (await rows.nth(0).locator(".user-name").innerText()).trim();
  await page.keyboard.press("Enter");
  const edit = page.getByRole("dialog", { name: "Edit User" });
  await expect(edit).toBeVisible();
  await expect(edit.getByLabel("Firstname")).toHaveValue(name.split(" ")[0]);
  // While a dialog is open the shortcuts rest.
  await page.keyboard.press("Escape");
  await expect(edit).toBeHidden();

  await page.keyboard.press("n");
  const create = page.getByRole("dialog", { name: "Create User" });
  await expect(create).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(create).toBeHidden();

  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help.locator("dt")).toHaveText(["/", "n", "↑ ↓", "Enter", "?"]);
  await help.getByRole("button", { name: "Close" }).click();
  await expect(help).toBeHidden();
});
