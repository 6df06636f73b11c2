import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// `make bench`'s browser measurements, against a server that scripts/bench.sh started on a
// seeded database (ROSTER_E2E_URL and friends).
export default defineConfig({
  ...base,
  testDir: "./bench",
  testMatch: "**/*.bench.ts",
  timeout: 300_000,
  use: { ...base.use, baseURL: process.env.ROSTER_E2E_URL, trace: "off" },
});
