import { defineConfig } from "@playwright/test";

// Debian's Chromium: Playwright's own browser downloads are not reachable here.
export default defineConfig({
  testDir: "./tests",
  globalSetup: "./tests/support/server.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  projects: [
    { name: "chromium", testIgnore: /no-js\.spec\.ts/ },
    // The pages that must work before hydration, with JavaScript off.
    { name: "no-js", testMatch: /no-js\.spec\.ts/, use: { javaScriptEnabled: false } },
  ],
  use: {
    baseURL: process.env.ROSTER_E2E_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
