// The repository lints itself: typescript-eslint for all code, eslint-plugin-eslint-plugin for the rule tests.
import js from "@eslint/js";
import eslintPlugin from "eslint-plugin-eslint-plugin";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "coverage/", "node_modules/", "fixtures/", "test/projects/", "bench/out/", "bench/realworld/repos/", "bench/realworld/out/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["test/rules/**/*.test.ts"],
    ...eslintPlugin.configs.recommended,
  },
  {
    // A CommonJS module loads with require by definition.
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    languageOptions: { globals: globals.node },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
