import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // ESLint runs as an editor runs it unless a test asks for a single run (CI=true would otherwise make every lint one).
    env: { TSESTREE_SINGLE_RUN: "false" },
    coverage: {
      provider: "v8",
      include: ["src/**", "rules/**"],
      reporter: ["text-summary", "json-summary"],
    },
  },
});
