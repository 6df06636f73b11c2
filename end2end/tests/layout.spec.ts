// Every page and modal at three desktop sizes and a phone, in light and dark: no sideways
// scrolling, every button named and showing an icon or text, no serious accessibility
// violation, no emoji or private-use glyph in the HTML. Each screen is saved as a test
// artifact (test-results/screens); `make screenshots` saves the README's set into
// docs/screenshots (ROSTER_SCREENSHOTS).
import { createStaff, createUser, dbWrite, expect, expectAccessible, hydrated, seedDemoData, signIn, test } from "./support/roster";
import type { Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];
const THEMES = ["light", "dark"] as const;
const password = "quiet harbour lanterns 42";
const clientEmail = `layout.${Date.now()}@example.org`;

// The README's pictures: which screens, at which size ("docs" mode only).
const DOCS: Record<string, string[]> = {
  "1440x900": ["dashboard", "manage-users", "edit-user", "user-clients", "client-users-tab", "client-area-account"],
  "390x844": ["manage-users", "menu"],
};
const docsDir = process.env.ROSTER_SCREENSHOTS;
const artifacts = join(__dirname, "../test-results/screens");

// Emoji, regional-indicator flags, dingbats and symbols used as icons, private-use glyphs.
const ICON_GLYPHS = /[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}\u{E000}-\u{F8FF}\u{F0000}-\u{FFFFD}]/u;

async function checkScreen(page: Page, name: string) {
  const size = page.viewportSize()!;
  const sizeName = `${size.width}x${size.height}`;
  expect(await page.content(), `${name}: an emoji or private-use glyph`).not.toMatch(ICON_GLYPHS);
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    const where = `${name} at ${sizeName} (${theme})`;
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(0);
    const unnamed = await page.locator("button:visible").evaluateAll((buttons) =>
      buttons
        .filter((b) => {
          const named = (b.getAttribute("aria-label") ?? b.textContent ?? "").trim() !== "";
          const shows = (b as HTMLElement).innerText.trim() !== "" || b.querySelector("svg") !== null;
          return !named || !shows;
        })
        .map((b) => b.outerHTML.slice(0, 120)),
    );
    expect(unnamed, `${where}: buttons without a name or without a visible icon or text`).toEqual([]);
    await expectAccessible(page);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, `${name}-${sizeName}-${theme}.png`) });
    if (docsDir && theme === "light" && DOCS[sizeName]?.includes(name)) {
      mkdirSync(docsDir, { recursive: true });
      await page.screenshot({ path: join(docsDir, `${name}${size.width < 720 ? "-phone" : ""}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: null });
}

/** Opens a dialog by a button, checks it as a screen, and closes it with Cancel or Escape. */
async function checkDialog(page: Page, open: () => Promise<void>, title: string, name: string) {
  await open();
  const dialog = page.getByRole("dialog", { name: title });
  await expect(dialog).toBeVisible();
  // Loaded: a form's first field has its value, a list its rows.
  await expect(dialog.locator(".loading")).toHaveCount(0);
  await checkScreen(page, name);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
}

async function go(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
}

for (const size of SIZES) {
  test(`every screen fits and passes axe at ${size.width}x${size.height}, light and dark`, async ({ page, browser }) => {
    test.setTimeout(240_000);
    await page.setViewportSize(size);
    const phone = size.width < 720;
    await signIn(page, createStaff({ enrolled: true }));

    await go(page, "/admin");
    await checkScreen(page, "dashboard");
    if (phone) {
      // The menu hides behind a button, opens over the page and leads everywhere.
      await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
      await page.getByRole("button", { name: "Menu" }).click();
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      await checkScreen(page, "menu");
      await page.getByRole("link", { name: "Manage Users" }).click();
      await page.waitForURL((u) => u.pathname === "/admin/users");
      await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    } else {
      await go(page, "/admin/users");
    }
    await hydrated(page);
    await checkScreen(page, "manage-users");
    const first = page.locator("table.list tbody tr").first();
    const who = (await first.locator(".user-name").innerText()).trim();
    await checkDialog(page, () => page.getByRole("button", { name: "Create", exact: true }).click(), "Create User", "create-user");
    await checkDialog(page, () => page.getByRole("button", { name: `Edit ${who}` }).click(), "Edit User", "edit-user");
    await checkDialog(page, () => page.getByRole("button", { name: `View clients of ${who}` }).click(), "User Clients", "user-clients");
    await checkDialog(page, () => page.getByRole("button", { name: `Delete ${who}` }).click(), `Delete ${who}?`, "delete-user");
    await go(page, "/admin/users?q=zzzz-nobody");
    await expect(page.getByRole("link", { name: "Clear filters" })).toBeVisible();
    await checkScreen(page, "manage-users-empty");

    await go(page, "/admin/clients");
    await checkScreen(page, "manage-clients");
    await checkDialog(page, () => page.getByRole("button", { name: "Create", exact: true }).click(), "Create Client", "create-client");
    const edit = page.locator("table.list tbody tr").first().getByRole("button", { name: /^Edit / });
    await checkDialog(page, () => edit.click(), "Edit Client", "edit-client");
    await page.locator("table.list tbody tr").first().getByRole("link").first().click();
    await page.waitForURL(/\/admin\/clients\/[0-9a-f-]{36}$/);
    await hydrated(page);
    await page.getByRole("tab", { name: "Users" }).click();
    await checkScreen(page, "client-users-tab");

    await go(page, "/admin/activity");
    await checkScreen(page, "activity");
    await go(page, "/admin/staff");
    await checkScreen(page, "staff");

    // The client area, signed out and signed in.
    const context = await browser.newContext({ viewport: size });
    const visitor = await context.newPage();
    await go(visitor, "/login");
    await checkScreen(visitor, "client-area-login");
    await visitor.getByLabel("Email").fill(clientEmail);
    await visitor.getByLabel("Password").fill(password);
    await visitor.getByRole("button", { name: "Sign in" }).click();
    await visitor.waitForURL((u) => u.pathname === "/account");
    await hydrated(visitor);
    await checkScreen(visitor, "client-area-account");
    await context.close();
  });
}

test.beforeAll(async ({ browser }) => {
  seedDemoData(60, 20, 18);
  // A user who can sign in to the client area: created through Create User, verified by SQL.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, createStaff({ enrolled: true }));
  await createUser(page, { first: "Lena", last: "Layout", email: clientEmail, password });
  dbWrite(`UPDATE users SET email_verified = 1 WHERE email_norm = '${clientEmail}'`);
  await context.close();
});
