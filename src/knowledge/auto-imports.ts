/**
 * Frameworks that make some files' exports available everywhere without an import
 * statement, as data. Nuxt and Nitro auto-import `composables/`, `utils/` and
 * `server/utils/`: a route calls `useOpenAI()` and no import says where it comes from.
 */
export interface AutoImportConvention {
  framework: string;
  /** The app (its package.json) depends on one of these. */
  dependencies: readonly string[];
  /** Directories, relative to the app root, whose files' exports are global. */
  directories: readonly string[];
}

export const AUTO_IMPORTS: readonly AutoImportConvention[] = [
  { framework: "Nuxt", dependencies: ["nuxt"], directories: ["composables", "utils", "server/utils", "app/composables", "app/utils", "shared/utils"] },
];
