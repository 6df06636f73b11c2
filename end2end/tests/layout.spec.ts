// Every page and modal at three desktop sizes and a phone: no sideways scrolling (of the
// page or inside a dialog), every button named and showing an icon or text, no serious
// accessibility violation (per layout and theme, see SIZES), no emoji or private-use glyph in the HTML; in light and dark at
// 1440x900 and on the phone (colours do not depend on the width), light at the others. Each screen is saved as a test
// artifact (test-results/screens); `make screenshots` saves the README's set into
// docs/screenshots (ROSTER_SCREENSHOTS).
import { arrive, createStaff, createUser, dbWrite, expect, expectAccessible, hydrated, seedDemoData, signIn, test, totp, userSignIn } from "./support/roster";
import { linkIn, mailTo } from "./support/mail";
import type { Browser, Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

// axe runs once per layout and theme: its serious rules read structure (the desktop widths
// share one layout, the phone has its own) and contrast (the theme's), so the other passes
// would only repeat it (they took half of this spec's minutes).
const SIZES = [
  { width: 1280, height: 800, themes: ["light"], axe: [] },
  { width: 1440, height: 900, themes: ["light", "dark"], axe: ["light", "dark"] },
  { width: 1920, height: 1080, themes: ["light"], axe: [] },
  { width: 390, height: 844, themes: ["light", "dark"], axe: ["light"] },
] as const;
const password = "quiet harbour lanterns 42";
const clientEmail = `layout.${Date.now()}@example.org`;
const enrolledEmail = `layout.2fa.${Date.now()}@example.org`;

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
  const { themes, axe } = SIZES.find((s) => s.width === size.width)!;
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme });
    const where = `${name} at ${sizeName} (${theme})`;
    // What sticks out past the window's right edge (empty when nothing scrolls sideways).
    const sticking = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return [];
      return [...document.body.querySelectorAll("*")]
        .filter((e) => e.getBoundingClientRect().right > width + 0.5)
        .map((e) => `${e.parentElement?.getAttribute("class") ?? ""} > ${e.tagName.toLowerCase()}.${e.getAttribute("class") ?? ""} "${(e.textContent ?? "").trim().slice(0, 40)}" (to ${Math.round(e.getBoundingClientRect().right)} px)`)
        .slice(0, 8);
    });
    expect(sticking, `${where}: the page scrolls sideways`).toEqual([]);
    const wideDialogs = await page.evaluate(() =>
      [...document.querySelectorAll("dialog[open]")]
        .filter((d) => d.scrollWidth > d.clientWidth + 1)
        .map((d) => `${d.getAttribute("aria-labelledby") ?? "dialog"}: ${d.scrollWidth} px in ${d.clientWidth}`),
    );
    expect(wideDialogs, `${where}: a dialog scrolls sideways`).toEqual([]);
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
    if ((axe as readonly string[]).includes(theme)) await expectAccessible(page);
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
async function checkDialog(page: Page, open: () => Promise<void>, title: string | RegExp, name: string) {
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

/** The staff sign-in pages on the way in: password, code, and enrolment for a new member. */
async function staffSignIn(page: Page, browser: Browser, size: { width: number; height: number }) {
  const staff = createStaff({ enrolled: true });
  await go(page, "/admin/login");
  await checkScreen(page, "staff-login");
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill(staff.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await arrive(page, "/admin/login/code");
  await checkScreen(page, "staff-code");
  await page.getByLabel("Authentication code").fill(totp(staff.totpSecret!));
  await page.getByRole("button", { name: "Verify" }).click();
  await arrive(page, "/admin");

  const newcomer = createStaff();
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
  const other = await context.newPage();
  await go(other, "/admin/login");
  await other.getByLabel("Email").fill(newcomer.email);
  await other.getByLabel("Password").fill(newcomer.password);
  await other.getByRole("button", { name: "Sign in", exact: true }).click();
  await arrive(other, "/admin/login/enrol");
  await checkScreen(other, "staff-enrol");
  await context.close();
}

/** A member invited through Add Staff Member, their INVITED row, and their invitation's page. */
async function staffInvitation(page: Page, browser: Browser, size: { width: number; height: number }) {
  const email = `invited.${size.width}.${Date.now()}@roster.test`;
  await page.getByRole("button", { name: "Add staff member" }).click();
  const add = page.getByRole("dialog", { name: "Add Staff Member" });
  await add.getByLabel("Name").fill("Ines Invited");
  await add.getByRole("textbox", { name: "Email" }).fill(email);
  await add.getByLabel("Role").selectOption({ label: "Support" });
  await add.getByRole("button", { name: "Add staff member" }).click();
  await expect(page.locator("table.list tbody tr", { hasText: email }).locator(".badge")).toHaveText("INVITED");
  await checkScreen(page, "staff-invited");
  const [mail] = await mailTo(email, /^Your staff account$/);
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
  const other = await context.newPage();
  await go(other, new URL(linkIn(mail)).pathname);
  await expect(other.getByRole("button", { name: "Set password" })).toBeVisible();
  await checkScreen(other, "staff-invitation");
  await context.close();
}

/** Manage Users, its dialogs (on a user with clients), and an empty search. */
async function manageUsers(page: Page, phone: boolean) {
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
  // Other tests' users come first in the list: a user with clients is found by the filter.
  await go(page, "/admin/users?clients=yes");
  await hydrated(page);
  const withClients = page.locator("table.list tbody tr").filter({ has: page.locator(".count").filter({ hasNotText: /^0$/ }) });
  const who = (await withClients.first().locator(".user-name").innerText()).trim();
  await checkDialog(page, () => page.getByRole("button", { name: "Create", exact: true }).click(), "Create User", "create-user");
  await checkDialog(page, () => page.getByRole("button", { name: `View clients of ${who}` }).click(), "User Clients", "user-clients");
  await checkDialog(page, () => page.getByRole("button", { name: `Delete ${who}` }).click(), `Delete ${who}?`, "delete-user");
  // Edit User of a user who has been sent mail (its Emails list and open links).
  await go(page, `/admin/users?q=${encodeURIComponent(clientEmail)}`);
  await checkDialog(page, () => page.getByRole("button", { name: "Edit Lena Layout" }).click(), "Edit User", "edit-user");
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await checkScreen(page, "keyboard-shortcuts");
  await page.keyboard.press("Escape");
  await go(page, "/admin/users?q=zzzz-nobody");
  await expect(page.getByRole("link", { name: "Clear filters" })).toBeVisible();
  await checkScreen(page, "manage-users-empty");
}

/** Manage Clients, its dialogs, and the Users tab of the client with the most users. */
async function manageClients(page: Page) {
  await go(page, "/admin/clients?sort=users");
  await checkScreen(page, "manage-clients");
  await checkDialog(page, () => page.getByRole("button", { name: "Create", exact: true }).click(), "Create Client", "create-client");
  const first = page.locator("table.list tbody tr").first();
  await checkDialog(page, () => first.getByRole("button", { name: /^Edit / }).click(), "Edit Client", "edit-client");
  await first.getByRole("link").first().click();
  await page.waitForURL(/\/admin\/clients\/[0-9a-f-]{36}$/);
  await hydrated(page);
  await page.getByRole("tab", { name: "Users" }).click();
  await checkScreen(page, "client-users-tab");
  const member = (await page.locator("table.client-users tbody tr").filter({ hasNot: page.locator(".badge.owner") })
    .first().locator(".user-name").innerText()).trim();
  await checkDialog(page, () => page.getByRole("button", { name: "Associate User" }).click(), "Associate User", "associate-user");
  await checkDialog(page, () => page.getByRole("button", { name: `Permissions of ${member}` }).click(), `Permissions of ${member}`, "client-permissions");
  await checkDialog(page, () => page.getByRole("button", { name: `Make owner: ${member}` }).click(), `Make ${member} the owner?`, "make-owner");
  await checkDialog(page, () => page.getByRole("button", { name: `Remove ${member}` }).click(), `Remove ${member} from this client?`, "remove-user");
}

/** The client area: the front door, sign-in, forgot password, a refused link, the code step,
 *  the account and 2FA set-up. */
async function clientArea(browser: Browser, size: { width: number; height: number }) {
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
  const visitor = await context.newPage();
  await go(visitor, "/");
  await checkScreen(visitor, "home");
  await userSignIn(visitor, enrolledEmail, password);
  await arrive(visitor, "/login/code");
  await checkScreen(visitor, "client-area-code");
  await context.clearCookies();
  await go(visitor, "/login");
  await checkScreen(visitor, "client-area-login");
  await go(visitor, "/forgot-password");
  await checkScreen(visitor, "forgot-password");
  await go(visitor, "/reset-password/not-a-valid-token");
  await expect(visitor.getByRole("alert")).toHaveText("This link does not work: it may have been replaced by a newer one.");
  await checkScreen(visitor, "link-refused");
  await userSignIn(visitor, clientEmail, password);
  await arrive(visitor, "/account");
  await checkScreen(visitor, "client-area-account");
  await go(visitor, "/account/2fa");
  await expect(visitor.getByTestId("totp-secret")).toBeVisible();
  await checkScreen(visitor, "client-area-2fa");
  await context.close();
}


for (const size of SIZES) {
  test(`every screen fits at ${size.width}x${size.height}, ${size.themes.join(" and ")}`, async ({ page, browser }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    await staffSignIn(page, browser, size);
    await checkScreen(page, "dashboard");
    await manageUsers(page, size.width < 720);
    await manageClients(page);
    await go(page, "/admin/activity");
    await checkScreen(page, "activity");
    await go(page, "/admin/staff");
    await checkScreen(page, "staff");
    await checkDialog(page, () => page.getByRole("button", { name: "Add staff member" }).click(), "Add Staff Member", "add-staff");
    const colleague = page.locator("table.list tbody tr").filter({ hasNotText: "(you)" }).first();
    await checkDialog(page, () => colleague.getByRole("button", { name: /^Edit / }).click(), /^Edit /, "edit-staff");
    await checkDialog(page, () => colleague.getByRole("button", { name: /^(Disable|Enable) / }).click(), /^(Disable|Enable) .*\?$/, "disable-staff");
    await staffInvitation(page, browser, size);
    await go(page, "/admin/roles");
    await checkScreen(page, "roles");
    await checkDialog(page, () => page.getByRole("button", { name: "Add role" }).click(), "Add Role", "add-role");
    await go(page, "/admin/profile");
    await checkScreen(page, "profile");
    await go(page, "/admin/mail");
    await checkScreen(page, "mail-log");
    await checkDialog(page, () => page.locator("table.mail-log tbody tr").first().getByRole("button").click(), "Message", "mail-message");
    await clientArea(browser, size);
  });
}

test.beforeAll(async ({ browser }) => {
  seedDemoData(60, 20, 18);
  // Users who can sign in to the client area: created through Create User, verified by SQL;
  // the second has set up 2FA, so signing in asks for a code.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, createStaff({ enrolled: true }));
  await createUser(page, { first: "Lena", last: "Layout", email: clientEmail, password });
  await createUser(page, { first: "Otto", last: "Layout", email: enrolledEmail, password });
  dbWrite(`UPDATE users SET email_verified = 1 WHERE email_norm IN ('${clientEmail}', '${enrolledEmail}')`);
  const user = await context.newPage();
  await userSignIn(user, enrolledEmail, password);
  await arrive(user, "/account");
  await go(user, "/account/2fa");
  const secret = (await user.getByTestId("totp-secret").innerText()).trim();
  await user.getByLabel("Authentication code").fill(totp(secret));
  await user.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await expect(user.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  await context.close();
});
